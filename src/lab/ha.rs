//! The HA manager as pve-ha-manager runs it: a CRM master elected by a cluster-wide lock, one LRM
//! per node holding its agent lock, and services moved along PVE's state machine.
//!
//! Timing follows pve-ha-manager: rounds of 10 s; a node the master no longer sees is `unknown`,
//! and after `fence_delay` (60 s) its services go to `fence`; the master can take the node's agent
//! lock only when it expired (120 s after the node last refreshed it), which is when fencing is
//! acknowledged and the services go to `recovery`, then `started` on another node, where the LRM
//! starts them in its next round. A node without quorum does nothing for others, and one that
//! holds running services resets itself (its watchdog) 60 s after it lost quorum: so a VM never
//! runs on two nodes at once.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::Pve;
use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::state::{Shared, World};

/// Seconds between two rounds of the CRM and the LRMs.
const ROUND: f64 = 10.0;
/// Seconds a node may be unseen before its services are fenced (`$fence_delay`).
const FENCE_DELAY: u64 = 60;
/// Seconds a pmxcfs lock lives without refresh (`$retry_timeout`).
const LOCK_LIFETIME: u64 = 120;
/// Seconds a node without quorum keeps running services before its watchdog resets it.
const WATCHDOG: u64 = 60;
/// An LRM or master timestamp older than this is shown as `old timestamp - dead?`.
const STALE: u64 = 30;

/// `/etc/pve/ha/resources.cfg` and `/etc/pve/ha/manager_status`, shared by the cluster.
#[derive(Debug, Default)]
pub(crate) struct HaState {
    pub resources: Vec<HaResource>,
    master: Option<String>,
    /// When the master last refreshed the manager lock.
    master_lock: u64,
    node_status: BTreeMap<String, &'static str>,
    last_online: BTreeMap<String, u64>,
    /// When each node's LRM last refreshed its agent lock.
    agent_lock: BTreeMap<String, u64>,
    /// Since when each node has been without quorum.
    no_quorum_since: BTreeMap<String, u64>,
    services: BTreeMap<String, Service>,
    /// Every change of a service's state or node, with its time: what `watch` shows.
    pub history: Vec<Change>,
    /// `groups.cfg` (PVE 8).
    pub groups: Vec<super::ha_config::HaGroup>,
    /// `rules.cfg` (PVE 9).
    pub rules: Vec<super::ha_config::HaRule>,
}

/// One HA resource of `resources.cfg`.
#[derive(Clone, Debug)]
pub(crate) struct HaResource {
    pub sid: String,
    pub vmid: u32,
    /// The requested state: `started`, `stopped`, `disabled`, `ignored`.
    pub state: String,
    pub max_restart: u32,
    pub max_relocate: u32,
    pub comment: Option<String>,
    /// Its HA group (PVE 8 only).
    pub group: Option<String>,
}

#[derive(Clone, Debug)]
struct Service {
    state: &'static str,
    node: String,
}

/// A service's state change.
#[derive(Clone, Debug)]
pub(crate) struct Change {
    pub time: u64,
    pub sid: String,
    pub state: &'static str,
    pub node: String,
}

/// Runs the CRM and the LRMs until the lab stops.
pub(crate) async fn run(shared: Arc<Shared>) {
    loop {
        let pause = shared.world().real_duration(ROUND);
        tokio::select! {
            () = shared.cancel.cancelled() => return,
            () = tokio::time::sleep(pause) => {}
        }
        round(&mut shared.world());
    }
}

/// One round of every LRM and of the CRM master, in every cluster.
fn round(world: &mut World) {
    let now = world.now();
    for config in 0..world.configs.len() {
        let members: Vec<(usize, String)> =
            match world.configs.get(config).and_then(|c| c.cluster.as_ref()) {
                Some(cluster) => cluster
                    .members
                    .iter()
                    .map(|m| (m.node, m.name.clone()))
                    .collect(),
                None => continue,
            };
        let has_resources = world
            .configs
            .get(config)
            .is_some_and(|c| !c.ha.resources.is_empty());
        if !has_resources {
            continue;
        }
        lrm_round(world, config, &members, now);
        crm_round(world, config, &members, now);
    }
}

/// Each LRM with quorum refreshes its agent lock and starts what it should run; one without
/// quorum lets its watchdog reset the node once it has held services too long.
fn lrm_round(world: &mut World, config: usize, members: &[(usize, String)], now: u64) {
    for (index, name) in members {
        let online = world.node(*index).is_some_and(|n| n.online);
        if !online {
            continue;
        }
        let quorate = world.is_quorate(*index);
        let Some(ha) = world.configs.get_mut(config).map(|c| &mut c.ha) else {
            return;
        };
        if quorate {
            ha.no_quorum_since.remove(name);
            ha.agent_lock.insert(name.clone(), now);
            let to_start: Vec<u32> = ha
                .services
                .iter()
                .filter(|(_, s)| s.state == "started" && &s.node == name)
                .filter_map(|(sid, _)| ha.resources.iter().find(|r| &r.sid == sid))
                .filter(|r| r.state == "started")
                .map(|r| r.vmid)
                .collect();
            if let Some(node) = world.node_mut(*index) {
                for guest in node
                    .guests
                    .iter_mut()
                    .filter(|g| to_start.contains(&g.vmid) && !g.running)
                {
                    guest.running = true;
                    guest.started_at = now;
                }
            }
        } else {
            let since = *ha.no_quorum_since.entry(name.clone()).or_insert(now);
            let managed: Vec<u32> = ha.resources.iter().map(|r| r.vmid).collect();
            if now.saturating_sub(since) >= WATCHDOG
                && let Some(node) = world.node_mut(*index)
            {
                // The watchdog resets the node: its HA services stop with it.
                for guest in node.guests.iter_mut().filter(|g| managed.contains(&g.vmid)) {
                    guest.running = false;
                }
            }
        }
    }
}

/// The master's round: who is online, and each service one step along its state machine.
fn crm_round(world: &mut World, config: usize, members: &[(usize, String)], now: u64) {
    // The master: the current one while it has quorum, else the first quorate node once the
    // manager lock has expired.
    let alive = |world: &World, name: &str| {
        members
            .iter()
            .find(|(_, n)| n == name)
            .is_some_and(|(i, _)| world.node(*i).is_some_and(|n| n.online) && world.is_quorate(*i))
    };
    let Some(current) = world.configs.get(config).map(|c| c.ha.master.clone()) else {
        return;
    };
    let lock = world.configs.get(config).map_or(0, |c| c.ha.master_lock);
    let master = match current {
        Some(master) if alive(world, &master) => master,
        held if held.is_none() || now.saturating_sub(lock) >= LOCK_LIFETIME => {
            match members.iter().find(|(_, n)| alive(world, n)) {
                Some((_, name)) => name.clone(),
                None => return,
            }
        }
        _ => return,
    };
    let Some(master_index) = members.iter().find(|(_, n)| *n == master).map(|(i, _)| *i) else {
        return;
    };
    let seen: Vec<(usize, String, bool)> = members
        .iter()
        .map(|(i, n)| (*i, n.clone(), world.sees(master_index, *i)))
        .collect();
    let located: BTreeMap<u32, String> = members
        .iter()
        .flat_map(|(i, n)| {
            world
                .node(*i)
                .into_iter()
                .flat_map(|node| node.guests.iter().map(|g| (g.vmid, n.clone())))
        })
        .collect();
    let mut moves = Vec::new();
    {
        let Some(ha) = world.configs.get_mut(config).map(|c| &mut c.ha) else {
            return;
        };
        ha.master = Some(master.clone());
        ha.master_lock = now;
        for (_, name, visible) in &seen {
            let status = ha.node_status.entry(name.clone()).or_insert("online");
            if *visible {
                ha.last_online.insert(name.clone(), now);
                if *status != "fence" {
                    *status = "online";
                }
            } else if *status == "online" {
                *status = "unknown";
            }
        }
        let resources = ha.resources.clone();
        for resource in &resources {
            let sid = resource.sid.clone();
            let service = ha.services.entry(sid.clone()).or_insert_with(|| Service {
                state: "request_start",
                node: located.get(&resource.vmid).cloned().unwrap_or_default(),
            });
            let before = (service.state, service.node.clone());
            let placement = super::ha_config::placement(ha, &sid);
            step_service(
                ha_view(ha),
                &sid,
                resource,
                placement.as_ref(),
                now,
                &seen,
                &mut moves,
            );
            if let Some(service) = ha.services.get(&sid)
                && (service.state, service.node.clone()) != before
            {
                ha.history.push(Change {
                    time: now,
                    sid,
                    state: service.state,
                    node: service.node.clone(),
                });
            }
        }
    }
    // A recovered VM's configuration moves to its new node (`steal_service`).
    for (vmid, to) in moves {
        let mut moved = None;
        for node in &mut world.nodes {
            if let Some(position) = node.guests.iter().position(|g| g.vmid == vmid) {
                let mut guest = node.guests.remove(position);
                guest.running = false;
                moved = Some(guest);
            }
        }
        if let (Some(guest), Some(node)) = (moved, world.nodes.iter_mut().find(|n| n.name == to)) {
            node.guests.push(guest);
        }
    }
}

/// What a service's step may change: the services and the node states.
struct HaView<'h> {
    services: &'h mut BTreeMap<String, Service>,
    node_status: &'h mut BTreeMap<String, &'static str>,
    last_online: &'h BTreeMap<String, u64>,
    agent_lock: &'h BTreeMap<String, u64>,
}

fn ha_view(ha: &mut HaState) -> HaView<'_> {
    HaView {
        services: &mut ha.services,
        node_status: &mut ha.node_status,
        last_online: &ha.last_online,
        agent_lock: &ha.agent_lock,
    }
}

/// One step of a service along pve-ha-manager's state machine.
fn step_service(
    ha: HaView<'_>,
    sid: &str,
    resource: &HaResource,
    placement: Option<&super::ha_config::Placement>,
    now: u64,
    seen: &[(usize, String, bool)],
    moves: &mut Vec<(u32, String)>,
) {
    let online = |name: &str| seen.iter().any(|(_, n, visible)| n == name && *visible);
    let Some(service) = ha.services.get_mut(sid) else {
        return;
    };
    let node = service.node.clone();
    match service.state {
        "request_start" if online(&node) => service.state = "started",
        "started" | "request_start" if !online(&node) => {
            let unseen_for = now.saturating_sub(ha.last_online.get(&node).copied().unwrap_or(now));
            if unseen_for >= FENCE_DELAY {
                service.state = "fence";
                ha.node_status.insert(node, "fence");
            }
        }
        "fence" => {
            // Fencing is acknowledged once the node's agent lock has expired.
            let refreshed = ha.agent_lock.get(&node).copied().unwrap_or(0);
            if now.saturating_sub(refreshed) >= LOCK_LIFETIME {
                service.state = "recovery";
                ha.node_status.insert(node, "unknown");
            }
        }
        "recovery" => {
            let online: Vec<String> = seen
                .iter()
                .filter(|(_, n, visible)| *visible && *n != node)
                .map(|(_, n, _)| n.clone())
                .collect();
            let candidate = select_node(&online, placement, ha.services);
            if let (Some(target), Some(service)) = (candidate, ha.services.get_mut(sid)) {
                service.node = target.clone();
                service.state = "started";
                moves.push((resource.vmid, target));
            }
        }
        _ => {}
    }
}

/// Where a service goes (`select_service_node`): the online nodes of the highest priority of its
/// group or node-affinity rule, or — when none of them is online and it is not bound to them —
/// any online node; of those, the one with the fewest services.
fn select_node(
    online: &[String],
    placement: Option<&super::ha_config::Placement>,
    services: &BTreeMap<String, Service>,
) -> Option<String> {
    let preferred: Vec<(&String, u32)> = placement
        .map(|p| {
            p.nodes
                .iter()
                .filter_map(|n| {
                    online
                        .iter()
                        .find(|o| **o == n.node)
                        .map(|o| (o, n.priority))
                })
                .collect()
        })
        .unwrap_or_default();
    let candidates: Vec<&String> = match preferred.iter().map(|(_, p)| *p).max() {
        Some(top) => preferred
            .iter()
            .filter(|(_, p)| *p == top)
            .map(|(n, _)| *n)
            .collect(),
        None if placement.is_some_and(|p| p.strict) => Vec::new(),
        None => online.iter().collect(),
    };
    candidates
        .into_iter()
        .min_by_key(|n| services.values().filter(|s| &s.node == *n).count())
        .cloned()
}

/// The lab's local time as Perl's `localtime` writes it: `Wed Nov 25 10:15:00 2026`.
fn localtime(epoch: u64) -> String {
    let local = epoch + super::nodes::TIMEZONE_OFFSET;
    let format = time::macros::format_description!(
        "[weekday repr:short] [month repr:short] [day padding:space] [hour]:[minute]:[second] [year]"
    );
    time::OffsetDateTime::from_unix_timestamp(i64::try_from(local).unwrap_or_default())
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

pub(crate) fn ha_of<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w HaState, ApiError> {
    world
        .config_of(call.via)
        .map(|c| &c.ha)
        .ok_or_else(|| ApiError::failed("node not found"))
}

/// A resource's common attributes: `group` on PVE 8, `failback` on PVE 9.
fn attributes(resource: &HaResource, pve: Pve) -> serde_json::Map<String, Value> {
    let mut object = serde_json::Map::new();
    object.insert("max_restart".into(), json!(resource.max_restart));
    object.insert("max_relocate".into(), json!(resource.max_relocate));
    if pve == Pve::Pve9 {
        object.insert("failback".into(), json!(1));
    }
    if let Some(group) = &resource.group {
        object.insert("group".into(), json!(group));
    }
    if let Some(comment) = &resource.comment {
        object.insert("comment".into(), json!(comment));
    }
    object
}

fn resource_entry(resource: &HaResource, pve: Pve) -> Value {
    let mut object = attributes(resource, pve);
    object.insert("sid".into(), json!(resource.sid));
    object.insert("type".into(), json!("vm"));
    object.insert("state".into(), json!(resource.state));
    object.insert("digest".into(), json!(format!("{:040x}", resource.vmid)));
    Value::Object(object)
}

/// `GET /cluster/ha/resources`.
pub(crate) fn resources(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let ha = ha_of(&world, call)?;
    let pve = world.pve_of(call.via);
    Ok(Answer::data(Value::Array(
        ha.resources
            .iter()
            .map(|r| resource_entry(r, pve))
            .collect(),
    )))
}

/// `GET /cluster/ha/resources/{sid}`.
pub(crate) fn resource(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let ha = ha_of(&world, call)?;
    let sid = parse_sid(&world, call, call.param("sid").unwrap_or_default())?.0;
    ha.resources
        .iter()
        .find(|r| r.sid == sid)
        .map(|r| Answer::data(resource_entry(r, world.pve_of(call.via))))
        .ok_or_else(|| ApiError::failed(format!("no such resource '{sid}'")))
}

/// `vm:100` or `100`, for a VM of the cluster (`PVE::HA::Config::parse_sid`).
fn parse_sid(world: &World, call: &Call<'_>, sid: &str) -> Result<(String, u32), ApiError> {
    let id = sid.strip_prefix("vm:").unwrap_or(sid);
    let vmid: u32 = id
        .parse()
        .map_err(|_| ApiError::failed(format!("unable to parse service id '{sid}'")))?;
    if !world.guests(call.via).iter().any(|(_, g)| g.vmid == vmid) {
        return Err(ApiError::failed(if sid.starts_with("vm:") {
            format!("resource 'vm:{vmid}' does not exist in cluster")
        } else {
            format!("unable to detect SID from VMID - VM/CT {vmid} does not exist")
        }));
    }
    Ok((format!("vm:{vmid}"), vmid))
}

/// `POST /cluster/ha/resources`.
pub(crate) fn create(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    if !world.is_quorate(call.via) {
        return Err(ApiError::failed("cluster not ready - no quorum?"));
    }
    let (sid, vmid) = parse_sid(&world, call, call.param("sid").unwrap_or_default())?;
    if call.param("group").is_some() {
        groups_migrated_for_group_parameter(&world, call)?;
    }
    let state = match call.param("state").unwrap_or("started") {
        "enabled" => "started",
        other => other,
    }
    .to_owned();
    let number = |name: &str| call.param(name).and_then(|v| v.parse().ok()).unwrap_or(1);
    let resource = HaResource {
        sid: sid.clone(),
        vmid,
        state,
        max_restart: number("max_restart"),
        max_relocate: number("max_relocate"),
        comment: call.param("comment").map(str::to_owned),
        group: call.param("group").map(str::to_owned),
    };
    let ha = world
        .config_of_mut(call.via)
        .map(|c| &mut c.ha)
        .ok_or_else(|| ApiError::failed("node not found"))?;
    if ha.resources.iter().any(|r| r.sid == sid) {
        return Err(ApiError::failed(format!(
            "create resource failed: resource ID '{sid}' already defined"
        )));
    }
    ha.resources.push(resource);
    Ok(Answer::data(Value::Null))
}

/// PVE 9 refuses a resource's `group` once groups have been migrated to rules (none left).
fn groups_migrated_for_group_parameter(world: &World, call: &Call<'_>) -> Result<(), ApiError> {
    if super::ha_config::groups_migrated(world, call.via) {
        return Err(ApiError::failed(
            "invalid parameter 'group': ha groups have been migrated to rules",
        ));
    }
    Ok(())
}

/// `PUT /cluster/ha/resources/{sid}`: the requested state, the limits, the group (PVE 8), the
/// comment; `delete` removes optional ones.
pub(crate) fn update(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let (sid, _) = parse_sid(&world, call, call.param("sid").unwrap_or_default())?;
    if let Some(group) = call.param("group") {
        groups_migrated_for_group_parameter(&world, call)?;
        if !ha_of(&world, call)?.groups.iter().any(|g| g.group == group) {
            return Err(ApiError::failed(format!(
                "HA group '{group}' does not exist"
            )));
        }
    }
    let ha = world
        .config_of_mut(call.via)
        .map(|c| &mut c.ha)
        .ok_or_else(|| ApiError::failed("node not found"))?;
    let Some(resource) = ha.resources.iter_mut().find(|r| r.sid == sid) else {
        return Err(ApiError::failed(format!(
            "update resource failed: no such resource '{sid}'"
        )));
    };
    if let Some(state) = call.param("state") {
        resource.state = match state {
            "enabled" => "started",
            other => other,
        }
        .to_owned();
    }
    let number = |name: &str| call.param(name).and_then(|v| v.parse().ok());
    if let Some(max_restart) = number("max_restart") {
        resource.max_restart = max_restart;
    }
    if let Some(max_relocate) = number("max_relocate") {
        resource.max_relocate = max_relocate;
    }
    if let Some(group) = call.param("group") {
        resource.group = Some(group.to_owned());
    }
    if let Some(comment) = call.param("comment") {
        resource.comment = Some(comment.to_owned());
    }
    for option in call
        .param("delete")
        .unwrap_or_default()
        .split([',', ';', ' '])
    {
        match option {
            "group" => resource.group = None,
            "comment" => resource.comment = None,
            "max_restart" => resource.max_restart = 1,
            "max_relocate" => resource.max_relocate = 1,
            "" => {}
            other => {
                return Err(ApiError::failed(format!(
                    "update resource failed: no such option '{other}'"
                )));
            }
        }
    }
    Ok(Answer::data(Value::Null))
}

/// `DELETE /cluster/ha/resources/{sid}`.
pub(crate) fn delete(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let (sid, _) = parse_sid(&world, call, call.param("sid").unwrap_or_default())?;
    let ha = world
        .config_of_mut(call.via)
        .map(|c| &mut c.ha)
        .ok_or_else(|| ApiError::failed("node not found"))?;
    let before = ha.resources.len();
    ha.resources.retain(|r| r.sid != sid);
    if ha.resources.len() == before {
        return Err(ApiError::failed(format!(
            "cannot delete service '{sid}', not HA managed!"
        )));
    }
    ha.services.remove(&sid);
    Ok(Answer::data(Value::Null))
}

/// A master's or LRM's state word from the age of its timestamp.
fn liveliness(now: u64, timestamp: u64, active: bool) -> &'static str {
    if now.saturating_sub(timestamp) > STALE {
        "old timestamp - dead?"
    } else if active {
        "active"
    } else {
        "idle"
    }
}

/// `GET /cluster/ha/status/current`, in pve-ha-manager's order: quorum, master, LRMs, services.
pub(crate) fn current(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let now = world.node_now(call.via);
    let ha = ha_of(&world, call)?;
    let local = world
        .node(call.via)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    let quorate = world.is_quorate(call.via);
    let mut entries = vec![json!({
        "id": "quorum",
        "type": "quorum",
        "node": local,
        "status": if quorate { "OK".to_owned() } else { format!("No quorum on node '{local}'!") },
        "quorate": u8::from(quorate),
    })];
    if let Some(master) = &ha.master {
        let state = liveliness(now, ha.master_lock, !ha.resources.is_empty());
        entries.push(json!({
            "id": "master",
            "type": "master",
            "node": master,
            "status": format!("{master} ({state}, {})", localtime(ha.master_lock)),
            "timestamp": ha.master_lock,
        }));
    }
    for index in world.known_nodes(call.via) {
        let Some(name) = world.node(index).map(|n| n.name.clone()) else {
            continue;
        };
        let id = format!("lrm:{name}");
        match ha.agent_lock.get(&name) {
            Some(&timestamp) => {
                let active = ha.services.values().any(|s| s.node == name);
                let state = liveliness(now, timestamp, active);
                entries.push(json!({
                    "id": id,
                    "type": "lrm",
                    "node": name,
                    "status": format!("{name} ({state}, {})", localtime(timestamp)),
                    "timestamp": timestamp,
                }));
            }
            None => entries.push(json!({
                "id": id,
                "type": "lrm",
                "node": name,
                "status": format!("{name} (unable to read lrm status)"),
            })),
        }
    }
    for resource in &ha.resources {
        let service = ha.services.get(&resource.sid);
        let (state, node) = service.map_or(("queued", String::new()), |s| {
            (verbose_state(s.state), s.node.clone())
        });
        let mut entry = attributes(resource, world.pve_of(call.via));
        entry.extend([
            ("id".to_owned(), json!(format!("service:{}", resource.sid))),
            ("type".to_owned(), json!("service")),
            ("sid".to_owned(), json!(resource.sid)),
            ("node".to_owned(), json!(node)),
            (
                "crm_state".to_owned(),
                json!(service.map_or("queued", |s| s.state)),
            ),
            ("state".to_owned(), json!(state)),
            ("request_state".to_owned(), json!(resource.state)),
            (
                "status".to_owned(),
                json!(format!("{} ({node}, {state})", resource.sid)),
            ),
        ]);
        entries.push(Value::Object(entry));
    }
    Ok(Answer::data(Value::Array(entries)))
}

/// The word the web UI shows for a manager state.
fn verbose_state(state: &str) -> &'static str {
    match state {
        "request_start" => "starting",
        "request_stop" => "stopping",
        "started" => "started",
        "fence" => "fence",
        "recovery" => "recovery",
        "stopped" => "stopped",
        "error" => "error",
        _ => "queued",
    }
}

/// `GET /cluster/ha/status/manager_status`.
pub(crate) fn manager_status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let ha = ha_of(&world, call)?;
    let local = world
        .node(call.via)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    let services: serde_json::Map<String, Value> = ha
        .services
        .iter()
        .map(|(sid, s)| (sid.clone(), json!({ "state": s.state, "node": s.node })))
        .collect();
    let lrm_status: serde_json::Map<String, Value> = ha
        .agent_lock
        .iter()
        .map(|(node, timestamp)| {
            (
                node.clone(),
                json!({ "state": "active", "mode": "active", "timestamp": timestamp }),
            )
        })
        .collect();
    Ok(Answer::data(json!({
        "manager_status": {
            "master_node": ha.master,
            "timestamp": ha.master_lock,
            "node_status": ha.node_status,
            "service_status": services,
        },
        "quorum": { "node": local, "quorate": u8::from(world.is_quorate(call.via)) },
        "lrm_status": lrm_status,
    })))
}

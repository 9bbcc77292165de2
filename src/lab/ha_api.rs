//! The HA manager's API: `/cluster/ha/resources` (add, change, remove, migrate, relocate) and
//! `/cluster/ha/status` (current, manager_status), in pve-ha-manager's shapes and words.

use serde_json::{Value, json};

use super::Pve;
use super::dispatch::Call;
use super::ha::{HaResource, HaState};
use super::http::{Answer, ApiError};
use super::state::World;

pub(crate) fn ha_of<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w HaState, ApiError> {
    world
        .config_of(call.via)
        .map(|c| &c.ha)
        .ok_or_else(|| ApiError::failed("node not found"))
}

/// A resource's common attributes: `group` on PVE 8, `failback` on PVE 9.
pub(crate) fn attributes(resource: &HaResource, pve: Pve) -> serde_json::Map<String, Value> {
    let mut object = serde_json::Map::new();
    object.insert("max_restart".into(), json!(resource.max_restart));
    object.insert("max_relocate".into(), json!(resource.max_relocate));
    if pve == Pve::Pve9 {
        object.insert("failback".into(), json!(u8::from(resource.failback)));
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
        failback: call.flag("failback").unwrap_or(true),
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

/// `ha-manager add vm:N --state STATE` with every other setting at its default, as qemu-server
/// runs it for a VM created with `ha-managed` (`src/PVE/API2/Qemu.pm`, `create_vm`); a resource
/// already there is left as it is (qemu-server's restore runs `set` instead).
pub(crate) fn add_resource(world: &mut World, node: usize, vmid: u32, state: &str) {
    let sid = format!("vm:{vmid}");
    let Some(ha) = world.config_of_mut(node).map(|c| &mut c.ha) else {
        return;
    };
    if !ha.resources.iter().any(|r| r.sid == sid) {
        ha.resources.push(HaResource {
            sid,
            vmid,
            state: state.to_owned(),
            max_restart: 1,
            max_relocate: 1,
            comment: None,
            group: None,
            failback: true,
        });
    }
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
    refuse_in_error(ha, &sid, call.param("state"))?;
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
    if let Some(failback) = call.flag("failback") {
        resource.failback = failback;
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

/// `check_service_state`: a service in `error` takes no request but to be disabled.
fn refuse_in_error(ha: &HaState, sid: &str, requested: Option<&str>) -> Result<(), ApiError> {
    let in_error = ha
        .manager_status
        .service_status
        .get(sid)
        .is_some_and(|s| s.state == "error");
    if in_error && requested != Some("disabled") {
        return Err(ApiError::failed(format!(
            "service '{sid}' in error state, must be disabled and fixed first"
        )));
    }
    Ok(())
}

/// `POST /cluster/ha/resources/{sid}/migrate` (live) and `/relocate` (stop, move, start): a
/// line of `crm_commands` for the master's next round (`PVE::API2::HA::Resources`). PVE 9
/// answers what it will move.
pub(crate) fn motion(call: &Call<'_>, cmd: &'static str) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let (sid, _) = parse_sid(&world, call, call.param("sid").unwrap_or_default())?;
    let node = call.param("node").unwrap_or_default().to_owned();
    let pve = world.pve_of(call.via);
    let ha = world
        .config_of_mut(call.via)
        .map(|c| &mut c.ha)
        .ok_or_else(|| ApiError::failed("node not found"))?;
    if !ha.resources.iter().any(|r| r.sid == sid) {
        return Err(ApiError::failed(format!(
            "resource '{sid}' is not HA managed"
        )));
    }
    refuse_in_error(ha, &sid, None)?;
    ha.queue(&format!("{cmd} {sid} {node}"));
    Ok(Answer::data(match pve {
        Pve::Pve8 => Value::Null,
        Pve::Pve9 => json!({ "sid": sid, "requested-node": node }),
    }))
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
    Ok(Answer::data(Value::Null))
}

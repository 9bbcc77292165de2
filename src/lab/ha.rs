//! The HA manager as pve-ha-manager runs it: a CRM master elected by a cluster-wide lock, one LRM
//! per node holding its agent lock (`ha_lrm.rs`), and services moved along PVE's state machine
//! (`Manager.pm`, in `ha_service.rs`): request_start, started, request_stop, stopped, migrate,
//! relocate, freeze, fence, recovery, error.
//!
//! Timing follows pve-ha-manager: rounds of 10 s; a node the master no longer sees is `unknown`,
//! and after `fence_delay` (60 s) its services go to `fence`; the master can take the node's agent
//! lock only when it expired (120 s after the node last refreshed it, at once if its LRM let go
//! of it in a clean shutdown), which is when fencing is acknowledged and the services go to
//! `recovery`, then `started` on another node, where the LRM starts them in its next round. A
//! node without quorum does nothing for others, and one that holds running services resets
//! itself (its watchdog) 60 s after it lost quorum: so a VM never runs on two nodes at once.
//!
//! A start that fails is tried again on the same node `max_restart` times (by the LRM), then on
//! up to `max_relocate` other nodes (by the master), then the service is in `error` until it is
//! disabled. A node shut down cleanly follows the `conditional` shutdown policy: on a reboot
//! its services are frozen and start again when it is back; on a shutdown they are stopped and
//! recovered elsewhere.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::state::{Shared, World};

/// Seconds between two rounds of the CRM and the LRMs.
const ROUND: f64 = 10.0;
/// Seconds a pmxcfs lock lives without refresh (`$retry_timeout`).
pub(crate) const LOCK_LIFETIME: u64 = 120;

/// `/etc/pve/ha/resources.cfg` and `/etc/pve/ha/manager_status`, shared by the cluster.
#[derive(Debug, Default)]
pub(crate) struct HaState {
    pub resources: Vec<HaResource>,
    pub master: Option<String>,
    /// When the master last refreshed the manager lock.
    pub master_lock: u64,
    pub node_status: BTreeMap<String, &'static str>,
    pub last_online: BTreeMap<String, u64>,
    /// When each node's LRM last refreshed its agent lock (0: let go of it).
    pub agent_lock: BTreeMap<String, u64>,
    /// Since when each node has been without quorum.
    pub no_quorum_since: BTreeMap<String, u64>,
    pub services: BTreeMap<String, Service>,
    /// Each LRM's mode: `active`, `restart` (rebooting: services freeze), `shutdown`.
    pub lrm_mode: BTreeMap<String, &'static str>,
    /// What each LRM last did for a service, for the master's next round.
    pub results: BTreeMap<String, Outcome>,
    /// Start retries on the service's node (the LRM's `restart_tries`).
    pub restart_tries: BTreeMap<String, u32>,
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
    /// Back to its node-affinity rule's best node when that comes online (PVE 9; default on).
    pub failback: bool,
}

/// A service in the manager's status.
#[derive(Clone, Debug, Default)]
pub(crate) struct Service {
    pub state: &'static str,
    pub node: String,
    /// Where a `migrate` or `relocate` goes.
    pub target: Option<String>,
    /// The LRM reported it running (`started` shows as `starting` until then).
    pub running: bool,
    /// Nodes it failed to start on, for the relocation policy.
    pub failed_nodes: Vec<String>,
    /// A queued `migrate` or `relocate` command, with its target.
    pub cmd: Option<(&'static str, String)>,
    /// The node it left for maintenance, to go back to when that node is active again.
    pub maintenance_node: Option<String>,
}

/// How an LRM's command for a service ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    Success,
    Error,
}

/// An LRM's result, for the state it was given in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Outcome {
    pub state: &'static str,
    pub exit: Exit,
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
    super::ha_lrm::power_cycles(world, now);
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
        super::ha_lrm::lrm_round(world, config, &members, now);
        crm_round(world, config, &members, now);
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
    let seen: Vec<(String, bool)> = members
        .iter()
        .map(|(i, n)| (n.clone(), world.sees(master_index, *i)))
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
        for (name, visible) in &seen {
            let maintenance = ha.lrm_mode.get(name).is_some_and(|m| *m == "maintenance");
            let status = ha.node_status.entry(name.clone()).or_insert("online");
            if maintenance {
                *status = "maintenance";
            }
            if *visible && !maintenance {
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
            if resource.state == "ignored" {
                continue;
            }
            let sid = resource.sid.clone();
            let service = ha.services.entry(sid.clone()).or_insert_with(|| Service {
                // A new service is assumed where its VM is, and started or stopped as asked.
                state: if resource.state == "started" {
                    "request_start"
                } else {
                    "request_stop"
                },
                node: located.get(&resource.vmid).cloned().unwrap_or_default(),
                ..Service::default()
            });
            let before = (service.state, service.node.clone());
            let placement = super::ha_config::placement(ha, &sid);
            let result = ha.results.remove(&sid);
            let mut step = super::ha_service::Step {
                ha: &mut *ha,
                sid: &sid,
                resource,
                placement: placement.as_ref(),
                now,
                seen: &seen,
            };
            step.next(result, &mut moves);
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
        super::ha_lrm::move_guest(world, vmid, &to, false);
    }
}

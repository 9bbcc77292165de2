//! The local resource managers: each node's LRM refreshes its agent lock and does what the
//! master asks of the services on its node — start (retried `max_restart` times), stop, migrate,
//! relocate — and reports how it went; it stops everything when its node shuts down cleanly.
//! Also where nodes go down and come back: clean shutdowns, reboots, and the watchdog of a node
//! without quorum.

use super::ha::{Exit, HaState, Outcome};
use super::state::World;

/// Seconds a node without quorum keeps running services before its watchdog resets it.
const WATCHDOG: u64 = 60;
/// Seconds a rebooting node is away (firmware, kernel, services).
const REBOOT: u64 = 90;

/// Nodes asked to shut down that have no HA services to hand over go down at once; rebooted
/// nodes whose time has come are back.
pub(crate) fn power_cycles(world: &mut World, now: u64) {
    for index in 0..world.nodes.len() {
        if let Some(node) = world.node_mut(index)
            && node.back_at.is_some_and(|at| now >= at)
        {
            node.back_at = None;
            node.online = true;
            node.booted_at = now;
        }
        let asked = world
            .node(index)
            .is_some_and(|n| n.shutdown_request.is_some());
        let managed = world
            .config_of(index)
            .is_some_and(|c| !c.ha.resources.is_empty() && c.cluster.is_some());
        if asked && !managed {
            power_down(world, index, now);
        }
    }
}

/// The node goes down cleanly: its VMs stopped, off, and back after a while if it reboots.
pub(crate) fn power_down(world: &mut World, index: usize, now: u64) {
    let Some(node) = world.node_mut(index) else {
        return;
    };
    let reboot = node.shutdown_request.take() == Some(true);
    for guest in &mut node.guests {
        guest.running = false;
    }
    node.online = false;
    node.back_at = reboot.then_some(now + REBOOT);
    let bumped = *node.restarts.borrow() + 1;
    node.restarts.send_replace(bumped);
}

/// Moves a VM's configuration to `to` (a migration keeps it running, anything else stops it).
pub(crate) fn move_guest(world: &mut World, vmid: u32, to: &str, keep_running: bool) {
    let mut moved = None;
    for node in &mut world.nodes {
        if let Some(position) = node.guests.iter().position(|g| g.vmid == vmid) {
            let mut guest = node.guests.remove(position);
            guest.running &= keep_running;
            moved = Some(guest);
        }
    }
    if let (Some(guest), Some(node)) = (moved, world.nodes.iter_mut().find(|n| n.name == to)) {
        node.guests.push(guest);
    }
}

/// Each LRM with quorum refreshes its agent lock and acts on its services; one without quorum
/// lets its watchdog reset the node once it has held services too long.
pub(crate) fn lrm_round(world: &mut World, config: usize, members: &[(usize, String)], now: u64) {
    for (index, name) in members {
        let Some(node) = world.node(*index) else {
            continue;
        };
        if !node.online {
            continue;
        }
        let mode = match node.shutdown_request {
            None => "active",
            Some(reboot) => match super::datacenter::shutdown_policy(world, *index).as_str() {
                "freeze" => "restart",
                "failover" => "shutdown",
                "migrate" => "maintenance",
                _ if reboot => "restart",
                _ => "shutdown",
            },
        };
        let quorate = world.is_quorate(*index);
        let Some(ha) = world.configs.get_mut(config).map(|c| &mut c.ha) else {
            return;
        };
        if !quorate {
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
            continue;
        }
        ha.no_quorum_since.remove(name);
        ha.agent_lock.insert(name.clone(), now);
        ha.lrm_mode.insert(name.clone(), mode);
        let work: Vec<Work> = ha
            .services
            .iter()
            .filter(|(_, s)| &s.node == name)
            .filter_map(|(sid, s)| {
                let resource = ha.resources.iter().find(|r| &r.sid == sid)?;
                Some(Work {
                    sid: sid.clone(),
                    state: s.state,
                    vmid: resource.vmid,
                    target: s.target.clone(),
                })
            })
            .collect();
        for work in work {
            let exit = act(world, config, *index, mode, &work, now);
            if let (Some(exit), Some(ha)) = (exit, world.configs.get_mut(config).map(|c| &mut c.ha))
            {
                let state = work.state;
                ha.results.insert(work.sid, Outcome { state, exit });
            }
        }
        if mode != "active" && ready_to_go(world, config, name, mode) {
            // The LRM lets go of its agent lock, so the master may fence at once; a master
            // going down lets go of the manager lock too.
            if let Some(ha) = world.configs.get_mut(config).map(|c| &mut c.ha) {
                ha.agent_lock.insert(name.clone(), 0);
                if ha.master.as_deref() == Some(name.as_str()) {
                    ha.master_lock = 0;
                }
            }
            power_down(world, *index, now);
        }
    }
}

/// A node shutting down goes once its VMs are stopped; a rebooting one also waits until the
/// master has frozen its services.
fn ready_to_go(world: &World, config: usize, name: &str, mode: &str) -> bool {
    let Some(ha) = world.configs.get(config).map(|c| &c.ha) else {
        return true;
    };
    let mut here = ha.services.values().filter(|s| s.node == name);
    match mode {
        "shutdown" => true,
        // Maintenance: once the master has moved every running service away.
        "maintenance" => here.all(|s| !matches!(s.state, "started" | "migrate" | "relocate")),
        _ => here.all(|s| matches!(s.state, "freeze" | "error" | "fence" | "recovery")),
    }
}

/// A service on an LRM's node, in the state the master gave it.
struct Work {
    sid: String,
    state: &'static str,
    vmid: u32,
    /// Where a migration or relocation goes.
    target: Option<String>,
}

/// What the LRM of `index` does for one service; `None` when it has nothing to report (a start
/// it will try again).
fn act(
    world: &mut World,
    config: usize,
    index: usize,
    mode: &str,
    work: &Work,
    now: u64,
) -> Option<Exit> {
    let Work {
        sid,
        state,
        vmid,
        target,
    } = work;
    let (state, vmid) = (*state, *vmid);
    let stop = |world: &mut World| {
        if let Some(guest) = world
            .node_mut(index)
            .and_then(|n| n.guests.iter_mut().find(|g| g.vmid == vmid))
        {
            guest.running = false;
        }
    };
    match (state, mode) {
        // In maintenance, running services stay up until the master has moved them away.
        ("started", "active" | "maintenance") => start(world, config, index, sid, vmid, now),
        ("started" | "freeze", _) | ("stopped" | "error", _) => {
            stop(world);
            None
        }
        ("request_stop", _) => {
            stop(world);
            Some(Exit::Success)
        }
        ("migrate" | "relocate", _) => {
            let target = target.clone()?;
            let reachable = world
                .nodes
                .iter()
                .position(|n| n.name == target)
                .is_some_and(|t| world.sees(index, t));
            if !reachable {
                return Some(Exit::Error);
            }
            // A migration carries a running VM over live; a relocation stops it first.
            move_guest(world, vmid, &target, state == "migrate");
            Some(Exit::Success)
        }
        _ => None,
    }
}

/// Starts the VM, or counts a failed start: retried `max_restart` times before the master
/// hears of it (`handle_service_exitcode`).
fn start(
    world: &mut World,
    config: usize,
    index: usize,
    sid: &str,
    vmid: u32,
    now: u64,
) -> Option<Exit> {
    let fails = world.node(index).is_some_and(|n| n.start_fails);
    let ha = world.configs.get_mut(config).map(|c| &mut c.ha)?;
    let max_restart = ha
        .resources
        .iter()
        .find(|r| r.sid == sid)
        .map_or(0, |r| r.max_restart);
    if fails {
        return retry(ha, sid, max_restart);
    }
    ha.restart_tries.remove(sid);
    let guest = world
        .node_mut(index)
        .and_then(|n| n.guests.iter_mut().find(|g| g.vmid == vmid))?;
    if !guest.running {
        guest.running = true;
        guest.started_at = now;
    }
    Some(Exit::Success)
}

fn retry(ha: &mut HaState, sid: &str, max_restart: u32) -> Option<Exit> {
    let tries = ha.restart_tries.entry(sid.to_owned()).or_insert(0);
    if *tries >= max_restart {
        *tries = 0;
        return Some(Exit::Error);
    }
    *tries += 1;
    None
}

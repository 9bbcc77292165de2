//! The hardware under the HA daemons: nodes going down and coming back (a clean shutdown or
//! reboot once the daemons have exited, the watchdog's reset), and the guests the resource
//! agent starts, stops and moves (`PVE::HA::Resources::PVEVM`).

use super::ha::{Daemons, HaState};
use super::state::World;

/// Seconds a node needs from power-on or reset until it is back (firmware, kernel, services).
pub(crate) const BOOT: u64 = 90;

/// Nodes whose boot is over come back; a standalone node asked to shut down (no HA daemons
/// to hand over) goes down at once.
pub(crate) fn power_cycles(world: &mut World) {
    let now = world.now();
    for index in 0..world.nodes.len() {
        if let Some(node) = world.node_mut(index)
            && node.back_at.is_some_and(|at| now >= at)
        {
            node.back_at = None;
            node.switch(true);
            node.booted_at = now;
        }
        let asked = world
            .node(index)
            .is_some_and(|n| n.online && n.shutdown_request.is_some());
        if asked && world.cluster_of(index).is_none() {
            let mut ha = HaState::default();
            power_down(world, &mut ha, index);
        }
    }
}

/// The node goes down cleanly: its VMs stopped, off, and back after a while if it reboots.
pub(crate) fn power_down(world: &mut World, ha: &mut HaState, index: usize) {
    let now = world.now();
    let Some(node) = world.node_mut(index) else {
        return;
    };
    let reboot = node.shutdown_request.take() == Some(true);
    let name = node.name.clone();
    switch_off(world, ha, index);
    if let Some(node) = world.node_mut(index) {
        node.back_at = reboot.then_some(now + BOOT);
    }
    ha.watchdogs.retain(|_, w| w.node != name);
}

/// The watchdog fired: the node resets — every guest on it stops, HA-managed or not — and
/// boots again; it rejoins the cluster when it can (`watchdog-mux`, `Sim::TestHardware::run`).
pub(crate) fn watchdog_reset(world: &mut World, ha: &mut HaState, index: usize) {
    let now = world.now();
    switch_off(world, ha, index);
    if let Some(node) = world.node_mut(index) {
        node.shutdown_request = None;
        node.back_at = Some(now + BOOT);
    }
}

/// The node is off: its guests stop, its daemons are gone, its connections fall silent.
fn switch_off(world: &mut World, ha: &mut HaState, index: usize) {
    let Some(node) = world.node_mut(index) else {
        return;
    };
    for guest in &mut node.guests {
        guest.running = false;
    }
    node.switch(false);
    let name = node.name.clone();
    ha.watchdogs.retain(|_, w| w.node != name);
    ha.daemons.insert(name, Daemons::default());
}

/// A node switched off by hand: its daemons and its watchdog go with it.
pub(crate) fn killed_by_poweroff(world: &mut World, index: usize) {
    let Some(name) = world.node(index).map(|n| n.name.clone()) else {
        return;
    };
    if let Some(config) = world.config_of_mut(index) {
        config.ha.watchdogs.retain(|_, w| w.node != name);
        config.ha.daemons.insert(name, Daemons::default());
    }
}

/// Starts or stops the guest at `position` on `node`.
pub(crate) fn set_running(world: &mut World, node: usize, position: usize, on: bool) {
    let now = world.node_now(node);
    if let Some(guest) = world
        .node_mut(node)
        .and_then(|n| n.guests.get_mut(position))
        && guest.running != on
    {
        guest.running = on;
        guest.started_at = now;
    }
}

/// Moves a guest's configuration from `from` to `to` (a live migration keeps it running,
/// anything else stops it).
pub(crate) fn move_guest(
    world: &mut World,
    from: usize,
    position: usize,
    to: usize,
    keep_running: bool,
) {
    let Some(source) = world.node_mut(from) else {
        return;
    };
    if position >= source.guests.len() {
        return;
    }
    let mut guest = source.guests.remove(position);
    guest.running &= keep_running;
    if let Some(target) = world.node_mut(to) {
        target.guests.push(guest);
    }
}

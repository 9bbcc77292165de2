//! [`Env`] over the lab's world: what `PVE::HA::Env::PVE2` (pve-ha-manager
//! `src/PVE/HA/Env/PVE2.pm`) gives each node's CRM and LRM. The cluster's `/etc/pve/ha` is its
//! [`HaState`]; quorum and membership are this node's view of corosync (`World::sees`,
//! `World::is_quorate`); locks live 120 s and the watchdog 60 s on the lab's clock; resource
//! commands act on the World's guests as `PVE::HA::Resources::PVEVM` does on real VMs.

use std::collections::BTreeMap;

use crate::ha::env::{Env, EnvResult};
use crate::ha::groups::Groups;
use crate::ha::rules::Rules;
use crate::ha::types::{
    DatacenterSettings, LrmStatus, ManagerStatus, NodeInfo, NodeStats, ServiceConf,
    ServiceConfChange, ServiceConfig, ServiceStats,
};

use super::ha::{HaState, LOCK_LIFETIME};
use super::state::World;
use crate::ha::sim::hardware::{self as watchdog, Watchdog};

/// One daemon's (CRM or LRM) view, lent for one `do_one_iteration`.
pub(crate) struct LabEnv<'a> {
    pub world: &'a mut World,
    pub ha: &'a mut HaState,
    /// The node's index in the World, and its name.
    pub node: usize,
    pub name: String,
    /// `crm` or `lrm`, for the log.
    pub daemon: &'static str,
}

impl LabEnv<'_> {
    fn now(&self) -> i64 {
        i64::try_from(self.world.now()).unwrap_or(i64::MAX)
    }

    /// pmxcfs refuses writes without quorum (`cfs_write_file`: permission denied).
    fn writable(&self) -> EnvResult<()> {
        if self.quorate() {
            Ok(())
        } else {
            Err("cfs-lock: permission denied - no quorum\n".into())
        }
    }

    /// `PVE2::get_pve_lock`: take or renew `ha/<name>` (120 s lifetime), or release it.
    fn cluster_lock(&mut self, name: &str, unlock: bool) -> bool {
        if !self.quorate() {
            return false;
        }
        let now = self.now();
        let entry = self.ha.locks.get(name).cloned();
        let alive = |time: i64| now - time <= LOCK_LIFETIME;
        match (entry, unlock) {
            (None, true) => false,
            (Some((_, time)), true) if !alive(time) => true,
            (Some((owner, _)), true) => {
                let mine = owner == self.name;
                if mine {
                    self.ha.locks.remove(name);
                }
                mine
            }
            (Some((owner, time)), false) if alive(time) && owner != self.name => false,
            (entry, false) => {
                if entry.is_none_or(|(owner, time)| owner != self.name || !alive(time)) {
                    self.log("info", &format!("successfully acquired lock '{name}'"));
                }
                self.ha
                    .locks
                    .insert(name.to_owned(), (self.name.clone(), now));
                true
            }
        }
    }

    /// A member's World index by name.
    fn member(&self, name: &str) -> Option<usize> {
        self.world.resolve(self.node, name)
    }

    /// The HA resource's guest: its node's index and its place there.
    fn guest_of(&self, sid: &str) -> Option<(usize, usize)> {
        let vmid: u32 = sid.strip_prefix("vm:")?.parse().ok()?;
        self.world.known_nodes(self.node).into_iter().find_map(|n| {
            let position = self
                .world
                .node(n)?
                .guests
                .iter()
                .position(|g| g.vmid == vmid)?;
            Some((n, position))
        })
    }

    fn stats(&self, with_static: bool) -> BTreeMap<String, ServiceStats> {
        let config = self.ha.service_config(self.world, self.node);
        config
            .into_iter()
            .map(|(sid, cd)| {
                let guest = self
                    .guest_of(&sid)
                    .and_then(|(n, p)| self.world.node(n)?.guests.get(p));
                let stats = ServiceStats {
                    node: cd.node,
                    running: cd.state == "started",
                    state: cd.state,
                    maxcpu: guest.filter(|_| with_static).map(|g| g.cores as f64),
                    maxmem: guest
                        .filter(|_| with_static)
                        .map(|g| (g.memory_mib * 1024 * 1024) as f64),
                    cpu: None,
                    mem: None,
                };
                (sid, stats)
            })
            .collect()
    }
}

impl Env for LabEnv<'_> {
    fn nodename(&self) -> String {
        self.name.clone()
    }
    fn get_time(&self) -> i64 {
        self.now()
    }
    fn log(&mut self, level: &str, msg: &str) {
        if level != "debug" {
            let line = format!(
                "{} {}/{} {level}: {}",
                self.now(),
                self.name,
                self.daemon,
                msg.trim_end()
            );
            self.ha.log(line);
        }
    }
    fn service_changed(&mut self, sid: &str, state: &str, node: &str) {
        let time = self.world.now();
        self.ha.changed(time, sid, state, node);
    }
    // The lab's driver keeps the daemons' cadence (`super::ha::run`).
    fn sleep(&mut self, _secs: i64) {}
    fn sleep_until(&mut self, _end_time: i64) {}
    fn loop_start_hook(&mut self) {}
    fn loop_end_hook(&mut self) {}

    fn quorate(&self) -> bool {
        self.world.node(self.node).is_some_and(|n| n.online) && self.world.is_quorate(self.node)
    }
    /// `PVE2::get_node_info`: the members corosync shows this node, and its quorum.
    fn get_node_info(&self) -> (BTreeMap<String, NodeInfo>, bool) {
        let members = self.world.known_nodes(self.node);
        let info = members
            .into_iter()
            .filter_map(|n| {
                let name = self.world.node(n)?.name.clone();
                let online = self.world.in_membership(self.node, n);
                Some((name, NodeInfo { online }))
            })
            .collect();
        (info, self.quorate())
    }
    fn cluster_state_update(&self) -> bool {
        true
    }

    fn read_manager_status(&self) -> EnvResult<ManagerStatus> {
        Ok(self.ha.manager_status.clone())
    }
    fn write_manager_status(&mut self, ms: &ManagerStatus) -> EnvResult<()> {
        self.writable()?;
        self.ha.manager_status = ms.clone();
        Ok(())
    }
    fn read_lrm_status(&self, node: Option<&str>) -> EnvResult<LrmStatus> {
        let node = node.unwrap_or(&self.name);
        Ok(self.ha.lrm_status.get(node).cloned().unwrap_or_default())
    }
    fn write_lrm_status(&mut self, status: &LrmStatus) -> EnvResult<()> {
        self.writable()?;
        self.ha.lrm_status.insert(self.name.clone(), status.clone());
        Ok(())
    }
    fn is_node_shutdown(&self) -> (bool, bool) {
        match self.world.node(self.node).and_then(|n| n.shutdown_request) {
            Some(reboot) => (true, reboot),
            None => (false, false),
        }
    }

    fn read_service_config(&self) -> EnvResult<ServiceConfig> {
        Ok(self.ha.service_config(self.world, self.node))
    }
    fn update_service_config(
        &mut self,
        changes: &BTreeMap<String, ServiceConfChange>,
    ) -> EnvResult<()> {
        self.writable()?;
        for (sid, change) in changes {
            let resource = self
                .ha
                .resources
                .iter_mut()
                .find(|r| &r.sid == sid)
                .ok_or_else(|| format!("no such resource '{sid}'\n"))?;
            if let Some(state) = &change.state {
                resource.state.clone_from(state);
            }
            if let Some(failback) = change.failback {
                resource.failback = failback;
            }
            if change.delete_group {
                resource.group = None;
            }
        }
        Ok(())
    }
    /// `PVE2::steal_service`: the fenced node's guest configuration moves to `new_node`.
    fn steal_service(&mut self, sid: &str, current_node: &str, new_node: &str) -> EnvResult<()> {
        self.writable()?;
        let (holder, position) = self
            .guest_of(sid)
            .ok_or_else(|| format!("no such service '{sid}'\n"))?;
        let holder_name = self.world.node(holder).map(|n| n.name.clone());
        if holder_name.as_deref() != Some(current_node) {
            return Err(format!("current_node for '{sid}' does not match\n"));
        }
        let to = self
            .member(new_node)
            .ok_or_else(|| format!("no such node '{new_node}'\n"))?;
        super::ha_lrm::move_guest(self.world, holder, position, to, false);
        Ok(())
    }
    fn read_rules_config(&self) -> EnvResult<Rules> {
        Ok(super::ha_config::port_rules(&self.ha.rules))
    }
    fn write_rules_config(&mut self, rules: &Rules) -> EnvResult<()> {
        self.writable()?;
        self.ha.rules = super::ha_config::lab_rules(rules);
        Ok(())
    }
    fn read_group_config(&self) -> EnvResult<Groups> {
        Ok(super::ha_config::port_groups(&self.ha.groups))
    }
    fn delete_group_config(&mut self) -> EnvResult<()> {
        self.writable()?;
        self.ha.groups.clear();
        Ok(())
    }

    fn queue_crm_commands(&mut self, cmd: &str) -> EnvResult<()> {
        self.writable()?;
        self.ha.queue(cmd);
        Ok(())
    }
    fn any_pending_crm_command(&self) -> EnvResult<bool> {
        Ok(!self.ha.crm_commands.is_empty())
    }
    fn read_crm_commands(&mut self) -> EnvResult<String> {
        self.writable()?;
        Ok(std::mem::take(&mut self.ha.crm_commands))
    }

    fn get_ha_manager_lock(&mut self) -> bool {
        self.cluster_lock("ha_manager_lock", false)
    }
    fn release_ha_manager_lock(&mut self) -> bool {
        self.cluster_lock("ha_manager_lock", true)
    }
    fn get_ha_agent_lock(&mut self, node: Option<&str>) -> bool {
        let node = node.map_or_else(|| self.name.clone(), str::to_owned);
        self.cluster_lock(&format!("ha_agent_{node}_lock"), false)
    }
    fn release_ha_agent_lock(&mut self) -> bool {
        let name = format!("ha_agent_{}_lock", self.name);
        self.cluster_lock(&name, true)
    }

    /// `watchdog-mux`: one timer per node, reset by the daemons' updates.
    fn watchdog_open(&mut self) -> EnvResult<String> {
        self.ha.wd_counter += 1;
        let id = format!("WD:{}:{}", self.name, self.ha.wd_counter);
        let watchdog = Watchdog {
            node: self.name.clone(),
            update_time: self.now(),
        };
        self.ha.watchdogs.insert(id.clone(), watchdog);
        Ok(id)
    }
    fn watchdog_update(&mut self, handle: &str) -> EnvResult<()> {
        let now = self.now();
        watchdog::watchdog_update(&mut self.ha.watchdogs, handle, now)
    }
    fn watchdog_close(&mut self, handle: &str) -> EnvResult<()> {
        let now = self.now();
        watchdog::watchdog_close(&mut self.ha.watchdogs, handle, now)
    }

    /// `datacenter.cfg`'s `ha` and `crs` (the lab keeps `ha: shutdown_policy=…`, `crs: ha=…`).
    fn get_datacenter_settings(&self) -> DatacenterSettings {
        let crs = self
            .world
            .config_of(self.node)
            .and_then(|c| c.datacenter.get("crs"))
            .and_then(|crs| {
                crs.split(',')
                    .find_map(|p| p.strip_prefix("ha="))
                    .map(str::to_owned)
            });
        DatacenterSettings {
            shutdown_policy: Some(super::datacenter::shutdown_policy(self.world, self.node)),
            crs_ha: crs,
            ..Default::default()
        }
    }
    fn get_basic_service_stats(&self) -> BTreeMap<String, ServiceStats> {
        self.stats(false)
    }
    fn get_static_service_stats(&self) -> EnvResult<BTreeMap<String, ServiceStats>> {
        Ok(self.stats(true))
    }
    fn get_dynamic_service_stats(&self) -> EnvResult<BTreeMap<String, ServiceStats>> {
        Ok(self.stats(true))
    }
    fn get_static_node_stats(&self) -> EnvResult<BTreeMap<String, NodeStats>> {
        Ok(self
            .world
            .known_nodes(self.node)
            .into_iter()
            .filter_map(|n| self.world.node(n))
            .map(|n| {
                let stats = NodeStats {
                    maxcpu: Some(super::nodes::CPUS as f64),
                    maxmem: Some(super::nodes::MAX_MEMORY as f64),
                    cpu: 0.0,
                    mem: 0.0,
                };
                (n.name.clone(), stats)
            })
            .collect())
    }
    fn get_dynamic_node_stats(&self) -> EnvResult<BTreeMap<String, NodeStats>> {
        self.get_static_node_stats()
    }
    fn get_node_version(&self, node: &str) -> Option<String> {
        let index = self.member(node)?;
        Some(self.world.pve_of(index).version().to_owned())
    }

    fn resource_check_running(&mut self, sid: &str) -> bool {
        self.guest_of(sid).is_some_and(|(n, p)| {
            n == self.node
                && self
                    .world
                    .node(n)
                    .and_then(|node| node.guests.get(p))
                    .is_some_and(|g| g.running)
        })
    }
    /// `PVEVM::start`; a node with `start-fail` set cannot start it (a missing bridge, say).
    fn resource_start(&mut self, sid: &str) -> EnvResult<()> {
        if self.world.node(self.node).is_some_and(|n| n.start_fails) {
            // the LRM sees it not running and counts a failed start
            self.log(
                "err",
                &format!("start failed: {sid}: QEMU exited with code 1"),
            );
            return Ok(());
        }
        let position = self.guest_here(sid)?;
        super::ha_lrm::set_running(self.world, self.node, position, true);
        Ok(())
    }
    fn resource_shutdown(&mut self, sid: &str, _timeout: Option<i64>) -> EnvResult<()> {
        let position = self.guest_here(sid)?;
        super::ha_lrm::set_running(self.world, self.node, position, false);
        Ok(())
    }
    /// `PVEVM::migrate`: live (`online`) keeps it running, a relocation stops it first.
    fn resource_migrate(&mut self, sid: &str, target: &str, online: bool) -> EnvResult<bool> {
        let position = self.guest_here(sid)?;
        let Some(to) = self
            .member(target)
            .filter(|t| self.world.sees(self.node, *t))
        else {
            self.log("err", &format!("migration to '{target}' failed: no route"));
            return Ok(false);
        };
        super::ha_lrm::move_guest(self.world, self.node, position, to, online);
        Ok(true)
    }
    fn resource_remove_locks(&mut self, sid: &str, locks: &[&str], _node: &str) -> Option<String> {
        let (n, p) = self.guest_of(sid)?;
        let config = &mut self.world.node_mut(n)?.guests.get_mut(p)?.config;
        let lock = config
            .get("lock")
            .filter(|l| locks.contains(&l.as_str()))?
            .clone();
        config.remove("lock");
        Some(lock)
    }
}

impl LabEnv<'_> {
    fn guest_here(&self, sid: &str) -> EnvResult<usize> {
        match self.guest_of(sid) {
            Some((n, p)) if n == self.node => Ok(p),
            _ => Err(format!("service '{sid}' not on this node\n")),
        }
    }
}

impl HaState {
    /// `resources.cfg` as the HA stack reads it: each resource on the node its guest's
    /// configuration is on (`PVE::HA::Config::read_and_check_resources_config`).
    pub(crate) fn service_config(&self, world: &World, via: usize) -> ServiceConfig {
        let located: BTreeMap<u32, (String, Option<String>)> = world
            .guests(via)
            .into_iter()
            .filter_map(|(n, g)| {
                let name = world.node(n)?.name.clone();
                Some((g.vmid, (name, g.config.get("lock").cloned())))
            })
            .collect();
        self.resources
            .iter()
            .filter_map(|r| {
                let (node, lock) = located.get(&r.vmid)?.clone();
                let conf = ServiceConf {
                    node,
                    state: r.state.clone(),
                    kind: "vm".to_owned(),
                    group: r.group.clone(),
                    failback: r.failback,
                    max_restart: i64::from(r.max_restart),
                    max_relocate: i64::from(r.max_relocate),
                    lock,
                };
                Some((r.sid.clone(), conf))
            })
            .collect()
    }
}

//! [`Env`] over the simulated hardware: `PVE::HA::Sim::Env` and `PVE::HA::Sim::TestEnv`
//! (virtual clock: each daemon iteration starts at the hardware time and takes one
//! second). The simulated resources are in `resources`.

use std::collections::BTreeMap;

use super::super::env::{Env, EnvResult};
use super::super::groups::Groups;
use super::super::rules::Rules;
use super::super::types::{
    DatacenterSettings, LrmStatus, ManagerStatus, NodeInfo, NodeStats, ServiceConfChange,
    ServiceConfig, ServiceStats,
};
use super::hardware::{Hardware, LOCK_TIMEOUT};

/// Per daemon (CRM or LRM of one node) clock and identity.
#[derive(Clone, Debug)]
pub struct EnvState {
    pub nodename: String,
    pub log_id: String,
    pub cur_time: i64,
    pub loop_delay: i64,
}

impl EnvState {
    pub fn new(nodename: &str, log_id: &str) -> Self {
        EnvState {
            nodename: nodename.to_string(),
            log_id: log_id.to_string(),
            cur_time: 0,
            loop_delay: 0,
        }
    }
}

pub struct SimEnv<'a> {
    pub hw: &'a mut Hardware,
    pub st: &'a mut EnvState,
}

impl SimEnv<'_> {
    fn assert_cfs_can_rw(&self) -> EnvResult<()> {
        if self.hw.cfs_state(&self.st.nodename, "rw") {
            Ok(())
        } else {
            Err("cfs connection refused - not mounted?\n".into())
        }
    }

    /// `sim_get_lock`: take/renew (or release) a pmxcfs-style lock.
    fn sim_get_lock(&mut self, name: &str, unlock: bool) -> bool {
        if !self.quorate() {
            return false;
        }
        let node = self.st.nodename.clone();
        let now = self.get_time();
        let entry = self.hw.cluster_locks.get(name).cloned();
        if unlock {
            let Some((owner, time)) = entry else {
                return false;
            };
            if now - time > LOCK_TIMEOUT {
                return true;
            }
            if owner == node {
                self.hw.cluster_locks.remove(name);
                return true;
            }
            return false;
        }
        match entry {
            Some((owner, time)) if now - time <= LOCK_TIMEOUT => {
                if owner == node {
                    self.hw.cluster_locks.insert(name.to_string(), (node, now));
                    true
                } else {
                    false
                }
            }
            _ => {
                self.log("info", &format!("got lock '{name}'"));
                self.hw.cluster_locks.insert(name.to_string(), (node, now));
                true
            }
        }
    }

    fn service_stats(
        &self,
        with_static: bool,
        with_dynamic: bool,
    ) -> BTreeMap<String, ServiceStats> {
        let mut out = BTreeMap::new();
        for (sid, cd) in &self.hw.service_config {
            let mut st = ServiceStats {
                node: cd.node.clone(),
                state: cd.state.clone(),
                running: cd.state == "started",
                ..Default::default()
            };
            if with_static && let Some((c, m)) = self.hw.static_stats.get(sid) {
                st.maxcpu = *c;
                st.maxmem = *m;
            }
            if with_dynamic && let Some((c, m)) = self.hw.dynamic_stats.get(sid) {
                st.cpu = *c;
                st.mem = *m;
            }
            out.insert(sid.clone(), st);
        }
        out
    }
}

impl Env for SimEnv<'_> {
    fn nodename(&self) -> String {
        self.st.nodename.clone()
    }
    fn get_time(&self) -> i64 {
        self.st.cur_time
    }
    fn log(&mut self, level: &str, msg: &str) {
        if level == "debug" {
            return;
        }
        let level: String = level.chars().take(4).collect();
        let id = format!("{}/{}", self.st.nodename, self.st.log_id);
        let line = format!(
            "{level:<5} {:>5} {id:>12}: {}",
            self.st.cur_time,
            msg.trim_end_matches('\n')
        );
        self.hw.log.push(line);
    }
    fn sleep(&mut self, secs: i64) {
        self.st.loop_delay += secs;
    }
    fn sleep_until(&mut self, end_time: i64) {
        let cur = self.st.cur_time + self.st.loop_delay;
        if cur < end_time {
            self.st.loop_delay += end_time - cur;
        }
    }
    fn loop_start_hook(&mut self) {
        self.st.loop_delay = 0;
        self.st.cur_time = self.st.cur_time.max(self.hw.time);
    }
    fn loop_end_hook(&mut self) {
        self.st.loop_delay = 0;
        // the simulation counts every iteration as one second
        self.st.cur_time += 1;
    }

    fn quorate(&self) -> bool {
        let (info, quorate) = self.hw.get_node_info();
        info.get(&self.st.nodename).copied().unwrap_or(false) && quorate
    }
    fn get_node_info(&self) -> (BTreeMap<String, NodeInfo>, bool) {
        let (info, q) = self.hw.get_node_info();
        (
            info.into_iter()
                .map(|(n, online)| (n, NodeInfo { online }))
                .collect(),
            q,
        )
    }
    fn cluster_state_update(&self) -> bool {
        self.hw.cfs_state(&self.st.nodename, "update")
    }

    fn read_manager_status(&self) -> EnvResult<ManagerStatus> {
        self.assert_cfs_can_rw()?;
        Ok(self.hw.manager_status.clone())
    }
    fn write_manager_status(&mut self, ms: &ManagerStatus) -> EnvResult<()> {
        self.assert_cfs_can_rw()?;
        self.hw.manager_status = ms.clone();
        Ok(())
    }
    fn read_lrm_status(&self, node: Option<&str>) -> EnvResult<LrmStatus> {
        self.assert_cfs_can_rw()?;
        let node = node.unwrap_or(&self.st.nodename);
        Ok(self.hw.lrm_status.get(node).cloned().unwrap_or_default())
    }
    fn write_lrm_status(&mut self, status: &LrmStatus) -> EnvResult<()> {
        self.assert_cfs_can_rw()?;
        self.hw
            .lrm_status
            .insert(self.st.nodename.clone(), status.clone());
        Ok(())
    }
    fn is_node_shutdown(&self) -> (bool, bool) {
        match self
            .hw
            .nodes
            .get(&self.st.nodename)
            .and_then(|n| n.shutdown.as_deref())
        {
            Some("shutdown") => (true, false),
            Some("reboot") => (true, true),
            _ => (false, false),
        }
    }

    fn read_service_config(&self) -> EnvResult<ServiceConfig> {
        self.assert_cfs_can_rw()?;
        Ok(self.hw.service_config.clone())
    }
    fn update_service_config(
        &mut self,
        changes: &BTreeMap<String, ServiceConfChange>,
    ) -> EnvResult<()> {
        for (sid, ch) in changes {
            let cd = self
                .hw
                .service_config
                .get_mut(sid)
                .ok_or_else(|| format!("no such resource '{sid}'\n"))?;
            if let Some(s) = &ch.state {
                cd.state = s.clone();
            }
            if let Some(fb) = ch.failback {
                cd.failback = fb;
            }
            if ch.delete_group {
                cd.group = None;
                // the simulator re-applies its default on the next read
                if ch.failback.is_none() {
                    cd.failback = true;
                }
            }
        }
        Ok(())
    }
    fn steal_service(&mut self, sid: &str, current_node: &str, new_node: &str) -> EnvResult<()> {
        self.assert_cfs_can_rw()?;
        self.hw.change_service_location(sid, current_node, new_node)
    }
    fn read_rules_config(&self) -> EnvResult<Rules> {
        self.assert_cfs_can_rw()?;
        Ok(self.hw.rules.clone())
    }
    fn write_rules_config(&mut self, rules: &Rules) -> EnvResult<()> {
        self.assert_cfs_can_rw()?;
        self.hw.rules_writes += 1;
        let mut r = rules.clone();
        r.digest = format!("written#{}", self.hw.rules_writes);
        self.hw.rules = r;
        Ok(())
    }
    fn read_group_config(&self) -> EnvResult<Groups> {
        self.assert_cfs_can_rw()?;
        Ok(self.hw.read_groups())
    }
    fn delete_group_config(&mut self) -> EnvResult<()> {
        self.assert_cfs_can_rw()?;
        self.hw.groups_raw.clear();
        Ok(())
    }

    fn queue_crm_commands(&mut self, cmd: &str) -> EnvResult<()> {
        self.assert_cfs_can_rw()?;
        self.hw.crm_commands.push_str(cmd.trim_end());
        self.hw.crm_commands.push('\n');
        Ok(())
    }
    fn any_pending_crm_command(&self) -> EnvResult<bool> {
        self.assert_cfs_can_rw()?;
        Ok(!self.hw.crm_commands.is_empty())
    }
    fn read_crm_commands(&mut self) -> EnvResult<String> {
        self.assert_cfs_can_rw()?;
        Ok(std::mem::take(&mut self.hw.crm_commands))
    }

    fn get_ha_manager_lock(&mut self) -> bool {
        let r = self.sim_get_lock("ha_manager_lock", false);
        self.st.loop_delay += 1;
        r
    }
    fn release_ha_manager_lock(&mut self) -> bool {
        self.sim_get_lock("ha_manager_lock", true)
    }
    fn get_ha_agent_lock(&mut self, node: Option<&str>) -> bool {
        let node = node.map_or_else(|| self.st.nodename.clone(), str::to_string);
        let r = self.sim_get_lock(&format!("ha_agent_{node}_lock"), false);
        self.st.loop_delay += 1;
        r
    }
    fn release_ha_agent_lock(&mut self) -> bool {
        let node = self.st.nodename.clone();
        self.sim_get_lock(&format!("ha_agent_{node}_lock"), true)
    }

    fn watchdog_open(&mut self) -> EnvResult<String> {
        self.hw.wd_counter += 1;
        let id = format!("WD:{}:{}", self.st.nodename, self.hw.wd_counter);
        let wd = super::hardware::Watchdog {
            node: self.st.nodename.clone(),
            update_time: self.hw.time,
        };
        self.hw.watchdogs.insert(id.clone(), wd);
        Ok(id)
    }
    fn watchdog_update(&mut self, handle: &str) -> EnvResult<()> {
        super::hardware::watchdog_update(&mut self.hw.watchdogs, handle, self.hw.time)
    }
    fn watchdog_close(&mut self, handle: &str) -> EnvResult<()> {
        super::hardware::watchdog_close(&mut self.hw.watchdogs, handle, self.hw.time)
    }

    fn get_datacenter_settings(&self) -> DatacenterSettings {
        self.hw.datacenter.clone()
    }
    fn get_basic_service_stats(&self) -> BTreeMap<String, ServiceStats> {
        self.service_stats(false, false)
    }
    fn get_static_service_stats(&self) -> EnvResult<BTreeMap<String, ServiceStats>> {
        Ok(self.service_stats(true, false))
    }
    fn get_dynamic_service_stats(&self) -> EnvResult<BTreeMap<String, ServiceStats>> {
        Ok(self.service_stats(true, true))
    }
    fn get_static_node_stats(&self) -> EnvResult<BTreeMap<String, NodeStats>> {
        Ok(self
            .hw
            .nodes
            .iter()
            .map(|(n, d)| {
                (
                    n.clone(),
                    NodeStats {
                        maxcpu: d.maxcpu,
                        maxmem: d.maxmem,
                        cpu: 0.0,
                        mem: 0.0,
                    },
                )
            })
            .collect())
    }
    fn get_dynamic_node_stats(&self) -> EnvResult<BTreeMap<String, NodeStats>> {
        let mut stats: BTreeMap<String, NodeStats> = self
            .hw
            .nodes
            .iter()
            .map(|(n, d)| {
                let st = NodeStats {
                    maxcpu: Some(d.maxcpu.unwrap_or(24.0)),
                    maxmem: Some(d.maxmem.unwrap_or(131072.0 * 1024.0 * 1024.0)),
                    cpu: 0.0,
                    mem: 0.0,
                };
                (n.clone(), st)
            })
            .collect();
        for (sid, cd) in &self.hw.service_config {
            if !self.hw.service_running(&cd.node, sid) {
                continue;
            }
            let (cpu, mem) = self
                .hw
                .dynamic_stats
                .get(sid)
                .copied()
                .unwrap_or((None, None));
            let cpu = cpu.ok_or_else(|| format!("unknown cpu load for '{sid}'"))?;
            let mem = mem.ok_or_else(|| format!("unknown memory usage for '{sid}'"))?;
            if let Some(st) = stats.get_mut(&cd.node) {
                st.cpu += cpu;
                st.mem += mem;
            }
        }
        Ok(stats)
    }
    fn get_node_version(&self, node: &str) -> Option<String> {
        Some(
            self.hw
                .nodes
                .get(node)
                .and_then(|n| n.version.clone())
                .unwrap_or_else(|| "9.0.0~2".into()),
        )
    }

    fn resource_check_running(&mut self, sid: &str) -> bool {
        self.hw.service_running(&self.st.nodename, sid)
    }
    fn resource_start(&mut self, sid: &str) -> EnvResult<()> {
        self.sim_start(sid)
    }
    fn resource_shutdown(&mut self, sid: &str, timeout: Option<i64>) -> EnvResult<()> {
        self.sim_shutdown(sid, timeout)
    }
    fn resource_migrate(&mut self, sid: &str, target: &str, online: bool) -> EnvResult<bool> {
        self.sim_migrate(sid, target, online)
    }
    fn resource_remove_locks(&mut self, sid: &str, locks: &[&str], node: &str) -> Option<String> {
        self.sim_remove_locks(sid, locks, node)
    }
}

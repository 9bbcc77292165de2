//! The environment the HA stack runs in, mirroring `PVE::HA::Env` (and the resource plugin
//! calls of `PVE::HA::Resources`). The CRM and LRM never keep an `Env`; each iteration gets
//! one lent, so an implementation can borrow shared cluster state for just that call.
//!
//! Errors are plain strings, like Perl's `die` messages; most are logged by the caller.

use std::collections::BTreeMap;

use super::groups::Groups;
use super::rules::Rules;
use super::types::{
    DatacenterSettings, LrmStatus, ManagerStatus, NodeInfo, NodeStats, ServiceConfChange,
    ServiceConfig, ServiceStats,
};

pub type EnvResult<T> = Result<T, String>;

pub trait Env {
    /// This node's name.
    fn nodename(&self) -> String;
    /// Seconds on the (virtual) clock.
    fn get_time(&self) -> i64;
    /// `level` is `info`, `notice`, `warning`, `err`, `email`, `debug`…
    fn log(&mut self, level: &str, msg: &str);
    fn sleep(&mut self, secs: i64);
    fn sleep_until(&mut self, end_time: i64);
    fn loop_start_hook(&mut self);
    fn loop_end_hook(&mut self);

    /// True if this node is part of the quorate partition.
    fn quorate(&self) -> bool;
    /// Cluster members with their online state, and whether the cluster is quorate.
    fn get_node_info(&self) -> (BTreeMap<String, NodeInfo>, bool);
    /// False if pmxcfs could not refresh the cluster state this round.
    fn cluster_state_update(&self) -> bool;

    fn read_manager_status(&self) -> EnvResult<ManagerStatus>;
    fn write_manager_status(&mut self, ms: &ManagerStatus) -> EnvResult<()>;
    /// `node` `None` reads this node's LRM status.
    fn read_lrm_status(&self, node: Option<&str>) -> EnvResult<LrmStatus>;
    fn write_lrm_status(&mut self, status: &LrmStatus) -> EnvResult<()>;
    /// `(shutdown, reboot)`: whether the node is shutting down, and whether to reboot.
    fn is_node_shutdown(&self) -> (bool, bool);

    fn read_service_config(&self) -> EnvResult<ServiceConfig>;
    fn update_service_config(
        &mut self,
        changes: &BTreeMap<String, ServiceConfChange>,
    ) -> EnvResult<()>;
    /// Move a (fenced) service's configuration to another node; only the master does this.
    fn steal_service(&mut self, sid: &str, current_node: &str, new_node: &str) -> EnvResult<()>;
    fn read_rules_config(&self) -> EnvResult<Rules>;
    fn write_rules_config(&mut self, rules: &Rules) -> EnvResult<()>;
    fn read_group_config(&self) -> EnvResult<Groups>;
    fn delete_group_config(&mut self) -> EnvResult<()>;

    fn queue_crm_commands(&mut self, cmd: &str) -> EnvResult<()>;
    fn any_pending_crm_command(&self) -> EnvResult<bool>;
    /// Take (and clear) the queued CRM commands, one a line.
    fn read_crm_commands(&mut self) -> EnvResult<String>;

    /// The cluster-wide manager lock (pmxcfs lock with a 120 s lifetime, renewed on success).
    fn get_ha_manager_lock(&mut self) -> bool;
    fn release_ha_manager_lock(&mut self) -> bool;
    /// A node's agent lock; `None` means this node. The master takes another node's lock
    /// to fence it.
    fn get_ha_agent_lock(&mut self, node: Option<&str>) -> bool;
    fn release_ha_agent_lock(&mut self) -> bool;

    /// Open this node's watchdog and return its handle.
    fn watchdog_open(&mut self) -> EnvResult<String>;
    fn watchdog_update(&mut self, handle: &str) -> EnvResult<()>;
    fn watchdog_close(&mut self, handle: &str) -> EnvResult<()>;

    fn get_datacenter_settings(&self) -> DatacenterSettings;
    fn get_basic_service_stats(&self) -> BTreeMap<String, ServiceStats>;
    fn get_static_service_stats(&self) -> EnvResult<BTreeMap<String, ServiceStats>>;
    fn get_dynamic_service_stats(&self) -> EnvResult<BTreeMap<String, ServiceStats>>;
    fn get_static_node_stats(&self) -> EnvResult<BTreeMap<String, NodeStats>>;
    fn get_dynamic_node_stats(&self) -> EnvResult<BTreeMap<String, NodeStats>>;
    /// The node's pve-manager version, e.g. `9.0.0~2`.
    fn get_node_version(&self, node: &str) -> Option<String>;

    /// The master changed a service's state (`change_service_state`) or added it: a hook for
    /// an environment that keeps a history (the lab's); upstream only logs it.
    fn service_changed(&mut self, _sid: &str, _state: &str, _node: &str) {}

    /// 0 means: run resource agents inline instead of forking workers.
    fn get_max_workers(&self) -> usize {
        0
    }

    // Resource plugin calls (`PVE::HA::Resources::*`), executed on this node.
    fn resource_check_running(&mut self, sid: &str) -> bool;
    fn resource_start(&mut self, sid: &str) -> EnvResult<()>;
    fn resource_shutdown(&mut self, sid: &str, timeout: Option<i64>) -> EnvResult<()>;
    /// Returns whether the resource really moved.
    fn resource_migrate(&mut self, sid: &str, target: &str, online: bool) -> EnvResult<bool>;
    /// Remove the first present lock out of `locks`; returns the removed one.
    fn resource_remove_locks(&mut self, sid: &str, locks: &[&str], node: &str) -> Option<String>;
}

/// `do_one_iteration` of CRM.pm and LRM.pm: one round of `work` between the loop hooks.
pub fn one_iteration(
    env: &mut dyn Env,
    work: impl FnOnce(&mut dyn Env) -> Result<bool, String>,
) -> Result<bool, String> {
    env.loop_start_hook();
    let res = work(env);
    env.loop_end_hook();
    res
}

/// The retry of `get_protected_ha_manager_lock` (CRM.pm) and `get_protected_ha_agent_lock`
/// (LRM.pm): `take` up to six times, a second apart, for at most five seconds.
pub fn retry_lock(env: &mut dyn Env, mut take: impl FnMut(&mut dyn Env) -> bool) -> bool {
    let mut count = 0;
    let start = env.get_time();
    loop {
        if take(env) {
            return true;
        }
        count += 1;
        if count > 5 || env.get_time() - start > 5 {
            return false;
        }
        env.sleep(1);
    }
}

/// `give_up_watchdog_protection` of CRM.pm and LRM.pm: the daemon's watchdog closed, if open.
pub fn close_watchdog(env: &mut dyn Env, wd: &mut Option<String>) -> EnvResult<()> {
    if let Some(handle) = wd.clone() {
        env.watchdog_close(&handle)?;
        *wd = None;
    }
    Ok(())
}

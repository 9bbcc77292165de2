//! The simulated resources, `PVE::HA::Sim::Resources` (`vm:`), `VirtCT` (`ct:`, no live
//! migration while running) and `VirtFail` (`fa:`, failing on purpose as encoded in its
//! id), from pve-ha-manager src/PVE/HA/Sim/Resources*.pm.

use super::super::env::{Env, EnvResult};
use super::env::SimEnv;

/// `VirtFail`'s id encoding: (start failures, migrate failures, cannot stop, limit to node).
fn decode_fail_id(sid: &str) -> (i64, i64, bool, i64) {
    let id = sid.split_once(':').map(|(_, id)| id).unwrap_or_default();
    let d: Vec<i64> = id
        .chars()
        .filter_map(|c| c.to_digit(10).map(i64::from))
        .collect();
    let at = |i: usize| d.get(i).copied();
    (
        at(1).unwrap_or(0),
        at(2).unwrap_or(0),
        at(3).unwrap_or(0) != 0,
        at(5).unwrap_or(0),
    )
}

impl SimEnv<'_> {
    fn lock_of(&self, sid: &str) -> Option<String> {
        self.hw.service_config.get(sid).and_then(|c| c.lock.clone())
    }

    /// `PVE::HA::Sim::Resources::shutdown` without the VirtFail override.
    fn base_shutdown(&mut self, sid: &str) {
        if let Some(lock) = self.lock_of(sid) {
            self.log(
                "err",
                &format!("service '{sid}' locked ({lock}), unable to shutdown!"),
            );
            return;
        }
        self.sleep(2);
        let node = self.st.nodename.clone();
        self.hw.set_service_running(&node, sid, Some(false));
    }

    pub(super) fn sim_start(&mut self, sid: &str) -> EnvResult<()> {
        let node = self.st.nodename.clone();
        if sid.starts_with("fa:") {
            let (fails, _, _, limit) = decode_fail_id(sid);
            if limit == 0 || node == format!("node{limit}") {
                let tries = self.hw.fail_start_tries.entry(sid.to_string()).or_insert(0);
                *tries += 1;
                if fails >= *tries {
                    return Ok(());
                }
            }
            self.hw.fail_start_tries.insert(sid.to_string(), 0);
        }
        if let Some(lock) = self.lock_of(sid) {
            self.log(
                "err",
                &format!("service '{sid}' locked ({lock}), unable to start!"),
            );
            return Ok(());
        }
        self.sleep(2);
        self.hw.set_service_running(&node, sid, Some(true));
        Ok(())
    }
    pub(super) fn sim_shutdown(&mut self, sid: &str, _timeout: Option<i64>) -> EnvResult<()> {
        if sid.starts_with("fa:") && decode_fail_id(sid).2 {
            return Ok(());
        }
        self.base_shutdown(sid);
        Ok(())
    }
    pub(super) fn sim_migrate(&mut self, sid: &str, target: &str, online: bool) -> EnvResult<bool> {
        let node = self.st.nodename.clone();
        let mut online = online;
        if sid.starts_with("ct:") && online && self.resource_check_running(sid) {
            self.log(
                "warn",
                "unable to live migrate running container, fallback to relocate",
            );
            online = false;
        }
        if sid.starts_with("fa:") {
            let (_, fails, _, limit) = decode_fail_id(sid);
            if limit == 0 || node == format!("node{limit}") {
                let tries = self
                    .hw
                    .fail_migrate_tries
                    .entry(sid.to_string())
                    .or_insert(0);
                *tries += 1;
                if fails >= *tries {
                    return Ok(false);
                }
            }
            self.hw.fail_migrate_tries.insert(sid.to_string(), 0);
        }
        let cmd = if online { "migrate" } else { "relocate" };
        self.log(
            "info",
            &format!("service {sid} - start {cmd} to node '{target}'"),
        );
        if let Some(lock) = self.lock_of(sid) {
            self.log(
                "err",
                &format!("service '{sid}' locked ({lock}), unable to {cmd}!"),
            );
            return Ok(false);
        }
        if !online && self.resource_check_running(sid) {
            self.log("info", &format!("stopping service {sid} (relocate)"));
            self.sim_shutdown(sid, None)?;
            self.log("info", &format!("service status {sid} stopped"));
        } else {
            self.sleep(2);
        }
        self.hw.change_service_location(sid, &node, target)?;
        self.log(
            "info",
            &format!("service {sid} - end {cmd} to node '{target}'"),
        );
        self.hw.set_service_running(&node, sid, None);
        Ok(true)
    }
    pub(super) fn sim_remove_locks(
        &mut self,
        sid: &str,
        locks: &[&str],
        _node: &str,
    ) -> Option<String> {
        for lock in locks {
            if let Ok(Some(removed)) = self.hw.unlock_service(sid, Some(lock)) {
                return Some(removed);
            }
        }
        None
    }
}

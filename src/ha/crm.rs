//! The cluster resource manager daemon's state machine, `PVE::HA::CRM` in pve-ha-manager
//! src/PVE/HA/CRM.pm: wait_for_quorum / slave / master / lost_manager_lock, the manager
//! lock protected by the watchdog, and going idle when no service is configured.

use super::env::Env;
use super::manager::Manager;
use super::tools;
use super::types::ManagerStatus;

/// Rounds (~10 s each) without services before the master goes idle.
const MAX_ACTIVE_IDLE_ROUNDS: i64 = 90;

pub struct Crm {
    pub state: String,
    pub state_change_time: i64,
    pub manager: Option<Manager>,
    pub shutdown_request: bool,
    pub cluster_state_update: bool,
    pub active_idle_rounds: i64,
    pub ha_manager_wd: Option<String>,
    pub disarmed: bool,
}

impl Crm {
    pub fn new(env: &mut dyn Env) -> Result<Crm, String> {
        let mut crm = Crm {
            state: "startup".into(),
            state_change_time: 0,
            manager: None,
            shutdown_request: false,
            cluster_state_update: false,
            active_idle_rounds: 0,
            ha_manager_wd: None,
            disarmed: false,
        };
        crm.set_local_status(env, "wait_for_quorum")?;
        Ok(crm)
    }

    pub fn shutdown_request(&mut self, env: &mut dyn Env) {
        if !self.shutdown_request {
            env.log("info", "server received shutdown request");
        }
        self.shutdown_request = true;
    }

    fn set_local_status(&mut self, env: &mut dyn Env, new: &str) -> Result<(), String> {
        if self.state == new {
            return Ok(());
        }
        env.log("info", &format!("status change {} => {new}", self.state));
        self.state = new.to_string();
        self.state_change_time = env.get_time();
        if new == "master" {
            self.manager = Some(Manager::new(env)?);
        } else {
            self.manager = None;
        }
        Ok(())
    }

    fn get_protected_ha_manager_lock(&mut self, env: &mut dyn Env) -> Result<bool, String> {
        if !super::env::retry_lock(env, |env| env.get_ha_manager_lock()) {
            return Ok(false);
        }
        if let Some(wd) = &self.ha_manager_wd {
            env.watchdog_update(wd)?;
        } else if !self.disarmed {
            // don't open a watchdog when taking over a fully disarmed stack
            let ms = env.read_manager_status().ok();
            if ms
                .as_ref()
                .and_then(|m| m.disarm.as_ref())
                .is_some_and(|d| d.state == "disarmed")
            {
                env.log("info", "taking over as disarmed master, skipping watchdog");
                self.disarmed = true;
            } else {
                self.ha_manager_wd = Some(env.watchdog_open()?);
            }
        }
        Ok(true)
    }

    fn give_up_watchdog_protection(&mut self, env: &mut dyn Env) -> Result<(), String> {
        super::env::close_watchdog(env, &mut self.ha_manager_wd)
    }

    fn get_manager_status_guarded(env: &mut dyn Env) -> Option<ManagerStatus> {
        match env.read_manager_status() {
            Ok(ms) => Some(ms),
            Err(e) => {
                env.log("err", &format!("could not read manager status: {e}"));
                None
            }
        }
    }

    fn is_cluster_and_ha_healthy(&self, env: &mut dyn Env, ms: Option<&ManagerStatus>) -> bool {
        if !env.quorate() || !self.cluster_state_update {
            return false;
        }
        let Some(ms) = ms else { return false };
        tools::count_fenced_services(&ms.service_status, &env.nodename()) == 0
    }

    /// `can_get_active`: quorate, no pending fence of ourselves, and something to do.
    fn can_get_active(&self, env: &mut dyn Env, allow_no_service: bool) -> bool {
        let ms = Self::get_manager_status_guarded(env);
        if !self.is_cluster_and_ha_healthy(env, ms.as_ref()) {
            return false;
        }
        let Some(ms) = ms else { return false };
        if allow_no_service {
            return true;
        }
        let conf = match env.read_service_config() {
            Ok(c) => c,
            Err(e) => {
                env.log("err", &format!("could not read service config: {e}"));
                return false;
            }
        };
        if !conf.is_empty() {
            return true;
        }
        let master = ms.master_node.clone().unwrap_or_default();
        if master.is_empty()
            || ms.node_status.get(&master).is_none_or(|s| s != "online")
            || master == env.nodename()
        {
            for (node, st) in &ms.node_status {
                if st != "maintenance" {
                    continue;
                }
                let requested = ms
                    .node_request
                    .as_ref()
                    .and_then(|r| r.get(node))
                    .is_some_and(|r| r.maintenance);
                if !requested {
                    return true;
                }
            }
            if env.any_pending_crm_command().unwrap_or(false) {
                return true;
            }
            if !ms.service_status.is_empty() || ms.disarm.is_some() {
                return true;
            }
        }
        false
    }

    fn allowed_to_get_idle(&self, env: &mut dyn Env) -> bool {
        let ms = Self::get_manager_status_guarded(env);
        if !self.is_cluster_and_ha_healthy(env, ms.as_ref()) {
            return false;
        }
        let Some(ms) = ms else { return false };
        if ms.disarm.is_some() {
            return false;
        }
        match env.read_service_config() {
            Ok(c) => c.is_empty() && ms.service_status.is_empty(),
            Err(e) => {
                env.log("err", &format!("could not read service config: {e}"));
                false
            }
        }
    }

    /// One loop iteration; `Ok(false)` means the daemon exits.
    pub fn do_one_iteration(&mut self, env: &mut dyn Env) -> Result<bool, String> {
        super::env::one_iteration(env, |env| {
            self.cluster_state_update = env.cluster_state_update();
            self.work(env)
        })
    }

    fn work(&mut self, env: &mut dyn Env) -> Result<bool, String> {
        // state changes first, like upstream's if/elsif chain
        let state = self.state.clone();
        if state == "wait_for_quorum" {
            if self.can_get_active(env, false) {
                let next = if self.get_protected_ha_manager_lock(env)? {
                    "master"
                } else {
                    "slave"
                };
                self.set_local_status(env, next)?;
            }
        } else if state == "slave" {
            if self.can_get_active(env, false) {
                if self.get_protected_ha_manager_lock(env)? {
                    self.set_local_status(env, "master")?;
                }
            } else {
                self.set_local_status(env, "wait_for_quorum")?;
            }
        } else if state == "lost_manager_lock" {
            if self.can_get_active(env, true) && self.get_protected_ha_manager_lock(env)? {
                self.set_local_status(env, "master")?;
            }
        } else if state == "master" {
            if !self.get_protected_ha_manager_lock(env)? {
                self.set_local_status(env, "lost_manager_lock")?;
            } else if self.allowed_to_get_idle(env) {
                self.active_idle_rounds += 1;
                if self.active_idle_rounds > MAX_ACTIVE_IDLE_ROUNDS {
                    self.active_idle_rounds = 0;
                    env.log(
                            "info",
                            &format!("cluster had no service configured for {MAX_ACTIVE_IDLE_ROUNDS} rounds, going idle."),
                        );
                    env.release_ha_manager_lock();
                    self.give_up_watchdog_protection(env)?;
                    self.set_local_status(env, "wait_for_quorum")?;
                }
            } else if self.active_idle_rounds != 0 {
                self.active_idle_rounds = 0;
            }
        }

        match self.state.as_str() {
            "wait_for_quorum" => {
                if self.shutdown_request {
                    return Ok(false);
                }
                env.sleep(5);
            }
            "master" => {
                let start = env.get_time();
                let mut shutdown = false;
                if let Err(e) = self.master_work(env, &mut shutdown) {
                    env.log("err", &format!("got unexpected error - {e}"));
                }
                if shutdown {
                    return Ok(false);
                }
                env.sleep_until(start + 10);
            }
            "lost_manager_lock" => {
                self.give_up_watchdog_protection(env)?;
                if self.shutdown_request {
                    return Ok(false);
                }
                self.set_local_status(env, "wait_for_quorum")?;
            }
            "slave" => {
                if self.shutdown_request {
                    return Ok(false);
                }
            }
            other => return Err(format!("got unexpected status '{other}'\n")),
        }
        Ok(true)
    }

    /// The `eval` block of the master state.
    fn master_work(&mut self, env: &mut dyn Env, shutdown: &mut bool) -> Result<(), String> {
        if self.shutdown_request {
            self.give_up_watchdog_protection(env)?;
            env.log("info", "voluntary release CRM lock");
            if !env.release_ha_manager_lock() {
                env.log("notice", "CRM lock release failed, let the lock timeout");
            }
            *shutdown = true;
            return Ok(());
        }
        if !self.cluster_state_update {
            env.log(
                "notice",
                "temporary inconsistent cluster state (cfs restart?), skip round",
            );
            return Ok(());
        }
        let Some(manager) = self.manager.as_mut() else {
            return Err("no manager".into());
        };
        manager.manage(env)?;
        let fully = manager.is_fully_disarmed();
        if fully {
            if !self.disarmed {
                env.log("info", "HA stack fully disarmed, releasing CRM watchdog");
                self.give_up_watchdog_protection(env)?;
                self.disarmed = true;
            }
        } else if self.disarmed {
            env.log("info", "re-arming HA stack");
            self.disarmed = false;
        }
        Ok(())
    }
}

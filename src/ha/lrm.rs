//! The local resource manager daemon, `PVE::HA::LRM` in pve-ha-manager src/PVE/HA/LRM.pm:
//! wait_for_agent_lock / active / maintenance / lost_agent_lock, the agent lock protected
//! by the watchdog, shutdown policies and LRM modes (active, restart, shutdown,
//! maintenance, disarm). Resource commands are in `lrm_exec`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::env::Env;
use super::tools;
use super::types::{LrmResult, LrmStatus, ServiceData};

/// Rounds (~10 s each) without services before the LRM goes idle.
const MAX_ACTIVE_IDLE_ROUNDS: i64 = 60;

#[derive(Clone, Debug)]
pub struct Worker {
    pub sid: String,
    /// `None` marks shutdown stop jobs.
    pub uid: Option<String>,
    pub state: String,
    pub start_tries: i64,
    pub target: Option<String>,
    pub timeout: Option<i64>,
}

pub struct Lrm {
    pub state: String,
    pub state_change_time: i64,
    pub workers: BTreeMap<String, Worker>,
    pub results: BTreeMap<String, LrmResult>,
    pub restart_tries: BTreeMap<String, i64>,
    /// Time of the shutdown request, if any.
    pub shutdown_request: Option<i64>,
    pub shutdown_errors: i64,
    pub mode: String,
    pub cluster_state_update: bool,
    pub active_idle_rounds: i64,
    pub ha_agent_wd: Option<String>,
    pub service_status: BTreeMap<String, ServiceData>,
    pub node_status: String,
    /// Upstream's file-scoped `$wrote_lrm_status_at_startup`: one per process, so the
    /// simulator shares it between all its LRMs; a real node has its own.
    pub wrote_status_at_startup: Arc<AtomicBool>,
}

impl Lrm {
    pub fn new(env: &mut dyn Env, wrote_status_at_startup: Arc<AtomicBool>) -> Lrm {
        let mut lrm = Lrm {
            state: "startup".into(),
            state_change_time: 0,
            workers: BTreeMap::new(),
            results: BTreeMap::new(),
            restart_tries: BTreeMap::new(),
            shutdown_request: None,
            shutdown_errors: 0,
            mode: "active".into(),
            cluster_state_update: false,
            active_idle_rounds: 0,
            ha_agent_wd: None,
            service_status: BTreeMap::new(),
            node_status: "unknown".into(),
            wrote_status_at_startup,
        };
        lrm.set_local_status(env, "wait_for_agent_lock");
        lrm
    }

    /// Node shutdown/reboot or LRM restart: pick the mode from the shutdown policy.
    pub fn shutdown_request(&mut self, env: &mut dyn Env) {
        if self.shutdown_request.is_some() {
            return;
        }
        let nodename = env.nodename();
        let (shutdown, reboot) = env.is_node_shutdown();
        let policy = env
            .get_datacenter_settings()
            .shutdown_policy
            .unwrap_or_else(|| "conditional".into());
        if shutdown {
            env.log(
                "info",
                &format!("got shutdown request with shutdown policy '{policy}'"),
            );
        }
        let (freeze_all, maintenance) = match policy.as_str() {
            "conditional" => (reboot, false),
            "freeze" => (true, false),
            "failover" => (false, false),
            "migrate" => (false, true),
            _ => {
                env.log(
                    "err",
                    &format!("unknown shutdown policy '{policy}', fall back to conditional"),
                );
                (reboot, false)
            }
        };
        if !maintenance && shutdown {
            // always stop all services on node shutdown, reboot or poweroff
            let sids: Vec<String> = self
                .service_status
                .iter()
                .filter(|(_, sd)| sd.node == nodename)
                .map(|(s, _)| s.clone())
                .collect();
            for sid in sids {
                self.queue_resource_command(&sid, None, "request_stop", None, None);
            }
        }
        if shutdown {
            let kind = if reboot { "reboot" } else { "shutdown" };
            if self.is_maintenance_requested() {
                if maintenance {
                    env.log(
                        "info",
                        &format!(
                            "{kind} LRM, ignore maintenance policy, already in maintenance mode"
                        ),
                    );
                } else {
                    env.log("info", &format!("{kind} LRM, ignore {policy} policy as manual maintenance mode is enabled"));
                }
            } else if maintenance {
                env.log(
                    "info",
                    &format!("{kind} LRM, doing maintenance, removing this node from active list"),
                );
                self.mode = "maintenance".into();
            } else if freeze_all {
                env.log("info", &format!("{kind} LRM, stop and freeze all services"));
                self.mode = "restart".into();
            } else {
                env.log("info", "shutdown LRM, stop all services");
                self.mode = "shutdown".into();
            }
        } else if self.is_maintenance_requested() {
            env.log(
                "info",
                "Restarting LRM in maintenance mode may be delayed until all services are moved",
            );
        } else {
            env.log("info", "restart LRM, freeze all services");
            self.mode = "restart".into();
        }
        self.shutdown_request = Some(env.get_time());
        if !self.update_lrm_status(env) {
            env.log("err", "unable to update lrm status file - not quorate?");
        }
    }

    fn set_local_status(&mut self, env: &mut dyn Env, new: &str) {
        if self.state == new {
            return;
        }
        env.log("info", &format!("status change {} => {new}", self.state));
        self.state = new.to_string();
        self.state_change_time = env.get_time();
    }

    pub fn update_lrm_status(&mut self, env: &mut dyn Env) -> bool {
        if !env.quorate() {
            return false;
        }
        let st = LrmStatus {
            state: Some(self.state.clone()),
            mode: Some(self.mode.clone()),
            results: self.results.clone(),
            timestamp: env.get_time(),
        };
        if let Err(e) = env.write_lrm_status(&st) {
            env.log("err", &format!("unable to write lrm status file - {e}"));
            return false;
        }
        true
    }

    pub fn update_service_status(&mut self, env: &mut dyn Env) -> bool {
        match env.read_manager_status() {
            Err(e) => {
                env.log(
                    "err",
                    &format!("updating service status from manager failed: {e}"),
                );
                false
            }
            Ok(ms) => {
                let nodename = env.nodename();
                self.service_status = ms.service_status;
                self.node_status = ms
                    .node_status
                    .get(&nodename)
                    .cloned()
                    .unwrap_or_else(|| "unknown".into());
                if self.shutdown_request.is_none() {
                    let maint = ms
                        .node_request
                        .as_ref()
                        .and_then(|r| r.get(&nodename))
                        .is_some_and(|r| r.maintenance);
                    if maint {
                        self.mode = "maintenance".into();
                    } else if ms.disarm.is_some() {
                        self.mode = "disarm".into();
                    } else if self.mode == "maintenance" || self.mode == "disarm" {
                        self.mode = "active".into();
                    }
                }
                true
            }
        }
    }

    fn get_protected_ha_agent_lock(&mut self, env: &mut dyn Env) -> Result<bool, String> {
        if !super::env::retry_lock(env, |env| env.get_ha_agent_lock(None)) {
            return Ok(false);
        }
        if let Some(wd) = &self.ha_agent_wd {
            env.watchdog_update(wd)?;
        } else {
            self.ha_agent_wd = Some(env.watchdog_open()?);
        }
        Ok(true)
    }

    fn has_configured_service_on_local_node(&self, env: &dyn Env) -> bool {
        let n = env.nodename();
        self.service_status.values().any(|sd| sd.node == n)
    }

    fn is_fence_requested(&self, env: &dyn Env) -> bool {
        tools::count_fenced_services(&self.service_status, &env.nodename()) > 0
            || self.node_status == "fence"
    }

    fn is_maintenance_requested(&self) -> bool {
        self.mode == "maintenance"
    }

    fn active_service_count(&self, env: &dyn Env) -> usize {
        tools::count_active_services(&self.service_status, &env.nodename())
    }

    /// Only after a graceful shutdown, with no active services left.
    fn give_up_watchdog_protection(&mut self, env: &mut dyn Env) -> Result<(), String> {
        super::env::close_watchdog(env, &mut self.ha_agent_wd)
    }

    /// One loop iteration; `Ok(false)` means the daemon exits.
    pub fn do_one_iteration(&mut self, env: &mut dyn Env) -> Result<bool, String> {
        super::env::one_iteration(env, |env| {
            self.cluster_state_update = env.cluster_state_update();
            self.work(env)
        })
    }

    fn go_idle(&mut self, env: &mut dyn Env) -> Result<(), String> {
        env.release_ha_agent_lock();
        self.give_up_watchdog_protection(env)?;
        self.set_local_status(env, "wait_for_agent_lock");
        Ok(())
    }

    fn work(&mut self, env: &mut dyn Env) -> Result<bool, String> {
        if !self.wrote_status_at_startup.load(Ordering::Relaxed) {
            if self.update_lrm_status(env) {
                self.wrote_status_at_startup.store(true, Ordering::Relaxed);
            } else {
                env.sleep(5);
                return Ok(self.shutdown_request.is_none());
            }
        }
        self.update_service_status(env);
        let fence_request = self.is_fence_requested(env);

        // state changes first, like upstream's if/elsif chain
        let state = self.state.clone();
        if state == "wait_for_agent_lock" {
            let count = self.active_service_count(env);
            if self.mode != "disarm"
                && !fence_request
                && count > 0
                && env.quorate()
                && self.get_protected_ha_agent_lock(env)?
            {
                self.set_local_status(env, "active");
            }
        } else if state == "lost_agent_lock" {
            if !fence_request && env.quorate() && self.get_protected_ha_agent_lock(env)? {
                self.set_local_status(env, "active");
            }
        } else if state == "active" {
            if fence_request {
                env.log("err", "node needs to be fenced - releasing agent_lock");
                self.set_local_status(env, "lost_agent_lock");
            } else if !self.get_protected_ha_agent_lock(env)? {
                self.set_local_status(env, "lost_agent_lock");
            } else if self.is_maintenance_requested() {
                self.set_local_status(env, "maintenance");
            } else if self.mode == "disarm" && self.run_workers(env) == 0 {
                env.log(
                    "info",
                    "HA disarm requested, releasing agent lock and watchdog",
                );
                self.go_idle(env)?;
            } else if !self.has_configured_service_on_local_node(env) && self.run_workers(env) == 0
            {
                self.active_idle_rounds += 1;
                if self.active_idle_rounds > MAX_ACTIVE_IDLE_ROUNDS {
                    env.log("info", &format!("node had no service configured for {MAX_ACTIVE_IDLE_ROUNDS} rounds, going idle."));
                    self.go_idle(env)?;
                    self.active_idle_rounds = 0;
                }
            } else if self.active_idle_rounds != 0 {
                self.active_idle_rounds = 0;
            }
        } else if state == "maintenance" {
            if fence_request {
                env.log(
                    "err",
                    "node needs to be fenced during maintenance mode - releasing agent_lock",
                );
                self.set_local_status(env, "lost_agent_lock");
            } else if self.mode == "disarm"
                && self.active_service_count(env) == 0
                && self.run_workers(env) == 0
            {
                env.log(
                    "info",
                    "HA disarm requested during maintenance, releasing agent lock and watchdog",
                );
                self.go_idle(env)?;
            } else if self.active_service_count(env) > 0 || self.run_workers(env) > 0 {
                if !self.get_protected_ha_agent_lock(env)? {
                    self.set_local_status(env, "lost_agent_lock");
                }
            } else if !self.is_maintenance_requested() {
                let next = if self.get_protected_ha_agent_lock(env)? {
                    "active"
                } else {
                    "lost_agent_lock"
                };
                self.set_local_status(env, next);
            }
        }

        match self.state.clone().as_str() {
            "wait_for_agent_lock" => {
                if self.shutdown_request.is_some() {
                    return Ok(false);
                }
                self.update_lrm_status(env);
                env.sleep(5);
            }
            "active" => {
                let start = env.get_time();
                let mut shutdown = false;
                if let Err(e) = self.active_work(env, &mut shutdown) {
                    env.log("err", &format!("got unexpected error - {e}"));
                }
                self.update_lrm_status(env);
                if shutdown {
                    return Ok(false);
                }
                env.sleep_until(start + 10);
            }
            "lost_agent_lock" => {
                if self.shutdown_request.is_some() {
                    let count = self.active_service_count(env);
                    if count > 0 {
                        env.log("err", &format!("got shutdown request in state 'lost_agent_lock' - detected {count} running services"));
                        if self.mode == "restart" && env.get_time() - self.state_change_time > 90 {
                            env.log("err", "lost agent lock and restart request for over 90 seconds - giving up!");
                            return Ok(false);
                        }
                    } else {
                        self.give_up_watchdog_protection(env)?;
                        return Ok(false);
                    }
                }
                env.sleep(5);
            }
            "maintenance" => {
                let start = env.get_time();
                if !self.update_service_status(env) {
                    // upstream's bare `return` makes the daemon loop exit
                    return Ok(false);
                }
                let count = self.active_service_count(env);
                let mut exit_lrm = false;
                if count == 0 && self.run_workers(env) == 0 {
                    self.give_up_watchdog_protection(env)?;
                    if self.shutdown_request.is_some() {
                        exit_lrm = true;
                    }
                    env.release_ha_agent_lock();
                }
                if !exit_lrm {
                    self.manage_resources(env);
                }
                self.update_lrm_status(env);
                if exit_lrm {
                    return Ok(false);
                }
                env.sleep_until(start + 5);
            }
            other => return Err(format!("got unexpected status '{other}'\n")),
        }
        Ok(true)
    }

    /// The `eval` block of the active state.
    fn active_work(&mut self, env: &mut dyn Env, shutdown: &mut bool) -> Result<(), String> {
        if !self.update_service_status(env) {
            return Ok(());
        }
        if self.shutdown_request.is_some() {
            if self.mode == "restart" {
                let workers = self.run_workers(env);
                if self.active_service_count(env) == 0 && workers == 0 {
                    self.give_up_watchdog_protection(env)?;
                    *shutdown = true;
                    env.release_ha_agent_lock();
                }
            } else if self.run_workers(env) == 0 {
                if self.shutdown_errors == 0 {
                    self.give_up_watchdog_protection(env)?;
                    env.release_ha_agent_lock();
                }
                *shutdown = true;
            }
        } else {
            if !self.cluster_state_update {
                env.log(
                    "notice",
                    "temporary inconsistent cluster state (cfs restart?), skip round",
                );
                return Ok(());
            }
            self.manage_resources(env);
        }
        Ok(())
    }
}

//! The service state machine of pve-ha-manager src/PVE/HA/Manager.pm: `next_state_stopped`,
//! `next_state_request_start`, `next_state_request_stop` (`next_state_started` is in
//! `manager_started`),
//! `next_state_migrate_relocate`, `next_state_error` and `next_state_recovery`.
//! As upstream, `$sd` is only changed through `change_service_state`, except for the
//! documented hacks (location fixup, queued commands, failed/maintenance nodes, recovery).

use super::env::Env;
use super::manager::{Manager, StateParams};
use super::rules::CompiledRules;
use super::select::select_service_node;
use super::types::{LrmResult, ServiceConf, ServiceConfig, exit};

const REMOVABLE_LOCKS: &[&str] = &[
    "backup",
    "mounted",
    "migrate",
    "clone",
    "rollback",
    "snapshot",
    "snapshot-delete",
    "suspending",
    "suspended",
];

impl Manager {
    pub(super) fn select(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        cd: &ServiceConf,
        pref: &str,
    ) -> Option<String> {
        let default = CompiledRules::default();
        let compiled = self.compiled_rules.as_ref().unwrap_or(&default);
        select_service_node(
            env,
            compiled,
            self.online_node_usage.as_mut(),
            sid,
            cd,
            &self.ss,
            pref,
        )
    }

    pub(super) fn sd_node(&self, sid: &str) -> String {
        self.ss
            .get(sid)
            .map(|sd| sd.node.clone())
            .unwrap_or_default()
    }

    /// Pop the queued command of `sid`, if any.
    pub(super) fn take_cmd(&mut self, sid: &str) -> Option<Vec<String>> {
        self.ss.get_mut(sid).and_then(|sd| sd.cmd.take())
    }

    /// The node a queued `migrate` or `relocate` of `sid` (on `node`) moves it to, or `None`
    /// with the request logged as ignored: the target is not online, or the service is
    /// already there. `next_state_stopped` and `next_state_started` check it alike.
    pub(super) fn move_target(
        &self,
        env: &mut dyn Env,
        sid: &str,
        node: &str,
        task: &str,
        cmd: &[String],
    ) -> Option<String> {
        let target = cmd.get(1).cloned().unwrap_or_default();
        if !self.ns.node_is_online(&target) {
            env.log(
                "err",
                &format!("ignore service '{sid}' {task} request - node '{target}' not online"),
            );
            None
        } else if node == target {
            env.log(
                "info",
                &format!(
                    "ignore service '{sid}' {task} request - service already on node '{target}'"
                ),
            );
            None
        } else {
            Some(target)
        }
    }

    pub fn next_state_stopped(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        cd: &ServiceConf,
    ) -> Result<(), String> {
        let node = self.sd_node(sid);
        if !cd.node.is_empty() && node != cd.node {
            // can happen if we fence a node with active migrations
            env.log(
                "info",
                &format!("fixup service '{sid}' location ({node} => {})", cd.node),
            );
            if let Some(sd) = self.ss.get_mut(sid) {
                sd.node = cd.node.clone();
            }
        }
        let node = self.sd_node(sid);
        if let Some(cmd) = self.take_cmd(sid) {
            let task = cmd.first().cloned().unwrap_or_default();
            if task == "migrate" || task == "relocate" {
                if let Some(target) = self.move_target(env, sid, &node, &task, &cmd) {
                    return self.change_service_state(
                        env,
                        sid,
                        &task,
                        StateParams::node_target(&node, &target),
                    );
                }
            } else if task == "stop" {
                env.log(
                    "info",
                    &format!("ignore service '{sid}' {task} request - service already stopped"),
                );
            } else {
                env.log(
                    "err",
                    &format!("unknown command '{task}' for service '{sid}'"),
                );
            }
        }
        if cd.state == "disabled" {
            // the LRM always retries the stop, the result is not processed here
            return Ok(());
        }
        if self.ns.node_is_offline_delayed(env, &node, None)
            && self.ns.get_node_state(&node) != "maintenance"
        {
            return self.change_service_state(env, sid, "fence", StateParams::default());
        }
        if cd.state == "stopped" {
            return Ok(());
        }
        if cd.state == "started" {
            return self.change_service_state(env, sid, "request_start", StateParams::node(&node));
        }
        env.log(
            "err",
            &format!(
                "service '{sid}' - unknown state '{}' in service configuration",
                cd.state
            ),
        );
        Ok(())
    }

    pub fn next_state_request_start(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        cd: &ServiceConf,
    ) -> Result<(), String> {
        let current = self.sd_node(sid);
        if self.crs.rebalance_on_request_start {
            let selected = self.select(env, sid, cd, "best-score").unwrap_or_default();
            let which = if selected != current {
                "new"
            } else {
                "current"
            };
            env.log(
                "info",
                &format!("service {sid}: re-balance selected {which} node {selected} for startup"),
            );
            if selected != current {
                return self.change_service_state(
                    env,
                    sid,
                    "request_start_balance",
                    StateParams::node_target(&current, &selected),
                );
            }
        }
        self.change_service_state(env, sid, "started", StateParams::node(&current))
    }

    pub(super) fn record_service_failed_on_node(&mut self, sid: &str, node: &str) {
        if let Some(sd) = self.ss.get_mut(sid) {
            sd.failed_nodes
                .get_or_insert_with(Vec::new)
                .push(node.to_string());
        }
    }

    pub fn next_state_request_stop(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        lrm_res: Option<&LrmResult>,
    ) -> Result<(), String> {
        if let Some(res) = lrm_res {
            if res.exit_code == exit::SUCCESS {
                return self.change_service_state(env, sid, "stopped", StateParams::default());
            }
            env.log(
                "err",
                &format!("service '{sid}' stop failed (exit code {})", res.exit_code),
            );
            return self.change_service_state(env, sid, "error", StateParams::default());
        }
        let node = self.sd_node(sid);
        if self.ns.node_is_offline_delayed(env, &node, None) {
            return self.change_service_state(env, sid, "fence", StateParams::default());
        }
        Ok(())
    }

    pub fn next_state_migrate_relocate(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        cd: &ServiceConf,
        lrm_res: Option<&LrmResult>,
    ) -> Result<(), String> {
        let node = self.sd_node(sid);
        if let Some(res) = lrm_res {
            let req_state = if cd.state == "started" {
                "started"
            } else {
                "request_stop"
            };
            let ec = res.exit_code;
            if ec == exit::SUCCESS {
                let target = self
                    .ss
                    .get(sid)
                    .and_then(|sd| sd.target.clone())
                    .unwrap_or_default();
                return self.change_service_state(env, sid, req_state, StateParams::node(&target));
            } else if ec == exit::EWRONG_NODE {
                env.log(
                    "err",
                    &format!(
                        "service '{sid}' - migration failed: service registered on wrong node!"
                    ),
                );
                self.change_service_state(env, sid, "error", StateParams::default())?;
            } else if ec == exit::IGNORED {
                env.log("info", &format!("service '{sid}' - rebalance-on-start request ignored - service already running"));
                self.change_service_state(env, sid, req_state, StateParams::node(&node))?;
            } else {
                env.log(
                    "err",
                    &format!("service '{sid}' - migration failed (exit code {ec})"),
                );
                return self.change_service_state(env, sid, req_state, StateParams::node(&node));
            }
        }
        let node = self.sd_node(sid);
        if self.ns.node_is_offline_delayed(env, &node, None) {
            return self.change_service_state(env, sid, "fence", StateParams::default());
        }
        Ok(())
    }

    pub fn next_state_error(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        cd: &ServiceConf,
    ) -> Result<(), String> {
        if cd.state == "disabled" {
            if let Some(sd) = self.ss.get_mut(sid) {
                sd.failed_nodes = None;
            }
            return self.change_service_state(env, sid, "stopped", StateParams::default());
        }
        Ok(())
    }

    /// After its node was fenced, move the service to a new node.
    pub fn next_state_recovery(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        sc: &mut ServiceConfig,
        cd: &ServiceConf,
    ) -> Result<(), String> {
        let fenced = self.sd_node(sid);
        let Some(recovery) = self.select(env, sid, cd, "best-score") else {
            env.log("err", &format!("recovering service '{sid}' from fenced node '{fenced}' failed, no recovery node found"));
            if cd.state == "disabled" {
                if let Some(sd) = self.ss.get_mut(sid) {
                    sd.failed_nodes = None;
                }
                return self.change_service_state(env, sid, "stopped", StateParams::default());
            }
            return Ok(());
        };
        let msg = if recovery == fenced {
            format!("recover service '{sid}' to previous failed and fenced node '{fenced}' again")
        } else {
            format!("recover service '{sid}' from fenced node '{fenced}' to node '{recovery}'")
        };
        env.log("info", &msg);
        if let Some(lock) = env.resource_remove_locks(sid, REMOVABLE_LOCKS, &fenced) {
            env.log("warning", &format!("removed leftover lock '{lock}' from recovered service '{sid}' to allow its start."));
        }
        env.steal_service(sid, &fenced, &recovery)?;
        if let Some(c) = sc.get_mut(sid) {
            c.node = recovery.clone();
        }
        if let Some(sd) = self.ss.get_mut(sid) {
            sd.node = recovery.clone();
        }
        let new_state = if cd.state == "started" {
            "started"
        } else {
            "request_stop"
        };
        self.change_service_state(env, sid, new_state, StateParams::node(&recovery))
    }
}

//! `next_state_started` of pve-ha-manager src/PVE/HA/Manager.pm: queued commands
//! (migrate, relocate, stop), the LRM's start result with the relocate policy
//! (`max_relocate`), and moving the service to the node `select_service_node` prefers.

use super::env::Env;
use super::manager::{Manager, StateParams, compute_new_uuid};
use super::types::{LrmResult, ServiceConf, ServiceConfChange, exit};

impl Manager {
    pub fn next_state_started(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        cd: &ServiceConf,
        lrm_res: Option<&LrmResult>,
    ) -> Result<(), String> {
        let node = self.sd_node(sid);
        if !self.ns.node_is_online(&node) {
            if self.ns.node_is_offline_delayed(env, &node, None) {
                self.change_service_state(env, sid, "fence", StateParams::default())?;
            }
            if self.ns.get_node_state(&node) != "maintenance" {
                return Ok(());
            }
            // remember the node to move back to once it leaves maintenance
            if let Some(sd) = self.ss.get_mut(sid) {
                sd.maintenance_node = Some(node.clone());
            }
        }
        if cd.state == "disabled" || cd.state == "stopped" {
            return self.change_service_state(env, sid, "request_stop", StateParams::default());
        }
        if cd.state != "started" {
            env.log(
                "err",
                &format!(
                    "service '{sid}' - unknown state '{}' in service configuration",
                    cd.state
                ),
            );
            return Ok(());
        }

        if let Some(cmd) = self.take_cmd(sid) {
            let task = cmd.first().cloned().unwrap_or_default();
            if task == "migrate" || task == "relocate" {
                if let Some(target) = self.move_target(env, sid, &node, &task, &cmd) {
                    env.log(
                        "info",
                        &format!("{task} service '{sid}' to node '{target}'"),
                    );
                    self.change_service_state(
                        env,
                        sid,
                        &task,
                        StateParams::node_target(&node, &target),
                    )?;
                }
            } else if task == "stop" {
                let timeout: i64 = cmd.get(1).and_then(|t| t.parse().ok()).unwrap_or(0);
                if timeout == 0 {
                    env.log(
                        "info",
                        &format!("request immediate service hard-stop for service '{sid}'"),
                    );
                } else {
                    env.log(
                        "info",
                        &format!(
                            "request graceful stop with timeout '{timeout}' for service '{sid}'"
                        ),
                    );
                }
                self.change_service_state(
                    env,
                    sid,
                    "request_stop",
                    StateParams {
                        timeout: Some(timeout),
                        ..Default::default()
                    },
                )?;
                let change = ServiceConfChange {
                    state: Some("stopped".into()),
                    ..Default::default()
                };
                env.update_service_config(&[(sid.to_string(), change)].into_iter().collect())?;
            } else {
                env.log(
                    "err",
                    &format!("unknown command '{task}' for service '{sid}'"),
                );
            }
            if let Some(sd) = self.ss.get_mut(sid) {
                sd.cmd = None;
            }
            return Ok(());
        }

        let mut pref = "none";
        if let Some(res) = lrm_res {
            let ec = res.exit_code;
            if ec == exit::SUCCESS {
                if let Some(sd) = self.ss.get_mut(sid) {
                    if let Some(failed) = &sd.failed_nodes {
                        env.log(
                            "info",
                            &format!("relocation policy successful for '{sid}' on node '{}', failed nodes: {}", sd.node, failed.join(", ")),
                        );
                    }
                    sd.failed_nodes = None;
                    sd.running = true;
                }
            } else if ec == exit::ERROR || ec == exit::EWRONG_NODE {
                if let Some(sd) = self.ss.get_mut(sid) {
                    sd.running = false;
                }
                self.record_service_failed_on_node(sid, &node);
                let failed = self
                    .ss
                    .get(sid)
                    .and_then(|sd| sd.failed_nodes.clone())
                    .unwrap_or_default();
                if failed.len() as i64 <= cd.max_relocate {
                    pref = "try-next";
                    env.log(
                        "warning",
                        &format!(
                            "starting service {sid} on node '{node}' failed, relocating service."
                        ),
                    );
                } else {
                    env.log(
                        "err",
                        &format!("recovery policy for service {sid} failed, entering error state. Failed nodes: {}", failed.join(", ")),
                    );
                    return self.change_service_state(env, sid, "error", StateParams::default());
                }
            } else {
                self.record_service_failed_on_node(sid, &node);
                env.log(
                    "err",
                    &format!("service '{sid}' got unrecoverable error (exit code {ec})"),
                );
                return self.change_service_state(env, sid, "error", StateParams::default());
            }
        }

        let selected = self.select(env, sid, cd, pref);
        match selected {
            Some(target) if target != node => {
                if let Some(sd) = self.ss.get_mut(sid)
                    && let Some(fallback) = sd.maintenance_node.clone()
                {
                    if target == fallback {
                        env.log("info", &format!("moving service '{sid}' back to '{fallback}', node came back from maintenance."));
                        sd.maintenance_node = None;
                    } else if sd.node != fallback {
                        env.log(
                            "info",
                            &format!("dropping maintenance fallback node '{fallback}' for '{sid}'"),
                        );
                        sd.maintenance_node = None;
                    }
                }
                if cd.kind == "vm" {
                    env.log(
                        "info",
                        &format!("migrate service '{sid}' to node '{target}' (running)"),
                    );
                    self.change_service_state(
                        env,
                        sid,
                        "migrate",
                        StateParams::node_target(&node, &target),
                    )?;
                } else {
                    env.log(
                        "info",
                        &format!("relocate service '{sid}' to node '{target}'"),
                    );
                    self.change_service_state(
                        env,
                        sid,
                        "relocate",
                        StateParams::node_target(&node, &target),
                    )?;
                }
            }
            selected => {
                if pref == "try-next" && selected.is_none() {
                    let failed = self
                        .ss
                        .get(sid)
                        .and_then(|sd| sd.failed_nodes.clone())
                        .unwrap_or_default();
                    env.log(
                        "warning",
                        &format!(
                            "Start Error Recovery: Tried all available nodes for service '{sid}', retry start on current node. Tried nodes: {}",
                            failed.join(", ")
                        ),
                    );
                }
                let node_state = self.ns.get_node_state(&node).to_string();
                if let Some(sd) = self.ss.get_mut(sid) {
                    if sd.maintenance_node.as_deref() == Some(sd.node.as_str())
                        && node_state == "online"
                    {
                        env.log(
                            "info",
                            &format!("service '{sid}': clearing stale maintenance node '{}' setting (is current node)", sd.node),
                        );
                        sd.maintenance_node = None;
                    }
                    // restart it if it went down unexpectedly, without losing an LRM result
                    if lrm_res.is_some() {
                        sd.uid = Some(compute_new_uuid(&sd.state));
                    }
                }
            }
        }
        Ok(())
    }
}

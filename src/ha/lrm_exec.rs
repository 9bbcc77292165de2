//! Resource commands of the LRM, from pve-ha-manager src/PVE/HA/LRM.pm: `manage_resources`,
//! `queue_resource_command`, `run_workers` (inline, as with `get_max_workers() == 0` in the
//! regression tests), `resource_command_finished`, `handle_service_exitcode` and
//! `exec_resource_agent`.

use std::collections::BTreeSet;

use super::env::Env;
use super::lrm::{Lrm, Worker};
use super::types::{LrmResult, ServiceConf, exit};

impl Lrm {
    pub fn manage_resources(&mut self, env: &mut dyn Env) -> usize {
        let nodename = env.nodename();
        let ss = self.service_status.clone();
        self.restart_tries.retain(|sid, _| ss.contains_key(sid));
        for (sid, sd) in &ss {
            let Some(uid) = &sd.uid else { continue };
            if sd.node != nodename || sd.state.is_empty() {
                continue;
            }
            // recovery/freeze are the master's business; request_start is only an
            // intermediate step for better node selection
            if matches!(sd.state.as_str(), "recovery" | "freeze" | "request_start") {
                continue;
            }
            self.queue_resource_command(
                sid,
                Some(uid.clone()),
                &sd.state,
                sd.target.clone(),
                sd.timeout,
            );
        }
        self.run_workers(env)
    }

    pub fn queue_resource_command(
        &mut self,
        sid: &str,
        uid: Option<String>,
        state: &str,
        target: Option<String>,
        timeout: Option<i64>,
    ) {
        // never queue the same command twice, except 'stopped' which always runs
        if state != "stopped" && uid.as_ref().is_some_and(|u| self.results.contains_key(u)) {
            return;
        }
        self.workers.insert(
            sid.to_string(),
            Worker {
                sid: sid.to_string(),
                uid,
                state: state.to_string(),
                start_tries: 0,
                target,
                timeout,
            },
        );
    }

    /// Run every queued worker once; returns how many are left.
    pub fn run_workers(&mut self, env: &mut dyn Env) -> usize {
        let sc = env.read_service_config().unwrap_or_default();
        let mut order: Vec<(i64, String)> = self
            .workers
            .values()
            .map(|w| (w.start_tries, w.sid.clone()))
            .collect();
        order.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (_, sid) in order {
            let Some(w) = self.workers.get_mut(&sid) else {
                continue;
            };
            w.start_tries += 1;
            let w = w.clone();
            let status = match self.exec_resource_agent(env, &sid, sc.get(&sid), &w) {
                Ok(res) if res > 0 => res << 8,
                Ok(res) => res,
                Err(e) => {
                    env.log("err", &e);
                    -1
                }
            };
            if let Some(uid) = &w.uid {
                self.resource_command_finished(env, &sid, uid, status);
            } else {
                self.stop_command_finished(env, &sid, status);
            }
        }
        self.workers.len()
    }

    fn exit_code_of(env: &mut dyn Env, sid: &str, status: i64) -> i64 {
        if status == -1 {
            env.log(
                "err",
                &format!("resource agent {sid} finished - failed to execute"),
            );
            -1
        } else if status & 127 != 0 {
            env.log(
                "err",
                &format!(
                    "resource agent {sid} finished - got signal {}",
                    status & 127
                ),
            );
            -1
        } else {
            status >> 8
        }
    }

    fn stop_command_finished(&mut self, env: &mut dyn Env, sid: &str, status: i64) {
        if self.workers.remove(sid).is_none() {
            return;
        }
        if Self::exit_code_of(env, sid, status) != 0 {
            self.shutdown_errors += 1;
        }
    }

    fn resource_command_finished(&mut self, env: &mut dyn Env, sid: &str, uid: &str, status: i64) {
        let Some(w) = self.workers.remove(sid) else {
            return;
        };
        let code = Self::exit_code_of(env, sid, status);
        let code = self.handle_service_exitcode(env, sid, &w.state, code);
        if code == exit::ETRY_AGAIN {
            return;
        }
        self.results.insert(
            uid.to_string(),
            LrmResult {
                sid: w.sid.clone(),
                state: w.state.clone(),
                exit_code: code,
            },
        );
        let valid: BTreeSet<&String> = self
            .service_status
            .values()
            .filter_map(|sd| sd.uid.as_ref())
            .collect();
        self.results.retain(|id, _| valid.contains(id));
    }

    /// Apply the restart policy (`max_restart`) to a failed start.
    fn handle_service_exitcode(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        cmd: &str,
        code: i64,
    ) -> i64 {
        let max_restart = env
            .read_service_config()
            .ok()
            .and_then(|sc| sc.get(sid).map(|c| c.max_restart))
            .unwrap_or(0);
        if cmd != "started" {
            return code;
        }
        if code == exit::SUCCESS {
            self.restart_tries.insert(sid.to_string(), 0);
            return code;
        }
        if code == exit::ERROR {
            let tries = self.restart_tries.entry(sid.to_string()).or_insert(0);
            if *tries >= max_restart {
                env.log(
                    "err",
                    &format!("unable to start service {sid} on local node after {tries} retries"),
                );
                *tries = 0;
                return exit::ERROR;
            }
            *tries += 1;
            env.log(
                "warning",
                &format!("restart policy: retry number {tries} for service '{sid}'"),
            );
            return exit::ETRY_AGAIN;
        }
        code
    }

    fn exec_resource_agent(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        cd: Option<&ServiceConf>,
        w: &Worker,
    ) -> Result<i64, String> {
        let nodename = env.nodename();
        let kind = sid.split(':').next().unwrap_or_default();
        if !matches!(kind, "vm" | "ct" | "fa") {
            env.log("err", &format!("service type '{kind}' not implemented"));
            return Ok(exit::EUNKNOWN_SERVICE_TYPE);
        }
        let Some(cd) = cd else {
            env.log(
                "err",
                &format!("missing resource configuration for '{sid}'"),
            );
            return Ok(exit::EUNKNOWN_SERVICE);
        };
        let cmd = w.state.as_str();
        if cmd == "error" {
            env.log(
                "err",
                &format!("service {sid} is in an error state and needs manual intervention. Look up 'ERROR RECOVERY' in the documentation."),
            );
            return Ok(exit::SUCCESS);
        }
        if cd.node != nodename {
            env.log("err", &format!("service '{sid}' not on this node"));
            return Ok(exit::EWRONG_NODE);
        }
        let running = env.resource_check_running(sid);
        match cmd {
            "started" => {
                if running {
                    return Ok(exit::SUCCESS);
                }
                env.log("info", &format!("starting service {sid}"));
                env.resource_start(sid)?;
                if env.resource_check_running(sid) {
                    env.log("info", &format!("service status {sid} started"));
                    Ok(exit::SUCCESS)
                } else {
                    env.log("warning", &format!("unable to start service {sid}"));
                    Ok(exit::ERROR)
                }
            }
            "request_stop" | "stopped" => {
                if !running {
                    return Ok(exit::SUCCESS);
                }
                match w.timeout {
                    Some(t) => env.log("info", &format!("stopping service {sid} (timeout={t})")),
                    None => env.log("info", &format!("stopping service {sid}")),
                }
                env.resource_shutdown(sid, w.timeout)?;
                if !env.resource_check_running(sid) {
                    env.log("info", &format!("service status {sid} stopped"));
                    Ok(exit::SUCCESS)
                } else {
                    env.log(
                        "info",
                        &format!("unable to stop service {sid} (still running)"),
                    );
                    Ok(exit::ERROR)
                }
            }
            "migrate" | "relocate" | "request_start_balance" => {
                let Some(target) = &w.target else {
                    return Err(format!("{cmd} '{sid}' failed - missing target\n"));
                };
                if cd.node == *target {
                    return Ok(exit::SUCCESS);
                }
                if cmd == "request_start_balance" && running {
                    env.log(
                        "info",
                        &format!("ignoring rebalance-on-start for service {sid} - already running"),
                    );
                    return Ok(exit::IGNORED);
                }
                if !env.resource_migrate(sid, target, cmd == "migrate")? {
                    env.log("err", &format!("service {sid} not moved (migration error)"));
                    return Ok(exit::ERROR);
                }
                Ok(exit::SUCCESS)
            }
            _ => {
                env.log("err", &format!("implement me (cmd '{cmd}')"));
                Ok(exit::EUNKNOWN_COMMAND)
            }
        }
    }
}

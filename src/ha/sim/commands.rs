//! The simulator's commands, `PVE::HA::Sim::Hardware::sim_hardware_cmd`:
//! `power|network <node> on|off`, `cfs <node> rw|update work|fail`, `reboot|shutdown
//! <node>`, `restart-lrm <node>`, `crm <node> stop|start|enable-node-maintenance|
//! disable-node-maintenance|disarm-ha <mode>|arm-ha`, `pve-manager-version <node> set <v>`
//! and `service <sid> started|stopped|disabled|ignored|migrate|relocate|stop|add|delete|
//! lock|unlock|manual-migrate|set-static-stats|set-dynamic-stats …`.

use super::super::crm::Crm;
use super::super::env::Env;
use super::super::lrm::Lrm;
use super::super::types::ServiceConf;
use super::Sim;
use super::env::SimEnv;

const MIB: f64 = 1024.0 * 1024.0;

impl Sim {
    fn queue(&mut self, cmd: &str) {
        self.hw.crm_commands.push_str(cmd);
        self.hw.crm_commands.push('\n');
    }

    pub fn sim_hardware_cmd(&mut self, cmdstr: &str, logid: &str) -> Result<(), String> {
        let parts: Vec<&str> = cmdstr.split_whitespace().collect();
        let (Some(cmd), Some(objid)) = (parts.first().copied(), parts.get(1).copied()) else {
            return Err("sim_hardware_cmd: no node or service for command specified".into());
        };
        let action = parts.get(2).copied().unwrap_or_default();
        let params: Vec<&str> = parts.iter().skip(3).copied().collect();
        let param = params.first().copied();

        if cmd == "service" {
            if !objid.contains(':') {
                return Err(format!("invalid HA resource ID '{objid}'"));
            }
            self.hw.log("info", &format!("execute {cmdstr}"), logid);
            return self.service_cmd(objid, action, &params);
        }
        let node = objid.to_string();
        if !self.nodes.contains_key(&node) {
            return Err(format!("sim_hardware_cmd: no such node '{node}'\n"));
        }
        self.hw.log("info", &format!("execute {cmdstr}"), logid);
        let (Some(d), Some(hwn)) = (self.nodes.get_mut(&node), self.hw.nodes.get(&node).cloned())
        else {
            return Err(format!("sim_hardware_cmd: no such node '{node}'\n"));
        };
        match cmd {
            "power" => {
                let on = match action {
                    "on" => true,
                    "off" => false,
                    _ => return Err(format!("sim_hardware_cmd: unknown action '{action}'\n")),
                };
                if hwn.power != on {
                    if on {
                        if d.crm.is_none() {
                            let mut env = SimEnv {
                                hw: &mut self.hw,
                                st: &mut d.crm_env,
                            };
                            d.crm = Some(Crm::new(&mut env)?);
                        }
                        if d.lrm.is_none() {
                            let mut env = SimEnv {
                                hw: &mut self.hw,
                                st: &mut d.lrm_env,
                            };
                            d.lrm = Some(Lrm::new(&mut env, self.wrote_lrm_status.clone()));
                        }
                        d.lrm_restart = false;
                        if let Some(n) = self.hw.nodes.get_mut(&node) {
                            n.cfs_rw = None;
                            n.cfs_update = None;
                        }
                    } else {
                        if d.crm.take().is_some() {
                            SimEnv {
                                hw: &mut self.hw,
                                st: &mut d.crm_env,
                            }
                            .log("info", "killed by poweroff");
                        }
                        if d.lrm.take().is_some() {
                            SimEnv {
                                hw: &mut self.hw,
                                st: &mut d.lrm_env,
                            }
                            .log("info", "killed by poweroff");
                            d.lrm_restart = false;
                        }
                        self.hw.watchdog_reset(&node);
                        self.hw
                            .service_status
                            .insert(node.clone(), Default::default());
                    }
                }
                if let Some(n) = self.hw.nodes.get_mut(&node) {
                    n.power = on;
                    n.network = on;
                    n.shutdown = None;
                }
            }
            "network" => {
                let on = match action {
                    "on" => true,
                    "off" => false,
                    _ => {
                        return Err(format!(
                            "sim_hardware_cmd: unknown network action '{action}'"
                        ));
                    }
                };
                if let Some(n) = self.hw.nodes.get_mut(&node) {
                    n.network = on;
                }
            }
            "pve-manager-version" => {
                if action != "set" {
                    return Err(format!(
                        "sim_hardware_cmd: unknown version action '{action}'"
                    ));
                }
                if let Some(n) = self.hw.nodes.get_mut(&node) {
                    n.version = param.map(str::to_string);
                }
            }
            "cfs" => {
                let work = match param {
                    Some("work") => true,
                    Some("fail") => false,
                    _ => {
                        return Err(format!(
                            "sim_hardware_cmd: unknown cfs command for '{action}' on node '{node}'"
                        ));
                    }
                };
                let Some(n) = self.hw.nodes.get_mut(&node) else {
                    return Ok(());
                };
                match action {
                    "rw" => n.cfs_rw = Some(work),
                    "update" => n.cfs_update = Some(work),
                    _ => {
                        return Err(format!(
                            "sim_hardware_cmd: unknown cfs action '{action}' for node '{node}'"
                        ));
                    }
                }
            }
            "reboot" | "shutdown" => {
                if let Some(n) = self.hw.nodes.get_mut(&node) {
                    n.shutdown = Some(cmd.to_string());
                }
                if let Some(lrm) = d.lrm.as_mut() {
                    lrm.shutdown_request(&mut SimEnv {
                        hw: &mut self.hw,
                        st: &mut d.lrm_env,
                    });
                }
            }
            "restart-lrm" => {
                if let Some(lrm) = d.lrm.as_mut() {
                    d.lrm_restart = true;
                    lrm.shutdown_request(&mut SimEnv {
                        hw: &mut self.hw,
                        st: &mut d.lrm_env,
                    });
                }
            }
            "crm" => match action {
                "stop" => {
                    if let Some(crm) = d.crm.as_mut() {
                        d.crm_stop = true;
                        crm.shutdown_request(&mut SimEnv {
                            hw: &mut self.hw,
                            st: &mut d.crm_env,
                        });
                    }
                }
                "start" => {
                    if d.crm.is_none() {
                        let mut env = SimEnv {
                            hw: &mut self.hw,
                            st: &mut d.crm_env,
                        };
                        d.crm = Some(Crm::new(&mut env)?);
                    }
                }
                "enable-node-maintenance" | "disable-node-maintenance" => {
                    self.queue(&format!("{action} {node}"))
                }
                "disarm-ha" => {
                    let mode = param.unwrap_or_default();
                    if mode != "freeze" && mode != "ignore" {
                        return Err(format!(
                            "sim_hardware_cmd: unknown resource mode '{mode}'\n"
                        ));
                    }
                    self.queue(&format!("{action} {mode}"));
                }
                "arm-ha" => self.queue(action),
                _ => return Err(format!("sim_hardware_cmd: unknown action '{action}'")),
            },
            _ => return Err(format!("sim_hardware_cmd: unknown command '{cmdstr}'\n")),
        }
        Ok(())
    }

    fn service_cmd(&mut self, sid: &str, action: &str, params: &[&str]) -> Result<(), String> {
        let param = params.first().copied();
        let no_such = || format!("no such service '{sid}'");
        match action {
            "started" | "disabled" | "stopped" | "ignored" => {
                let cd = self.hw.service_config.get_mut(sid).ok_or_else(no_such)?;
                cd.state = action.to_string();
            }
            "migrate" | "relocate" => {
                let target = param.ok_or(format!(
                    "sim_hardware_cmd: missing target node for '{action}' command"
                ))?;
                self.queue(&format!("{action} {sid} {target}"));
            }
            "stop" => {
                let timeout = param.ok_or(format!(
                    "sim_hardware_cmd: missing timeout for '{action}' command"
                ))?;
                self.queue(&format!("{action} {sid} {timeout}"));
            }
            "add" => {
                if self.hw.service_config.contains_key(sid) {
                    return Err(format!("resource ID '{sid}' already defined\n"));
                }
                let node = param.unwrap_or_default().to_string();
                let state = params.get(1).copied().unwrap_or("started").to_string();
                let running = params.get(2).is_some_and(|r| *r != "0" && !r.is_empty());
                let kind = sid.split(':').next().unwrap_or_default().to_string();
                let cd = ServiceConf {
                    node: node.clone(),
                    state,
                    kind,
                    group: None,
                    failback: true,
                    max_restart: 1,
                    max_relocate: 1,
                    lock: None,
                };
                self.hw.service_config.insert(sid.to_string(), cd);
                self.hw.set_service_running(&node, sid, Some(running));
            }
            "set-static-stats" | "set-dynamic-stats" => {
                if !self.hw.service_config.contains_key(sid) {
                    return Err(no_such());
                }
                let is_static = action == "set-static-stats";
                let map = if is_static {
                    &mut self.hw.static_stats
                } else {
                    &mut self.hw.dynamic_stats
                };
                let entry = map.entry(sid.to_string()).or_insert((None, None));
                for pair in params.chunks(2) {
                    let (Some(target), Some(val)) = (pair.first(), pair.get(1)) else {
                        return Err(format!(
                            "sim_hardware_cmd: missing value for '{action}' command"
                        ));
                    };
                    let v: f64 = val.parse().map_err(|_| format!("bad value '{val}'"))?;
                    match (is_static, *target) {
                        (true, "maxcpu") | (false, "cpu") => entry.0 = Some(v),
                        (true, "maxmem") | (false, "mem") => entry.1 = Some(v * MIB),
                        _ => {
                            return Err(format!(
                                "sim_hardware_cmd: unknown target stat '{target}' for '{action}' command"
                            ));
                        }
                    }
                }
            }
            "manual-migrate" => {
                let target = param.ok_or(format!(
                    "sim_hardware_cmd: missing target node for '{action}' command"
                ))?;
                let cd = self.hw.service_config.get(sid).ok_or(format!(
                    "sim_hardware_cmd: service '{sid}' not configured\n"
                ))?;
                let ignored = cd.state == "ignored";
                let disarm_ignore = self
                    .hw
                    .manager_status
                    .disarm
                    .as_ref()
                    .is_some_and(|d| d.mode == "ignore");
                if !ignored && !disarm_ignore {
                    return Err("sim_hardware_cmd: manual-migrate requires service in 'ignored' state or disarm-ha ignore mode\n".into());
                }
                let current = cd.node.clone();
                self.hw.change_service_location(sid, &current, target)?;
            }
            "delete" => {
                self.hw.service_config.remove(sid).ok_or_else(no_such)?;
                self.hw.static_stats.remove(sid);
            }
            "lock" => {
                let cd = self.hw.service_config.get_mut(sid).ok_or_else(no_such)?;
                cd.lock = Some(param.unwrap_or("backup").to_string());
            }
            "unlock" => {
                self.hw.unlock_service(sid, param)?;
            }
            _ => {
                return Err(format!(
                    "sim_hardware_cmd: unknown service action '{action}' - not implemented\n"
                ));
            }
        }
        Ok(())
    }
}

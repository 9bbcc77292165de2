//! The regression-test simulator, `PVE::HA::Sim::TestHardware::run` and
//! `PVE::HA::Sim::Hardware::sim_hardware_cmd` in pve-ha-manager src/PVE/HA/Sim/:
//! a virtual clock where each round runs every node's CRM then LRM (one second each),
//! checks all watchdogs after each node, and lasts at least 20 s; a new entry of the
//! command list is applied every fifth round, and the run ends 500 s after the last one.

pub mod commands;
pub mod env;
pub mod hardware;
pub mod resources;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::crm::Crm;
use super::lrm::Lrm;
use env::{EnvState, SimEnv};
use hardware::{Files, Hardware};

const MAX_SIM_TIME: i64 = 10000;

pub struct SimNode {
    pub crm: Option<Crm>,
    pub lrm: Option<Lrm>,
    pub crm_env: EnvState,
    pub lrm_env: EnvState,
    pub lrm_restart: bool,
    pub crm_stop: bool,
}

pub struct Sim {
    pub hw: Hardware,
    pub nodes: std::collections::BTreeMap<String, SimNode>,
    pub cmdlist: Vec<Vec<String>>,
    pub loop_count: u64,
    wrote_lrm_status: Arc<AtomicBool>,
}

impl Sim {
    /// Set up a scenario from its files (`cmdlist`, `hardware_status`, …).
    pub fn new(files: &Files) -> Result<Sim, String> {
        let hw = Hardware::new(files)?;
        let raw = files.get("cmdlist").ok_or("missing cmdlist")?;
        let v: serde_json::Value =
            serde_json::from_str(raw).map_err(|e| format!("bad cmdlist - {e}"))?;
        let cmdlist = v
            .as_array()
            .ok_or("bad cmdlist")?
            .iter()
            .map(|l| {
                l.as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|c| c.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        let nodes = hw
            .nodes
            .keys()
            .map(|n| {
                let node = SimNode {
                    crm: None,
                    lrm: None,
                    crm_env: EnvState::new(n, "crm"),
                    lrm_env: EnvState::new(n, "lrm"),
                    lrm_restart: false,
                    crm_stop: false,
                };
                (n.clone(), node)
            })
            .collect();
        Ok(Sim {
            hw,
            nodes,
            cmdlist,
            loop_count: 0,
            wrote_lrm_status: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Run to the end (as `pve-ha-tester` does) and return the log lines.
    pub fn run_to_end(mut self) -> Vec<String> {
        self.hw.log("info", "starting simulation", "hardware");
        match self.run() {
            Ok(()) => self.hw.log("info", "exit simulation - done", "hardware"),
            Err(e) => self
                .hw
                .log("err", &format!("exit simulation - {e} "), "hardware"),
        }
        self.hw.log
    }

    fn node_names(&self) -> Vec<String> {
        self.nodes.keys().cloned().collect()
    }

    /// What `TestHardware::run` does alike for a node's CRM and LRM: one iteration unless the
    /// round is skipped, the clock moved on to the daemon's time, and on the daemon's exit
    /// (`exit (loop end)`) its removal. Returns, when it exited, the node's pending
    /// shutdown request (`reboot`, `shutdown` or empty).
    fn step_daemon<D: Daemon>(
        &mut self,
        name: &str,
        skip: bool,
        first: bool,
        parts: fn(&mut SimNode) -> (&mut Option<D>, &mut EnvState),
    ) -> Result<Option<String>, String> {
        let Some(node) = self.nodes.get_mut(name) else {
            return Ok(None);
        };
        let (daemon, st) = parts(node);
        let Some(running) = daemon.as_mut() else {
            return Ok(None);
        };
        let mut exit = false;
        if !skip {
            let mut env = SimEnv {
                hw: &mut self.hw,
                st: &mut *st,
            };
            exit = !running.do_one_iteration(&mut env)?;
        } else if first {
            self.hw
                .log("info", &format!("skipping {} round", D::NAME), "run-loop");
        }
        self.hw.time = self.hw.time.max(st.cur_time);
        if !exit {
            return Ok(None);
        }
        SimEnv {
            hw: &mut self.hw,
            st,
        }
        .log_info("exit (loop end)");
        *daemon = None;
        let shutdown = self
            .hw
            .nodes
            .get(name)
            .and_then(|n| n.shutdown.clone())
            .unwrap_or_default();
        Ok(Some(shutdown))
    }

    fn run_crm(&mut self, name: &str, skip: bool, first: bool) -> Result<(), String> {
        let Some(shutdown) =
            self.step_daemon(name, skip, first, |n| (&mut n.crm, &mut n.crm_env))?
        else {
            return Ok(());
        };
        let crm_stop = self
            .nodes
            .get_mut(name)
            .is_some_and(|node| std::mem::take(&mut node.crm_stop));
        if shutdown == "reboot" {
            self.sim_hardware_cmd(&format!("power {name} off"), "reboot")?;
            self.sim_hardware_cmd(&format!("power {name} on"), "reboot")?;
        } else if shutdown == "shutdown" {
            self.sim_hardware_cmd(&format!("power {name} off"), "shutdown")?;
        } else if !crm_stop {
            return Err("unexpected CRM exit - not implemented".into());
        }
        Ok(())
    }

    fn run_lrm(&mut self, name: &str, skip: bool, first: bool) -> Result<(), String> {
        let Some(shutdown) =
            self.step_daemon(name, skip, first, |n| (&mut n.lrm, &mut n.lrm_env))?
        else {
            return Ok(());
        };
        let Some(node) = self.nodes.get_mut(name) else {
            return Ok(());
        };
        if node.lrm_restart {
            if !shutdown.is_empty() {
                return Err("lrm restart during shutdown - not implemented".into());
            }
            node.lrm_restart = false;
            let mut env = SimEnv {
                hw: &mut self.hw,
                st: &mut node.lrm_env,
            };
            node.lrm = Some(Lrm::new(&mut env, self.wrote_lrm_status.clone()));
        } else if shutdown == "reboot" || shutdown == "shutdown" {
            // the LRM exits before the CRM, as on real nodes
            self.sim_hardware_cmd(&format!("crm {name} stop"), &shutdown)?;
        } else {
            return Err("unexpected LRM exit - not implemented".into());
        }
        Ok(())
    }

    /// `TestHardware::run`
    pub fn run(&mut self) -> Result<(), String> {
        let (mut last_command_time, mut next_cmd_at) = (0i64, 0i64);
        let (mut skip_crm, mut skip_lrm) = (0u64, 0u64);
        let mut cmds = std::mem::take(&mut self.cmdlist).into_iter();
        loop {
            let start = self.hw.time;
            let names = self.node_names();
            let looptime = (names.len() as i64 * 2).max(20);
            if looptime >= 60 {
                return Err("unable to simulate so many nodes. You need to increase watchdog/lock timeouts.\n".into());
            }
            let mut first = true;
            for name in &names {
                self.run_crm(name, skip_crm > 0, first)?;
                self.run_lrm(name, skip_lrm > 0, first)?;
                for n in &names {
                    if !self.hw.watchdog_check(n) {
                        self.sim_hardware_cmd(&format!("power {n} off"), "watchdog")?;
                        self.hw.log(
                            "info",
                            &format!("server '{n}' stopped by poweroff (watchdog)"),
                            "hardware",
                        );
                        if let Some(node) = self.nodes.get_mut(n) {
                            node.crm = None;
                            node.lrm = None;
                        }
                    }
                }
                first = false;
            }
            skip_crm = skip_crm.saturating_sub(1);
            skip_lrm = skip_lrm.saturating_sub(1);
            if self.hw.time - start < looptime {
                self.hw.time = start + looptime;
            }
            if self.hw.time > MAX_SIM_TIME {
                return Err(format!(
                    "simulation exceeded maximum time ({MAX_SIM_TIME}) - force end\n"
                ));
            }
            let now = self.hw.time;
            for node in self.nodes.values_mut() {
                // forced time update
                node.lrm_env.cur_time = now;
                node.lrm_env.loop_delay = 0;
                node.crm_env.cur_time = now;
                node.crm_env.loop_delay = 0;
            }
            if self.hw.time < next_cmd_at {
                continue;
            }
            if self.loop_count % 5 == 0 {
                let list = cmds.next();
                if list.is_none() && self.hw.time - last_command_time > 500 {
                    return Ok(());
                }
                for cmd in list.unwrap_or_default() {
                    last_command_time = self.hw.time;
                    let parts: Vec<&str> = cmd.split_whitespace().collect();
                    match parts.as_slice() {
                        ["delay", secs] => {
                            self.hw.log("info", &format!("execute {cmd}"), "cmdlist");
                            next_cmd_at =
                                self.hw.time + secs.parse::<i64>().map_err(|e| e.to_string())?;
                        }
                        ["skip-round", what @ ("crm" | "lrm"), rest @ ..] => {
                            self.hw.log("info", &format!("execute {cmd}"), "cmdlist");
                            let rounds: u64 =
                                rest.first().and_then(|r| r.parse().ok()).unwrap_or(1);
                            if *what == "crm" {
                                skip_crm += rounds;
                            } else {
                                skip_lrm += rounds;
                            }
                        }
                        _ => self.sim_hardware_cmd(&cmd, "cmdlist")?,
                    }
                }
            }
            self.loop_count += 1;
        }
    }
}

/// The CRM and the LRM as the run loop drives them.
trait Daemon {
    /// `CRM` or `LRM`, as the run loop's log names them.
    const NAME: &'static str;
    fn do_one_iteration(&mut self, env: &mut dyn super::env::Env) -> Result<bool, String>;
}

impl Daemon for Crm {
    const NAME: &'static str = "CRM";
    fn do_one_iteration(&mut self, env: &mut dyn super::env::Env) -> Result<bool, String> {
        Crm::do_one_iteration(self, env)
    }
}

impl Daemon for Lrm {
    const NAME: &'static str = "LRM";
    fn do_one_iteration(&mut self, env: &mut dyn super::env::Env) -> Result<bool, String> {
        Lrm::do_one_iteration(self, env)
    }
}

impl SimEnv<'_> {
    fn log_info(&mut self, msg: &str) {
        use super::env::Env;
        self.log("info", msg);
    }
}

//! The simulated cluster's shared state, `PVE::HA::Sim::Hardware` in pve-ha-manager
//! src/PVE/HA/Sim/Hardware.pm: node power/network/cfs state, the files in pmxcfs
//! (manager and LRM status, resources, rules, groups, CRM command queue), cluster locks
//! and watchdogs, and which services run where.

use std::collections::BTreeMap;

use serde_json::Value;

use super::super::groups::Groups;
use super::super::rules::Rules;
use super::super::types::{
    DatacenterSettings, Disarm, LrmStatus, ManagerStatus, NodeRequest, ServiceConf, ServiceConfig,
    ServiceData,
};

/// Seconds without update after which a watchdog fires.
pub const WATCHDOG_TIMEOUT: i64 = 60;
/// pmxcfs lock lifetime.
pub const LOCK_TIMEOUT: i64 = 120;

const DEFAULT_SERVICE_CPU: f64 = 2.0;
const DEFAULT_SERVICE_MAXCPU: f64 = 4.0;
const MIB: f64 = 1024.0 * 1024.0;

#[derive(Clone, Debug, Default)]
pub struct NodeHw {
    pub power: bool,
    pub network: bool,
    /// `shutdown` or `reboot` while the node goes down.
    pub shutdown: Option<String>,
    pub cfs_rw: Option<bool>,
    pub cfs_update: Option<bool>,
    pub maxcpu: Option<f64>,
    pub maxmem: Option<f64>,
    pub version: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Watchdog {
    pub node: String,
    pub update_time: i64,
}

/// The open watchdog `handle`, unless it expired by `now` (what update and close check first).
fn live_watchdog<'a>(
    watchdogs: &'a mut BTreeMap<String, Watchdog>,
    handle: &str,
    now: i64,
) -> Result<&'a mut Watchdog, String> {
    let wd = watchdogs
        .get_mut(handle)
        .ok_or_else(|| format!("no such watchdog handle '{handle}'\n"))?;
    if now - wd.update_time > WATCHDOG_TIMEOUT {
        return Err("watchdog expired".into());
    }
    Ok(wd)
}

/// `Sim::Hardware::watchdog_update` on the open handles at time `now`.
pub fn watchdog_update(
    watchdogs: &mut BTreeMap<String, Watchdog>,
    handle: &str,
    now: i64,
) -> Result<(), String> {
    live_watchdog(watchdogs, handle, now)?.update_time = now;
    Ok(())
}

/// `Sim::Hardware::watchdog_close` on the open handles at time `now`.
pub fn watchdog_close(
    watchdogs: &mut BTreeMap<String, Watchdog>,
    handle: &str,
    now: i64,
) -> Result<(), String> {
    live_watchdog(watchdogs, handle, now)?;
    watchdogs.remove(handle);
    Ok(())
}

/// `Sim::Hardware::watchdog_check` on the open handles at time `now`: false if one of
/// `node`'s expired (it is dropped).
pub fn watchdog_check(watchdogs: &mut BTreeMap<String, Watchdog>, node: &str, now: i64) -> bool {
    let before = watchdogs.len();
    watchdogs.retain(|_, wd| wd.node != node || now - wd.update_time <= WATCHDOG_TIMEOUT);
    before == watchdogs.len()
}

#[derive(Default)]
pub struct Hardware {
    pub time: i64,
    pub nodes: BTreeMap<String, NodeHw>,
    pub service_config: ServiceConfig,
    /// node => sid => running, as written by the simulated resources.
    pub service_status: BTreeMap<String, BTreeMap<String, bool>>,
    pub manager_status: ManagerStatus,
    pub lrm_status: BTreeMap<String, LrmStatus>,
    pub crm_commands: String,
    /// lock name => (node, time).
    pub cluster_locks: BTreeMap<String, (String, i64)>,
    pub watchdogs: BTreeMap<String, Watchdog>,
    pub wd_counter: u64,
    pub rules: Rules,
    pub rules_writes: u64,
    pub groups_raw: String,
    pub datacenter: DatacenterSettings,
    /// sid => (maxcpu, maxmem)
    pub static_stats: BTreeMap<String, (Option<f64>, Option<f64>)>,
    /// sid => (cpu, mem)
    pub dynamic_stats: BTreeMap<String, (Option<f64>, Option<f64>)>,
    /// The failing test resource's per-process try counters (`fa:` ids).
    pub fail_start_tries: BTreeMap<String, i64>,
    pub fail_migrate_tries: BTreeMap<String, i64>,
    pub log: Vec<String>,
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn int(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty() && s != "0",
        _ => false,
    }
}

fn s(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parse a `manager_status` JSON document.
pub fn parse_manager_status(v: &Value) -> ManagerStatus {
    let mut ms = ManagerStatus {
        master_node: v.get("master_node").and_then(s),
        ..Default::default()
    };
    if let Some(o) = v.get("node_status").and_then(Value::as_object) {
        ms.node_status = o
            .iter()
            .filter_map(|(k, v)| s(v).map(|s| (k.clone(), s)))
            .collect();
    }
    if let Some(o) = v.get("service_status").and_then(Value::as_object) {
        for (sid, d) in o {
            let sd = ServiceData {
                state: d.get("state").and_then(s).unwrap_or_default(),
                node: d.get("node").and_then(s).unwrap_or_default(),
                target: d.get("target").and_then(s),
                timeout: d.get("timeout").and_then(int),
                uid: d.get("uid").and_then(s),
                failed_nodes: d
                    .get("failed_nodes")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(s).collect()),
                maintenance_node: d.get("maintenance_node").and_then(s),
                cmd: d
                    .get("cmd")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(s).collect()),
                running: d.get("running").is_some_and(truthy),
            };
            ms.service_status.insert(sid.clone(), sd);
        }
    }
    if let Some(o) = v.get("node_request").and_then(Value::as_object) {
        let nr = o
            .iter()
            .map(|(n, r)| {
                (
                    n.clone(),
                    NodeRequest {
                        maintenance: r.get("maintenance").is_some_and(truthy),
                    },
                )
            })
            .collect();
        ms.node_request = Some(nr);
    }
    if let Some(d) = v.get("disarm")
        && let (Some(mode), Some(state)) = (d.get("mode").and_then(s), d.get("state").and_then(s))
    {
        ms.disarm = Some(Disarm { mode, state });
    }
    ms.timestamp = v.get("timestamp").and_then(Value::as_i64).unwrap_or(0);
    ms
}

/// Parse `service_config`, applying the simulator's defaults.
pub fn parse_service_config(v: &Value) -> Result<ServiceConfig, String> {
    let mut sc = ServiceConfig::new();
    let Some(o) = v.as_object() else {
        return Ok(sc);
    };
    for (sid, d) in o {
        let node = d
            .get("node")
            .and_then(s)
            .ok_or_else(|| format!("service '{sid}' without assigned node!"))?;
        let (kind, _) = sid.split_once(':').ok_or("implement me")?;
        let mut state = d
            .get("state")
            .and_then(s)
            .unwrap_or_else(|| "disabled".into());
        if state == "enabled" {
            state = "started".into();
        }
        let failback = d.get("failback").is_none_or(truthy);
        sc.insert(
            sid.clone(),
            ServiceConf {
                node,
                state,
                kind: kind.to_string(),
                group: d.get("group").and_then(s),
                failback,
                max_restart: d.get("max_restart").and_then(int).unwrap_or(1),
                max_relocate: d.get("max_relocate").and_then(int).unwrap_or(1),
                lock: d.get("lock").and_then(s),
            },
        );
    }
    Ok(sc)
}

pub fn parse_datacenter(v: &Value) -> DatacenterSettings {
    let ha = v.get("ha").cloned().unwrap_or(Value::Null);
    let crs = v.get("crs").cloned().unwrap_or(Value::Null);
    DatacenterSettings {
        shutdown_policy: ha.get("shutdown_policy").and_then(s),
        crs_ha: crs.get("ha").and_then(s),
        rebalance_on_start: crs.get("ha-rebalance-on-start").is_some_and(truthy),
        auto_rebalance: crs.get("ha-auto-rebalance").is_some_and(truthy),
        auto_rebalance_threshold: crs.get("ha-auto-rebalance-threshold").and_then(f),
        auto_rebalance_method: crs.get("ha-auto-rebalance-method").and_then(s),
        auto_rebalance_hold_duration: crs.get("ha-auto-rebalance-hold-duration").and_then(int),
        auto_rebalance_margin: crs.get("ha-auto-rebalance-margin").and_then(f),
    }
}

fn parse_json(raw: Option<&str>) -> Result<Value, String> {
    match raw {
        Some(r) => serde_json::from_str(r).map_err(|e| format!("malformed JSON - {e}")),
        None => Ok(Value::Null),
    }
}

/// The scenario's input files, by upstream file name.
pub type Files = BTreeMap<String, String>;

impl Hardware {
    /// `PVE::HA::Sim::Hardware::new`: load a scenario directory's files.
    pub fn new(files: &Files) -> Result<Hardware, String> {
        let get = |n: &str| files.get(n).map(String::as_str);
        let mut hw = Hardware::default();
        let cstatus = parse_json(get("hardware_status"))?;
        if let Some(o) = cstatus.as_object() {
            for (node, d) in o {
                let on = |k: &str| d.get(k).and_then(Value::as_str) == Some("on");
                hw.nodes.insert(
                    node.clone(),
                    NodeHw {
                        power: on("power"),
                        network: on("network"),
                        maxcpu: d.get("maxcpu").and_then(f),
                        maxmem: d.get("maxmem").and_then(f),
                        version: d.get("pve-manager-version").and_then(s),
                        ..Default::default()
                    },
                );
            }
        }
        hw.manager_status = parse_manager_status(&parse_json(get("manager_status"))?);
        hw.service_config = parse_service_config(&parse_json(get("service_config"))?)?;
        hw.rules = Rules::parse(get("rules_config").unwrap_or_default());
        hw.groups_raw = get("groups").unwrap_or_default().to_string();
        hw.datacenter = parse_datacenter(&parse_json(get("datacenter.cfg"))?);

        match get("static_service_stats") {
            Some(raw) => {
                let v = parse_json(Some(raw))?;
                for (sid, d) in v.as_object().into_iter().flatten() {
                    hw.static_stats.insert(
                        sid.clone(),
                        (d.get("maxcpu").and_then(f), d.get("maxmem").and_then(f)),
                    );
                }
            }
            None => {
                for sid in hw.service_config.keys() {
                    hw.static_stats.insert(
                        sid.clone(),
                        (Some(DEFAULT_SERVICE_MAXCPU), Some(4096.0 * MIB)),
                    );
                }
            }
        }
        match get("dynamic_service_stats") {
            Some(raw) => {
                let v = parse_json(Some(raw))?;
                for (sid, d) in v.as_object().into_iter().flatten() {
                    hw.dynamic_stats.insert(
                        sid.clone(),
                        (d.get("cpu").and_then(f), d.get("mem").and_then(f)),
                    );
                }
            }
            None => {
                for sid in hw.static_stats.keys() {
                    hw.dynamic_stats
                        .insert(sid.clone(), (Some(DEFAULT_SERVICE_CPU), Some(2048.0 * MIB)));
                }
            }
        }
        for node in hw.nodes.keys() {
            let mut st = BTreeMap::new();
            if let Some(raw) = get(&format!("service_status_{node}")) {
                for (sid, v) in parse_json(Some(raw))?.as_object().into_iter().flatten() {
                    st.insert(sid.clone(), truthy(v));
                }
            }
            hw.service_status.insert(node.clone(), st);
        }
        Ok(hw)
    }

    pub fn log(&mut self, level: &str, msg: &str, id: &str) {
        let line = format!(
            "{level:<5} {:>5} {id:>12}: {}",
            self.time,
            msg.trim_end_matches('\n')
        );
        self.log.push(line);
    }

    pub fn read_groups(&self) -> Groups {
        Groups::parse(&self.groups_raw)
    }

    /// `get_node_info` (`compute_node_info`): a node is online if powered with network,
    /// all are offline without quorum.
    pub fn get_node_info(&self) -> (BTreeMap<String, bool>, bool) {
        let mut info: BTreeMap<String, bool> = self
            .nodes
            .iter()
            .map(|(n, d)| (n.clone(), d.power && d.network))
            .collect();
        let online = info.values().filter(|o| **o).count();
        let quorate = online > self.nodes.len() / 2;
        if !quorate {
            info.values_mut().for_each(|o| *o = false);
        }
        (info, quorate)
    }

    /// `get_cfs_state`: unset means working.
    pub fn cfs_state(&self, node: &str, what: &str) -> bool {
        let Some(d) = self.nodes.get(node) else {
            return true;
        };
        let v = if what == "rw" { d.cfs_rw } else { d.cfs_update };
        v.unwrap_or(true)
    }

    pub fn watchdog_reset(&mut self, node: &str) {
        self.watchdogs.retain(|_, wd| wd.node != node);
    }

    /// `watchdog_check`: false if one of the node's watchdogs expired (it is removed).
    pub fn watchdog_check(&mut self, node: &str) -> bool {
        watchdog_check(&mut self.watchdogs, node, self.time)
    }

    pub fn change_service_location(
        &mut self,
        sid: &str,
        current: &str,
        new: &str,
    ) -> Result<(), String> {
        let cd = self
            .service_config
            .get_mut(sid)
            .ok_or_else(|| format!("no such service '{sid}'\n"))?;
        if cd.node != current {
            return Err(format!(
                "current_node for '{sid}' does not match ({current} != {})\n",
                cd.node
            ));
        }
        cd.node = new.to_string();
        Ok(())
    }

    pub fn unlock_service(
        &mut self,
        sid: &str,
        lock: Option<&str>,
    ) -> Result<Option<String>, String> {
        let cd = self
            .service_config
            .get_mut(sid)
            .ok_or_else(|| format!("no such service '{sid}'\n"))?;
        let Some(cur) = cd.lock.clone() else {
            return Ok(None);
        };
        if lock.is_some_and(|l| l != cur) {
            return Ok(None);
        }
        cd.lock = None;
        Ok(Some(cur))
    }

    pub fn service_running(&self, node: &str, sid: &str) -> bool {
        self.service_status
            .get(node)
            .and_then(|m| m.get(sid))
            .copied()
            .unwrap_or(false)
    }

    pub fn set_service_running(&mut self, node: &str, sid: &str, running: Option<bool>) {
        let m = self.service_status.entry(node.to_string()).or_default();
        match running {
            Some(r) => m.insert(sid.to_string(), r),
            None => m.remove(sid),
        };
    }
}

//! The active CRM's manager, `PVE::HA::Manager` in pve-ha-manager src/PVE/HA/Manager.pm:
//! `new`, `update_crs_scheduler_mode`, `flush_master_status`,
//! `recompute_online_node_usage`, `change_service_state`, `read_lrm_status` and `manage`.
//! The per-state functions are in `manager_fsm`/`manager_started`, node selection in
//! `select`, CRM commands and the group migration in `manager_cmds`, disarming in
//! `manager_disarm`, rebalancing in `manager_balance`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};

use super::env::Env;
use super::groups::{self, Groups};
use super::node_status::NodeStatus;
use super::rules::CompiledRules;
use super::types::{Disarm, LrmResult, NodeRequest, ServiceConf, ServiceData};
use super::usage::{self, BasicUsage, Usage};
use super::usage_static;

#[derive(Clone, Debug, Default)]
pub struct AutoRebalance {
    pub enable: bool,
    pub threshold: f64,
    pub method: String,
    pub hold_duration: i64,
    pub margin: f64,
}

#[derive(Clone, Debug, Default)]
pub struct Crs {
    pub rebalance_on_request_start: bool,
    pub auto_rebalance: AutoRebalance,
    pub scheduler: Option<String>,
}

pub struct Manager {
    pub crs: Crs,
    pub last_rules_digest: String,
    pub last_groups_digest: String,
    pub sustained_imbalance_round: i64,
    pub group_migration_round: i64,
    pub ns: NodeStatus,
    pub ss: BTreeMap<String, ServiceData>,
    pub master_node: String,
    pub node_request: Option<BTreeMap<String, NodeRequest>>,
    pub disarm: Option<Disarm>,
    pub compiled_rules: Option<CompiledRules>,
    pub online_node_usage: Box<dyn Usage>,
    pub groups: Groups,
    pub all_lrms_disarmed: bool,
}

/// LRM results by uid.
pub type LrmResults = BTreeMap<String, LrmResult>;
/// LRM mode by node.
pub type LrmModes = BTreeMap<String, String>;

static UID_COUNTER: AtomicU64 = AtomicU64::new(0);

/// `compute_new_uuid`: any process-unique id does; upstream hashes state, pid and time.
pub fn compute_new_uuid(state: &str) -> String {
    let n = UID_COUNTER.fetch_add(1, Ordering::Relaxed) + 1;
    format!("{state}-{n}")
}

const VALID_SERVICE_STATES: &[&str] = &[
    "stopped",
    "request_stop",
    "request_start",
    "request_start_balance",
    "started",
    "fence",
    "recovery",
    "migrate",
    "relocate",
    "freeze",
    "error",
];

/// Parameters logged and stored by `change_service_state`.
#[derive(Default)]
pub struct StateParams {
    pub node: Option<String>,
    pub target: Option<String>,
    pub timeout: Option<i64>,
}

impl StateParams {
    pub fn node(n: &str) -> Self {
        StateParams {
            node: Some(n.to_string()),
            ..Default::default()
        }
    }
    pub fn node_target(n: &str, t: &str) -> Self {
        StateParams {
            node: Some(n.to_string()),
            target: Some(t.to_string()),
            timeout: None,
        }
    }
}

impl Manager {
    pub fn new(env: &mut dyn Env) -> Result<Manager, String> {
        let old = env.read_manager_status()?;
        let mut m = Manager {
            crs: Crs::default(),
            last_rules_digest: String::new(),
            last_groups_digest: String::new(),
            sustained_imbalance_round: 0,
            group_migration_round: 3,
            ns: NodeStatus::new(old.node_status.clone()),
            ss: old.service_status.clone(),
            master_node: env.nodename(),
            node_request: old.node_request.clone(),
            disarm: old.disarm.clone(),
            compiled_rules: None,
            online_node_usage: Box::new(BasicUsage::default()),
            groups: Groups::default(),
            all_lrms_disarmed: false,
        };
        m.update_crs_scheduler_mode(env);
        Ok(m)
    }

    pub fn update_crs_scheduler_mode(&mut self, env: &mut dyn Env) {
        let dc = env.get_datacenter_settings();
        self.crs.rebalance_on_request_start = dc.rebalance_on_start;
        self.crs.auto_rebalance = AutoRebalance {
            enable: dc.auto_rebalance,
            threshold: dc.auto_rebalance_threshold.unwrap_or(0.3),
            method: dc
                .auto_rebalance_method
                .clone()
                .unwrap_or_else(|| "bruteforce".into()),
            hold_duration: dc.auto_rebalance_hold_duration.unwrap_or(3),
            margin: dc.auto_rebalance_margin.unwrap_or(0.1),
        };
        let new_mode = dc
            .crs_ha
            .clone()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "basic".into());
        match &self.crs.scheduler {
            None => {
                if new_mode != "basic" {
                    env.log("info", &format!("using scheduler mode '{new_mode}'"));
                }
            }
            Some(old) if *old == new_mode => return,
            Some(old) => env.log(
                "info",
                &format!("switching scheduler mode from '{old}' to '{new_mode}'"),
            ),
        }
        self.crs.scheduler = Some(new_mode);
    }

    pub fn flush_master_status(&mut self, env: &mut dyn Env) -> Result<(), String> {
        let ms = super::types::ManagerStatus {
            master_node: Some(self.master_node.clone()),
            node_status: self.ns.status.clone(),
            service_status: self.ss.clone(),
            node_request: self.node_request.clone(),
            disarm: self.disarm.clone(),
            timestamp: env.get_time(),
        };
        env.write_manager_status(&ms)
    }

    pub fn compiled(&self) -> CompiledRules {
        self.compiled_rules.clone().unwrap_or_default()
    }

    /// `recompute_online_node_usage`
    pub fn recompute_online_node_usage(&mut self, env: &mut dyn Env) {
        let online = self.ns.list_online_nodes();
        let mut usage: Option<Box<dyn Usage>> = None;
        let mut stats = None;
        if let Some(mode) = self.crs.scheduler.clone() {
            if mode == "static" || mode == "dynamic" {
                let res = if mode == "static" {
                    env.get_static_service_stats()
                } else {
                    env.get_dynamic_service_stats()
                };
                match res
                    .and_then(|s| usage_static::new_usage(env, &mode, &s, &online).map(|u| (u, s)))
                {
                    Ok((u, s)) => {
                        usage = Some(u);
                        stats = Some(s);
                    }
                    Err(e) => env.log(
                        "warning",
                        &format!(
                            "fallback to 'basic' scheduler mode, init for '{mode}' failed - {e}"
                        ),
                    ),
                }
            } else if mode != "basic" {
                env.log(
                    "warning",
                    &format!("got unknown scheduler mode '{mode}', using 'basic'"),
                );
            }
        }
        let (mut usage, stats) = match (usage, stats) {
            (Some(u), Some(s)) => (u, s),
            _ => {
                let mut b: Box<dyn Usage> = Box::new(BasicUsage::default());
                for n in &online {
                    let _ = b.add_node(n);
                }
                (b, env.get_basic_service_stats())
            }
        };
        for (sid, sd) in &self.ss {
            usage::add_service_usage(usage.as_mut(), env, sid, sd);
        }
        for (sid, st) in &stats {
            if self.ss.contains_key(sid) {
                continue;
            }
            let sd = ServiceData {
                state: st.state.clone(),
                node: st.node.clone(),
                running: st.running,
                ..Default::default()
            };
            usage::add_service_usage(usage.as_mut(), env, sid, &sd);
        }
        self.online_node_usage = usage;
    }

    /// `change_service_state`: reset the service data except node, failed and maintenance
    /// nodes, set the parameters, a new uid, and log the transition.
    pub fn change_service_state(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
        new_state: &str,
        p: StateParams,
    ) -> Result<(), String> {
        let Some(sd) = self.ss.get_mut(sid) else {
            return Err(format!("no such service '{sid}"));
        };
        let old_state = sd.state.clone();
        if old_state == new_state {
            return Err("no state change".into());
        }
        if !VALID_SERVICE_STATES.contains(&new_state) {
            return Err(format!("invalid CRM service state '{new_state}'\n"));
        }
        let mut new = ServiceData {
            state: new_state.to_string(),
            node: sd.node.clone(),
            failed_nodes: sd.failed_nodes.clone(),
            maintenance_node: sd.maintenance_node.clone(),
            ..Default::default()
        };
        let mut text = Vec::new();
        if let Some(n) = p.node {
            text.push(format!("node = {n}"));
            new.node = n;
        }
        if let Some(t) = p.target {
            text.push(format!("target = {t}"));
            new.target = Some(t);
        }
        if let Some(t) = p.timeout {
            text.push(format!("timeout = {t}"));
            new.timeout = Some(t);
        }
        new.uid = Some(compute_new_uuid(new_state));
        *sd = new.clone();
        env.service_changed(sid, new_state, &new.node);
        self.online_node_usage.remove_service_usage(env, sid);
        usage::add_service_usage(self.online_node_usage.as_mut(), env, sid, &new);
        let text = if text.is_empty() {
            String::new()
        } else {
            format!("  ({})", text.join(", "))
        };
        env.log(
            "info",
            &format!("service '{sid}': state changed from '{old_state}' to '{new_state}'{text}"),
        );
        Ok(())
    }

    /// `read_lrm_status`: all LRM results by uid, and each node's LRM mode.
    pub fn read_lrm_status(&self, env: &mut dyn Env) -> Result<(LrmResults, LrmModes), String> {
        let mut results = BTreeMap::new();
        let mut modes = BTreeMap::new();
        for node in self.ns.list_nodes() {
            let st = env.read_lrm_status(Some(&node))?;
            modes.insert(
                node.clone(),
                st.mode
                    .clone()
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "active".into()),
            );
            for (uid, r) in st.results {
                results.entry(uid).or_insert(r);
            }
        }
        Ok((results, modes))
    }

    /// `manage`: one round of the cluster resource manager.
    pub fn manage(&mut self, env: &mut dyn Env) -> Result<(), String> {
        let (node_info, _) = env.get_node_info();
        let has_changed_nodelist = self.ns.check_for_changed_nodelist(&node_info);
        let (lrm_results, lrm_modes) = self.read_lrm_status(env)?;
        self.ns.update(env, &node_info, &lrm_modes);

        if !self.ns.node_is_operational(&env.nodename()) {
            env.log("info", "master seems offline");
            return Ok(());
        }
        self.update_crs_scheduler_mode(env);
        self.try_persistent_group_migration(env);

        let mut sc = env.read_service_config()?;
        self.groups = env.read_group_config()?;

        if self.disarm.is_none() {
            for (sid, cd) in &sc {
                if self.ss.contains_key(sid) || cd.state == "ignored" {
                    continue;
                }
                env.log(
                    "info",
                    &format!("adding new service '{sid}' on node '{}'", cd.node),
                );
                let state = if cd.state == "started" {
                    "request_start"
                } else {
                    "request_stop"
                };
                env.service_changed(sid, state, &cd.node);
                self.ss.insert(
                    sid.clone(),
                    ServiceData {
                        state: state.into(),
                        node: cd.node.clone(),
                        uid: Some(compute_new_uuid("started")),
                        ..Default::default()
                    },
                );
            }
            let stale: Vec<String> = self
                .ss
                .keys()
                .filter(|sid| sc.get(*sid).is_none_or(|cd| cd.state == "ignored"))
                .cloned()
                .collect();
            for sid in stale {
                let reason = if sc.contains_key(&sid) {
                    "ignored state requested"
                } else {
                    "no config"
                };
                env.log(
                    "info",
                    &format!("removing stale service '{sid}' ({reason})"),
                );
                self.ss.remove(&sid);
            }
        }

        self.recompute_online_node_usage(env);

        let mut new_rules = env.read_rules_config()?;
        groups::migrate_groups_to_resources(&self.groups, &mut sc);
        if self.compiled_rules.is_none()
            || has_changed_nodelist
            || new_rules.digest != self.last_rules_digest
            || self.groups.digest != self.last_groups_digest
        {
            groups::migrate_groups_to_rules(&mut new_rules, &self.groups, &sc);
            let nodes = self.ns.list_nodes();
            for m in new_rules.transform(&nodes) {
                env.log("info", &m);
            }
            self.compiled_rules = Some(new_rules.compile(&nodes));
            self.last_rules_digest = new_rules.digest.clone();
            self.last_groups_digest = self.groups.digest.clone();
        }

        self.update_crm_commands(env)?;

        let mut deferred: Option<BTreeSet<String>> = None;
        if self.disarm.is_some() {
            deferred = self.handle_disarm(env, &lrm_modes)?;
            if deferred.is_none() {
                return Ok(());
            }
        } else {
            self.load_balance(env);
        }
        self.all_lrms_disarmed = false;

        loop {
            let mut repeat = false;
            let sids: Vec<String> = self.ss.keys().cloned().collect();
            for sid in sids {
                if deferred.as_ref().is_some_and(|d| !d.contains(&sid)) {
                    continue;
                }
                let Some(sd) = self.ss.get(&sid) else {
                    continue;
                };
                let default_cd = ServiceConf {
                    node: String::new(),
                    state: "disabled".into(),
                    kind: String::new(),
                    group: None,
                    failback: true,
                    max_restart: 1,
                    max_relocate: 1,
                    lock: None,
                };
                let cd = sc.get(&sid).cloned().unwrap_or(default_cd);
                let lrm_res = sd.uid.as_ref().and_then(|u| lrm_results.get(u)).cloned();
                let last_state = sd.state.clone();
                match last_state.as_str() {
                    "stopped" => self.next_state_stopped(env, &sid, &cd)?,
                    "started" => self.next_state_started(env, &sid, &cd, lrm_res.as_ref())?,
                    "request_start" => self.next_state_request_start(env, &sid, &cd)?,
                    "migrate" | "relocate" | "request_start_balance" => {
                        self.next_state_migrate_relocate(env, &sid, &cd, lrm_res.as_ref())?;
                    }
                    "fence" => {}
                    "recovery" => self.next_state_recovery(env, &sid, &mut sc, &cd)?,
                    "request_stop" => self.next_state_request_stop(env, &sid, lrm_res.as_ref())?,
                    "freeze" => {
                        let node = self
                            .ss
                            .get(&sid)
                            .map(|s| s.node.clone())
                            .unwrap_or_default();
                        if lrm_modes.get(&node).is_some_and(|m| m == "active") {
                            let st = if cd.state == "started" {
                                "started"
                            } else {
                                "request_stop"
                            };
                            self.change_service_state(env, &sid, st, StateParams::default())?;
                        }
                    }
                    "error" => self.next_state_error(env, &sid, &cd)?,
                    other => return Err(format!("unknown service state '{other}'")),
                }
                let Some(sd) = self.ss.get(&sid) else {
                    continue;
                };
                if lrm_modes.get(&sd.node).is_some_and(|m| m == "restart")
                    && matches!(sd.state.as_str(), "started" | "stopped" | "request_stop")
                {
                    self.change_service_state(env, &sid, "freeze", StateParams::default())?;
                }
                if self.ss.get(&sid).is_some_and(|sd| sd.state != last_state) {
                    repeat = true;
                }
            }

            // handle fencing
            let mut fenced: BTreeMap<String, bool> = BTreeMap::new();
            let sids: Vec<String> = self.ss.keys().cloned().collect();
            for sid in sids {
                let Some(sd) = self.ss.get(&sid) else {
                    continue;
                };
                if sd.state != "fence" {
                    continue;
                }
                let node = sd.node.clone();
                if !fenced.contains_key(&node) {
                    let ok = self.ns.fence_node(env, &node);
                    fenced.insert(node.clone(), ok);
                }
                if !fenced.get(&node).copied().unwrap_or(false) {
                    continue;
                }
                self.change_service_state(env, &sid, "recovery", StateParams::default())?;
                repeat = true;
            }
            for node in self.ns.list_nodes() {
                if fenced.contains_key(&node) || self.ns.get_node_state(&node) != "fence" {
                    continue;
                }
                env.log("notice", &format!("node '{node}' in fence state but no services to-fence! admin interference?!"));
                if self.ns.fence_node(env, &node) {
                    repeat = true;
                }
            }
            if !repeat {
                break;
            }
        }
        self.flush_master_status(env)
    }
}

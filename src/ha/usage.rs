//! Node usage accounting for the scheduler, `PVE::HA::Usage` and `PVE::HA::Usage::Basic`
//! (count of services per node). The `static`/`dynamic` modes live in `usage_static`.

use std::collections::{BTreeMap, BTreeSet};

use super::env::Env;
use super::types::ServiceData;

/// A resource bundle that may move, with the nodes it may move to
/// (`get_resource_migration_candidates`).
#[derive(Clone, Debug, PartialEq)]
pub struct MigrationCandidate {
    pub leader: String,
    pub nodes: Vec<String>,
    pub resources: Vec<String>,
}

/// Where a service puts load (`get_used_service_nodes`) and whether it runs there.
#[derive(Clone, Debug, PartialEq)]
pub struct UsedNodes {
    pub current: Option<String>,
    pub target: Option<String>,
    pub running: bool,
}

/// A scored balancing migration.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoredMigration {
    pub sid: String,
    pub source: String,
    pub target: String,
    pub imbalance: f64,
}

pub trait Usage: Send {
    fn add_node(&mut self, node: &str) -> Result<(), String>;
    fn list_nodes(&self) -> Vec<String>;
    fn contains_node(&self, node: &str) -> bool {
        self.list_nodes().iter().any(|n| n == node)
    }
    fn add_service(&mut self, env: &mut dyn Env, sid: &str, used: UsedNodes);
    fn remove_service_usage(&mut self, env: &mut dyn Env, sid: &str);
    fn calculate_node_imbalance(&mut self, _env: &mut dyn Env) -> f64 {
        0.0
    }
    fn score_best_balancing_migrations(
        &mut self,
        _env: &mut dyn Env,
        _candidates: &[MigrationCandidate],
        _topsis: bool,
    ) -> Vec<ScoredMigration> {
        Vec::new()
    }
    /// node => score; lower is better.
    fn score_nodes_to_start_service(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
    ) -> BTreeMap<String, f64>;
}

/// `get_used_service_nodes`: the (current, target) nodes a service puts load on.
pub fn get_used_service_nodes(
    online: &BTreeSet<String>,
    sd: &ServiceData,
) -> (Option<String>, Option<String>) {
    let state = sd.state.as_str();
    if state == "stopped" || state == "request_start" {
        return (None, None);
    }
    let mut current = None;
    if matches!(
        state,
        "started"
            | "request_stop"
            | "fence"
            | "freeze"
            | "error"
            | "recovery"
            | "migrate"
            | "relocate"
    ) && online.contains(&sd.node)
    {
        current = Some(sd.node.clone());
    }
    let mut target = None;
    if matches!(state, "migrate" | "relocate" | "request_start_balance") {
        target = sd.target.clone().filter(|t| online.contains(t));
    }
    (current, target)
}

/// `add_service_usage`
pub fn add_service_usage(usage: &mut dyn Usage, env: &mut dyn Env, sid: &str, sd: &ServiceData) {
    let online: BTreeSet<String> = usage.list_nodes().into_iter().collect();
    let (current, target) = get_used_service_nodes(&online, sd);
    let running =
        (sd.state == "started" && sd.running) || (sd.state != "started" && current.is_some());
    let used = UsedNodes {
        current,
        target,
        running,
    };
    usage.add_service(env, sid, used);
}

/// `PVE::HA::Usage::Basic`
#[derive(Default)]
pub struct BasicUsage {
    nodes: BTreeMap<String, BTreeSet<String>>,
}

impl BasicUsage {
    fn add_to_node(&mut self, env: &mut dyn Env, node: &str, sid: &str) {
        if let Some(set) = self.nodes.get_mut(node) {
            set.insert(sid.to_string());
        } else {
            env.log(
                "warning",
                &format!(
                    "unable to add service '{sid}' usage to node '{node}' - node not in usage hash"
                ),
            );
        }
    }
}

impl Usage for BasicUsage {
    fn add_node(&mut self, node: &str) -> Result<(), String> {
        self.nodes.insert(node.to_string(), BTreeSet::new());
        Ok(())
    }
    fn list_nodes(&self) -> Vec<String> {
        self.nodes.keys().cloned().collect()
    }
    fn add_service(&mut self, env: &mut dyn Env, sid: &str, used: UsedNodes) {
        let UsedNodes {
            current, target, ..
        } = used;
        if let Some(n) = current {
            self.add_to_node(env, &n, sid);
        }
        if let Some(n) = target {
            self.add_to_node(env, &n, sid);
        }
    }
    fn remove_service_usage(&mut self, _env: &mut dyn Env, sid: &str) {
        for set in self.nodes.values_mut() {
            set.remove(sid);
        }
    }
    fn score_nodes_to_start_service(
        &mut self,
        _env: &mut dyn Env,
        _sid: &str,
    ) -> BTreeMap<String, f64> {
        self.nodes
            .iter()
            .map(|(n, s)| (n.clone(), s.len() as f64))
            .collect()
    }
}

//! `select_service_node` of pve-ha-manager src/PVE/HA/Manager.pm: the node a service
//! should run on, given node affinity priorities, resource affinity, the maintenance
//! fallback node and the scheduler's scores.

use std::collections::BTreeMap;

use super::env::Env;
use super::rules::{self, CompiledRules, NodeSet};
use super::types::{ServiceConf, ServiceData};
use super::usage::Usage;

/// `select_service_node`: pick the node for `sid` given the rules, the usage scores and the
/// preference `none` (stay if possible), `best-score` or `try-next` (skip failed nodes).
#[allow(clippy::too_many_arguments)]
pub fn select_service_node(
    env: &mut dyn Env,
    compiled: &CompiledRules,
    usage: &mut dyn Usage,
    sid: &str,
    cd: &ServiceConf,
    ss: &BTreeMap<String, ServiceData>,
    preference: &str,
) -> Option<String> {
    let sd = ss.get(sid)?;
    let current = sd.node.clone();
    let online: NodeSet = usage.list_nodes().into_iter().collect();
    let (allowed, mut pri) = rules::get_node_affinity(compiled, sid, &online);
    if pri.is_empty() {
        return None;
    }
    let (mut together, separate) = rules::get_resource_affinity(compiled, sid, ss, &online);
    if preference == "none"
        && !cd.failback
        && allowed.contains(&current)
        && rules::is_allowed_on_node(&together, &separate, &current)
    {
        return Some(current);
    }
    if preference == "try-next" {
        for n in sd.failed_nodes.iter().flatten() {
            pri.remove(n);
        }
    }
    rules::apply_negative_resource_affinity(&separate, &mut pri);
    rules::apply_positive_resource_affinity(&mut together, &mut pri);
    if let Some(fb) = &sd.maintenance_node
        && pri.contains(fb)
    {
        return Some(fb.clone());
    }
    if preference == "none" && pri.contains(&current) {
        return Some(current);
    }
    let scores = usage.score_nodes_to_start_service(env, sid);
    let mut nodes: Vec<String> = pri.into_iter().collect();
    nodes.sort_by(|a, b| {
        let sa = scores.get(a).copied().unwrap_or(0.0);
        let sb = scores.get(b).copied().unwrap_or(0.0);
        sa.partial_cmp(&sb)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.cmp(b))
    });
    let found = nodes.iter().position(|n| *n == current);
    if preference == "try-next"
        && let Some(i) = found.filter(|i| i + 1 < nodes.len())
    {
        return nodes.get(i + 1).cloned();
    }
    nodes.first().cloned()
}

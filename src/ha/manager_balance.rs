//! Automatic rebalancing of the static/dynamic CRS, from pve-ha-manager
//! src/PVE/HA/Manager.pm: `get_active_stationary_resource_bundles`,
//! `get_resource_migration_candidates` and `load_balance`.

use std::collections::{BTreeMap, BTreeSet};

use super::env::Env;
use super::manager::Manager;
use super::rules::{self, CompiledRules, NodeSet};
use super::usage::MigrationCandidate;

impl Manager {
    /// `get_active_stationary_resource_bundles`: leader => members, all started on one node.
    fn get_active_stationary_resource_bundles(
        &self,
        compiled: &CompiledRules,
    ) -> BTreeMap<String, Vec<String>> {
        let mut bundles = BTreeMap::new();
        'outer: for (sid, sd) in &self.ss {
            if sd.state != "started" {
                continue;
            }
            let mut resources = vec![sid.clone()];
            let mut nodes = BTreeSet::from([sd.node.clone()]);
            let (dependent, _) = rules::get_affinitive_resources(compiled, sid);
            for csid in &dependent {
                let Some(csd) = self.ss.get(csid) else {
                    continue;
                };
                if csd.state == "migrate" || csd.state == "relocate" {
                    continue 'outer;
                }
                if csd.state != "started" {
                    continue;
                }
                nodes.insert(csd.node.clone());
                resources.push(csid.clone());
            }
            resources.sort();
            if nodes.len() > 1 {
                continue;
            }
            if let Some(leader) = resources.first().cloned() {
                bundles.insert(leader, resources);
            }
        }
        bundles
    }

    fn get_resource_migration_candidates(&self) -> Vec<MigrationCandidate> {
        let default = CompiledRules::default();
        let compiled = self.compiled_rules.as_ref().unwrap_or(&default);
        let online: NodeSet = self.online_node_usage.list_nodes().into_iter().collect();
        let mut out = Vec::new();
        for (leader, resources) in self.get_active_stationary_resource_bundles(compiled) {
            let current = self
                .ss
                .get(&leader)
                .map(|sd| sd.node.clone())
                .unwrap_or_default();
            let (_, mut targets) = rules::get_node_affinity(compiled, &leader, &online);
            let (_, separate) = rules::get_resource_affinity(compiled, &leader, &self.ss, &online);
            rules::apply_negative_resource_affinity(&separate, &mut targets);
            targets.remove(&current);
            if targets.is_empty() {
                continue;
            }
            out.push(MigrationCandidate {
                leader,
                nodes: targets.into_iter().collect(),
                resources,
            });
        }
        out
    }

    /// `load_balance`: queue one migration once the imbalance stayed above the threshold
    /// for `hold_duration` rounds.
    pub fn load_balance(&mut self, env: &mut dyn Env) {
        let opts = self.crs.auto_rebalance.clone();
        let sched = self.crs.scheduler.clone().unwrap_or_default();
        if !opts.enable
            || (sched != "static" && sched != "dynamic")
            || self.any_resource_motion_queued_or_running()
        {
            return;
        }
        let imbalance = self.online_node_usage.calculate_node_imbalance(env);
        if imbalance <= opts.threshold {
            self.sustained_imbalance_round = 0;
            return;
        }
        self.sustained_imbalance_round += 1;
        if self.sustained_imbalance_round < opts.hold_duration {
            return;
        }
        self.sustained_imbalance_round = 0;
        let candidates = self.get_resource_migration_candidates();
        let topsis = match opts.method.as_str() {
            "bruteforce" => false,
            "topsis" => true,
            _ => return,
        };
        let scored =
            self.online_node_usage
                .score_best_balancing_migrations(env, &candidates, topsis);
        let Some(best) = scored.into_iter().next() else {
            return;
        };
        let relative = (imbalance - best.imbalance) / imbalance;
        if relative < opts.margin {
            return;
        }
        let kind = best.sid.split(':').next().unwrap_or_default();
        let task = if kind == "vm" { "migrate" } else { "relocate" };
        let cmd = format!("{task} {} {}", best.sid, best.target);
        env.log(
            "info",
            &format!(
                "auto rebalance - {task} {} to {} (expected change for imbalance from {imbalance:.2} to {:.2})",
                best.sid, best.target, best.imbalance
            ),
        );
        self.queue_resource_motion(env, &cmd, task, &best.sid, &best.target);
    }
}

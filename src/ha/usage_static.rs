//! `static` and `dynamic` CRS scheduling: `PVE::HA::Usage::Static`/`Dynamic` of
//! pve-ha-manager, with what they call in proxmox-perl-rs
//! (`PVE::RS::ResourceScheduling::{Static,Dynamic}`) and the proxmox-resource-scheduling
//! crate (`Usage`, `Scheduler`, TOPSIS), all AGPL-3.0-or-later by Proxmox.
//!
//! Static mode counts every resource with its configured maxima; dynamic mode starts from
//! the nodes' measured load and adds only resources still starting.

use std::collections::{BTreeMap, BTreeSet};

use super::env::Env;
use super::types::{NodeStats, ServiceStats};
use super::usage::{MigrationCandidate, ScoredMigration, Usage, UsedNodes};
use super::usage_topsis::{alternative, imbalance, topsis_scores, truncate};

#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    cpu: f64,
    maxcpu: f64,
    mem: u64,
    maxmem: u64,
}

impl Stats {
    /// `NodeStats::add_started_resource`: a resource counts with its maxima.
    fn add_started(&mut self, r: &Stats) {
        self.cpu += if r.maxcpu == 0.0 {
            self.maxcpu
        } else {
            r.maxcpu
        };
        self.mem += r.maxmem;
    }
    fn add_running(&mut self, r: &Stats) {
        self.cpu += r.cpu;
        self.mem += r.mem;
    }
    fn remove_running(&mut self, r: &Stats) {
        self.cpu = (self.cpu - r.cpu).max(0.0);
        self.mem = self.mem.saturating_sub(r.mem);
    }
    pub fn cpu_load(&self) -> f64 {
        self.cpu / self.maxcpu
    }
    pub fn mem_load(&self) -> f64 {
        self.mem as f64 / self.maxmem as f64
    }
    pub fn load(&self) -> f64 {
        (self.cpu_load() + self.mem_load()) / 2.0
    }
}

struct Resource {
    stats: Stats,
    running: bool,
    current: String,
    target: Option<String>,
}

pub struct SchedUsage {
    dynamic: bool,
    node_stats: BTreeMap<String, NodeStats>,
    service_stats: BTreeMap<String, ServiceStats>,
    nodes: BTreeMap<String, (Stats, BTreeSet<String>)>,
    resources: BTreeMap<String, Resource>,
}

/// Build the scheduler for `mode` (`static` or `dynamic`) over the online `nodes`.
pub fn new_usage(
    env: &mut dyn Env,
    mode: &str,
    stats: &BTreeMap<String, ServiceStats>,
    nodes: &[String],
) -> Result<Box<dyn Usage>, String> {
    let dynamic = mode == "dynamic";
    let node_stats = if dynamic {
        env.get_dynamic_node_stats()
    } else {
        env.get_static_node_stats()
    }
    .map_err(|e| format!("did not get {mode} node usage information - {e}"))?;
    let mut u = SchedUsage {
        dynamic,
        node_stats,
        service_stats: stats.clone(),
        nodes: BTreeMap::new(),
        resources: BTreeMap::new(),
    };
    for n in nodes {
        u.add_node(n)?;
    }
    Ok(Box::new(u))
}

impl SchedUsage {
    fn resource_stats(&self, sid: &str) -> Result<Stats, String> {
        let mode = if self.dynamic { "dynamic" } else { "static" };
        let st = self
            .service_stats
            .get(sid)
            .ok_or_else(|| format!("did not get {mode} service usage information for '{sid}'\n"))?;
        let missing = |f: &str| format!("missing field `{f}`");
        let maxcpu = st.maxcpu.ok_or_else(|| missing("maxcpu"))?;
        let maxmem = st.maxmem.ok_or_else(|| missing("maxmem"))? as u64;
        if self.dynamic {
            let cpu = st.cpu.ok_or_else(|| missing("cpu"))?;
            let mem = st.mem.ok_or_else(|| missing("mem"))? as u64;
            Ok(Stats {
                cpu,
                maxcpu,
                mem,
                maxmem,
            })
        } else {
            Ok(Stats {
                cpu: maxcpu,
                maxcpu,
                mem: maxmem,
                maxmem,
            })
        }
    }

    /// The node view for the scheduler: static counts all resources with their maxima
    /// (`StartedResourceAggregator`); dynamic uses the measured stats, plus starting
    /// resources when placing one (`StartingAsStartedResourceAggregator`).
    fn aggregate(&self, for_start: bool) -> Vec<(String, Stats)> {
        self.nodes
            .iter()
            .map(|(n, (base, res))| {
                let mut s = *base;
                if !self.dynamic || for_start {
                    for sid in res {
                        let Some(r) = self.resources.get(sid) else {
                            continue;
                        };
                        if !self.dynamic || !r.running {
                            s.add_started(&r.stats);
                        }
                    }
                }
                (n.clone(), s)
            })
            .collect()
    }

    fn add_resource(&mut self, sid: &str, r: Resource) -> Result<(), String> {
        if self.resources.contains_key(sid) {
            return Err(format!("resource '{sid}' already exists"));
        }
        let mut nodes = vec![r.current.clone()];
        if let Some(t) = &r.target {
            if *t == r.current {
                return Err(format!(
                    "resource '{sid}' has the same current and target node"
                ));
            }
            nodes.push(t.clone());
        }
        if nodes.iter().any(|n| !self.nodes.contains_key(n)) {
            return Err(format!("nodes for resource '{sid}' do not exist"));
        }
        for n in nodes {
            if let Some((_, set)) = self.nodes.get_mut(&n) {
                set.insert(sid.to_string());
            }
        }
        self.resources.insert(sid.to_string(), r);
        Ok(())
    }

    /// `decompose_compact_migration_candidates`: (sid, source, target, bundle stats).
    fn decompose(
        &self,
        candidates: &[MigrationCandidate],
    ) -> Result<Vec<(String, String, String, Stats)>, String> {
        let mut out = Vec::new();
        for c in candidates {
            let leader = self.resources.get(&c.leader).ok_or(format!(
                "leader '{}' is not present in the cluster usage",
                c.leader
            ))?;
            if leader.target.is_some() {
                return Err(format!("leader '{}' is non-stationary", c.leader));
            }
            let mut bundle = Stats::default();
            for sid in &c.resources {
                let r = self.resources.get(sid).ok_or(format!(
                    "resource '{sid}' is not present in the cluster usage"
                ))?;
                if r.target.is_some() {
                    return Err(format!("resource '{sid}' is non-stationary"));
                }
                if r.current != leader.current {
                    return Err(format!("resource '{sid}' is on other node than leader"));
                }
                bundle = Stats {
                    cpu: bundle.cpu + r.stats.cpu,
                    maxcpu: bundle.maxcpu + r.stats.maxcpu,
                    mem: bundle.mem + r.stats.mem,
                    maxmem: bundle.maxmem + r.stats.maxmem,
                };
            }
            for t in &c.nodes {
                out.push((c.leader.clone(), leader.current.clone(), t.clone(), bundle));
            }
        }
        Ok(out)
    }

    fn moved(nodes: &[(String, Stats)], src: &str, tgt: &str, r: &Stats) -> Vec<Stats> {
        nodes
            .iter()
            .map(|(n, s)| {
                let mut s = *s;
                if n == src {
                    s.remove_running(r);
                } else if n == tgt {
                    s.add_running(r);
                }
                s
            })
            .collect()
    }

    fn score_migrations(
        &self,
        candidates: &[MigrationCandidate],
        topsis: bool,
    ) -> Result<Vec<ScoredMigration>, String> {
        let cands = self.decompose(candidates)?;
        let nodes = self.aggregate(false);
        let imb = |src: &str, tgt: &str, r: &Stats| {
            let loads: Vec<f64> = Self::moved(&nodes, src, tgt, r)
                .iter()
                .map(Stats::load)
                .collect();
            truncate(imbalance(&loads))
        };
        let mut scored: Vec<ScoredMigration> = Vec::new();
        if topsis {
            let matrix = cands
                .iter()
                .map(|(_, s, t, r)| alternative(Self::moved(&nodes, s, t, r).into_iter()))
                .collect();
            let scores = topsis_scores(matrix)?;
            let mut idx: Vec<usize> = (0..scores.len()).collect();
            idx.sort_by(|a, b| {
                let (sa, sb) = (
                    scores.get(*a).copied().unwrap_or(0.0),
                    scores.get(*b).copied().unwrap_or(0.0),
                );
                sb.total_cmp(&sa)
            });
            for i in idx {
                let Some((sid, s, t, r)) = cands.get(i) else {
                    continue;
                };
                scored.push(ScoredMigration {
                    sid: sid.clone(),
                    source: s.clone(),
                    target: t.clone(),
                    imbalance: imb(s, t, r),
                });
            }
        } else {
            for (sid, s, t, r) in &cands {
                scored.push(ScoredMigration {
                    sid: sid.clone(),
                    source: s.clone(),
                    target: t.clone(),
                    imbalance: imb(s, t, r),
                });
            }
            scored.sort_by(|a, b| {
                a.imbalance.total_cmp(&b.imbalance).then_with(|| {
                    (&a.sid, &a.source, &a.target).cmp(&(&b.sid, &b.source, &b.target))
                })
            });
        }
        Ok(scored)
    }
}

impl Usage for SchedUsage {
    fn add_node(&mut self, node: &str) -> Result<(), String> {
        let mode = if self.dynamic { "dynamic" } else { "static" };
        let st = self
            .node_stats
            .get(node)
            .ok_or_else(|| format!("did not get {mode} node usage information for '{node}'\n"))?;
        let maxcpu = st.maxcpu.ok_or_else(|| {
            format!("{mode} node usage information for '{node}' missing cpu count\n")
        })?;
        let maxmem = st.maxmem.ok_or_else(|| {
            format!("{mode} node usage information for '{node}' missing memory\n")
        })?;
        let stats = if self.dynamic {
            Stats {
                cpu: st.cpu,
                maxcpu: maxcpu.trunc(),
                mem: st.mem as u64,
                maxmem: maxmem as u64,
            }
        } else {
            Stats {
                cpu: 0.0,
                maxcpu: maxcpu.trunc(),
                mem: 0,
                maxmem: maxmem as u64,
            }
        };
        if self.nodes.contains_key(node) {
            return Err(format!(
                "initializing {mode} node usage for '{node}' failed - node '{node}' already exists"
            ));
        }
        self.nodes
            .insert(node.to_string(), (stats, BTreeSet::new()));
        Ok(())
    }
    fn list_nodes(&self) -> Vec<String> {
        self.nodes.keys().cloned().collect()
    }
    fn add_service(&mut self, env: &mut dyn Env, sid: &str, used: UsedNodes) {
        let UsedNodes {
            current,
            target,
            running,
        } = used;
        let (current, target) = match (current, target) {
            (None, None) => return,
            (None, Some(t)) => (t, None),
            (Some(c), t) => (c, t),
        };
        let res = self.resource_stats(sid).and_then(|stats| {
            self.add_resource(
                sid,
                Resource {
                    stats,
                    running,
                    current,
                    target,
                },
            )
        });
        if let Err(e) = res {
            env.log("warning", &format!("unable to add service '{sid}' - {e}"));
        }
    }
    fn remove_service_usage(&mut self, _env: &mut dyn Env, sid: &str) {
        if self.resources.remove(sid).is_some() {
            for (_, set) in self.nodes.values_mut() {
                set.remove(sid);
            }
        }
    }
    fn calculate_node_imbalance(&mut self, _env: &mut dyn Env) -> f64 {
        let loads: Vec<f64> = self
            .aggregate(false)
            .iter()
            .map(|(_, s)| s.load())
            .collect();
        imbalance(&loads)
    }
    fn score_best_balancing_migrations(
        &mut self,
        env: &mut dyn Env,
        candidates: &[MigrationCandidate],
        topsis: bool,
    ) -> Vec<ScoredMigration> {
        match self.score_migrations(candidates, topsis) {
            Ok(m) => m,
            Err(e) => {
                env.log(
                    "warning",
                    &format!("unable to score best balancing migration - {e}"),
                );
                Vec::new()
            }
        }
    }
    fn score_nodes_to_start_service(
        &mut self,
        env: &mut dyn Env,
        sid: &str,
    ) -> BTreeMap<String, f64> {
        let nodes = self.aggregate(true);
        let res = self.resource_stats(sid).and_then(|r| {
            let matrix = nodes
                .iter()
                .map(|(cand, _)| {
                    alternative(nodes.iter().map(|(n, s)| {
                        let mut s = *s;
                        if n == cand {
                            s.add_started(&r);
                        }
                        s
                    }))
                })
                .collect();
            topsis_scores(matrix)
        });
        match res {
            Ok(scores) => nodes
                .iter()
                .zip(scores)
                .map(|((n, _), s)| (n.clone(), -s))
                .collect(),
            Err(e) => {
                let mode = if self.dynamic { "dynamic" } else { "static" };
                env.log(
                    "err",
                    &format!(
                        "unable to score nodes according to {mode} usage for service '{sid}' - {e}"
                    ),
                );
                nodes.iter().map(|(n, _)| (n.clone(), 0.0)).collect()
            }
        }
    }
}

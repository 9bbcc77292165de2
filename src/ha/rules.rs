//! HA rules, `PVE::HA::Rules` with the `node-affinity` and `resource-affinity` plugins:
//! parsing the section config, `transform` (feasibility checks, merges, implied rules) and
//! `compile` into the lookups the scheduler uses (`get_node_affinity`,
//! `get_resource_affinity`, `apply_*_resource_affinity`).

use std::collections::{BTreeMap, BTreeSet};

use super::rules_checks;
use super::types::ServiceData;
use super::usage::get_used_service_nodes;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rule {
    /// `node-affinity` or `resource-affinity`.
    pub kind: String,
    pub resources: BTreeSet<String>,
    /// node-affinity: node => priority.
    pub nodes: BTreeMap<String, i64>,
    pub strict: bool,
    /// resource-affinity: `positive` or `negative`.
    pub affinity: String,
    pub disable: bool,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rules {
    pub ids: BTreeMap<String, Rule>,
    pub order: BTreeMap<String, i64>,
    /// Stands in for the config digest: the raw text (plus a write counter).
    pub digest: String,
}

/// One section of a section config: `(type, id, [(key, value)])`.
pub type Section = (String, String, Vec<(String, String)>);

/// Parse a section config.
pub fn parse_section_config(raw: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for line in raw.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            if let Some((t, id)) = line.split_once(':') {
                out.push((t.trim().to_lowercase(), id.trim().to_string(), Vec::new()));
            }
            continue;
        }
        let l = line.trim();
        let (k, v) = l.split_once([' ', '\t']).unwrap_or((l, ""));
        if let Some(last) = out.last_mut() {
            last.2.push((k.to_string(), v.trim().to_string()));
        }
    }
    out
}

fn split_list(v: &str) -> impl Iterator<Item = &str> {
    v.split([',', ';', ' ']).filter(|s| !s.is_empty())
}

impl Rules {
    pub fn parse(raw: &str) -> Rules {
        let mut rules = Rules {
            digest: raw.to_string(),
            ..Rules::default()
        };
        let mut ordinal = 0;
        for (kind, id, props) in parse_section_config(raw) {
            if kind != "node-affinity" && kind != "resource-affinity" {
                continue;
            }
            let mut r = Rule {
                kind,
                ..Rule::default()
            };
            for (k, v) in props {
                match k.as_str() {
                    "resources" => {
                        r.resources = split_list(&v)
                            .filter(|s| s.contains(':'))
                            .map(str::to_string)
                            .collect()
                    }
                    "nodes" => {
                        r.nodes = split_list(&v)
                            .filter_map(super::tools::parse_node_priority)
                            .collect();
                    }
                    "strict" => r.strict = v == "1",
                    "affinity" => r.affinity = v,
                    "disable" => r.disable = v == "1",
                    "comment" => r.comment = Some(v),
                    _ => {}
                }
            }
            ordinal += 1;
            rules.order.insert(id.clone(), ordinal);
            rules.ids.insert(id, r);
        }
        rules
    }

    /// `get_next_ordinal`: upstream takes the *lowest* ordinal plus one.
    pub fn next_ordinal(&self) -> i64 {
        self.order.values().min().copied().unwrap_or(0) + 1
    }

    /// Enabled rules of one type, by id.
    pub fn of_kind(&self, kind: &str) -> BTreeMap<String, Rule> {
        self.ids
            .iter()
            .filter(|(_, r)| r.kind == kind && !r.disable)
            .map(|(id, r)| (id.clone(), r.clone()))
            .collect()
    }

    pub fn of_affinity(&self, affinity: &str) -> BTreeMap<String, Rule> {
        let mut m = self.of_kind("resource-affinity");
        m.retain(|_, r| r.affinity == affinity);
        m
    }

    /// `transform`: drop infeasible rules (returning the log messages), then apply the
    /// merge/implication transforms.
    pub fn transform(&mut self, nodes: &[String]) -> Vec<String> {
        let errors = rules_checks::check_feasibility(self, nodes);
        for id in errors.keys() {
            self.ids.remove(id);
            self.order.remove(id);
        }
        let mut messages = Vec::new();
        for (id, by_opt) in &errors {
            for msgs in by_opt.values() {
                for m in msgs {
                    messages.push(format!("Drop rule '{id}', because {m}."));
                }
            }
        }
        rules_checks::merge_connected_positive_resource_affinity_rules(self);
        rules_checks::create_implicit_negative_resource_affinity_rules(self);
        rules_checks::create_implicit_positive_resource_affinity_node_affinity_rules(self);
        messages
    }

    /// `compile`: per-resource node affinity and positive/negative affinity sets.
    pub fn compile(&self, nodes: &[String]) -> CompiledRules {
        let mut c = CompiledRules::default();
        for r in self.of_kind("node-affinity").values() {
            let mut eff = r.nodes.clone();
            if !r.strict {
                for n in nodes {
                    eff.entry(n.clone()).or_insert(-1);
                }
            }
            for sid in &r.resources {
                c.node_affinity.insert(sid.clone(), eff.clone());
            }
        }
        for r in self.of_kind("resource-affinity").values() {
            let set = if r.affinity == "positive" {
                &mut c.positive
            } else {
                &mut c.negative
            };
            for sid in &r.resources {
                for csid in &r.resources {
                    if csid != sid {
                        set.entry(sid.clone()).or_default().insert(csid.clone());
                    }
                }
            }
        }
        c
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompiledRules {
    pub node_affinity: BTreeMap<String, BTreeMap<String, i64>>,
    pub positive: BTreeMap<String, BTreeSet<String>>,
    pub negative: BTreeMap<String, BTreeSet<String>>,
}

pub type NodeSet = BTreeSet<String>;

/// `get_node_affinity`: (allowed nodes, nodes of the highest priority), both online only.
pub fn get_node_affinity(c: &CompiledRules, sid: &str, online: &NodeSet) -> (NodeSet, NodeSet) {
    let Some(na) = c.node_affinity.get(sid) else {
        return (online.clone(), online.clone());
    };
    let mut allowed = NodeSet::new();
    let mut by_prio: BTreeMap<i64, NodeSet> = BTreeMap::new();
    for (node, prio) in na {
        if !online.contains(node) {
            continue;
        }
        allowed.insert(node.clone());
        by_prio.entry(*prio).or_default().insert(node.clone());
    }
    let preferred = by_prio
        .into_iter()
        .next_back()
        .map(|(_, s)| s)
        .unwrap_or_default();
    (allowed, preferred)
}

/// `get_affinitive_resources`: (together, separate) resource ids.
pub fn get_affinitive_resources(
    c: &CompiledRules,
    sid: &str,
) -> (BTreeSet<String>, BTreeSet<String>) {
    (
        c.positive.get(sid).cloned().unwrap_or_default(),
        c.negative.get(sid).cloned().unwrap_or_default(),
    )
}

/// `get_resource_affinity`: node => count of positive partners there, and nodes used by
/// negative partners.
pub fn get_resource_affinity(
    c: &CompiledRules,
    sid: &str,
    ss: &BTreeMap<String, ServiceData>,
    online: &NodeSet,
) -> (BTreeMap<String, i64>, NodeSet) {
    let (positive, negative) = get_affinitive_resources(c, sid);
    let mut together = BTreeMap::new();
    let mut separate = NodeSet::new();
    for csid in &positive {
        let Some(sd) = ss.get(csid) else { continue };
        let (cur, tgt) = get_used_service_nodes(online, sd);
        if let Some(n) = tgt.or(cur) {
            *together.entry(n).or_insert(0) += 1;
        }
    }
    for csid in &negative {
        let Some(sd) = ss.get(csid) else { continue };
        let (cur, tgt) = get_used_service_nodes(online, sd);
        separate.extend(cur);
        separate.extend(tgt);
    }
    (together, separate)
}

pub fn is_allowed_on_node(
    together: &BTreeMap<String, i64>,
    separate: &NodeSet,
    node: &str,
) -> bool {
    together.get(node).is_some_and(|c| *c > 0) || !separate.contains(node)
}

/// Keep only the node most positive partners are on (ties: alphabetically first).
pub fn apply_positive_resource_affinity(
    together: &mut BTreeMap<String, i64>,
    allowed: &mut NodeSet,
) {
    together.retain(|n, _| allowed.contains(n));
    let mut best: Option<(&String, i64)> = None;
    for (n, c) in together.iter() {
        if best.is_none_or(|(_, bc)| *c > bc) {
            best = Some((n, *c));
        }
    }
    let Some((majority, _)) = best else { return };
    let majority = majority.clone();
    allowed.retain(|n| *n == majority);
}

pub fn apply_negative_resource_affinity(separate: &NodeSet, allowed: &mut NodeSet) {
    allowed.retain(|n| !separate.contains(n));
}

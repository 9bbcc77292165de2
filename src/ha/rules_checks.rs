//! Rule feasibility checks and transforms: `register_check`/`register_transform` users of
//! pve-ha-manager's src/PVE/HA/Rules.pm, Rules/NodeAffinity.pm, Rules/ResourceAffinity.pm
//! and Rules/Helpers.pm (`find_disjoint_rules_resource_sets`).

use std::collections::{BTreeMap, BTreeSet};

use super::rules::{Rule, Rules};

/// rule id => property => messages.
pub type Errors = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn push(errors: &mut Errors, id: &str, msg: &str) {
    errors
        .entry(id.to_string())
        .or_default()
        .entry("resources".into())
        .or_default()
        .push(msg.to_string());
}

fn disjoint(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    a.is_disjoint(b)
}

/// `find_disjoint_rules_resource_sets`: connected groups of rules sharing resources.
pub fn find_disjoint_rules_resource_sets(
    rules: &BTreeMap<String, Rule>,
) -> Vec<(Vec<String>, BTreeSet<String>)> {
    let mut ids: Vec<&String> = rules.keys().collect();
    let lowest = |id: &String| {
        rules
            .get(id)
            .and_then(|r| r.resources.iter().next().cloned())
            .unwrap_or_default()
    };
    ids.sort_by_key(|id| lowest(id));
    let mut out: Vec<(Vec<String>, BTreeSet<String>)> = Vec::new();
    for id in ids {
        let Some(rule) = rules.get(id) else { continue };
        if let Some(entry) = out.iter_mut().find(|e| !disjoint(&rule.resources, &e.1)) {
            entry.0.push(id.clone());
            entry.1.extend(rule.resources.iter().cloned());
        } else {
            out.push((vec![id.clone()], rule.resources.clone()));
        }
    }
    out
}

fn has_multiple_priorities(rule: &Rule) -> bool {
    let mut it = rule.nodes.values();
    let Some(first) = it.next() else { return false };
    it.any(|p| p != first)
}

pub fn check_feasibility(rules: &Rules, nodes: &[String]) -> Errors {
    let mut errors = Errors::new();
    let na = rules.of_kind("node-affinity");
    let ra = rules.of_kind("resource-affinity");
    let positive = rules.of_affinity("positive");
    let negative = rules.of_affinity("negative");

    // node-affinity: check_single_resource_reference
    let mut refs: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (id, r) in &na {
        for sid in &r.resources {
            refs.entry(sid).or_default().push(id);
        }
    }
    let mut conflicts: Vec<(String, String)> = Vec::new();
    for (sid, ids) in &refs {
        if ids.len() >= 2 {
            conflicts.extend(ids.iter().map(|id| ((*id).clone(), (*sid).clone())));
        }
    }
    conflicts.sort();
    for (id, sid) in conflicts {
        push(
            &mut errors,
            &id,
            &format!("resource '{sid}' is already used in another node affinity rule"),
        );
    }

    // resource-affinity: check_resource_affinity_resources_count
    for (id, r) in &ra {
        if r.resources.len() < 2 {
            push(
                &mut errors,
                id,
                "rule is ineffective as there are less than two resources",
            );
        }
    }
    // check_negative_resource_affinity_resources_count
    for (id, r) in &negative {
        if r.resources.len() > nodes.len() {
            push(
                &mut errors,
                id,
                "rule defines more resources than available nodes",
            );
        }
    }
    // check_inter_resource_affinity_rules_consistency
    let mut c: Vec<(&str, String)> = Vec::new();
    for (pids, pres) in find_disjoint_rules_resource_sets(&positive) {
        for (nid, n) in &negative {
            if pres.intersection(&n.resources).count() < 2 {
                continue;
            }
            c.push(("negative", nid.clone()));
            c.extend(pids.iter().map(|p| ("positive", p.clone())));
        }
    }
    c.sort();
    for (t, id) in c {
        let other = if t == "positive" {
            "negative"
        } else {
            "positive"
        };
        push(
            &mut errors,
            &id,
            &format!("rule shares two or more resources with a {other} resource affinity rule"),
        );
    }

    // global: check_single_priority_node_affinity_in_resource_affinity_rules
    let mut c: Vec<(&str, String)> = Vec::new();
    for (rid, r) in &ra {
        let paired: Vec<&String> = na
            .iter()
            .filter(|(_, n)| !disjoint(&r.resources, &n.resources))
            .map(|(id, _)| id)
            .collect();
        if paired
            .iter()
            .any(|id| na.get(*id).is_some_and(has_multiple_priorities))
        {
            c.push(("resource-affinity", rid.clone()));
            c.extend(paired.iter().map(|id| ("node-affinity", (*id).clone())));
        }
    }
    c.sort();
    for (t, id) in c {
        let msg = if t == "node-affinity" {
            "resources are in a resource affinity rule and cannot be in a node affinity rule with multiple priorities"
        } else {
            "resources are in node affinity rules with multiple priorities"
        };
        push(&mut errors, &id, msg);
    }
    // check_single_node_affinity_per_positive_resource_affinity_rule
    let mut c: Vec<(&str, String)> = Vec::new();
    for (pids, pres) in find_disjoint_rules_resource_sets(&positive) {
        let paired: Vec<&String> = na
            .iter()
            .filter(|(_, n)| !disjoint(&pres, &n.resources))
            .map(|(id, _)| id)
            .collect();
        if paired.len() > 1 {
            c.extend(pids.iter().map(|p| ("positive", p.clone())));
            c.extend(paired.iter().map(|id| ("node-affinity", (*id).clone())));
        }
    }
    c.sort();
    for (t, id) in c {
        let msg = if t == "positive" {
            "resources are in multiple node affinity rules"
        } else {
            "at least one resource is in a positive resource affinity rule and there are other resources in at least one other node affinity rule already"
        };
        push(&mut errors, &id, msg);
    }
    // check_negative_resource_affinity_node_affinity_consistency
    let mut c: Vec<(&str, String)> = Vec::new();
    for (nid, n) in &negative {
        let mut allowed = BTreeSet::new();
        let mut located = BTreeSet::new();
        let mut paired = Vec::new();
        for (aid, a) in &na {
            let common: BTreeSet<String> =
                n.resources.intersection(&a.resources).cloned().collect();
            if common.is_empty() {
                continue;
            }
            located.extend(common);
            allowed.extend(a.nodes.keys().cloned());
            paired.push(aid.clone());
        }
        if allowed.len() < located.len() {
            c.push(("negative", nid.clone()));
            c.extend(paired.into_iter().map(|p| ("node-affinity", p)));
        }
    }
    c.sort();
    for (t, id) in c {
        let msg = if t == "negative" {
            "two or more resources are restricted to less nodes than available to the resources"
        } else {
            "at least one resource is in a negative resource affinity rule and this rule would restrict these to less nodes than available to the resources"
        };
        push(&mut errors, &id, msg);
    }
    errors
}

/// `merge_connected_positive_resource_affinity_rules`
pub fn merge_connected_positive_resource_affinity_rules(rules: &mut Rules) {
    let positive = rules.of_affinity("positive");
    for (ids, resources) in find_disjoint_rules_resource_sets(&positive) {
        if ids.len() < 2 {
            continue;
        }
        let new_id = format!("_merged-{}", ids.join("-"));
        let order = ids
            .first()
            .and_then(|f| rules.order.get(f).copied())
            .unwrap_or(0);
        for id in &ids {
            rules.ids.remove(id);
            rules.order.remove(id);
        }
        rules.ids.insert(
            new_id.clone(),
            Rule {
                kind: "resource-affinity".into(),
                affinity: "positive".into(),
                resources,
                ..Rule::default()
            },
        );
        rules.order.insert(new_id, order);
    }
}

/// `create_implicit_negative_resource_affinity_rules`: a positive group's members inherit
/// their partners' negative affinities.
pub fn create_implicit_negative_resource_affinity_rules(rules: &mut Rules) {
    let positive = rules.of_affinity("positive");
    let negative = rules.of_affinity("negative");
    for (pid, p) in &positive {
        let mut separated_from: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for n in negative.values() {
            for sid in &p.resources {
                if !n.resources.contains(sid) {
                    continue;
                }
                for csid in &n.resources {
                    if csid != sid {
                        separated_from
                            .entry(csid.clone())
                            .or_default()
                            .insert(sid.clone());
                    }
                }
            }
        }
        for (csid, seps) in &separated_from {
            for sid in &p.resources {
                if seps.contains(sid) {
                    continue;
                }
                let id = format!("_implicit-negative-{pid}-{sid}-{csid}");
                let resources = [sid.clone(), csid.clone()].into_iter().collect();
                rules.ids.insert(
                    id.clone(),
                    Rule {
                        kind: "resource-affinity".into(),
                        affinity: "negative".into(),
                        resources,
                        ..Rule::default()
                    },
                );
                let next = rules.next_ordinal();
                rules.order.insert(id, next);
            }
        }
    }
}

/// `create_implicit_positive_resource_affinity_node_affinity_rules`: a positive group's
/// members all follow the node affinity rule of any of them.
pub fn create_implicit_positive_resource_affinity_node_affinity_rules(rules: &mut Rules) {
    let positive = rules.of_affinity("positive");
    let na_ids: Vec<String> = rules.of_kind("node-affinity").into_keys().collect();
    for p in positive.values() {
        for id in &na_ids {
            let Some(rule) = rules.ids.get_mut(id) else {
                continue;
            };
            if disjoint(&p.resources, &rule.resources) {
                continue;
            }
            rule.resources.extend(p.resources.iter().cloned());
            break;
        }
    }
}

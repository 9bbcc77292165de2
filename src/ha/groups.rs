//! HA groups (PVE 8 style), `PVE::HA::Groups`, and their migration to node affinity rules
//! (`migrate_groups_to_resources`, `migrate_groups_to_rules`).

use std::collections::{BTreeMap, BTreeSet};

use super::rules::{Rule, Rules, parse_section_config};
use super::tools::parse_node_priority;
use super::types::ServiceConfig;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group {
    /// Entries as written, `node[:priority]`.
    pub nodes: Vec<String>,
    pub restricted: bool,
    pub nofailback: bool,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Groups {
    pub ids: BTreeMap<String, Group>,
    /// Stands in for the SHA1 digest of the config file: the raw text.
    pub digest: String,
}

impl Groups {
    /// Parse the `ha/groups.cfg` section config.
    pub fn parse(raw: &str) -> Groups {
        let mut ids = BTreeMap::new();
        for (kind, id, props) in parse_section_config(raw) {
            if kind != "group" {
                continue;
            }
            let mut g = Group::default();
            for (k, v) in props {
                match k.as_str() {
                    "nodes" => {
                        g.nodes = v
                            .split([',', ';', ' '])
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect();
                    }
                    "restricted" => g.restricted = v == "1",
                    "nofailback" => g.nofailback = v == "1",
                    "comment" => g.comment = Some(v),
                    _ => {}
                }
            }
            ids.insert(id, g);
        }
        Groups {
            ids,
            digest: raw.to_string(),
        }
    }
}

/// Carry the groups' `nofailback` flag over to the resources' `failback`.
pub fn migrate_groups_to_resources(groups: &Groups, resources: &mut ServiceConfig) {
    for cd in resources.values_mut() {
        let Some(gid) = &cd.group else { continue };
        cd.failback = !groups.ids.get(gid).is_some_and(|g| g.nofailback);
    }
}

/// Turn each used group into a node affinity rule `ha-group-<group>`.
pub fn migrate_groups_to_rules(rules: &mut Rules, groups: &Groups, resources: &ServiceConfig) {
    let mut group_resources: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (sid, cd) in resources {
        if let Some(gid) = &cd.group {
            group_resources
                .entry(gid.clone())
                .or_default()
                .insert(sid.clone());
        }
    }
    for (gid, sids) in group_resources {
        let Some(group) = groups.ids.get(&gid) else {
            continue;
        };
        let nodes = group
            .nodes
            .iter()
            .filter_map(|e| parse_node_priority(e))
            .collect();
        let id = format!("ha-group-{gid}");
        let comment = group
            .comment
            .clone()
            .unwrap_or_else(|| format!("Generated from HA group '{gid}'."));
        rules.ids.insert(
            id.clone(),
            Rule {
                kind: "node-affinity".into(),
                resources: sids,
                nodes,
                strict: group.restricted,
                comment: Some(comment),
                ..Rule::default()
            },
        );
        let next = rules.next_ordinal();
        rules.order.insert(id, next);
    }
}

//! Where HA resources may run: PVE 8's groups (`/etc/pve/ha/groups.cfg`, `/cluster/ha/groups`)
//! and PVE 9's rules (`/etc/pve/ha/rules.cfg`, `/cluster/ha/rules`), as pve-ha-manager's API has
//! them. On PVE 9, groups "have been migrated to rules" as soon as no group is left — which is
//! so on a fresh node — and every group call then fails with that reason.

use serde_json::{Value, json};

use crate::ha::groups::{Group, Groups};
use crate::ha::rules::{Rule, Rules};

use super::Pve;
use super::dispatch::Call;
use super::ha::HaState;
use super::http::{Answer, ApiError};
use super::state::World;

/// A node of a group's or rule's node list, with its priority (0 when not given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NodePriority {
    pub node: String,
    pub priority: u32,
}

/// One group of `groups.cfg` (PVE 8).
#[derive(Clone, Debug)]
pub(crate) struct HaGroup {
    pub group: String,
    pub nodes: Vec<NodePriority>,
    pub restricted: bool,
    pub nofailback: bool,
    pub comment: Option<String>,
}

/// One rule of `rules.cfg` (PVE 9).
#[derive(Clone, Debug)]
pub(crate) struct HaRule {
    pub rule: String,
    /// `node-affinity` or `resource-affinity`.
    pub kind: String,
    pub resources: Vec<String>,
    /// Node affinity only.
    pub nodes: Vec<NodePriority>,
    pub strict: bool,
    /// `positive` or `negative`.
    pub affinity: Option<String>,
    pub disable: bool,
    pub comment: Option<String>,
    pub order: u32,
}

/// `pve1:2,pve2` as `PVE::HA::Tools::parse_node_priority` reads each entry.
fn parse_nodes(text: &str) -> Result<Vec<NodePriority>, ApiError> {
    text.split([',', ';', ' '])
        .filter(|e| !e.is_empty())
        .map(|entry| {
            let (node, priority) = match entry.split_once(':') {
                Some((node, priority)) => (node, priority.parse().ok()),
                None => (entry, Some(0)),
            };
            match priority {
                Some(priority) if !node.is_empty() => Ok(NodePriority {
                    node: node.to_owned(),
                    priority,
                }),
                _ => Err(ApiError::failed(format!(
                    "unable to parse HA node entry '{entry}'"
                ))),
            }
        })
        .collect()
}

fn encode_nodes(nodes: &[NodePriority]) -> String {
    nodes
        .iter()
        .map(|n| match n.priority {
            0 => n.node.clone(),
            p => format!("{}:{p}", n.node),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A digest of the configuration, as section configs carry one.
fn digest(text: &str) -> String {
    use sha1::{Digest as _, Sha1};
    Sha1::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn ha_mut<'w>(world: &'w mut World, call: &Call<'_>) -> Result<&'w mut HaState, ApiError> {
    world
        .config_of_mut(call.via)
        .map(|c| &mut c.ha)
        .ok_or_else(|| ApiError::failed("node not found"))
}

/// `have_groups_been_migrated`: on PVE 9, once no group is left (a fresh node has none).
pub(crate) fn groups_migrated(world: &World, via: usize) -> bool {
    let none_left = world.config_of(via).is_none_or(|c| c.ha.groups.is_empty());
    world.pve_of(via) == Pve::Pve9 && none_left
}

/// PVE 9 answers every group call with this once groups have been migrated.
fn refuse_if_migrated(world: &World, call: &Call<'_>, action: &str) -> Result<(), ApiError> {
    if groups_migrated(world, call.via) {
        return Err(ApiError::failed(format!(
            "{action}: ha groups have been migrated to rules"
        )));
    }
    Ok(())
}

fn group_entry(group: &HaGroup, digest: &str) -> Value {
    let mut entry = json!({
        "group": group.group,
        "type": "group",
        "nodes": encode_nodes(&group.nodes),
        "digest": digest,
    });
    if let Some(object) = entry.as_object_mut() {
        if group.restricted {
            object.insert("restricted".into(), json!(1));
        }
        if group.nofailback {
            object.insert("nofailback".into(), json!(1));
        }
        if let Some(comment) = &group.comment {
            object.insert("comment".into(), json!(comment));
        }
    }
    entry
}

fn groups_digest(ha: &HaState) -> String {
    digest(&format!("{:?}", ha.groups))
}

/// `GET /cluster/ha/groups`.
pub(crate) fn groups(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    refuse_if_migrated(&world, call, "cannot index groups")?;
    let ha = super::ha_api::ha_of(&world, call)?;
    let digest = groups_digest(ha);
    Ok(Answer::data(Value::Array(
        ha.groups.iter().map(|g| group_entry(g, &digest)).collect(),
    )))
}

/// `GET /cluster/ha/groups/{group}`.
pub(crate) fn group(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    refuse_if_migrated(&world, call, "cannot read group")?;
    let ha = super::ha_api::ha_of(&world, call)?;
    let name = call.param("group").unwrap_or_default();
    ha.groups
        .iter()
        .find(|g| g.group == name)
        .map(|g| Answer::data(group_entry(g, &groups_digest(ha))))
        .ok_or_else(|| ApiError::failed(format!("no such ha group '{name}'")))
}

/// `POST /cluster/ha/groups`.
pub(crate) fn create_group(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    refuse_if_migrated(&world, call, "cannot create group")?;
    super::quorum::check(&world, call)?;
    let name = call.param("group").unwrap_or_default().to_owned();
    let nodes = parse_nodes(call.param("nodes").unwrap_or_default())?;
    let ha = ha_mut(&mut world, call)?;
    if ha.groups.iter().any(|g| g.group == name) {
        return Err(ApiError::failed(format!(
            "create ha group failed: ha group ID '{name}' already defined"
        )));
    }
    ha.groups.push(HaGroup {
        group: name,
        nodes,
        restricted: call.flag("restricted").unwrap_or(false),
        nofailback: call.flag("nofailback").unwrap_or(false),
        comment: call.param("comment").map(str::to_owned),
    });
    Ok(Answer::data(Value::Null))
}

/// `PUT /cluster/ha/groups/{group}`.
pub(crate) fn update_group(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    refuse_if_migrated(&world, call, "cannot update group")?;
    let name = call.param("group").unwrap_or_default().to_owned();
    let nodes = call.param("nodes").map(parse_nodes).transpose()?;
    let ha = ha_mut(&mut world, call)?;
    let Some(group) = ha.groups.iter_mut().find(|g| g.group == name) else {
        return Err(ApiError::failed(format!(
            "update ha group failed: no such ha group '{name}'"
        )));
    };
    if let Some(nodes) = nodes {
        group.nodes = nodes;
    }
    if let Some(restricted) = call.flag("restricted") {
        group.restricted = restricted;
    }
    if let Some(nofailback) = call.flag("nofailback") {
        group.nofailback = nofailback;
    }
    if let Some(comment) = call.param("comment") {
        group.comment = Some(comment.to_owned());
    }
    Ok(Answer::data(Value::Null))
}

/// `DELETE /cluster/ha/groups/{group}`: refused while a resource uses it.
pub(crate) fn delete_group(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    refuse_if_migrated(&world, call, "cannot delete group")?;
    let name = call.param("group").unwrap_or_default().to_owned();
    let ha = ha_mut(&mut world, call)?;
    if let Some(user) = ha
        .resources
        .iter()
        .find(|r| r.group.as_deref() == Some(&name))
    {
        return Err(ApiError::failed(format!(
            "delete ha group failed: ha group is used by service '{}'",
            user.sid
        )));
    }
    ha.groups.retain(|g| g.group != name);
    Ok(Answer::data(Value::Null))
}

fn rule_entry(rule: &HaRule, digest: &str) -> Value {
    let mut entry = json!({
        "rule": rule.rule,
        "type": rule.kind,
        "resources": rule.resources.join(","),
        "digest": digest,
        "order": rule.order,
    });
    if let Some(object) = entry.as_object_mut() {
        if rule.kind == "node-affinity" {
            object.insert("nodes".into(), json!(encode_nodes(&rule.nodes)));
            if rule.strict {
                object.insert("strict".into(), json!(1));
            }
        }
        // `set_rule_defaults`: node affinity is `positive` unless said otherwise.
        let affinity = rule
            .affinity
            .clone()
            .or_else(|| (rule.kind == "node-affinity").then(|| "positive".to_owned()));
        if let Some(affinity) = affinity {
            object.insert("affinity".into(), json!(affinity));
        }
        if rule.disable {
            object.insert("disable".into(), json!(1));
        }
        if let Some(comment) = &rule.comment {
            object.insert("comment".into(), json!(comment));
        }
    }
    entry
}

fn rules_digest(ha: &HaState) -> String {
    digest(&format!("{:?}", ha.rules))
}

/// `GET /cluster/ha/rules[?type=…][&resource=…]`, in the rules' order.
pub(crate) fn rules(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let ha = super::ha_api::ha_of(&world, call)?;
    let digest = rules_digest(ha);
    let mut rules: Vec<&HaRule> = ha
        .rules
        .iter()
        .filter(|r| call.param("type").is_none_or(|t| t == r.kind))
        .filter(|r| {
            call.param("resource")
                .is_none_or(|sid| r.resources.iter().any(|s| s == sid))
        })
        .collect();
    rules.sort_by_key(|r| r.order);
    Ok(Answer::data(Value::Array(
        rules.into_iter().map(|r| rule_entry(r, &digest)).collect(),
    )))
}

/// `GET /cluster/ha/rules/{rule}`.
pub(crate) fn rule(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let ha = super::ha_api::ha_of(&world, call)?;
    let name = call.param("rule").unwrap_or_default();
    ha.rules
        .iter()
        .find(|r| r.rule == name)
        .map(|r| Answer::data(rule_entry(r, &rules_digest(ha))))
        .ok_or_else(|| ApiError::failed(format!("no such ha rule '{name}'")))
}

/// `POST /cluster/ha/rules`: the resources must be HA managed, the nodes members.
pub(crate) fn create_rule(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    if !world.is_quorate(call.via) {
        return Err(ApiError::failed("cluster not ready - no quorum?"));
    }
    let members: Vec<String> = world
        .known_nodes(call.via)
        .into_iter()
        .filter_map(|i| world.node(i).map(|n| n.name.clone()))
        .collect();
    let name = call.param("rule").unwrap_or_default().to_owned();
    let kind = call.param("type").unwrap_or_default().to_owned();
    let resources: Vec<String> = call
        .param("resources")
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let nodes = call.param("nodes").map(parse_nodes).transpose()?;
    let failed = |why: String| ApiError::failed(format!("create ha rule failed: {why}"));
    let ha = ha_mut(&mut world, call)?;
    if ha.rules.iter().any(|r| r.rule == name) {
        return Err(failed(format!("HA rule '{name}' already defined")));
    }
    if resources.is_empty() {
        return Err(failed("no resources were specified".to_owned()));
    }
    let mut unmanaged: Vec<&str> = resources
        .iter()
        .filter(|sid| !ha.resources.iter().any(|r| &r.sid == *sid))
        .map(String::as_str)
        .collect();
    unmanaged.sort_unstable();
    if !unmanaged.is_empty() {
        return Err(failed(format!(
            "cannot use unmanaged resource(s) {}.",
            unmanaged.join(", ")
        )));
    }
    if let Some(nodes) = &nodes {
        if nodes.is_empty() {
            return Err(failed("no nodes were specified".to_owned()));
        }
        let mut unknown: Vec<&str> = nodes
            .iter()
            .filter(|n| !members.contains(&n.node))
            .map(|n| n.node.as_str())
            .collect();
        unknown.sort_unstable();
        if !unknown.is_empty() {
            return Err(failed(format!(
                "cannot use non-existent node(s) {}.",
                unknown.join(", ")
            )));
        }
    }
    let order = ha.rules.iter().map(|r| r.order).max().unwrap_or(0) + 1;
    ha.rules.push(HaRule {
        rule: name,
        kind,
        resources,
        nodes: nodes.unwrap_or_default(),
        strict: call.flag("strict").unwrap_or(false),
        affinity: call.param("affinity").map(str::to_owned),
        disable: call.flag("disable").unwrap_or(false),
        comment: call.param("comment").map(str::to_owned),
        order,
    });
    Ok(Answer::data(Value::Null))
}

/// `DELETE /cluster/ha/rules/{rule}` (a rule that is not there is no error).
pub(crate) fn delete_rule(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let name = call.param("rule").unwrap_or_default().to_owned();
    let ha = ha_mut(&mut world, call)?;
    ha.rules.retain(|r| r.rule != name);
    Ok(Answer::data(Value::Null))
}

/// `groups.cfg` as the HA stack reads it (`PVE::HA::Groups`).
pub(crate) fn port_groups(groups: &[HaGroup]) -> Groups {
    let ids = groups
        .iter()
        .map(|g| {
            let group = Group {
                nodes: encode_nodes(&g.nodes)
                    .split(',')
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned)
                    .collect(),
                restricted: g.restricted,
                nofailback: g.nofailback,
                comment: g.comment.clone(),
            };
            (g.group.clone(), group)
        })
        .collect();
    Groups {
        ids,
        digest: digest(&format!("{groups:?}")),
    }
}

/// `rules.cfg` as the HA stack reads it (`PVE::HA::Rules`).
pub(crate) fn port_rules(rules: &[HaRule]) -> Rules {
    let mut out = Rules {
        digest: digest(&format!("{rules:?}")),
        ..Rules::default()
    };
    for r in rules {
        let rule = Rule {
            kind: r.kind.clone(),
            resources: r.resources.iter().cloned().collect(),
            nodes: r
                .nodes
                .iter()
                .map(|n| (n.node.clone(), i64::from(n.priority)))
                .collect(),
            strict: r.strict,
            affinity: r.affinity.clone().unwrap_or_default(),
            disable: r.disable,
            comment: r.comment.clone(),
        };
        out.order.insert(r.rule.clone(), i64::from(r.order));
        out.ids.insert(r.rule.clone(), rule);
    }
    out
}

/// Rules the HA stack wrote (the groups' migration), back in `rules.cfg`.
pub(crate) fn lab_rules(rules: &Rules) -> Vec<HaRule> {
    rules
        .ids
        .iter()
        .map(|(id, r)| HaRule {
            rule: id.clone(),
            kind: r.kind.clone(),
            resources: r.resources.iter().cloned().collect(),
            nodes: r
                .nodes
                .iter()
                .map(|(node, priority)| NodePriority {
                    node: node.clone(),
                    priority: u32::try_from(*priority).unwrap_or(0),
                })
                .collect(),
            strict: r.strict,
            affinity: Some(r.affinity.clone()).filter(|a| !a.is_empty()),
            disable: r.disable,
            comment: r.comment.clone(),
            order: rules
                .order
                .get(id)
                .and_then(|o| u32::try_from(*o).ok())
                .unwrap_or(0),
        })
        .collect()
}

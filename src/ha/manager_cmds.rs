//! CRM commands and the HA group migration, from pve-ha-manager src/PVE/HA/Manager.pm:
//! `update_crm_commands`, `queue_resource_motion`, `any_resource_motion_queued_or_running`
//! and `try_persistent_group_migration`.

use std::collections::BTreeMap;

use super::env::Env;
use super::groups;
use super::manager::Manager;
use super::rules::{self, CompiledRules};
use super::tools;
use super::types::{Disarm, ServiceConfChange};

const HA_RULES_MINVERSION: &str = "9.0.0~16";
const GROUP_MIGRATION_COOLDOWN_ROUNDS: i64 = 6;

impl Manager {
    pub fn queue_resource_motion(
        &mut self,
        env: &mut dyn Env,
        cmd: &str,
        task: &str,
        sid: &str,
        target: &str,
    ) {
        let default = CompiledRules::default();
        let compiled = self.compiled_rules.as_ref().unwrap_or(&default);
        let (together, separate) = rules::get_affinitive_resources(compiled, sid);
        for csid in &separate {
            let Some(csd) = self.ss.get(csid) else {
                continue;
            };
            if csd.state == "ignored" || (!csd.node.is_empty() && csd.node != target) {
                continue;
            }
            if csd.target.as_deref().is_some_and(|t| t != target) {
                continue;
            }
            env.log(
                "err",
                &format!("crm command '{cmd}' error - service '{csid}' on node '{target}' in negative affinity with service '{sid}'"),
            );
            return;
        }
        env.log("info", &format!("got crm command: {cmd}"));
        if let Some(sd) = self.ss.get_mut(sid) {
            sd.cmd = Some(vec![task.to_string(), target.to_string()]);
        }
        let mut to_move = Vec::new();
        for csid in &together {
            let Some(csd) = self.ss.get(csid) else {
                continue;
            };
            if csd.state == "ignored" || csd.node == target || csd.target.as_deref() == Some(target)
            {
                continue;
            }
            to_move.push(csid.clone());
        }
        for csid in to_move {
            env.log(
                "info",
                &format!("crm command '{cmd}' - {task} service '{csid}' to node '{target}' (service '{csid}' in positive affinity with service '{sid}')"),
            );
            if let Some(csd) = self.ss.get_mut(&csid) {
                csd.cmd = Some(vec![task.to_string(), target.to_string()]);
            }
        }
    }

    pub fn any_resource_motion_queued_or_running(&self) -> bool {
        self.ss.values().any(|sd| {
            sd.state == "migrate"
                || sd.state == "relocate"
                || sd
                    .cmd
                    .as_ref()
                    .and_then(|c| c.first())
                    .is_some_and(|c| c == "migrate" || c == "relocate")
        })
    }

    /// `update_crm_commands`: read queued commands into the manager status.
    pub fn update_crm_commands(&mut self, env: &mut dyn Env) -> Result<(), String> {
        let list = env.read_crm_commands()?;
        for cmd in list.lines() {
            let parts: Vec<&str> = cmd.split_whitespace().collect();
            match parts.as_slice() {
                [task @ ("migrate" | "relocate"), sid, node] => {
                    if let Some(sd) = self.ss.get(*sid) {
                        if !self.ns.node_is_online(node) {
                            env.log(
                                "err",
                                &format!("crm command error - node not online: {cmd}"),
                            );
                        } else if *node == sd.node {
                            env.log(
                                "info",
                                &format!(
                                    "ignore crm command - service already on target node: {cmd}"
                                ),
                            );
                        } else {
                            self.queue_resource_motion(env, cmd, task, sid, node);
                        }
                    } else {
                        env.log(
                            "err",
                            &format!("crm command error - no such service: {cmd}"),
                        );
                    }
                }
                ["stop", sid, timeout] => {
                    if let Some(sd) = self.ss.get_mut(*sid) {
                        env.log("info", &format!("got crm command: {cmd}"));
                        sd.cmd = Some(vec!["stop".into(), (*timeout).to_string()]);
                    } else {
                        env.log(
                            "err",
                            &format!("crm command error - no such service: {cmd}"),
                        );
                    }
                }
                ["enable-node-maintenance", node] => {
                    let state = self.ns.get_node_state(node).to_string();
                    if self.disarm.is_some() {
                        env.log("warn", &format!("ignoring maintenance command for node {node} - HA stack is disarmed"));
                    } else if state == "online" {
                        self.node_request
                            .get_or_insert_with(BTreeMap::new)
                            .entry((*node).to_string())
                            .or_default()
                            .maintenance = true;
                    } else if state == "maintenance" {
                        env.log(
                            "info",
                            &format!(
                                "ignoring crm command - node {node} is already in maintenance state"
                            ),
                        );
                    } else {
                        env.log(
                            "err",
                            &format!("crm command error - node not online: {cmd}"),
                        );
                    }
                }
                ["disable-node-maintenance", node] => {
                    let state = self.ns.get_node_state(node).to_string();
                    if state != "maintenance" {
                        env.log("warn", &format!("clearing maintenance of node {node} requested, but it's in state {state}"));
                    }
                    // flushed out at the end of the round, like upstream's autovivifying delete
                    self.node_request
                        .get_or_insert_with(BTreeMap::new)
                        .entry((*node).to_string())
                        .or_default()
                        .maintenance = false;
                }
                ["disarm-ha", mode @ ("freeze" | "ignore")] => {
                    if let Some(d) = &self.disarm {
                        env.log(
                            "notice",
                            &format!(
                                "ignoring disarm-ha command - already in disarm state ({})",
                                d.state
                            ),
                        );
                    } else {
                        env.log("info", &format!("got crm command: disarm-ha {mode}"));
                        if *mode == "ignore" {
                            for sid in self.ss.keys() {
                                env.log(
                                    "info",
                                    &format!("disarm: suspending HA tracking for service '{sid}'"),
                                );
                            }
                        }
                        self.disarm = Some(Disarm {
                            mode: (*mode).to_string(),
                            state: "disarming".into(),
                        });
                    }
                }
                ["arm-ha"] => {
                    if let Some(d) = self.disarm.clone() {
                        env.log("info", "got crm command: arm-ha");
                        if d.mode == "ignore" {
                            let sc = env.read_service_config()?;
                            for (sid, sd) in self.ss.iter_mut() {
                                let Some(cd) = sc.get(sid) else { continue };
                                if cd.node == sd.node {
                                    continue;
                                }
                                env.log(
                                    "info",
                                    &format!("service '{sid}': updating node '{}' => '{}' (changed while disarmed)", sd.node, cd.node),
                                );
                                sd.node = cd.node.clone();
                            }
                        }
                        self.disarm = None;
                    } else {
                        env.log(
                            "notice",
                            "ignoring arm-ha command - HA stack is not disarmed",
                        );
                    }
                }
                _ => env.log("err", &format!("unable to parse crm command: {cmd}")),
            }
        }
        Ok(())
    }

    fn assert_cluster_can_migrate_ha_groups(&self, env: &mut dyn Env) -> Result<(), String> {
        if !env.quorate() {
            return Err("cluster is not quorate\n".into());
        }
        let nodes = self.ns.list_nodes();
        if nodes.is_empty() {
            return Err("node list is empty\n".into());
        }
        for node in nodes {
            let state = self.ns.get_node_state(&node).to_string();
            env.log(
                "notice",
                &format!("ha groups migration: node '{node}' is in state '{state}'"),
            );
            if state != "online" {
                return Err(format!("node '{node}' is not online\n"));
            }
            let lrm = env.read_lrm_status(Some(&node))?;
            let (Some(lrm_state), Some(lrm_mode)) = (lrm.state, lrm.mode) else {
                return Err(format!("could not retrieve state for lrm '{node}'\n"));
            };
            env.log("notice", &format!("ha groups migration: lrm '{node}' is in state '{lrm_state}' and mode '{lrm_mode}'"));
            let active = tools::count_active_services(&self.ss, &node);
            if !(lrm_state == "active" || (lrm_state == "wait_for_agent_lock" && active == 0)) {
                return Err(format!("lrm '{node}' is not in state 'active' or 'idle'\n"));
            }
            if lrm_mode != "active" {
                return Err(format!("lrm '{node}' is not in mode 'active'\n"));
            }
            let Some(version) = env.get_node_version(&node) else {
                return Err(format!("could not retrieve version from node '{node}'\n"));
            };
            env.log(
                "notice",
                &format!("ha groups migration: node '{node}' has version '{version}'"),
            );
            if !tools::has_min_version(&version, HA_RULES_MINVERSION) {
                return Err(format!(
                    "node '{node}' needs at least pve-manager version '{HA_RULES_MINVERSION}'\n"
                ));
            }
        }
        Ok(())
    }

    fn migrate_group_persistently(&self, env: &mut dyn Env) -> Result<(), String> {
        self.assert_cluster_can_migrate_ha_groups(env)?;
        let mut resources = env.read_service_config()?;
        let groups = env.read_group_config()?;
        let mut rules = env.read_rules_config()?;
        groups::migrate_groups_to_rules(&mut rules, &groups, &resources);
        env.write_rules_config(&rules)?;
        env.log(
            "notice",
            "ha groups migration: migration to rules config successful",
        );
        groups::migrate_groups_to_resources(&groups, &mut resources);
        let mut changes = BTreeMap::new();
        for (sid, cd) in &resources {
            if cd.group.is_none() {
                continue;
            }
            let failback = (!cd.failback).then_some(false);
            changes.insert(
                sid.clone(),
                ServiceConfChange {
                    state: None,
                    failback,
                    delete_group: true,
                },
            );
        }
        env.update_service_config(&changes)?;
        env.log(
            "notice",
            "ha groups migration: migration to resources config successful",
        );
        env.delete_group_config()?;
        env.log(
            "notice",
            "ha groups migration: group config deletion successful",
        );
        Ok(())
    }

    /// `try_persistent_group_migration`: retried every few rounds until it succeeds.
    pub fn try_persistent_group_migration(&mut self, env: &mut dyn Env) {
        let migrated = env
            .read_group_config()
            .map(|g| g.ids.is_empty())
            .unwrap_or(true);
        if migrated {
            return;
        }
        self.group_migration_round -= 1;
        if self.group_migration_round > 0 {
            return;
        }
        self.group_migration_round = GROUP_MIGRATION_COOLDOWN_ROUNDS;
        env.log("notice", "start ha group migration...");
        match self.migrate_group_persistently(env) {
            Ok(()) => env.log("notice", "ha groups migration successful"),
            Err(e) => {
                env.log("err", &format!("abort ha groups migration: {e}"));
                env.log("err", "ha groups migration failed");
                env.log(
                    "notice",
                    &format!(
                        "retry ha groups migration in {GROUP_MIGRATION_COOLDOWN_ROUNDS} rounds (~ {} seconds)",
                        GROUP_MIGRATION_COOLDOWN_ROUNDS * 10
                    ),
                );
            }
        }
    }
}

//! Node states as tracked by the master, `PVE::HA::NodeStatus`:
//! online, maintenance, unknown, fence, gone; plus fencing through the node's agent lock.

use std::collections::BTreeMap;

use super::env::Env;
use super::types::NodeInfo;

/// Seconds a node must be offline before its services get fenced.
const FENCE_DELAY: i64 = 60;

#[derive(Clone, Debug, Default)]
pub struct NodeStatus {
    pub status: BTreeMap<String, String>,
    last_online: BTreeMap<String, i64>,
}

impl NodeStatus {
    pub fn new(status: BTreeMap<String, String>) -> Self {
        NodeStatus {
            status,
            last_online: BTreeMap::new(),
        }
    }

    pub fn get_node_state(&self, node: &str) -> &str {
        self.status.get(node).map_or("unknown", String::as_str)
    }

    pub fn node_is_operational(&self, node: &str) -> bool {
        self.node_is_online(node) || self.get_node_state(node) == "maintenance"
    }

    pub fn node_is_online(&self, node: &str) -> bool {
        self.get_node_state(node) == "online"
    }

    /// `node_is_offline_delayed`: the first call for a never-seen node starts its timer.
    pub fn node_is_offline_delayed(
        &mut self,
        env: &dyn Env,
        node: &str,
        delay: Option<i64>,
    ) -> bool {
        let delay = delay.unwrap_or(FENCE_DELAY);
        if self.get_node_state(node) == "online" {
            return false;
        }
        let ctime = env.get_time();
        match self.last_online.get(node) {
            None => {
                self.last_online.insert(node.to_string(), ctime);
                false
            }
            Some(last) => ctime - last >= delay,
        }
    }

    pub fn list_nodes(&self) -> Vec<String> {
        self.status.keys().cloned().collect()
    }

    pub fn list_online_nodes(&self) -> Vec<String> {
        self.status
            .iter()
            .filter(|(_, s)| *s == "online")
            .map(|(n, _)| n.clone())
            .collect()
    }

    pub fn check_for_changed_nodelist(&self, node_info: &BTreeMap<String, NodeInfo>) -> bool {
        node_info.keys().any(|n| !self.status.contains_key(n))
            || self.status.keys().any(|n| !node_info.contains_key(n))
    }

    fn delete_node(&mut self, env: &mut dyn Env, node: &str) {
        if self.get_node_state(node) != "gone" {
            return;
        }
        self.last_online.remove(node);
        self.status.remove(node);
        env.log(
            "notice",
            &format!("deleting gone node '{node}', not a cluster member anymore."),
        );
    }

    fn set_node_state(&mut self, env: &mut dyn Env, node: &str, state: &str) {
        let last = self.get_node_state(node).to_string();
        if last == state {
            return;
        }
        self.status.insert(node.to_string(), state.to_string());
        env.log(
            "info",
            &format!("node '{node}': state changed from '{last}' => '{state}'"),
        );
    }

    /// `update`: follow the cluster membership and the LRMs' modes.
    pub fn update(
        &mut self,
        env: &mut dyn Env,
        node_info: &BTreeMap<String, NodeInfo>,
        lrm_modes: &BTreeMap<String, String>,
    ) {
        for (node, d) in node_info {
            if !d.online {
                continue;
            }
            let lrm_mode = lrm_modes.get(node).map_or("unknown", String::as_str);
            self.last_online.insert(node.clone(), env.get_time());
            match self.get_node_state(node) {
                "online" if lrm_mode == "maintenance" => {
                    self.set_node_state(env, node, "maintenance")
                }
                "unknown" | "gone" => self.set_node_state(env, node, "online"),
                "maintenance" if lrm_mode != "maintenance" => {
                    self.set_node_state(env, node, "online")
                }
                _ => {}
            }
        }

        for node in self.list_nodes() {
            let d = node_info.get(&node);
            if d.is_some_and(|d| d.online) {
                continue;
            }
            let state = self.get_node_state(&node).to_string();
            match state.as_str() {
                "online" => self.set_node_state(env, &node, "unknown"),
                "maintenance" if lrm_modes.get(&node).is_none_or(|m| m != "maintenance") => {
                    self.set_node_state(env, &node, "unknown");
                }
                // not in the member list anymore, deleted from the cluster?
                "unknown" if d.is_none() => self.set_node_state(env, &node, "gone"),
                "gone" if self.node_is_offline_delayed(env, &node, Some(3600)) => {
                    self.delete_node(env, &node)
                }
                _ => {}
            }
        }
    }

    /// `send_fence_state_email`; the simulator only logs the subject.
    fn send_fence_state_email(env: &mut dyn Env, prefix: &str, subject: &str) {
        env.log("email", &format!("{prefix}: {subject}"));
    }

    /// `fence_node`: mark the node for fencing; fenced once we hold its agent lock.
    pub fn fence_node(&mut self, env: &mut dyn Env, node: &str) -> bool {
        if self.get_node_state(node) != "fence" {
            self.set_node_state(env, node, "fence");
            Self::send_fence_state_email(env, "FENCE", &format!("Try to fence node '{node}'"));
        }
        let success = env.get_ha_agent_lock(Some(node));
        if success {
            let msg = format!("fencing: acknowledged - got agent lock for node '{node}'");
            env.log("info", &msg);
            self.set_node_state(env, node, "unknown");
            Self::send_fence_state_email(env, "SUCCEED", &msg);
        }
        success
    }
}

//! One HA service's step along pve-ha-manager's state machine (`Manager.pm`'s `next_state_*`),
//! in the master's round, and where a service may go (`select_service_node`).

use std::collections::BTreeMap;

use super::ha::{Exit, HaResource, HaState, LOCK_LIFETIME, Outcome, Service};
use super::ha_config::Placement;

/// Seconds a node may be unseen before its services are fenced (`$fence_delay`).
const FENCE_DELAY: u64 = 60;

/// One service's step along pve-ha-manager's state machine, in the master's round.
pub(crate) struct Step<'a> {
    pub ha: &'a mut HaState,
    pub sid: &'a str,
    pub resource: &'a HaResource,
    pub placement: Option<&'a Placement>,
    pub now: u64,
    /// Every member, and whether the master sees it.
    pub seen: &'a [(String, bool)],
}

impl Step<'_> {
    fn online(&self, node: &str) -> bool {
        self.seen.iter().any(|(n, visible)| n == node && *visible)
    }

    /// The nodes a service may go to: online, and not in maintenance.
    fn eligible(&self) -> Vec<String> {
        self.seen
            .iter()
            .filter(|(n, visible)| *visible && !self.in_maintenance(n))
            .map(|(n, _)| n.clone())
            .collect()
    }

    fn in_maintenance(&self, node: &str) -> bool {
        self.ha
            .lrm_mode
            .get(node)
            .is_some_and(|m| *m == "maintenance")
    }

    /// Unseen for `fence_delay`: its services are fenced.
    fn offline_delayed(&self, node: &str) -> bool {
        let last = self.ha.last_online.get(node).copied().unwrap_or(self.now);
        !self.online(node) && self.now.saturating_sub(last) >= FENCE_DELAY
    }

    fn service(&mut self) -> Option<&mut Service> {
        self.ha.services.get_mut(self.sid)
    }

    /// `change_service_state`: a new state clears what belonged to the old one.
    fn change(&mut self, state: &'static str, node: Option<String>, target: Option<String>) {
        if let Some(service) = self.service() {
            service.state = state;
            if let Some(node) = node {
                service.node = node;
            }
            service.target = target;
            service.running = false;
        }
    }

    /// Where the requested state leads from a move or a recovery.
    fn requested(&self) -> &'static str {
        if self.resource.state == "started" {
            "started"
        } else {
            "request_stop"
        }
    }

    pub(crate) fn next(&mut self, result: Option<Outcome>, moves: &mut Vec<(u32, String)>) {
        let Some(service) = self.service().cloned() else {
            return;
        };
        // A result counts only for the state the LRM was given.
        let exit = result.filter(|r| r.state == service.state).map(|r| r.exit);
        let node = service.node.clone();
        let wanted = self.resource.state.as_str();
        match service.state {
            "request_start" => self.change("started", None, None),
            "started" => self.started(&service, exit),
            "request_stop" => match exit {
                Some(Exit::Success) => self.change("stopped", None, None),
                Some(Exit::Error) => self.change("error", None, None),
                None if self.offline_delayed(&node) => self.fence(&node),
                None => {}
            },
            "migrate" | "relocate" => match exit {
                Some(Exit::Success) => self.change(self.requested(), service.target, None),
                Some(Exit::Error) => self.change(self.requested(), None, None),
                None if self.offline_delayed(&node) => self.fence(&node),
                None => {}
            },
            "stopped" => {
                if self.follow_command(&service) == Some(true) {
                    return;
                }
                if wanted == "disabled" {
                    return;
                }
                let maintenance = self.ha.node_status.get(&node) == Some(&"maintenance");
                if self.offline_delayed(&node) && !maintenance {
                    self.fence(&node);
                } else if wanted == "started" {
                    self.change("request_start", None, None);
                }
            }
            "freeze" => {
                let active = self.ha.lrm_mode.get(&node).is_some_and(|m| *m == "active");
                if active && self.online(&node) {
                    self.change(self.requested(), None, None);
                }
            }
            "fence" => {
                // Fencing is acknowledged once the node's agent lock has expired.
                let refreshed = self.ha.agent_lock.get(&node).copied().unwrap_or(0);
                if self.now.saturating_sub(refreshed) >= LOCK_LIFETIME {
                    self.change("recovery", None, None);
                    self.ha.node_status.insert(node, "unknown");
                }
            }
            "recovery" => self.recover(&node, moves),
            "error" if wanted == "disabled" => {
                if let Some(service) = self.service() {
                    service.failed_nodes.clear();
                }
                self.change("stopped", None, None);
            }
            _ => {}
        }
        // A rebooting node's services freeze (`lrm_mode` restart).
        let restarting = self
            .service()
            .map(|s| s.node.clone())
            .and_then(|n| self.ha.lrm_mode.get(&n).copied())
            == Some("restart");
        let state = self.service().map_or("", |s| s.state);
        if restarting && matches!(state, "started" | "stopped" | "request_stop") {
            self.change("freeze", None, None);
        }
    }

    /// A queued `migrate` or `relocate`, taken off the queue: `Some(true)` when it moves the
    /// service (its target is online and elsewhere), `Some(false)` when it is ignored.
    fn follow_command(&mut self, service: &Service) -> Option<bool> {
        let (cmd, target) = service.cmd.clone()?;
        if let Some(service) = self.service() {
            service.cmd = None;
        }
        // `crm-command stop`: in `started`, the service is asked to stop and its resource's
        // requested state becomes `stopped`, so the manager does not start it again.
        if cmd == "stop" {
            if service.state != "started" {
                return Some(false);
            }
            self.change("request_stop", None, None);
            let sid = self.sid;
            if let Some(resource) = self.ha.resources.iter_mut().find(|r| r.sid == sid) {
                resource.state = "stopped".to_owned();
            }
            return Some(true);
        }
        let moves = self.online(&target) && target != service.node;
        if moves {
            self.change(cmd, None, Some(target));
        }
        Some(moves)
    }

    fn fence(&mut self, node: &str) {
        self.change("fence", None, None);
        self.ha.node_status.insert(node.to_owned(), "fence");
    }

    /// `next_state_started`: stop when asked, follow a command, or apply the relocation
    /// policy when the LRM could not start it.
    fn started(&mut self, service: &Service, exit: Option<Exit>) {
        let node = service.node.clone();
        if !self.online(&node) {
            if self.offline_delayed(&node) {
                self.fence(&node);
            }
            return;
        }
        if matches!(self.resource.state.as_str(), "disabled" | "stopped") {
            self.change("request_stop", None, None);
            return;
        }
        if self.follow_command(service).is_some() {
            return;
        }
        match exit {
            Some(Exit::Success) => {
                if let Some(service) = self.service() {
                    service.failed_nodes.clear();
                    service.running = true;
                }
                self.fail_back(&node);
            }
            Some(Exit::Error) => {
                let failed = match self.service() {
                    Some(service) => {
                        service.running = false;
                        service.failed_nodes.push(node.clone());
                        service.failed_nodes.clone()
                    }
                    None => return,
                };
                if failed.len() > self.resource.max_relocate as usize {
                    self.change("error", None, None);
                    return;
                }
                // Try the next node it has not failed on; else once more here.
                let mut online = self.eligible();
                online.retain(|n| !failed.contains(n));
                if let Some(next) = select_node(&online, self.placement, &self.ha.services)
                    && next != node
                {
                    self.change("migrate", None, Some(next));
                }
            }
            None => self.fail_back(&node),
        }
        self.maintenance(&node);
    }

    /// Off a node in maintenance (the `migrate` shutdown policy), and back once it is active.
    fn maintenance(&mut self, node: &str) {
        let Some(service) = self.service().cloned() else {
            return;
        };
        if service.state != "started" {
            return;
        }
        if self.in_maintenance(node) {
            let best = select_node(&self.eligible(), self.placement, &self.ha.services);
            if let Some(best) = best.filter(|b| b != node) {
                self.change("migrate", None, Some(best));
                if let Some(service) = self.service() {
                    service.maintenance_node = Some(node.to_owned());
                }
            }
            return;
        }
        let Some(home) = service.maintenance_node else {
            return;
        };
        let back = self.ha.lrm_mode.get(&home).is_some_and(|m| *m == "active");
        if home == node || (back && self.online(&home)) {
            if let Some(service) = self.service() {
                service.maintenance_node = None;
            }
            if home != node {
                self.change("migrate", None, Some(home));
            }
        }
    }

    /// A running service moves (live) to the best online node of its group or rule when it is
    /// not on one of them; with failback off, any node of them will do.
    fn fail_back(&mut self, node: &str) {
        let Some(placement) = self.placement else {
            return;
        };
        let online = self.eligible();
        let top = placement
            .nodes
            .iter()
            .filter(|n| online.contains(&n.node))
            .map(|n| n.priority)
            .max();
        let Some(top) = top else {
            return;
        };
        let good_enough = placement
            .nodes
            .iter()
            .filter(|n| n.node == node)
            .any(|n| n.priority == top || !placement.failback);
        if good_enough {
            return;
        }
        if let Some(best) = select_node(&online, Some(placement), &self.ha.services)
            && best != node
        {
            self.change("migrate", None, Some(best));
        }
    }

    /// `next_state_recovery`: the best online node takes it over.
    fn recover(&mut self, fenced: &str, moves: &mut Vec<(u32, String)>) {
        let mut online = self.eligible();
        online.retain(|n| n != fenced);
        match select_node(&online, self.placement, &self.ha.services) {
            Some(target) => {
                moves.push((self.resource.vmid, target.clone()));
                self.change(self.requested(), Some(target), None);
            }
            None if self.resource.state == "disabled" => self.change("stopped", None, None),
            None => {}
        }
    }
}

/// Where a service goes (`select_service_node`): the online nodes of the highest priority of its
/// group or node-affinity rule, or — when none of them is online and it is not bound to them —
/// any online node; of those, the one with the fewest services.
fn select_node(
    online: &[String],
    placement: Option<&Placement>,
    services: &BTreeMap<String, Service>,
) -> Option<String> {
    let preferred: Vec<(&String, u32)> = placement
        .map(|p| {
            p.nodes
                .iter()
                .filter_map(|n| {
                    online
                        .iter()
                        .find(|o| **o == n.node)
                        .map(|o| (o, n.priority))
                })
                .collect()
        })
        .unwrap_or_default();
    let candidates: Vec<&String> = match preferred.iter().map(|(_, p)| *p).max() {
        Some(top) => preferred
            .iter()
            .filter(|(_, p)| *p == top)
            .map(|(n, _)| *n)
            .collect(),
        None if placement.is_some_and(|p| p.strict) => Vec::new(),
        None => online.iter().collect(),
    };
    candidates
        .into_iter()
        .min_by_key(|n| services.values().filter(|s| &s.node == *n).count())
        .cloned()
}

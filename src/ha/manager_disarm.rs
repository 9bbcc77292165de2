//! Disarming the HA stack, `handle_disarm` in pve-ha-manager src/PVE/HA/Manager.pm:
//! freeze or stop tracking all services once no transition is pending, and report when
//! every online LRM has disarmed.

use std::collections::{BTreeMap, BTreeSet};

use super::env::Env;
use super::manager::{Manager, compute_new_uuid};
use super::types::ServiceData;

impl Manager {
    /// `handle_disarm`: `Some(sids)` lets only services in transient states proceed,
    /// `None` means the disarm was handled and the state machine is skipped.
    pub fn handle_disarm(
        &mut self,
        env: &mut dyn Env,
        lrm_modes: &BTreeMap<String, String>,
    ) -> Result<Option<BTreeSet<String>>, String> {
        let Some(mut disarm) = self.disarm.clone() else {
            return Ok(None);
        };
        if disarm.mode != "freeze" && disarm.mode != "ignore" {
            env.log(
                "err",
                &format!("unknown disarm-mode '{}', ignoring", disarm.mode),
            );
            return Ok(None);
        }
        let mut deferred = BTreeSet::new();
        for (sid, sd) in &self.ss {
            let st = sd.state.as_str();
            if st == "fence" || st == "recovery" {
                env.log(
                    "warn",
                    &format!("deferring disarm - service '{sid}' is in '{st}' state"),
                );
                deferred.insert(sid.clone());
            } else if st == "migrate" || st == "relocate" {
                env.log(
                    "info",
                    &format!("deferring disarm - service '{sid}' is in '{st}' state"),
                );
                deferred.insert(sid.clone());
            }
        }
        if !deferred.is_empty() {
            return Ok(Some(deferred));
        }
        let prune = |sd: &ServiceData| ServiceData {
            state: sd.state.clone(),
            node: sd.node.clone(),
            uid: sd.uid.clone(),
            maintenance_node: sd.maintenance_node.clone(),
            ..Default::default()
        };
        if disarm.mode == "freeze" {
            for (sid, sd) in self.ss.iter_mut() {
                let st = sd.state.clone();
                if st == "freeze" {
                    continue;
                }
                if matches!(
                    st.as_str(),
                    "started"
                        | "stopped"
                        | "request_stop"
                        | "request_start"
                        | "request_start_balance"
                ) {
                    env.log(
                        "info",
                        &format!("disarm: freezing service '{sid}' (was '{st}')"),
                    );
                    *sd = prune(sd);
                    sd.state = "freeze".into();
                    sd.uid = Some(compute_new_uuid("freeze"));
                }
            }
        } else {
            for sd in self.ss.values_mut() {
                *sd = prune(sd);
            }
        }
        let all = self
            .ns
            .list_online_nodes()
            .iter()
            .all(|n| lrm_modes.get(n).is_some_and(|m| m == "disarm"));
        if all && disarm.state != "disarmed" {
            env.log("info", "all LRMs disarmed, HA stack is now fully disarmed");
            disarm.state = "disarmed".into();
        }
        self.all_lrms_disarmed = disarm.state == "disarmed";
        self.disarm = Some(disarm);
        self.flush_master_status(env)?;
        Ok(None)
    }

    pub fn is_fully_disarmed(&self) -> bool {
        self.all_lrms_disarmed
    }
}

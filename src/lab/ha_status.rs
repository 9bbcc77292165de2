//! `/cluster/ha/status/current`, `manager_status`, `disarm-ha` and `arm-ha`, drawn from the
//! manager and LRM status files as pve-ha-manager's `src/PVE/API2/HA/Status.pm` draws them:
//! 5.2.0 for `--pve 9`; for `--pve 8` the 4.0.7 code (commit 53d8e48, what bookworm ships),
//! which has no `fencing` entry, no watchdog word in the LRM lines and no `failback`.

use serde_json::{Map, Value, json};

use crate::ha::types::{ManagerStatus, ServiceConf, ServiceData};

use super::Pve;
use super::dispatch::Call;
use super::http::{Answer, ApiError};

/// The lab's local time as Perl's `localtime` writes it: `Wed Nov 25 10:15:00 2026`.
fn localtime(epoch: i64) -> String {
    let offset = super::nodes::timezone_offset(u64::try_from(epoch).unwrap_or(0));
    let local = epoch.saturating_add_unsigned(offset);
    let format = time::macros::format_description!(
        "[weekday repr:short] [month repr:short] [day padding:space] [hour]:[minute]:[second] [year]"
    );
    time::OffsetDateTime::from_unix_timestamp(local)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// `$timestamp_to_status`.
fn timestamp_to_status(ctime: i64, timestamp: i64) -> &'static str {
    let diff = ctime - timestamp;
    if diff > 30 {
        "old timestamp - dead?"
    } else if diff < -2 {
        "detected time drift!"
    } else {
        "active"
    }
}

/// `PVE::HA::Tools::count_active_services` (5.x counts a migration's target too).
fn count_active_services(ms: &ManagerStatus, node: &str, pve: Pve) -> usize {
    ms.service_status
        .values()
        .filter(|sd| sd.node == node || (pve == Pve::Pve9 && sd.target.as_deref() == Some(node)))
        .filter(|sd| {
            let skip: &[&str] = match pve {
                Pve::Pve9 => &["stopped", "freeze", "error", "request_start"],
                Pve::Pve8 => &["stopped", "freeze"],
            };
            !sd.state.is_empty() && !skip.contains(&sd.state.as_str())
        })
        .count()
}

/// `PVE::HA::Tools::get_verbose_service_state`.
fn verbose_state(ss: Option<&ServiceData>, sc: Option<&ServiceConf>) -> String {
    let Some(sc) = sc else {
        return "deleting".into();
    };
    if sc.state == "ignored" {
        return "ignored".into();
    }
    let Some(ss) = ss else {
        return "queued".into();
    };
    let req = sc.state.as_str();
    match ss.state.as_str() {
        "stopped" if req == "started" => "starting".into(),
        "stopped" if req == "disabled" => "disabled".into(),
        "started" if !ss.running => "starting".into(),
        "started" if req == "stopped" || req == "disabled" => "stopping".into(),
        "error" if req == "disabled" => "clearing error flag".into(),
        "" => "queued".into(),
        other => other.into(),
    }
}

/// `GET /cluster/ha/status/current`.
pub(crate) fn current(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let pve = world.pve_of(call.via);
    let ctime = i64::try_from(world.node_now(call.via)).unwrap_or(i64::MAX);
    let ha = super::ha_api::ha_of(&world, call)?;
    let ms = &ha.manager_status;
    let config = ha.service_config(&world, call.via);
    let nodename = world
        .node(call.via)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    let quorate = world.node(call.via).is_some_and(|n| n.online) && world.is_quorate(call.via);
    let mut res = vec![json!({
        "id": "quorum",
        "type": "quorum",
        "node": nodename,
        "status": if quorate { "OK".to_owned() } else { format!("No quorum on node '{nodename}'!") },
        "quorate": u8::from(quorate),
    })];
    let crs = world
        .config_of(call.via)
        .and_then(|c| c.datacenter.get("crs"))
        .and_then(|crs| crs.split(',').find_map(|p| p.strip_prefix("ha=")))
        .filter(|mode| *mode != "basic")
        .map(|mode| format!(" - {mode} load CRS"))
        .unwrap_or_default();
    // the master's timestamp is only defined once a master wrote the status
    let master = ms.master_node.as_ref().filter(|_| ms.timestamp != 0);
    if let Some(master) = master {
        let mut state = timestamp_to_status(ctime, ms.timestamp);
        if quorate && state != "active" && config.is_empty() {
            state = "idle";
        }
        let mut extra = String::new();
        if let (Pve::Pve9, Some(disarm)) = (pve, &ms.disarm) {
            extra.push_str(&format!(
                " - {}, resource mode: {}",
                disarm.state, disarm.mode
            ));
        }
        extra.push_str(&crs);
        res.push(json!({
            "id": "master",
            "type": "master",
            "node": master,
            "status": format!("{master} ({state}, {}){extra}", localtime(ms.timestamp)),
            "timestamp": ms.timestamp,
        }));
    }
    if pve == Pve::Pve9 {
        res.push(fencing(ms, master.is_some(), ctime, &nodename));
    }
    for node in ms.node_status.keys() {
        res.push(lrm_entry(ha, node, ctime, pve));
    }
    let mut add = |sid: &str, sc: Option<&ServiceConf>, ss: Option<&ServiceData>| {
        let node = ss.map(|s| s.node.clone()).or(sc.map(|c| c.node.clone()));
        let mut state = verbose_state(ss, sc);
        if pve == Pve::Pve9 && ms.disarm.as_ref().is_some_and(|d| d.mode == "ignore") {
            state = "ignore".into();
        }
        let shown = node.clone().unwrap_or_else(|| "---".into());
        let mut data = Map::new();
        data.insert("id".into(), json!(format!("service:{sid}")));
        data.insert("type".into(), json!("service"));
        data.insert("sid".into(), json!(sid));
        if let Some(node) = node {
            data.insert("node".into(), json!(node));
        }
        if let Some(ss) = ss {
            data.insert("crm_state".into(), json!(ss.state));
        }
        data.insert("status".into(), json!(format!("{sid} ({shown}, {state})")));
        data.insert("state".into(), json!(state));
        if let Some(sc) = sc {
            data.insert("request_state".into(), json!(sc.state));
            if let Some(resource) = ha.resources.iter().find(|r| r.sid == sid) {
                data.extend(super::ha_api::attributes(resource, pve));
            }
        }
        res.push(Value::Object(data));
    };
    for (sid, ss) in &ms.service_status {
        add(sid, config.get(sid), Some(ss));
    }
    for (sid, sc) in config
        .iter()
        .filter(|(sid, _)| !ms.service_status.contains_key(*sid))
    {
        add(sid, Some(sc), None);
    }
    Ok(Answer::data(Value::Array(res)))
}

/// 5.x's `fencing` entry: `armed` while the master is active (its watchdog open), `standby`
/// without one, or the disarm request's state.
fn fencing(ms: &ManagerStatus, has_master: bool, ctime: i64, nodename: &str) -> Value {
    let node = ms
        .master_node
        .clone()
        .unwrap_or_else(|| nodename.to_owned());
    if let Some(disarm) = &ms.disarm {
        let wd = if disarm.state == "disarmed" {
            "CRM watchdog released"
        } else {
            "CRM watchdog active"
        };
        return json!({
            "id": "fencing",
            "type": "fencing",
            "node": node,
            "status": format!("{}, resource mode: {} ({wd})", disarm.state, disarm.mode),
            "armed-state": disarm.state,
            "resource_mode": disarm.mode,
        });
    }
    let active = has_master && timestamp_to_status(ctime, ms.timestamp) == "active";
    let (state, wd) = if active {
        ("armed", "CRM watchdog active")
    } else {
        ("standby", "CRM watchdog standby")
    };
    json!({
        "id": "fencing",
        "type": "fencing",
        "node": node,
        "status": format!("{state} ({wd})"),
        "armed-state": state,
    })
}

/// One `lrm:<node>` entry.
fn lrm_entry(ha: &super::ha::HaState, node: &str, ctime: i64, pve: Pve) -> Value {
    let id = format!("lrm:{node}");
    let lrm = ha.lrm_status.get(node).cloned().unwrap_or_default();
    if lrm.timestamp == 0 {
        return json!({
            "id": id, "type": "lrm", "node": node,
            "status": format!("{node} (unable to read lrm status)"),
        });
    }
    let fresh = timestamp_to_status(ctime, lrm.timestamp);
    let lrm_state = lrm.state.clone().unwrap_or_else(|| "unknown".into());
    let mode = lrm.mode.clone();
    let wd = if fresh == "active" && matches!(lrm_state.as_str(), "active" | "maintenance") {
        "watchdog active"
    } else if mode.as_deref() == Some("disarm") {
        "watchdog released"
    } else {
        "watchdog standby"
    };
    let shown_modes: &[&str] = match pve {
        Pve::Pve9 => &["maintenance", "disarm"],
        Pve::Pve8 => &["maintenance"],
    };
    let status = if fresh == "active" {
        let mode = mode.unwrap_or_else(|| "active".into());
        let active = count_active_services(&ha.manager_status, node, pve);
        if mode != "active" {
            format!("{mode} mode")
        } else if lrm_state == "wait_for_agent_lock" && active == 0 {
            "idle".into()
        } else {
            lrm_state
        }
    } else {
        match mode {
            Some(mode) if shown_modes.contains(&mode.as_str()) => format!("{mode} mode"),
            _ => fresh.into(),
        }
    };
    let text = match pve {
        Pve::Pve9 => format!("{node} ({status}, {wd}, {})", localtime(lrm.timestamp)),
        Pve::Pve8 => format!("{node} ({status}, {})", localtime(lrm.timestamp)),
    };
    json!({ "id": id, "type": "lrm", "node": node, "status": text, "timestamp": lrm.timestamp })
}

/// A service's full record in `manager_status`, as Manager.pm writes it.
fn service_record(sd: &ServiceData) -> Value {
    let mut o = Map::new();
    o.insert("state".into(), json!(sd.state));
    o.insert("node".into(), json!(sd.node));
    if let Some(uid) = &sd.uid {
        o.insert("uid".into(), json!(uid));
    }
    if let Some(target) = &sd.target {
        o.insert("target".into(), json!(target));
    }
    if let Some(timeout) = sd.timeout {
        o.insert("timeout".into(), json!(timeout));
    }
    if let Some(failed) = &sd.failed_nodes {
        o.insert("failed_nodes".into(), json!(failed));
    }
    if let Some(node) = &sd.maintenance_node {
        o.insert("maintenance_node".into(), json!(node));
    }
    if let Some(cmd) = &sd.cmd {
        o.insert("cmd".into(), json!(cmd));
    }
    if sd.running {
        o.insert("running".into(), json!(1));
    }
    Value::Object(o)
}

/// `GET /cluster/ha/status/manager_status`: the manager status, and the LRM status of each
/// node in its `node_status`.
pub(crate) fn manager_status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let ha = super::ha_api::ha_of(&world, call)?;
    let ms = &ha.manager_status;
    let nodename = world
        .node(call.via)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    let quorate = world.node(call.via).is_some_and(|n| n.online) && world.is_quorate(call.via);
    // no manager_status file before the first master wrote one: `{}`
    let mut status = Map::new();
    if *ms != ManagerStatus::default() {
        if let Some(master) = &ms.master_node {
            status.insert("master_node".into(), json!(master));
        }
        status.insert("timestamp".into(), json!(ms.timestamp));
        status.insert("node_status".into(), json!(ms.node_status));
        let services: Map<String, Value> = ms
            .service_status
            .iter()
            .map(|(sid, sd)| (sid.clone(), service_record(sd)))
            .collect();
        status.insert("service_status".into(), Value::Object(services));
        if let Some(disarm) = &ms.disarm {
            status.insert(
                "disarm".into(),
                json!({ "mode": disarm.mode, "state": disarm.state }),
            );
        }
    }
    let mut data = json!({
        "manager_status": status,
        "quorum": { "node": nodename, "quorate": u8::from(quorate) },
    });
    if let Some(o) = data.as_object_mut()
        && !ms.node_status.is_empty()
    {
        let lrms: Map<String, Value> = ms
            .node_status
            .keys()
            .map(|node| {
                // `read_lrm_status`: a node whose LRM never wrote has `{mode: unknown}`
                let Some(lrm) = ha.lrm_status.get(node).cloned() else {
                    return (node.clone(), json!({ "mode": "unknown" }));
                };
                let results: Map<String, Value> = lrm
                    .results
                    .iter()
                    .map(|(uid, r)| {
                        let v = json!({ "sid": r.sid, "state": r.state, "exit_code": r.exit_code });
                        (uid.clone(), v)
                    })
                    .collect();
                let v = json!({
                    "state": lrm.state, "mode": lrm.mode,
                    "results": results, "timestamp": lrm.timestamp,
                });
                (node.clone(), v)
            })
            .collect();
        o.insert("lrm_status".into(), Value::Object(lrms));
    }
    Ok(Answer::data(data))
}

/// `POST /cluster/ha/status/disarm-ha` and `arm-ha` (5.x): a line of `crm_commands`.
pub(crate) fn arm(call: &Call<'_>, disarm: bool) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let cmd = if disarm {
        let mode = call.param("resource-mode").unwrap_or_default();
        format!("disarm-ha {mode}")
    } else {
        "arm-ha".to_owned()
    };
    world
        .config_of_mut(call.via)
        .map(|c| &mut c.ha)
        .ok_or_else(|| ApiError::failed("node not found"))?
        .queue(&cmd);
    Ok(Answer::data(Value::Null))
}

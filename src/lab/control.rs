//! The lab's control panel: what a teacher does with their hands in a real classroom — switch a
//! node off, pull its network cable — over plain HTTP on 127.0.0.1 with a bearer token.
//!
//! `POST /nodes/{name}/power-off|power-on|network-down|network-up`, `GET /state`.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use super::state::{Shared, World};

/// Serves the control panel until the lab stops.
pub(crate) async fn serve(shared: Arc<Shared>, listener: TcpListener, token: Arc<str>) {
    loop {
        let accepted = tokio::select! {
            () = shared.cancel.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let shared = Arc::clone(&shared);
        let token = Arc::clone(&token);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let reply = answer(&shared, &token, &request);
                async move { Ok::<_, std::convert::Infallible>(reply) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn answer(shared: &Shared, token: &str, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    let authorized = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        // Compared in constant time: the token is the panel's only lock.
        .is_some_and(|given| constant_time_eq(given.as_bytes(), token.as_bytes()));
    if !authorized {
        return reply(
            StatusCode::UNAUTHORIZED,
            &json!({ "error": "a bearer token is needed (control_token in lab --json)" }),
        );
    }
    let path = request.uri().path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (request.method().as_str(), segments.as_slice()) {
        ("GET", ["state"]) => reply(StatusCode::OK, &state(shared)),
        ("POST", ["nodes", name, action]) => match act(shared, name, action) {
            Ok(()) => reply(StatusCode::OK, &state(shared)),
            Err((status, message)) => reply(status, &json!({ "error": message })),
        },
        _ => reply(
            StatusCode::NOT_FOUND,
            &json!({ "error": format!("no such control: {} {path}", request.method()) }),
        ),
    }
}

/// Does what a hand would do to the node.
pub(crate) fn act(shared: &Shared, name: &str, action: &str) -> Result<(), (StatusCode, String)> {
    act_on(&mut shared.world(), name, action)
}

/// What a node can be made to do, as `POST /nodes/{name}/{action}`.
pub(crate) const ACTIONS: [&str; 8] = [
    "power-off",
    "power-on",
    "network-down",
    "network-up",
    "shutdown",
    "reboot",
    "start-fail",
    "start-ok",
];

/// [`act`] on a world already held (a fault armed to strike as a task logs a line).
pub(crate) fn act_on(
    world: &mut World,
    name: &str,
    action: &str,
) -> Result<(), (StatusCode, String)> {
    let now = world.now();
    let index = world
        .nodes
        .iter()
        .position(|n| n.name == name)
        .ok_or_else(|| (StatusCode::NOT_FOUND, format!("no node called '{name}'")))?;
    let node = world
        .node_mut(index)
        .ok_or_else(|| (StatusCode::NOT_FOUND, format!("no node called '{name}'")))?;
    match action {
        "power-off" => {
            node.switch(false);
            node.shutdown_request = None;
            node.back_at = None;
            // A machine switched off takes its running VMs with it.
            for guest in &mut node.guests {
                guest.running = false;
            }
        }
        // It boots: back after the boot time, at the lab's time scale (`ha_lrm::power_cycles`).
        "power-on" => {
            if !node.online && node.back_at.is_none() {
                node.back_at = Some(now + super::ha_lrm::BOOT);
            }
        }
        "network-down" => node.plug(false),
        "network-up" => node.plug(true),
        // A clean shutdown or reboot: the node's LRM hands its services over first (the HA
        // manager's shutdown policy), then the node goes down, and a rebooted one comes back.
        "shutdown" | "reboot" => {
            if node.online && node.shutdown_request.is_none() {
                node.shutdown_request = Some(action == "reboot");
            }
            return Ok(());
        }
        // VMs fail to start on the node (a missing bridge, say), or start again.
        "start-fail" | "start-ok" => {
            node.start_fails = action == "start-fail";
            return Ok(());
        }
        other => {
            return Err((
                StatusCode::NOT_FOUND,
                format!("no such action '{other}' ({})", ACTIONS.join(", ")),
            ));
        }
    }
    if action == "power-off" {
        super::ha_lrm::killed_by_poweroff(world, index);
    }
    Ok(())
}

/// The whole lab as the control panel shows it.
fn state(shared: &Shared) -> Value {
    let world = shared.world();
    let nodes: Vec<Value> = world
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            json!({
                "name": node.name,
                "address": node.address.to_string(),
                "power": match (node.online, node.back_at) {
                    (true, _) => "on",
                    (false, Some(_)) => "booting",
                    (false, None) => "off",
                },
                "network": if node.network_up { "up" } else { "down" },
                "quorate": node.online && world.is_quorate(index),
                // Seconds since it booted: a watchdog reset starts it again.
                "uptime": if node.online { world.now().saturating_sub(node.booted_at) } else { 0 },
                "running": node
                    .guests
                    .iter()
                    .filter(|g| g.running)
                    .map(|g| g.vmid)
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    // Every HA service's changes, with their times: what a failover looked like.
    let history: Vec<Value> = world
        .configs
        .iter()
        .flat_map(|config| config.ha.history.iter())
        .map(|change| {
            json!({
                "time": change.time,
                "sid": change.sid,
                "state": change.state,
                "node": change.node,
            })
        })
        .collect();
    // The master's view of each node (`online`, `unknown`, `fence`, `maintenance`, …).
    let ha_nodes: serde_json::Map<String, Value> = world
        .configs
        .iter()
        .flat_map(|config| config.ha.manager_status.node_status.iter())
        .map(|(node, status)| (node.clone(), json!(status)))
        .collect();
    json!({
        "now": world.now(),
        "ha_history": history,
        "ha_node_status": ha_nodes,
        "nodes": nodes,
        "nas": world.nas.as_ref().map(|nas| json!({
            "server": nas.address.to_string(),
            "exports": nas.exports,
            "online": nas.online,
        })),
    })
}

fn reply(status: StatusCode, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

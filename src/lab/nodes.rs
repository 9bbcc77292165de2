//! `/version`, `/nodes` and `/nodes/{node}/…`: what a node says about itself.

use serde_json::{Value, json};
use sha1::{Digest, Sha1};

use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::state::{Node, World};

/// The time zone of a LliureX school.
const TIMEZONE: &str = "Europe/Madrid";
/// Seconds Europe/Madrid is ahead of UTC at `epoch`: CET (one hour), or CEST (two) from the last
/// Sunday of March to the last Sunday of October, 01:00 UTC both (the EU's rule), as the node's
/// tz database says.
pub(crate) fn timezone_offset(epoch: u64) -> u64 {
    const HOUR: u64 = 3600;
    let Ok(moment) = time::OffsetDateTime::from_unix_timestamp(i64::try_from(epoch).unwrap_or(0))
    else {
        return HOUR;
    };
    let last_sunday = |month: time::Month| {
        let last = time::Date::from_calendar_date(moment.year(), month, 31).ok()?;
        let back = last.weekday().number_days_from_sunday();
        let day = last.checked_sub(time::Duration::days(i64::from(back)))?;
        u64::try_from(day.with_hms(1, 0, 0).ok()?.assume_utc().unix_timestamp()).ok()
    };
    match (
        last_sunday(time::Month::March),
        last_sunday(time::Month::October),
    ) {
        (Some(start), Some(end)) if (start..end).contains(&epoch) => 2 * HOUR,
        _ => HOUR,
    }
}

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;
pub(crate) const MAX_MEMORY: u64 = 8 * GIB;
pub(crate) const CPUS: u64 = 4;

fn node_of<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w Node, ApiError> {
    world
        .node(call.node)
        .ok_or_else(|| ApiError::failed("no such node"))
}

pub(crate) fn version(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let node = node_of(&world, call)?;
    Ok(Answer::data(json!({
        "version": node.pve.version(),
        "release": node.pve.release(),
        "repoid": node.pve.repoid(),
    })))
}

/// A node's entry in `/nodes` and `/cluster/resources`: identity, state and usage.
pub(crate) fn summary(world: &World, index: usize, node: &Node) -> Value {
    let now = world.now();
    let (root_total, root_used) = world.root_fs(index);
    json!({
        "id": format!("node/{}", node.name),
        "type": "node",
        "node": node.name,
        "status": if node.online { "online" } else { "offline" },
        "level": "",
        "uptime": if node.online { now.saturating_sub(node.booted_at) } else { 0 },
        "cpu": 0.0123,
        "maxcpu": CPUS,
        "mem": 1_843_200_000u64,
        "maxmem": MAX_MEMORY,
        "disk": root_used,
        "maxdisk": root_total,
    })
}

/// `/nodes`: the members of the cluster, or the node alone.
pub(crate) fn list(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let entries: Vec<Value> = world
        .known_nodes(call.via)
        .into_iter()
        .filter_map(|index| Some((index, world.node(index)?)))
        .map(|(index, node)| {
            let mut entry = summary(&world, index, node);
            if let Some(object) = entry.as_object_mut() {
                object.insert(
                    "ssl_fingerprint".to_owned(),
                    json!(node.certificate.file.fingerprint.to_string()),
                );
            }
            entry
        })
        .collect();
    Ok(Answer::data(Value::Array(entries)))
}

pub(crate) fn status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let now = world.now();
    let node = node_of(&world, call)?;
    let kernel = node.pve.kernel();
    let (root_total, root_used) = world.root_fs(call.node);
    Ok(Answer::data(json!({
        "pveversion": format!("pve-manager/{}/{}", node.pve.version(), node.pve.repoid()),
        // pve-manager `PVE/API2/Nodes.pm` (`get_current_kernel_info`): "$sysname $release $version".
        "kversion": format!("Linux {} {}", kernel.release, kernel.version),
        "current-kernel": {
            "sysname": "Linux",
            "release": kernel.release,
            "version": kernel.version,
            "machine": "x86_64",
        },
        "boot-info": { "mode": "efi", "secureboot": 0 },
        "uptime": now.saturating_sub(node.booted_at),
        "cpu": 0.0123,
        "wait": 0.0004,
        "idle": 0,
        "loadavg": ["0.08", "0.05", "0.01"],
        "cpuinfo": {
            "model": "QEMU Virtual CPU (practice lab)",
            "cpus": CPUS,
            "cores": CPUS,
            "sockets": 1,
            "mhz": "2400.000",
            "hvm": "1",
            "flags": "",
        },
        "memory": memory(node.pve),
        "swap": { "total": 0, "used": 0, "free": 0 },
        "ksm": { "shared": 0 },
        "rootfs": { "total": root_total, "used": root_used, "free": root_total - root_used, "avail": root_total - root_used },
    })))
}

/// `memory` of a node's status; `available` (MemAvailable) since PVE 9 (pve-manager
/// `PVE/API2/Nodes.pm`, `status`).
fn memory(pve: super::Pve) -> Value {
    const USED: u64 = 1_843_200_000;
    let mut memory = json!({ "total": MAX_MEMORY, "used": USED, "free": MAX_MEMORY - USED });
    if let (super::Pve::Pve9, Some(object)) = (pve, memory.as_object_mut()) {
        object.insert("available".to_owned(), json!(MAX_MEMORY - USED));
    }
    memory
}

pub(crate) fn dns(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    node_of(&world, call)?;
    Ok(Answer::data(json!({
        "search": super::state::DOMAIN,
        "dns1": "127.0.0.53",
    })))
}

/// The digest PVE gives a file: SHA-1 of its content, in hex.
fn digest(data: &str) -> String {
    Sha1::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn hosts(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let node = node_of(&world, call)?;
    Ok(Answer::data(json!({
        "data": node.hosts,
        "digest": digest(&node.hosts),
    })))
}

/// `POST /nodes/{node}/hosts` (pve-manager `PVE/API2/Nodes.pm`, `write_etc_hosts`): the
/// digest checked as `PVE::Tools::assert_if_modified` does, then each line as pve-common's
/// `PVE::INotify::write_etc_hosts` checks it (an address, then names) before writing.
pub(crate) fn write_hosts(call: &Call<'_>) -> Result<Answer, ApiError> {
    let data = call.param("data").unwrap_or_default().to_owned();
    let mut world = call.shared.world();
    let current = world
        .node(call.node)
        .map(|n| digest(&n.hosts))
        .unwrap_or_default();
    if let Some(expected) = call.param("digest").filter(|d| !d.is_empty())
        && expected != current
    {
        return Err(ApiError::failed(
            "detected modified configuration - file changed by other user? Try again.",
        ));
    }
    check_hosts(&data)?;
    let node = world
        .node_mut(call.node)
        .ok_or_else(|| ApiError::failed("no such node"))?;
    node.hosts = data;
    Ok(Answer::data(Value::Null))
}

/// `write_etc_hosts`'s check: comments and blank lines pass; otherwise the line split on
/// whitespace (a leading blank makes an empty address) is an IP address and host names.
fn check_hosts(data: &str) -> Result<(), ApiError> {
    for line in data.split('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let mut fields = line.split(|c: char| c.is_whitespace());
        let ip = fields.next().unwrap_or_default();
        if ip.parse::<std::net::IpAddr>().is_err() {
            return Err(ApiError::parameter("data", format!("Invalid IP '{ip}'")));
        }
        let bad = fields.filter(|n| !n.is_empty()).find(|name| {
            !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        });
        if let Some(name) = bad {
            return Err(ApiError::parameter(
                "data",
                format!("Invalid Hostname '{name}'"),
            ));
        }
    }
    Ok(())
}

pub(crate) fn time(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    node_of(&world, call)?;
    let time = world.node_now(call.node);
    Ok(Answer::data(json!({
        "time": time,
        "localtime": time + timezone_offset(time),
        "timezone": TIMEZONE,
    })))
}

/// `vmbr0` with the node's address on `enp1s0`, as the PVE installer sets it up.
pub(crate) fn network(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let node = node_of(&world, call)?;
    let [a, b, c, _] = node.address.octets();
    let bridge = json!({
        "iface": "vmbr0",
        "type": "bridge",
        "method": "static",
        "method6": "manual",
        "families": ["inet"],
        "active": 1,
        "autostart": 1,
        "address": node.address.to_string(),
        "netmask": "24",
        "cidr": format!("{}/24", node.address),
        "gateway": format!("{a}.{b}.{c}.1"),
        "bridge_ports": "enp1s0",
        "bridge_stp": "off",
        "bridge_fd": "0",
        "priority": 4,
    });
    let nic = json!({
        "iface": "enp1s0",
        "type": "eth",
        "method": "manual",
        "method6": "manual",
        "families": ["inet"],
        "active": 1,
        "autostart": 1,
        "exists": 1,
        "priority": 3,
    });
    let wanted = call.param("type");
    let interfaces: Vec<Value> = [bridge, nic]
        .into_iter()
        .filter(|iface| {
            let kind = iface
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match wanted {
                None => true,
                Some("any_bridge" | "any_local_bridge") => kind == "bridge",
                Some(wanted) => kind == wanted,
            }
        })
        .collect();
    Ok(Answer::data(Value::Array(interfaces)))
}

/// The cluster CA and the node's certificate, from `/etc/pve` (so any member can tell).
pub(crate) fn certificates(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let node = node_of(&world, call)?;
    let config = world
        .config_of(call.node)
        .ok_or_else(|| ApiError::failed("no such node"))?;
    let entry = |filename: &str, file: &super::pki::CertificateFile| {
        json!({
            "filename": filename,
            "fingerprint": file.fingerprint.to_string(),
            "subject": file.subject,
            "issuer": file.issuer,
            "notbefore": file.not_before,
            "notafter": file.not_after,
            "san": file.san,
            "pem": file.pem,
            "public-key-type": "id-ecPublicKey",
            "public-key-bits": 256,
        })
    };
    Ok(Answer::data(json!([
        entry("pve-root-ca.pem", &config.authority.file),
        entry("pve-ssl.pem", &node.certificate.file),
    ])))
}

/// A task as `upid_decode` reads its UPID, with a token's user and token name apart
/// (pve-manager `PVE/API2/Tasks.pm`, `$convert_token_task`).
fn task_entry(node: &Node, task: &super::state::Task) -> Value {
    let mut entry = json!({
        "upid": task.upid,
        "node": node.name,
        "pid": task.pid,
        "pstart": task.pstart,
        "starttime": task.start,
        "type": task.kind,
        "id": task.id,
        "user": task.user,
    });
    if let (Some((user, tokenid)), Some(object)) =
        (task.user.split_once('!'), entry.as_object_mut())
    {
        object.insert("user".to_owned(), json!(user));
        object.insert("tokenid".to_owned(), json!(tokenid));
    }
    entry
}

/// `GET …/tasks/{upid}/status`: `running`, or `stopped` with its exit status.
fn status_entry(node: &Node, task: &super::state::Task) -> Value {
    let mut entry = task_entry(node, task);
    if let Some(object) = entry.as_object_mut() {
        match &task.exit {
            Some(exit) => {
                object.insert("status".to_owned(), json!("stopped"));
                object.insert("exitstatus".to_owned(), json!(exit));
            }
            None => {
                object.insert("status".to_owned(), json!("running"));
            }
        }
    }
    entry
}

/// `upid_normalize_status_type` (pve-common `PVE/Tools.pm`): ok, warning, or error.
fn status_type(status: &str) -> &'static str {
    let warnings = status
        .strip_prefix("WARNINGS: ")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    match status {
        "OK" => "ok",
        "unexpected status" => "unknown",
        _ if warnings => "warning",
        _ => "error",
    }
}

/// `GET /nodes/{node}/tasks` as pve-manager's `Tasks.pm` (`node_tasks`) lists them: running
/// ones (`source=active|all`, status `RUNNING`) before the finished ones (`archive`, the
/// default), newest first; filtered by user, type, VM, time and status; `start` skips and
/// `limit` (50) cuts what matched, and `total` counts every match.
pub(crate) fn tasks(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let node = node_of(&world, call)?;
    let number = |name: &str| call.param(name).and_then(|v| v.parse::<u64>().ok());
    let start = number("start").unwrap_or(0);
    let limit = number("limit").unwrap_or(50);
    let (since, until) = (number("since"), number("until"));
    let source = call.param("source").unwrap_or("archive");
    let errors = call.flag("errors").unwrap_or(false);
    let statuses: Vec<String> = match call.param("statusfilter") {
        Some(list) if !errors => list
            .split([',', ';', ' ', '\0'])
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase)
            .collect(),
        _ if errors => ["warning", "error", "unknown"].map(str::to_owned).to_vec(),
        _ => ["ok", "warning", "error", "unknown"]
            .map(str::to_owned)
            .to_vec(),
    };
    let passes = |task: &super::state::Task, status: &str| {
        let user = task
            .user
            .split_once('!')
            .map_or(task.user.as_str(), |(u, _)| u);
        !(call
            .param("userfilter")
            .is_some_and(|f| !user.to_lowercase().contains(&f.to_lowercase()))
            || call.param("typefilter").is_some_and(|t| t != task.kind)
            || call.param("vmid").is_some_and(|v| task.id != v)
            || since.is_some_and(|s| task.start < s)
            || until.is_some_and(|u| task.start > u)
            || !statuses.iter().any(|s| s == status_type(status)))
    };
    let newest_first = || node.tasks.iter().rev();
    let active = newest_first()
        .filter(|t| t.exit.is_none() && matches!(source, "active" | "all"))
        .map(|t| (t, "RUNNING", None));
    let archived = newest_first()
        .filter(|_| source != "active")
        .filter_map(|t| Some((t, t.exit.as_deref()?, t.end)));
    let matching: Vec<_> = active
        .chain(archived)
        .filter(|(task, status, _)| passes(task, status))
        .collect();
    let list = matching
        .iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|(task, status, end)| with_status(task_entry(node, task), status, *end))
        .collect();
    Ok(Answer {
        data: Value::Array(list),
        total: Some(matching.len()),
    })
}

/// A listed task's `status` (its exit status in the index), and `endtime` once it ended.
fn with_status(mut entry: Value, status: &str, end: Option<u64>) -> Value {
    if let Some(object) = entry.as_object_mut() {
        object.insert("status".to_owned(), json!(status));
        if let Some(end) = end {
            object.insert("endtime".to_owned(), json!(end));
        }
    }
    entry
}

fn find_task<'w>(node: &'w Node, call: &Call<'_>) -> Result<&'w super::state::Task, ApiError> {
    let upid = call.param("upid").unwrap_or_default();
    // pve-common's upid_decode: `UPID:` and eight fields, the last one empty.
    let well_formed = upid
        .strip_prefix("UPID:")
        .is_some_and(|rest| rest.split(':').count() == 8 && rest.ends_with(':'));
    if !well_formed {
        return Err(ApiError::parameter("upid", "unable to parse worker upid"));
    }
    node.tasks
        .iter()
        .find(|task| task.upid == upid)
        .ok_or_else(|| ApiError::parameter("upid", "no such task"))
}

pub(crate) fn task_status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let node = node_of(&world, call)?;
    let task = find_task(node, call)?;
    Ok(Answer::data(status_entry(node, task)))
}

pub(crate) fn task_log(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let node = node_of(&world, call)?;
    let task = find_task(node, call)?;
    let number = |name: &str, default: usize| {
        call.param(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let start = number("start", 0);
    let limit = number("limit", 50);
    let lines: Vec<Value> = task
        .log
        .iter()
        .enumerate()
        .skip(start)
        .take(limit)
        .map(|(i, line)| json!({ "n": i + 1, "t": line }))
        .collect();
    Ok(Answer {
        data: Value::Array(lines),
        total: Some(task.log.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn madrid_follows_summer_time() {
        // 2026: from the 29th of March to the 25th of October, 01:00 UTC both.
        assert_eq!(timezone_offset(1_774_745_999), 3600);
        assert_eq!(timezone_offset(1_774_746_000), 7200);
        assert_eq!(timezone_offset(1_792_889_999), 7200);
        assert_eq!(timezone_offset(1_792_890_000), 3600);
        assert_eq!(timezone_offset(1_796_205_600), 3600);
    }
}

//! `/cluster/…`: status and resources, and the cluster configuration — create, join information,
//! join — following pve-cluster (`PVE::API2::ClusterConfig`, `PVE::Cluster::Setup`), including the
//! log lines and the refusals of its tasks.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::state::{Cluster, Member, Shared, World};
use crate::fingerprint::Fingerprint;

/// pve-cluster's `JOIN_API_VERSION`, the same on PVE 8 and 9.
pub(crate) const JOIN_API_VERSION: u32 = 1;
const CLUSTER_CONF: &str = "/etc/pve/corosync.conf";
const AUTH_FILE: &str = "/etc/corosync/authkey";
/// The pause between a task's steps: long enough to see progress, short enough for tests.
pub(crate) const STEP: Duration = Duration::from_millis(40);

fn cluster_entry(world: &World, viewer: usize, cluster: &Cluster) -> Value {
    let (present, needed) = world.quorum(viewer, cluster);
    json!({
        "type": "cluster",
        "id": "cluster",
        "name": cluster.name,
        "version": cluster.config_version,
        "nodes": cluster.members.len(),
        "quorate": u8::from(present >= needed),
    })
}

/// `/cluster/status`: the cluster and its members as this node sees them; a standalone node
/// lists only itself, at the address its name resolves to (`remote_node_ip`, which fails when
/// it resolves to loopback only: pve-manager `PVE/API2/Cluster.pm`, `get_status`).
pub(crate) fn status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let node_entry = |index: usize, nodeid: u32| {
        world.node(index).map(|node| {
            json!({
                "type": "node",
                "id": format!("node/{}", node.name),
                "name": node.name,
                "nodeid": nodeid,
                "ip": node.address.to_string(),
                "online": u8::from(world.in_membership(call.via, index)),
                "local": u8::from(index == call.via),
                "level": "",
            })
        })
    };
    let entries: Vec<Value> = match world.cluster_of(call.via) {
        Some(cluster) => std::iter::once(cluster_entry(&world, call.via, cluster))
            .chain(
                cluster
                    .members
                    .iter()
                    .filter_map(|m| node_entry(m.node, m.nodeid)),
            )
            .collect(),
        None => {
            let ip = own_ip(&world, call.via).map_err(ApiError::failed)?;
            node_entry(call.via, 0)
                .map(|mut entry| {
                    if let Some(object) = entry.as_object_mut() {
                        object.insert("ip".to_owned(), json!(ip));
                    }
                    entry
                })
                .into_iter()
                .collect()
        }
    };
    Ok(Answer::data(Value::Array(entries)))
}

/// `/cluster/resources[?type=vm|storage|node|sdn]`.
pub(crate) fn resources(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let now = world.now();
    let wanted = call.param("type");
    let mut entries = Vec::new();
    if matches!(wanted, None | Some("vm")) {
        for (index, guest) in world.guests(call.via) {
            let node = world
                .node(index)
                .map(|n| n.name.as_str())
                .unwrap_or_default();
            let mut entry = super::qemu::summary(&guest, node, now);
            if let (Some(hastate), Some(object)) = (
                super::qemu::hastate(&world, call.via, guest.vmid),
                entry.as_object_mut(),
            ) {
                object.insert("hastate".to_owned(), json!(hastate));
            }
            entries.push(entry);
        }
    }
    for index in world.known_nodes(call.via) {
        let Some(node) = world.node(index) else {
            continue;
        };
        if matches!(wanted, None | Some("node")) {
            let mut entry = super::nodes::summary(&world, index, node);
            if let Some(object) = entry.as_object_mut() {
                object.insert("cgroup-mode".to_owned(), json!(2));
            }
            entries.push(entry);
        }
        if matches!(wanted, None | Some("storage")) {
            entries.extend(super::storage::resources(&world, index));
        }
    }
    Ok(Answer::data(Value::Array(entries)))
}

/// `/cluster/nextid`: the lowest free VM id from 100, as a string (Perl's way).
pub(crate) fn next_id(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let used: Vec<u32> = world.guests(call.via).iter().map(|(_, g)| g.vmid).collect();
    if let Some(vmid) = call.param("vmid") {
        let taken = vmid.parse::<u32>().is_ok_and(|id| used.contains(&id));
        if taken {
            return Err(ApiError::parameter(
                "vmid",
                format!("VM {vmid} already exists"),
            ));
        }
        return Ok(Answer::data(json!(vmid)));
    }
    let free = (100u32..).find(|id| !used.contains(id)).unwrap_or(100);
    Ok(Answer::data(json!(free.to_string())))
}

pub(crate) fn index() -> Result<Answer, ApiError> {
    let names = ["nodes", "totem", "join", "qdevice", "apiversion"];
    Ok(Answer::data(
        names.iter().map(|name| json!({ "name": name })).collect(),
    ))
}

fn cluster_of<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w Cluster, ApiError> {
    world
        .cluster_of(call.via)
        .ok_or_else(|| ApiError::status(424, "node is not in a cluster, no join info available!"))
}

/// `/cluster/config/nodes`: corosync's node list (empty on a standalone node).
pub(crate) fn config_nodes(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let list: Vec<Value> = world
        .cluster_of(call.via)
        .map(|cluster| {
            cluster
                .members
                .iter()
                .map(|m| {
                    json!({
                        "node": m.name,
                        "name": m.name,
                        "nodeid": m.nodeid.to_string(),
                        "quorum_votes": m.votes.to_string(),
                        "ring0_addr": m.ring0,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Answer::data(Value::Array(list)))
}

/// `DELETE /cluster/config/nodes/{node}` as pve-cluster's `delnode`
/// (`src/PVE/API2/ClusterConfig.pm`): never the node asked, only with quorum, a node named by its
/// name or its link address; corosync.conf loses its entry and gains a version. What the course
/// needs it for: a node that was switched off halfway through its join is listed but never runs
/// the cluster. (Deleting a member that is still running is not modelled further: real PVE stops
/// its corosync with `corosync-cfgtool -k`, and it stays without quorum until reinstalled.)
pub(crate) fn delete_node(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let asked = call.param("node").unwrap_or_default().to_owned();
    if world.node(call.via).is_some_and(|n| n.name == asked) {
        return Err(ApiError::failed("Cannot delete myself from cluster!"));
    }
    // `PVE::Cluster::check_cfs_quorum`, before the config lock.
    if !world.is_quorate(call.via) {
        return Err(ApiError::failed(super::quorum::NOT_READY));
    }
    let unknown = || {
        ApiError::failed(format!(
            "Node/IP: {asked} is not a known host of the cluster."
        ))
    };
    // A standalone node has no corosync.conf: `cfs_read_file` gives no node list.
    let cluster = world
        .config_of_mut(call.via)
        .and_then(|c| c.cluster.as_mut())
        .ok_or_else(unknown)?;
    let before = cluster.members.len();
    cluster
        .members
        .retain(|m| m.name != asked && m.ring0 != asked);
    if cluster.members.len() == before {
        return Err(unknown());
    }
    cluster.config_version += 1;
    Ok(Answer::data(Value::Null))
}

/// corosync.conf's `totem` section as `PVE::Corosync::parse_conf` reads it: every value a string.
fn totem_of(cluster: &Cluster) -> Value {
    let mut totem = json!({
        "cluster_name": cluster.name,
        "config_version": cluster.config_version.to_string(),
        "interface": { "0": { "linknumber": "0" } },
        "ip_version": "ipv4-6",
        "link_mode": "passive",
        "secauth": "on",
        "version": "2",
    });
    if let (Some(coefficient), Some(object)) = (cluster.token_coefficient, totem.as_object_mut()) {
        object.insert(
            "token_coefficient".to_owned(),
            json!(coefficient.to_string()),
        );
    }
    totem
}

/// `GET /cluster/config/totem`: `null` on a standalone node, which has no corosync.conf
/// (pve-cluster `src/PVE/API2/ClusterConfig.pm`, `totem`; `parse_conf` returns `{}` for no file).
pub(crate) fn totem(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let totem = world.cluster_of(call.via).map_or(Value::Null, totem_of);
    Ok(Answer::data(totem))
}

/// `corosync.conf` as pvecm writes it: its digest is the join information's `config_digest`.
fn corosync_conf(cluster: &Cluster) -> String {
    let mut text = String::from("logging {\n  debug: off\n  to_syslog: yes\n}\n\nnodelist {\n");
    for m in &cluster.members {
        text.push_str(&format!(
            "  node {{\n    name: {}\n    nodeid: {}\n    quorum_votes: {}\n    ring0_addr: {}\n  }}\n",
            m.name, m.nodeid, m.votes, m.ring0
        ));
    }
    // `write_conf` sorts every section's keys: token_coefficient comes between secauth and version.
    let coefficient = cluster
        .token_coefficient
        .map(|c| format!("  token_coefficient: {c}\n"))
        .unwrap_or_default();
    text.push_str(&format!(
        "}}\n\nquorum {{\n  provider: corosync_votequorum\n}}\n\ntotem {{\n  cluster_name: {}\n  config_version: {}\n  interface {{\n    linknumber: 0\n  }}\n  ip_version: ipv4-6\n  link_mode: passive\n  secauth: on\n{coefficient}  version: 2\n}}\n",
        cluster.name, cluster.config_version
    ));
    text
}

/// `GET /cluster/config/join[?node=]`: what the web UI's "Join Information" shows.
pub(crate) fn join_info(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let cluster = cluster_of(&world, call)?;
    let own_name = world
        .node(call.via)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    let preferred = call.param("node").map_or(own_name, str::to_owned);
    if !cluster.members.iter().any(|m| m.name == preferred) {
        return Err(ApiError::failed(format!("unknown node '{preferred}'")));
    }
    let nodelist: Vec<Value> = cluster
        .members
        .iter()
        .filter_map(|m| {
            let node = world.node(m.node)?;
            Some(json!({
                "name": m.name,
                "nodeid": m.nodeid.to_string(),
                "quorum_votes": m.votes.to_string(),
                "ring0_addr": m.ring0,
                "pve_addr": node.address.to_string(),
                "pve_fp": node.certificate.file.fingerprint.to_string(),
            }))
        })
        .collect();
    let digest: String = {
        use sha1::Digest;
        sha1::Sha1::digest(corosync_conf(cluster).as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    Ok(Answer::data(json!({
        "nodelist": nodelist,
        "preferred_node": preferred,
        "totem": totem_of(cluster),
        "config_digest": digest,
    })))
}

/// The address of a `linkN` property string (`10.0.0.1` or `address=10.0.0.1,priority=5`).
fn link_address(link: &str) -> Option<String> {
    link.split(',').find_map(|part| match part.split_once('=') {
        Some(("address", address)) => Some(address.to_owned()),
        Some(_) => None,
        None => Some(part.to_owned()),
    })
}

/// `POST /cluster/config`: a one-node cluster, in a `clustercreate` task.
pub(crate) fn create(call: &Call<'_>) -> Result<Answer, ApiError> {
    let name = call.param("clustername").unwrap_or_default().to_owned();
    let mut world = call.shared.world();
    if world.cluster_of(call.via).is_some() {
        return Err(ApiError::failed(format!(
            "cluster config '{CLUSTER_CONF}' already exists"
        )));
    }
    let upid = world
        .start_task(call.via, "clustercreate", &name, call.user())
        .ok_or_else(|| ApiError::failed("no such node"))?;
    let request = CreateRequest {
        name,
        link0: call.param("link0").and_then(link_address),
        nodeid: call.param("nodeid").and_then(|v| v.parse().ok()),
        votes: call.param("votes").and_then(|v| v.parse().ok()),
        // PVE 8's schema has no `token-coefficient`: the request was refused before this.
        token_coefficient: (world.pve_of(call.via).major() >= 9).then(|| {
            call.param("token-coefficient")
                .and_then(|v| v.parse().ok())
                .unwrap_or(125)
        }),
    };
    let work = create_task(Arc::clone(call.shared), call.via, upid.clone(), request);
    super::state::spawn_task(call.shared, call.via, upid.clone(), work);
    Ok(Answer::data(json!(upid)))
}

struct CreateRequest {
    name: String,
    link0: Option<String>,
    nodeid: Option<u32>,
    votes: Option<u32>,
    token_coefficient: Option<u64>,
}

/// Logs a line of a task, then gives the client a moment to see it.
pub(crate) async fn say(shared: &Shared, node: usize, upid: &str, line: impl Into<String>) {
    shared.world().task_log(node, upid, line);
    tokio::time::sleep(STEP).await;
}

async fn create_task(shared: Arc<Shared>, node: usize, upid: String, request: CreateRequest) {
    for line in [
        "Corosync Cluster Engine Authentication key generator.",
        "Gathering 2048 bits for key from /dev/urandom.",
        "Writing corosync key to /etc/corosync/authkey.",
    ] {
        say(&shared, node, &upid, line).await;
    }
    // `PVE::Corosync::create_conf` needs the node's own address.
    let own = own_ip(&shared.world(), node);
    if let Err(error) = own {
        shared.world().task_end(node, &upid, Err(error));
        return;
    }
    say(
        &shared,
        node,
        &upid,
        "Writing corosync config to /etc/pve/corosync.conf",
    )
    .await;
    let result = {
        let mut world = shared.world();
        let Some(own) = world.node(node) else {
            return;
        };
        let member = Member {
            node,
            name: own.name.clone(),
            nodeid: request.nodeid.unwrap_or(1),
            votes: request.votes.unwrap_or(1),
            ring0: request.link0.unwrap_or_else(|| own.address.to_string()),
        };
        match world.config_of_mut(node) {
            Some(config) if config.cluster.is_none() => {
                config.cluster = Some(Cluster {
                    name: request.name,
                    config_version: 1,
                    members: vec![member],
                    token_coefficient: request.token_coefficient,
                });
                Ok(())
            }
            _ => Err(format!("cluster config '{CLUSTER_CONF}' already exists")),
        }
    };
    if result.is_ok() {
        say(
            &shared,
            node,
            &upid,
            "Restart corosync and cluster filesystem",
        )
        .await;
    }
    shared.world().task_end(node, &upid, result);
}

/// `POST /cluster/config/join`, sent to the joining node: a `clusterjoin` task.
pub(crate) fn join(call: &Call<'_>) -> Result<Answer, ApiError> {
    let request = JoinRequest {
        hostname: call.param("hostname").unwrap_or_default().to_owned(),
        fingerprint: call.param("fingerprint").and_then(|f| f.parse().ok()),
        password: call.param("password").unwrap_or_default().to_owned(),
        link0: call.param("link0").and_then(link_address),
        nodeid: call.param("nodeid").and_then(|v| v.parse().ok()),
        votes: call.param("votes").and_then(|v| v.parse().ok()),
        force: call.flag("force").unwrap_or(false),
    };
    let upid = call
        .shared
        .world()
        .start_task(call.via, "clusterjoin", "", call.user())
        .ok_or_else(|| ApiError::failed("no such node"))?;
    let shared = Arc::clone(call.shared);
    let (node, task) = (call.via, upid.clone());
    super::state::spawn_task(call.shared, node, upid.clone(), async move {
        let result = join_task(&shared, node, &task, request).await;
        shared.world().task_end(node, &task, result);
    });
    Ok(Answer::data(json!(upid)))
}

struct JoinRequest {
    hostname: String,
    fingerprint: Option<Fingerprint>,
    password: String,
    link0: Option<String>,
    nodeid: Option<u32>,
    votes: Option<u32>,
    force: bool,
}

/// `assert_joinable`: what keeps this node from joining any cluster.
fn joinable_problems(world: &World, node: usize, link0: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(own) = world.node(node) else {
        return problems;
    };
    if world.cluster_of(node).is_some() {
        problems.push(format!("authentication key '{AUTH_FILE}' already exists"));
        problems.push(format!("cluster config '{CLUSTER_CONF}' already exists"));
    }
    if !own.guests.is_empty() {
        problems.push("this host already contains virtual guests".to_owned());
    }
    if world.cluster_of(node).is_some() {
        problems
            .push("corosync is already running, is this node already in a cluster?!".to_owned());
    }
    let local = |address: &str| address == own.address.to_string();
    // The node's address is what its host name resolves to (/etc/hosts first).
    if let Ok(address) = own_ip(world, node)
        && !local(&address)
    {
        problems.push(format!(
            "local node address: cannot use IP '{address}', not found on local node!"
        ));
    }
    if let Some(address) = link0
        && !local(address)
    {
        problems.push(format!(
            "link0: cannot use IP '{address}', not found on local node!"
        ));
    }
    problems
}

/// `PVE::Cluster::remote_node_ip` for a node's own name (pve-cluster `src/PVE/Cluster.pm`): in a
/// cluster the address corosync knows it by; else `get_ip_from_hostname` (pve-common
/// `src/PVE/Network.pm`), which skips loopback addresses and fails when none is left. The lab's
/// nodes live on 127.0.0.0/8, so their own addresses count as the network's; any other loopback
/// address (Debian's 127.0.1.1) is loopback.
pub(crate) fn own_ip(world: &World, node: usize) -> Result<String, String> {
    let Some(own) = world.node(node) else {
        return Err("no such node".to_owned());
    };
    if let Some(member) = world
        .cluster_of(node)
        .and_then(|c| c.members.iter().find(|m| m.node == node))
    {
        return Ok(member.ring0.clone());
    }
    let Some(address) = hosts_address(&own.hosts, &own.name) else {
        return Ok(own.address.to_string()); // DNS knows it
    };
    let lab_node = world.nodes.iter().any(|n| n.address.to_string() == address);
    let loopback = address
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback());
    if loopback && !lab_node {
        return Err(format!(
            "address lookup for '{}' did not find any IP address",
            own.name
        ));
    }
    Ok(address)
}

/// The first address /etc/hosts gives `name`.
fn hosts_address(hosts: &str, name: &str) -> Option<String> {
    hosts.lines().find_map(|line| {
        let line = line.split('#').next().unwrap_or_default();
        let mut fields = line.split_whitespace();
        let address = fields.next()?;
        fields
            .any(|alias| alias == name || alias.split('.').next() == Some(name))
            .then(|| address.to_owned())
    })
}

async fn join_task(
    shared: &Arc<Shared>,
    node: usize,
    upid: &str,
    request: JoinRequest,
) -> Result<(), String> {
    // `PVE::Cluster::Setup::join` looks its own address up before anything else.
    own_ip(&shared.world(), node)?;
    let problems = joinable_problems(&shared.world(), node, request.link0.as_deref());
    if !problems.is_empty() {
        say(shared, node, upid, "detected the following error(s):").await;
        for problem in &problems {
            say(shared, node, upid, format!("* {problem}")).await;
        }
        if !request.force {
            return Err("Check if node may join a cluster failed!".to_owned());
        }
        say(
            shared,
            node,
            upid,
            "WARNING : detected error but forced to continue!",
        )
        .await;
    }
    let host = request.hostname.as_str();
    say(
        shared,
        node,
        upid,
        format!("Establishing API connection with host '{host}'"),
    )
    .await;

    // The member: the node at that address, reached over HTTPS with the given fingerprint. A
    // name is looked up as the joining node's resolver does: its /etc/hosts first, then the
    // network's DNS, which in the lab knows every node by its name.
    let member = {
        let world = shared.world();
        let address = match host.parse::<std::net::IpAddr>() {
            Ok(_) => Some(host.to_owned()),
            Err(_) => world
                .node(node)
                .and_then(|own| hosts_address(&own.hosts, host))
                .or_else(|| {
                    let named = world.nodes.iter().find(|n| n.name == host)?;
                    Some(named.address.to_string())
                }),
        };
        let Some(address) = address else {
            return Err(format!(
                "500 Can't connect to {host}:8006 (Name or service not known)"
            ));
        };
        world
            .nodes
            .iter()
            .position(|n| n.online && n.address.to_string() == address)
            .and_then(|index| Some((index, world.node(index)?.certificate.file.fingerprint)))
    };
    let Some((member, seen)) = member else {
        return Err(format!(
            "500 Can't connect to {host}:8006 (Connection refused)"
        ));
    };
    if request.fingerprint != Some(seen) {
        return Err(format!("fingerprint '{seen}' not verified, abort!"));
    }
    if request.password != shared.settings.password {
        tokio::time::sleep(shared.settings.auth_failure_delay).await;
        return Err("401 authentication failure".to_owned());
    }
    say(shared, node, upid, "Login succeeded.").await;
    say(shared, node, upid, "check cluster join API version").await;
    let own_address = shared
        .world()
        .node(node)
        .map(|n| n.address.to_string())
        .unwrap_or_default();
    if request.link0.is_none() {
        let line = format!(
            "No cluster network links passed explicitly, fallback to local node IP '{own_address}'"
        );
        say(shared, node, upid, line).await;
    }
    say(shared, node, upid, "Request addition of this node").await;

    // The member's side: `POST /cluster/config/nodes/{node}`. Without links the joining node
    // sends its address as `new_node_ip` (join API 1), which `addnode` takes as is.
    let explicit = request.link0.is_some();
    let added = add_node(
        &mut shared.world(),
        member,
        node,
        (request.link0.unwrap_or(own_address), explicit),
        request.nodeid,
        request.votes,
        request.force,
    );
    if let Err(error) = added {
        say(
            shared,
            node,
            upid,
            format!("An error occurred on the cluster node: {error}"),
        )
        .await;
        return Err("Cluster join aborted!".to_owned());
    }
    let backup = format!(
        "backup old database to '/var/lib/pve-cluster/backup/config-{}.sql.gz'",
        shared.world().node_now(node)
    );
    // `finish_join`: corosync's config and key written, pmxcfs restarted on the cluster's
    // database. From here /etc/pve is the cluster's: its keys sign tickets (old ones no longer
    // work), and guests the node held (a forced join) are in the backup, no longer in /etc/pve.
    for line in [
        "Join request OK, finishing setup locally",
        "stopping pve-cluster service",
        backup.as_str(),
    ] {
        say(shared, node, upid, line).await;
    }
    {
        let mut world = shared.world();
        let Some(config) = world.node(member).map(|m| m.config) else {
            return Err("cluster node vanished".to_owned());
        };
        let Some(own) = world.node_mut(node) else {
            return Err("node vanished".to_owned());
        };
        own.config = config;
        own.guests.clear();
    }
    // It waits for quorum as long as it takes: a node whose network is down waits here until
    // it is back (`while (!check_cfs_quorum(1)) { sleep(1) }`). The lab's corosync takes a
    // moment to sync, as a real one does, so the line is always there.
    say(shared, node, upid, "waiting for quorum...").await;
    while !shared.world().is_quorate(node) {
        tokio::time::sleep(STEP).await;
    }
    shared.world().task_log_continue(node, upid, "OK");
    for line in [
        "(re)generate node files",
        "generate new node certificate",
        "merge authorized SSH keys",
        "generated new node certificate, restart pveproxy and pvedaemon services",
    ] {
        say(shared, node, upid, line).await;
    }
    // The cluster's CA issues the node's new certificate, and pveproxy restarts with it (open
    // connections close).
    let name = {
        let mut world = shared.world();
        let now = world.now();
        let config = world.node(node).map(|n| n.config).unwrap_or_default();
        let issued = match (world.configs.get(config), world.node(node)) {
            (Some(cluster), Some(own)) => cluster
                .authority
                .issue(&own.name, super::state::DOMAIN, own.address, now)
                .map_err(|e| format!("unable to generate pve ssl certificate:\n{e}"))?,
            _ => return Err("cluster node vanished".to_owned()),
        };
        let Some(own) = world.node_mut(node) else {
            return Err("node vanished".to_owned());
        };
        own.served.replace(Arc::clone(&issued.served));
        own.certificate = issued;
        own.restarts.send_modify(|generation| *generation += 1);
        own.name.clone()
    };
    say(
        shared,
        node,
        upid,
        format!("successfully added node '{name}' to cluster."),
    )
    .await;
    Ok(())
}

/// The member adds the node to corosync.conf, or refuses as `addnode` does.
fn add_node(
    world: &mut World,
    member: usize,
    node: usize,
    (ring0, explicit): (String, bool),
    nodeid: Option<u32>,
    votes: Option<u32>,
    force: bool,
) -> Result<(), String> {
    let name = world.node(node).map(|n| n.name.clone()).unwrap_or_default();
    if !world.is_quorate(member) {
        return Err("cluster not ready - no quorum?".to_owned());
    }
    let Some(cluster) = world.config_of_mut(member).and_then(|c| c.cluster.as_mut()) else {
        // A standalone node has no corosync.conf to add a node to.
        return Err(format!(
            "unable to read '{CLUSTER_CONF}' - No such file or directory"
        ));
    };
    // `$check_duplicate_addr`: links given explicitly only, other nodes only.
    if let Some(other) = cluster
        .members
        .iter()
        .find(|m| explicit && m.ring0 == ring0 && m.name != name)
    {
        return Err(format!(
            "corosync: address '{ring0}' already used on link ring0_addr by node '{}'",
            other.name
        ));
    }
    // `addnode`: an entry of the same name is overwritten only when forced, and keeps its
    // nodeid and votes (given ones must equal them).
    let (nodeid, votes) = match cluster.members.iter().find(|m| m.name == name) {
        Some(existing) => {
            let kept = (
                nodeid.unwrap_or(existing.nodeid),
                votes.unwrap_or(existing.votes),
            );
            if !force || kept != (existing.nodeid, existing.votes) {
                return Err(format!("can't add existing node '{name}'"));
            }
            kept
        }
        None => (
            nodeid.unwrap_or_else(|| {
                (1u32..)
                    .find(|id| cluster.members.iter().all(|m| m.nodeid != *id))
                    .unwrap_or(1)
            }),
            votes.unwrap_or(1),
        ),
    };
    cluster.members.retain(|m| m.name != name);
    cluster.members.push(Member {
        node,
        name,
        nodeid,
        votes,
        ring0,
    });
    cluster.members.sort_by_key(|m| m.nodeid);
    cluster.config_version += 1;
    Ok(())
}

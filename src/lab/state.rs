//! The lab's world: nodes, what each node's `/etc/pve` holds, tasks, and the clock.
//!
//! A node's `/etc/pve` (pmxcfs) is a [`Config`]: a standalone node has its own; a cluster shares
//! one between its members. Joining a cluster means switching to the cluster's config — which is
//! why a joined node signs tickets with the cluster's key and gets its certificate from the
//! cluster's CA.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::SeenRequest;
use super::pki::{Authority, NodeCertificate, ServedCertificate};

/// The DNS domain of the lab's nodes (`pve1.lab.lliurex`).
pub(crate) const DOMAIN: &str = "lab.lliurex";

/// Everything the servers share.
pub(crate) struct Shared {
    world: Mutex<World>,
    pub settings: Settings,
    pub cancel: CancellationToken,
    /// The lab's files, removed with the lab.
    _disk: tempfile::TempDir,
}

/// What does not change while the lab runs.
pub(crate) struct Settings {
    pub password: String,
    pub totp_secret: Option<Vec<u8>>,
    pub auth_failure_delay: Duration,
}

impl Shared {
    pub fn new(world: World, settings: Settings, disk: tempfile::TempDir) -> Self {
        Self {
            world: Mutex::new(world),
            settings,
            cancel: CancellationToken::new(),
            _disk: disk,
        }
    }

    /// The world, for a moment: never held across an `.await`.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A guest (VM) on a node.
#[derive(Clone, Debug)]
pub(crate) struct Guest {
    pub vmid: u32,
    pub name: String,
    pub running: bool,
    /// When it was last started or stopped, by its node's clock.
    pub started_at: u64,
    pub memory_mib: u64,
    pub cores: u64,
    /// The size of its disks.
    pub disk_bytes: u64,
    /// Its configuration as `qm config` shows it (`scsi0`, `ide2`, `net0`, …).
    pub config: BTreeMap<String, String>,
}

impl Guest {
    /// A stopped VM with a plain configuration (what a scenario puts on a node).
    pub fn stopped(vmid: u32, name: &str) -> Self {
        Self {
            vmid,
            name: name.to_owned(),
            running: false,
            started_at: 0,
            memory_mib: 512,
            cores: 1,
            disk_bytes: 2 << 30,
            config: BTreeMap::from([
                ("name".to_owned(), name.to_owned()),
                ("memory".to_owned(), "512".to_owned()),
                (
                    "scsi0".to_owned(),
                    format!("local-lvm:vm-{vmid}-disk-0,size=2G"),
                ),
            ]),
        }
    }
}

/// One node of the lab.
pub(crate) struct Node {
    pub name: String,
    pub address: Ipv4Addr,
    pub port: u16,
    /// The Proxmox VE release it runs.
    pub pve: super::Pve,
    /// The content of `/etc/hosts`.
    pub hosts: String,
    /// How far this node's clock is off, in seconds.
    pub clock_skew: i64,
    pub guests: Vec<Guest>,
    /// Index of the [`Config`] this node's `/etc/pve` is.
    pub config: usize,
    pub certificate: NodeCertificate,
    pub served: Arc<ServedCertificate>,
    /// Bumped when pveproxy restarts: open connections close.
    pub restarts: watch::Sender<u64>,
    /// Switched on ([`Node::switch`] changes it).
    pub online: bool,
    /// Its network cable is in ([`Node::plug`] changes it).
    pub network_up: bool,
    /// What the wire lets through, for open connections.
    pub link: watch::Sender<Link>,
    /// VMs fail to start here (a broken bridge or storage), for the HA restart policy.
    pub start_fails: bool,
    /// A clean shutdown (`false`) or reboot (`true`) was asked for; its LRM hands over first.
    pub shutdown_request: Option<bool>,
    /// When a rebooting node is back.
    pub back_at: Option<u64>,
    pub booted_at: u64,
    pub tasks: Vec<Task>,
    pub seen: Vec<SeenRequest>,
    /// Bytes of its root file system the system and files the lab does not track use (old
    /// images, backups): see [`World::root_fs`].
    pub root_others: u64,
}

/// A node's `/etc/pve`: keys, the CA, API tokens and the cluster configuration.
pub(crate) struct Config {
    /// `/etc/pve/priv/authkey.key`: signs tickets.
    pub auth_key: [u8; 32],
    /// `/etc/pve/priv/pve-www.key`: signs CSRF tokens.
    pub csrf_key: [u8; 32],
    pub authority: Authority,
    /// `user.cfg` tokens: full token id → (secret, privilege separation).
    pub tokens: BTreeMap<String, Token>,
    /// `/etc/pve/corosync.conf`, when in a cluster.
    pub cluster: Option<Cluster>,
    /// `/etc/pve/storage.cfg`.
    pub storages: Vec<StorageConfig>,
    /// `/etc/pve/ha/`: the HA configuration and status, and the members' HA daemons.
    pub ha: super::ha::HaState,
    /// `/etc/pve/replication.cfg`, with each job's state.
    pub replication: super::replication::ReplicationConfig,
    /// `/etc/pve/datacenter.cfg`: option → value as given.
    pub datacenter: std::collections::BTreeMap<String, String>,
}

/// A storage of `storage.cfg`.
#[derive(Clone, Debug)]
pub(crate) struct StorageConfig {
    pub id: String,
    pub kind: StorageKind,
    /// Content types, as PVE lists them (`images,iso`).
    pub content: Vec<String>,
    /// The nodes it is restricted to; all when `None`.
    pub nodes: Option<Vec<String>>,
    pub disable: bool,
}

#[derive(Clone, Debug)]
pub(crate) enum StorageKind {
    Dir {
        path: String,
    },
    LvmThin {
        vgname: String,
        thinpool: String,
    },
    Nfs {
        server: String,
        export: String,
        path: String,
        options: Option<String>,
    },
    /// A ZFS dataset of the node's own pool (`rpool/data`), volumes as zvols; the only kind
    /// storage replication works with.
    ZfsPool {
        pool: String,
    },
}

impl StorageConfig {
    /// What the installer writes: `local` (a directory) and `local-lvm` (LVM-thin).
    pub fn installer_defaults() -> Vec<Self> {
        vec![
            Self {
                id: "local".to_owned(),
                kind: StorageKind::Dir {
                    path: "/var/lib/vz".to_owned(),
                },
                content: ["iso", "vztmpl", "backup", "import"]
                    .map(str::to_owned)
                    .to_vec(),
                nodes: None,
                disable: false,
            },
            Self {
                id: "local-lvm".to_owned(),
                kind: StorageKind::LvmThin {
                    vgname: "pve".to_owned(),
                    thinpool: "data".to_owned(),
                },
                content: ["rootdir", "images"].map(str::to_owned).to_vec(),
                nodes: None,
                disable: false,
            },
        ]
    }

    /// What the installer writes on a ZFS root: `local` and `local-zfs` (no LVM).
    pub fn installer_defaults_zfs() -> Vec<Self> {
        let mut storages = Self::installer_defaults();
        storages.retain(|s| s.id == "local");
        storages.push(Self {
            id: "local-zfs".to_owned(),
            kind: StorageKind::ZfsPool {
                pool: "rpool/data".to_owned(),
            },
            content: ["images", "rootdir"].map(str::to_owned).to_vec(),
            nodes: None,
            disable: false,
        });
        storages
    }

    pub fn type_name(&self) -> &'static str {
        match self.kind {
            StorageKind::Dir { .. } => "dir",
            StorageKind::LvmThin { .. } => "lvmthin",
            StorageKind::Nfs { .. } => "nfs",
            StorageKind::ZfsPool { .. } => "zfspool",
        }
    }

    /// Whether its volumes have the `replicate` feature (pve-storage: only ZFS has it).
    pub fn replicates(&self) -> bool {
        matches!(self.kind, StorageKind::ZfsPool { .. })
    }

    /// Whether every node sees the same content (NFS is shared by its nature).
    pub fn shared(&self) -> bool {
        matches!(self.kind, StorageKind::Nfs { .. })
    }

    /// Whether `node` may use it (`nodes` restricts it, `disable` switches it off).
    pub fn enabled_on(&self, node: &str) -> bool {
        !self.disable
            && self
                .nodes
                .as_ref()
                .is_none_or(|nodes| nodes.iter().any(|n| n == node))
    }
}

impl Node {
    /// Whether other machines can reach it: on, and on the network.
    pub fn reachable(&self) -> bool {
        self.online && self.network_up
    }

    /// Switches it on (a new boot) or off.
    pub fn switch(&mut self, on: bool) {
        let boot = self.link.borrow().boot + u64::from(on && !self.online);
        self.online = on;
        self.publish(boot);
    }

    /// Plugs its network cable in or pulls it.
    pub fn plug(&mut self, up: bool) {
        self.network_up = up;
        let boot = self.link.borrow().boot;
        self.publish(boot);
    }

    fn publish(&self, boot: u64) {
        self.link.send_replace(Link {
            reachable: self.reachable(),
            powered: self.online,
            boot,
        });
    }
}

/// What the wire to a node lets through, as its open connections feel it: nothing while it is
/// off or unplugged (silence, not a reset, as from a dead machine or a pulled cable); once it
/// is reachable again, a connection from an earlier boot is unknown to it and is reset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    /// On and on the network.
    pub reachable: bool,
    /// Switched on.
    pub powered: bool,
    /// Boots since the lab started (a watchdog's reset counts).
    pub boot: u64,
}

/// Runs a task's work until it ends, or until its node goes off: a worker dies with its
/// machine, where it was, and what it had done stays done. Its status then reads `unexpected
/// status`, as pve-common's `upid_read_status` reads a log without an end line.
pub(crate) fn spawn_task(
    shared: &Arc<Shared>,
    node: usize,
    upid: String,
    work: impl Future<Output = ()> + Send + 'static,
) {
    let shared = Arc::clone(shared);
    // The caller may hold the world: it is read once the task runs.
    tokio::spawn(async move {
        let Some(mut link) = shared.world().node(node).map(|n| n.link.subscribe()) else {
            return;
        };
        let boot = link.borrow_and_update().boot;
        tokio::select! {
            () = work => {}
            _ = link.wait_for(|l| !l.powered || l.boot != boot) => {
                shared.world().task_killed(node, &upid);
            }
        }
    });
}

/// The lab's NFS server: its exports, and the files stored on them.
pub(crate) struct Nas {
    pub address: Ipv4Addr,
    pub exports: Vec<String>,
    pub online: bool,
    /// Bytes the NAS holds in all.
    pub capacity: u64,
    /// Bytes used by what is not the course's (other shares of the school's NAS).
    pub used_by_others: u64,
}

/// A file on a storage, kept on the lab's disk.
#[derive(Clone, Debug)]
pub(crate) struct Volume {
    pub size: u64,
    pub ctime: u64,
    pub file: PathBuf,
}

impl Nas {
    /// Whether `server:export` can be mounted now.
    pub fn serves(&self, server: &str, export: &str) -> bool {
        self.online
            && server == self.address.to_string()
            && self
                .exports
                .iter()
                .any(|e| e.trim_end_matches('/') == export.trim_end_matches('/'))
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub secret: String,
    pub privsep: bool,
}

/// The cluster configuration (corosync.conf).
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    pub name: String,
    pub config_version: u64,
    pub members: Vec<Member>,
    /// totem's `token_coefficient`: written by `pvecm create` since pve-cluster 9.1.0 (125
    /// unless given), absent on PVE 8 (pve-cluster `src/PVE/Corosync.pm`, `create_conf`).
    pub token_coefficient: Option<u64>,
}

#[derive(Clone, Debug)]
pub(crate) struct Member {
    /// Index of the node.
    pub node: usize,
    pub name: String,
    pub nodeid: u32,
    pub votes: u32,
    pub ring0: String,
}

/// A task: what `/nodes/{node}/tasks/{upid}/…` reports.
#[derive(Clone, Debug)]
pub(crate) struct Task {
    pub upid: String,
    pub kind: String,
    pub id: String,
    pub user: String,
    pub pid: u32,
    pub pstart: u32,
    pub start: u64,
    pub log: Vec<String>,
    /// The exit status once stopped: `OK` or the error.
    pub exit: Option<String>,
    pub end: Option<u64>,
}

pub(crate) struct World {
    /// How far the lab's clock has been moved ahead of the real one.
    pub clock_offset: Duration,
    /// How much faster than real time the lab's clock runs (1 = real time).
    pub time_scale: f64,
    /// Lab time held back while the host stalled (see `ha::run`).
    held: Duration,
    /// When the lab started, in real time.
    started: SystemTime,
    pub nodes: Vec<Node>,
    pub configs: Vec<Config>,
    pub nas: Option<Nas>,
    /// What the storages hold, by [`World::location`], then by path under the storage
    /// (`template/iso/tiny.iso`, `images/100/vm-100-disk-0.qcow2`).
    pub volumes: BTreeMap<String, BTreeMap<String, Volume>>,
    /// Uploads received and not yet taken by a task, by their temporary file.
    pub uploads: BTreeMap<String, super::upload::Received>,
    /// Where the lab keeps files: uploads in `var/tmp`, storages' content below.
    pub disk: PathBuf,
    next_pid: u32,
    /// Faults that strike the moment a task logs a given line: a teacher switching a node off
    /// exactly there, which no wait from outside could time.
    pub armed: Vec<ArmedFault>,
}

/// The size of a node's root file system.
pub(crate) const ROOT_TOTAL: u64 = 100 << 30;
/// What a freshly installed node's system uses of it.
pub(crate) const ROOT_SYSTEM: u64 = 3_670_016_000;

/// A control panel action (`power-off`, `network-down`, …) on `target`, done once, as soon as
/// node `on` does what `when` says.
#[derive(Clone, Debug)]
pub(crate) struct ArmedFault {
    pub on: String,
    pub when: Strike,
    pub target: String,
    pub action: String,
}

/// The moment an armed fault strikes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Strike {
    /// A task of the node logs a line starting with this.
    Logged(String),
    /// The node receives this request (method, path under `/api2/json`), before it is handled;
    /// an upload as its body begins to arrive.
    Received(String, String),
    /// A task of the node has written part of this file on a storage (its path under the
    /// storage: `template/iso/tiny.iso`), and more is to come.
    Writing(String),
}

impl Strike {
    fn matches(&self, event: &Strike) -> bool {
        match (self, event) {
            (Self::Logged(prefix), Self::Logged(line)) => line.starts_with(prefix.as_str()),
            (armed, event) => armed == event,
        }
    }
}

impl World {
    pub fn new(nodes: Vec<Node>, configs: Vec<Config>, nas: Option<Nas>, disk: PathBuf) -> Self {
        Self {
            clock_offset: Duration::ZERO,
            time_scale: 1.0,
            held: Duration::ZERO,
            started: SystemTime::now(),
            nodes,
            configs,
            nas,
            volumes: BTreeMap::new(),
            uploads: BTreeMap::new(),
            disk,
            next_pid: 0x1A2B,
            armed: Vec::new(),
        }
    }

    /// Where pveproxy spools uploads (`/var/tmp`).
    pub fn spool(&self) -> PathBuf {
        self.disk.join("var-tmp")
    }

    /// Whose files a storage shows on `node`: the NAS export for everyone, a directory per node.
    pub fn location(&self, node: usize, storage: &StorageConfig) -> Option<String> {
        match &storage.kind {
            StorageKind::Nfs { export, .. } => Some(Self::nas_location(export)),
            StorageKind::Dir { path } => Some(format!("{}{path}", self.node(node)?.name)),
            StorageKind::LvmThin { .. } => None,
            StorageKind::ZfsPool { pool } => Some(format!("{}/zfs/{pool}", self.node(node)?.name)),
        }
    }

    /// Where the lab keeps the file of a volume.
    pub fn volume_file(&self, location: &str, relative: &str) -> PathBuf {
        self.disk
            .join("storage")
            .join(location.trim_start_matches('/'))
            .join(relative)
    }

    /// Records a file now on a storage, created by `node`'s clock.
    pub fn store_volume(
        &mut self,
        node: usize,
        location: &str,
        relative: &str,
        size: u64,
        file: PathBuf,
    ) {
        let ctime = self.node_now(node);
        self.volumes
            .entry(location.to_owned())
            .or_default()
            .insert(relative.to_owned(), Volume { size, ctime, file });
    }

    /// Where an export's files are kept: the same for every node.
    pub fn nas_location(export: &str) -> String {
        format!("nas{}", export.trim_end_matches('/'))
    }

    /// A node's root file system, as `(total, used)` bytes. As on a default installation,
    /// pveproxy's uploads in `/var/tmp` and the directory storages (`local`, `/var/lib/vz`) are
    /// on it: the system's share, the uploads the node holds, and those storages' files.
    pub fn root_fs(&self, node: usize) -> (u64, u64) {
        let Some(own) = self.node(node) else {
            return (ROOT_TOTAL, 0);
        };
        let spooled: u64 = self
            .uploads
            .values()
            .filter(|u| u.node == node)
            .map(|u| u.size)
            .sum();
        let stored: u64 = self
            .root_locations(node)
            .filter_map(|location| self.volumes.get(&location))
            .flat_map(BTreeMap::values)
            .map(|v| v.size)
            .sum();
        (ROOT_TOTAL, own.root_others + spooled + stored)
    }

    /// Where a node's directory storages keep their volumes: on its root file system, with its
    /// `/var/tmp`.
    pub fn root_locations(&self, node: usize) -> impl Iterator<Item = String> + '_ {
        self.config_of(node)
            .into_iter()
            .flat_map(|c| c.storages.iter())
            .filter(|s| matches!(s.kind, StorageKind::Dir { .. }))
            .filter_map(move |s| self.location(node, s))
    }

    /// Bytes free on a node's root file system.
    pub fn root_free(&self, node: usize) -> u64 {
        let (total, used) = self.root_fs(node);
        total.saturating_sub(used)
    }

    /// Bytes the course's files use on the NAS, and the rest of the school's.
    pub fn nas_used(&self) -> u64 {
        let own: u64 = self
            .volumes
            .iter()
            .filter(|(location, _)| location.starts_with("nas/"))
            .flat_map(|(_, volumes)| volumes.values())
            .map(|v| v.size)
            .sum();
        own + self.nas.as_ref().map_or(0, |nas| nas.used_by_others)
    }

    /// The lab's time, in seconds since 1970: real time since the start, run `time_scale` times
    /// faster, plus what tests moved it ahead.
    pub fn now(&self) -> u64 {
        let start = self.started.duration_since(UNIX_EPOCH).unwrap_or_default();
        let elapsed = self.started.elapsed().unwrap_or_default();
        (start + elapsed.mul_f64(self.time_scale) + self.clock_offset)
            .saturating_sub(self.held)
            .as_secs()
    }

    /// Runs the clock `scale` times faster than real time from now on: what it has run so far
    /// is kept, so it goes on from where it is.
    pub fn set_time_scale(&mut self, scale: f64) {
        let elapsed = self.started.elapsed().unwrap_or_default();
        let (before, after) = (elapsed.mul_f64(self.time_scale), elapsed.mul_f64(scale));
        if after > before {
            self.held += after - before;
        } else {
            self.clock_offset += before - after;
        }
        self.time_scale = scale;
    }

    /// Holds the lab's clock back by `real` (real time the host was stalled).
    pub fn hold_clock(&mut self, real: Duration) {
        self.held += real.mul_f64(self.time_scale);
    }

    /// How long `lab_seconds` of the lab's time last in real time.
    pub fn real_duration(&self, lab_seconds: f64) -> Duration {
        Duration::from_secs_f64(lab_seconds / self.time_scale)
    }

    /// What a node's own clock says.
    pub fn node_now(&self, node: usize) -> u64 {
        let skew = self.nodes.get(node).map_or(0, |n| n.clock_skew);
        self.now().saturating_add_signed(skew)
    }

    /// The release a node runs; the lab's schema and HA API follow it.
    pub fn pve_of(&self, index: usize) -> super::Pve {
        self.node(index).map_or_else(Default::default, |n| n.pve)
    }

    pub fn node(&self, index: usize) -> Option<&Node> {
        self.nodes.get(index)
    }

    pub fn node_mut(&mut self, index: usize) -> Option<&mut Node> {
        self.nodes.get_mut(index)
    }

    /// The `/etc/pve` a node sees.
    pub fn config_of(&self, node: usize) -> Option<&Config> {
        self.configs.get(self.node(node)?.config)
    }

    pub fn config_of_mut(&mut self, node: usize) -> Option<&mut Config> {
        let config = self.node(node)?.config;
        self.configs.get_mut(config)
    }

    pub fn cluster_of(&self, node: usize) -> Option<&Cluster> {
        self.config_of(node)?.cluster.as_ref()
    }

    /// The nodes `node` knows: its cluster's members, or itself alone.
    pub fn known_nodes(&self, node: usize) -> Vec<usize> {
        match self.cluster_of(node) {
            Some(cluster) => cluster.members.iter().map(|m| m.node).collect(),
            None => vec![node],
        }
    }

    /// The node called `name` as `from` resolves it: itself, or a member of its cluster.
    pub fn resolve(&self, from: usize, name: &str) -> Option<usize> {
        if self.node(from).is_some_and(|n| n.name == name) {
            return Some(from);
        }
        self.cluster_of(from)?
            .members
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.node)
    }

    /// Whether `viewer` sees `node` up: itself while it runs; another node when both run and
    /// both have their network.
    pub fn sees(&self, viewer: usize, node: usize) -> bool {
        let up = |index: usize| self.node(index).is_some_and(|n| n.online);
        let reachable = |index: usize| self.node(index).is_some_and(Node::reachable);
        if viewer == node {
            up(node)
        } else {
            reachable(viewer) && reachable(node)
        }
    }

    /// Whether `node` is in `viewer`'s corosync membership: reachable, and running the same
    /// cluster. A node that corosync.conf lists but that never finished its join (it was switched
    /// off after the member's `addnode`) runs no corosync of that cluster, so it is not.
    pub fn in_membership(&self, viewer: usize, node: usize) -> bool {
        let config = |index: usize| self.node(index).map(|n| n.config);
        self.sees(viewer, node) && config(viewer) == config(node)
    }

    /// Votes `viewer` sees present, and the votes needed: a majority of the expected votes.
    pub fn quorum(&self, viewer: usize, cluster: &Cluster) -> (u32, u32) {
        let expected: u32 = cluster.members.iter().map(|m| m.votes).sum();
        let present: u32 = cluster
            .members
            .iter()
            .filter(|m| self.in_membership(viewer, m.node))
            .map(|m| m.votes)
            .sum();
        (present, expected / 2 + 1)
    }

    /// Whether `node` is in a quorate partition (a standalone node always is).
    pub fn is_quorate(&self, node: usize) -> bool {
        match self.cluster_of(node) {
            Some(cluster) => {
                let (present, needed) = self.quorum(node, cluster);
                present >= needed
            }
            None => true,
        }
    }

    /// Every guest the node's cluster knows (`/etc/pve/.vmlist`), with the node it is on.
    pub fn guests(&self, node: usize) -> Vec<(usize, Guest)> {
        self.known_nodes(node)
            .into_iter()
            .flat_map(|n| {
                self.node(n)
                    .into_iter()
                    .flat_map(move |node| node.guests.iter().map(move |g| (n, g.clone())))
            })
            .collect()
    }

    /// Starts a task on `node` and returns its UPID.
    pub fn start_task(&mut self, node: usize, kind: &str, id: &str, user: &str) -> Option<String> {
        let start = self.node_now(node);
        self.next_pid += 1;
        let pid = self.next_pid;
        let node_ref = self.nodes.get_mut(node)?;
        let pstart =
            u32::try_from(start.saturating_sub(node_ref.booted_at) * 100).unwrap_or(u32::MAX);
        let upid = format!(
            "UPID:{}:{pid:08X}:{pstart:08X}:{start:08X}:{kind}:{id}:{user}:",
            node_ref.name
        );
        node_ref.tasks.push(Task {
            upid: upid.clone(),
            kind: kind.to_owned(),
            id: id.to_owned(),
            user: user.to_owned(),
            pid,
            pstart,
            start,
            log: Vec::new(),
            exit: None,
            end: None,
        });
        Some(upid)
    }

    pub fn task_mut(&mut self, node: usize, upid: &str) -> Option<&mut Task> {
        self.nodes
            .get_mut(node)?
            .tasks
            .iter_mut()
            .find(|t| t.upid == upid)
    }

    /// Adds a line to a task's log.
    pub fn task_log(&mut self, node: usize, upid: &str, line: impl Into<String>) {
        let line = line.into();
        if let Some(task) = self.task_mut(node, upid) {
            task.log.push(line.clone());
        }
        self.strike(node, &Strike::Logged(line));
    }

    /// Does the first fault armed for `event` on `node`.
    pub fn strike(&mut self, node: usize, event: &Strike) {
        let name = self.node(node).map(|n| n.name.clone()).unwrap_or_default();
        let armed = self
            .armed
            .iter()
            .position(|fault| fault.on == name && fault.when.matches(event));
        if let Some(index) = armed {
            let fault = self.armed.remove(index);
            // The target was a node of the lab when the fault was armed.
            let _ = super::control::act_on(self, &fault.target, &fault.action);
        }
    }

    /// Ends the task's last line with `text`: a worker that printed without a newline, waited,
    /// and finished the line (`waiting for quorum...` then `OK`).
    pub fn task_log_continue(&mut self, node: usize, upid: &str, text: &str) {
        if let Some(last) = self.task_mut(node, upid).and_then(|t| t.log.last_mut()) {
            last.push_str(text);
        }
    }

    /// Ends a task: `TASK OK`, or `TASK ERROR: …` with the error as its exit status.
    /// A task whose worker died with its node: no end line, `unexpected status`.
    pub fn task_killed(&mut self, node: usize, upid: &str) {
        let now = self.node_now(node);
        if let Some(task) = self.task_mut(node, upid).filter(|t| t.end.is_none()) {
            task.exit = Some("unexpected status".to_owned());
            task.end = Some(now);
        }
    }

    pub fn task_end(&mut self, node: usize, upid: &str, result: Result<(), String>) {
        let now = self.node_now(node);
        if let Some(task) = self.task_mut(node, upid) {
            match result {
                Ok(()) => {
                    task.log.push("TASK OK".to_owned());
                    task.exit = Some("OK".to_owned());
                }
                Err(error) => {
                    let error = error.trim_end().to_owned();
                    task.log.push(format!("TASK ERROR: {error}"));
                    task.exit = Some(error);
                }
            }
            task.end = Some(now);
        }
    }
}

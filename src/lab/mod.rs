//! The practice lab: simulated Proxmox VE 9 nodes, each a real HTTPS server on its own loopback
//! address, answering the API as PVE does for steps 0–3 — so a teacher can rehearse without
//! hardware, and every test runs over real TLS.
//!
//! The lab stands apart from the client: it shares only plain types (the fingerprint) and is
//! checked against PVE's own schema, wording and behaviour, not against our client.

mod auth;
mod cluster;
mod control;
mod datacenter;
mod dispatch;
mod ha;
mod ha_api;
mod ha_config;
mod ha_env;
mod ha_lrm;
mod ha_status;
mod http;
mod migrate;
mod nodes;
mod pki;
mod qemu;
mod quorum;
mod replication;
mod replication_run;
mod schema;
mod schema_returns;
mod state;
mod storage;
mod upload;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use crate::fingerprint::Fingerprint;
use pki::{Authority, ServedCertificate};
use state::{Config, Guest, Nas, Node, Settings, Shared, World};

/// How a lab starts.
#[derive(Clone, Debug)]
pub struct LabOptions {
    /// How many nodes (pve1, pve2, …).
    pub nodes: usize,
    /// The first node's address; the others follow.
    pub address_base: Ipv4Addr,
    /// The port every node listens on.
    pub port: u16,
    /// Situations the course warns about.
    pub scenarios: Vec<Scenario>,
    /// root@pam needs a TOTP code as a second factor.
    pub tfa: bool,
    /// root@pam's password on every node; a fresh random one when `None`.
    pub password: Option<String>,
    /// How long a refused authentication waits before the answer (PVE: 3 s).
    pub auth_failure_delay: Duration,
    /// The school's NAS, an NFS server the nodes can mount; `None` for a lab without one.
    pub nas: Option<NasOptions>,
    /// How much faster than real time the lab's clock runs: 1 is real time, 60 makes a minute of
    /// Proxmox VE time pass in a second (HA's timing, fencing, tickets all follow it).
    pub time_scale: f64,
    /// The Proxmox VE release every node runs (the version-mismatch scenario makes the last
    /// node run the other one).
    pub pve: Pve,
}

/// A Proxmox VE major release, with what differs between them in the lab: the version a node
/// reports, the API schema it validates against, HA groups (8) or HA rules (9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Pve {
    /// Proxmox VE 8.4: HA groups.
    Pve8,
    /// Proxmox VE 9.1: HA rules; groups migrated to rules.
    #[default]
    Pve9,
}

/// pve-manager's `bump version to 8.4.21` commit (branch `stable-8`), as its packages carry it.
const REPOID_8: &str = "2606ac850d46da29";
/// pve-manager's `bump version to 9.2.11` commit (branch `master`).
const REPOID_9: &str = "f6997e698c7933ea";

impl Pve {
    /// The major version, 8 or 9.
    pub fn major(self) -> u8 {
        match self {
            Pve::Pve8 => 8,
            Pve::Pve9 => 9,
        }
    }

    /// The release for a major version, if the lab has it.
    pub fn from_major(major: u8) -> Option<Self> {
        match major {
            8 => Some(Pve::Pve8),
            9 => Some(Pve::Pve9),
            _ => None,
        }
    }

    /// The other release (for the version-mismatch scenario).
    fn other(self) -> Self {
        match self {
            Pve::Pve8 => Pve::Pve9,
            Pve::Pve9 => Pve::Pve8,
        }
    }

    /// `pve-manager`'s version, as `/version` reports it: the newest of each series
    /// (pve-manager `debian/changelog` on `master` and `stable-8`).
    pub(crate) fn version(self) -> &'static str {
        match self {
            Pve::Pve8 => "8.4.21",
            Pve::Pve9 => "9.2.11",
        }
    }

    /// The point release, `x.y` (pve-manager `Makefile`: `PVERELEASE`, the version's first two parts).
    pub(crate) fn release(self) -> &'static str {
        match self {
            Pve::Pve8 => "8.4",
            Pve::Pve9 => "9.2",
        }
    }

    /// The short git revision pve-manager was built from (16 hex digits, `git rev-parse --short=16`).
    pub(crate) fn repoid(self) -> &'static str {
        match self {
            Pve::Pve8 => REPOID_8,
            Pve::Pve9 => REPOID_9,
        }
    }

    /// The kernel it boots, as `uname` gives its release and version: the newest build of the
    /// release's default kernel series before this pve-manager (proxmox/pve-kernel: `Makefile`'s
    /// `KVNAME` is `KERNEL_VER-KREL-pve`; `debian/rules` stamps `PMX DEB_VERSION` and the
    /// changelog's date in UTC). 9.2 defaults to 7.0 (pve-manager 9.1.16's changelog announces
    /// the switch; 7.0.14-12 of 2026-08-11 is the last before 9.2.11), 8.4 to 6.8 (6.8.12-42 of
    /// 2026-08-12, branch `bookworm-6.8`).
    pub(crate) fn kernel(self) -> Kernel {
        match self {
            Pve::Pve8 => Kernel {
                release: "6.8.12-42-pve",
                version: "#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-42 (2026-08-12T11:28Z)",
            },
            Pve::Pve9 => Kernel {
                release: "7.0.14-12-pve",
                version: "#1 SMP PREEMPT_DYNAMIC PMX 7.0.14-12 (2026-08-11T11:05Z)",
            },
        }
    }

    /// The QEMU it runs (`kvm --version`), the newest pve-qemu-kvm before this pve-manager:
    /// 11.0.0 on 9.2 (`master`, 11.0.0-2 of 2026-05-12), 9.2.0 on 8.4 (`stable-bookworm`,
    /// 9.2.0-7), proxmox/pve-qemu `debian/changelog`.
    pub(crate) fn qemu(self) -> &'static str {
        match self {
            Pve::Pve8 => "9.2.0",
            Pve::Pve9 => "11.0.0",
        }
    }
}

/// A kernel as `POSIX::uname` reports it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Kernel {
    /// `uname -r`.
    pub(crate) release: &'static str,
    /// `uname -v`.
    pub(crate) version: &'static str,
}

/// The lab's NFS server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NasOptions {
    /// Its address; by default `.20` of the nodes' network (or the first after the nodes).
    pub address: Option<Ipv4Addr>,
    /// What it exports.
    pub exports: Vec<String>,
}

impl Default for NasOptions {
    fn default() -> Self {
        Self {
            address: None,
            exports: vec!["/mnt/pool/proxmox".to_owned()],
        }
    }
}

impl Default for LabOptions {
    fn default() -> Self {
        Self {
            nodes: 3,
            address_base: Ipv4Addr::new(127, 0, 0, 11),
            port: 8006,
            scenarios: Vec::new(),
            tfa: false,
            password: None,
            auth_failure_delay: Duration::from_secs(3),
            nas: Some(NasOptions::default()),
            time_scale: 1.0,
            pve: Pve::default(),
        }
    }
}

/// A situation the course warns about, set up when the lab starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// The last node has the same host name as the one before it.
    DuplicateHostname,
    /// The second node's /etc/hosts maps its name to 127.0.1.1 (Debian's default), edited while
    /// it ran: what looks its own address up fails (`/cluster/status` on a standalone node, a
    /// create, a join).
    HostsLoopback,
    /// The same, but from boot: pmxcfs refused to start ("Unable to resolve node name 'pve2' to a
    /// non-loopback IP address", pve-cluster `src/pmxcfs/pmxcfs.c`), so /etc/pve holds no
    /// certificate and pveproxy does not run: nothing answers on port 8006.
    HostsLoopbackAtBoot,
    /// The last node already holds a VM (id 100).
    GuestOnNode,
    /// The last node runs the other major release (Proxmox VE 8.4 in a PVE 9 lab).
    VersionMismatch,
    /// The last node's clock is seven minutes ahead.
    ClockSkew,
    /// Two nodes only, installed on ZFS (`local` and `local-zfs`), and no NAS: the course's
    /// closing remark, storage replication between two nodes.
    TwoNodes,
    /// The first node's root file system, where `/var/tmp` keeps an upload until it is stored
    /// and `local` keeps its files, has 10 MiB free (old images and backups fill it).
    RootFull,
}

/// What [`Scenario::RootFull`] leaves free.
const ROOT_FULL_FREE: u64 = 10 << 20;

impl Scenario {
    /// Every scenario, in the order the course meets them.
    pub const ALL: [Scenario; 8] = [
        Scenario::DuplicateHostname,
        Scenario::HostsLoopback,
        Scenario::HostsLoopbackAtBoot,
        Scenario::GuestOnNode,
        Scenario::VersionMismatch,
        Scenario::ClockSkew,
        Scenario::TwoNodes,
        Scenario::RootFull,
    ];

    /// The name `--scenario` takes.
    pub fn as_str(&self) -> &'static str {
        match self {
            Scenario::DuplicateHostname => "duplicate-hostname",
            Scenario::HostsLoopback => "hosts-loopback",
            Scenario::HostsLoopbackAtBoot => "hosts-loopback-at-boot",
            Scenario::GuestOnNode => "guest-on-node",
            Scenario::VersionMismatch => "version-mismatch",
            Scenario::ClockSkew => "clock-skew",
            Scenario::TwoNodes => "two-nodes",
            Scenario::RootFull => "root-full",
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scenario {
    type Err = LabError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Scenario::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .ok_or_else(|| LabError::UnknownScenario {
                name: name.to_owned(),
            })
    }
}

/// Why a lab did not start.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// No such scenario.
    #[error("there is no scenario called {name:?}")]
    UnknownScenario {
        /// What was asked for.
        name: String,
    },
    /// The addresses do not fit.
    #[error(
        "{nodes} nodes from {base} do not fit in 127.0.0.0/8 (at least 1, and the last address must end below .255)"
    )]
    Addresses {
        /// The first address.
        base: Ipv4Addr,
        /// How many nodes.
        nodes: usize,
    },
    /// The time scale is not a speed the lab can run at.
    #[error("the time scale must be between 1 (real time) and 10000, not {scale}")]
    TimeScale {
        /// What was asked for.
        scale: f64,
    },
    /// An address was taken (another lab, or a program on that port).
    #[error("cannot listen on {address}")]
    Listen {
        /// Where.
        address: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Certificate generation failed.
    #[error("cannot make the nodes' certificates")]
    Certificate(#[from] rcgen::Error),
    /// TLS set-up failed.
    #[error("cannot set up TLS")]
    Tls(#[from] rustls::Error),
    /// The directory for the lab's files (uploads, the NAS's content) cannot be made.
    #[error("cannot make a directory for the lab's files")]
    Disk(#[source] std::io::Error),
}

/// A lab node, as `lab --json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct LabNodeInfo {
    /// Host name.
    pub name: String,
    /// Loopback address.
    pub address: Ipv4Addr,
    /// Port.
    pub port: u16,
    /// `https://address:port`.
    pub url: String,
    /// SHA-256 fingerprint of the certificate it serves now.
    pub fingerprint: Fingerprint,
}

/// The lab, as `lab --json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct LabInfo {
    /// The nodes.
    pub nodes: Vec<LabNodeInfo>,
    /// The administrator, `root@pam`.
    pub user: String,
    /// root@pam's password.
    pub password: String,
    /// The TOTP secret (base32) when started with a second factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totp_secret: Option<String>,
    /// The NFS server, when the lab has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nas: Option<LabNasInfo>,
    /// The control panel (`POST {control_url}/nodes/{name}/power-off`, …).
    pub control_url: String,
    /// Its bearer token.
    pub control_token: String,
}

/// The lab's NFS server, as `lab --json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct LabNasInfo {
    /// Its address, as a storage's `server`.
    pub server: Ipv4Addr,
    /// What it exports, as a storage's `export`.
    pub exports: Vec<String>,
}

/// A request a node received (for tests: what reached the node, and whether it held a password).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path under `/api2/json`.
    pub path: String,
    /// Whether its parameters held a `password`.
    pub carried_password: bool,
}

/// A running lab. Stops with [`Lab::shutdown`], or when dropped.
pub struct Lab {
    shared: Arc<Shared>,
    servers: Vec<JoinHandle<()>>,
    control_url: String,
    control_token: Arc<str>,
}

impl fmt::Debug for Lab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lab")
            .field("nodes", &self.info().nodes)
            .finish_non_exhaustive()
    }
}

/// The node of a scenario that concerns "a joining node": the last one (the first creates).
fn last(nodes: usize) -> usize {
    nodes.saturating_sub(1)
}

impl Lab {
    /// Starts the lab; returns once every node accepts connections.
    pub async fn start(options: LabOptions) -> Result<Self, LabError> {
        let two_nodes = options.scenarios.contains(&Scenario::TwoNodes);
        let count = if two_nodes { 2 } else { options.nodes };
        let [a, b, c, d] = options.address_base.octets();
        check_time_scale(options.time_scale)?;
        let fits = count >= 1 && a == 127 && usize::from(d) + count <= 255;
        if !fits {
            return Err(LabError::Addresses {
                base: options.address_base,
                nodes: count,
            });
        }
        let has = |scenario| options.scenarios.contains(&scenario);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());

        let mut nodes = Vec::new();
        let mut configs = Vec::new();
        let mut listeners = Vec::new();
        for index in 0..count {
            let address = Ipv4Addr::new(a, b, c, d + u8::try_from(index).unwrap_or(0));
            let mut number = index + 1;
            if has(Scenario::DuplicateHostname) && index == last(count) && index > 0 {
                number = index; // the same name as the node before
            }
            let name = format!("pve{number}");
            let socket = SocketAddr::from((address, options.port));
            let listener = TcpListener::bind(socket)
                .await
                .map_err(|source| LabError::Listen {
                    address: socket,
                    source,
                })?;
            listeners.push(listener);

            let authority = Authority::generate(now)?;
            let certificate = authority.issue(&name, state::DOMAIN, address, now)?;
            configs.push(Config {
                auth_key: rand::random(),
                csrf_key: rand::random(),
                authority,
                tokens: Default::default(),
                cluster: None,
                storages: if two_nodes {
                    state::StorageConfig::installer_defaults_zfs()
                } else {
                    state::StorageConfig::installer_defaults()
                },
                ha: Default::default(),
                replication: Default::default(),
                datacenter: Default::default(),
            });
            let loopback_hosts = (has(Scenario::HostsLoopback)
                || has(Scenario::HostsLoopbackAtBoot))
                && index == 1.min(last(count));
            let hosts_address = if loopback_hosts {
                "127.0.1.1".to_owned()
            } else {
                address.to_string()
            };
            let mismatched = has(Scenario::VersionMismatch) && index == last(count);
            let pve = if mismatched {
                options.pve.other()
            } else {
                options.pve
            };
            let guests = if has(Scenario::GuestOnNode) && index == last(count) {
                vec![Guest::stopped(100, "prova")]
            } else {
                Vec::new()
            };
            let served = Arc::new(ServedCertificate::new(Arc::clone(&certificate.served)));
            nodes.push(Node {
                hosts: hosts_file(&name, &hosts_address),
                name,
                address,
                port: options.port,
                pve,
                clock_skew: if has(Scenario::ClockSkew) && index == last(count) {
                    7 * 60 + 13
                } else {
                    0
                },
                guests,
                config: index,
                certificate,
                served,
                restarts: tokio::sync::watch::Sender::new(0),
                online: true,
                network_up: true,
                link: tokio::sync::watch::Sender::new(state::Link {
                    reachable: true,
                    powered: true,
                    boot: 0,
                }),
                start_fails: false,
                shutdown_request: None,
                back_at: None,
                booted_at: now.saturating_sub(600 + 60 * index as u64),
                tasks: Vec::new(),
                seen: Vec::new(),
                root_others: if has(Scenario::RootFull) && index == 0 {
                    state::ROOT_TOTAL - ROOT_FULL_FREE
                } else {
                    state::ROOT_SYSTEM
                },
            });
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut acceptors = Vec::new();
        for node in &nodes {
            let mut config = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
                .with_safe_default_protocol_versions()?
                .with_no_client_auth()
                .with_cert_resolver(
                    Arc::clone(&node.served) as Arc<dyn rustls::server::ResolvesServerCert>
                );
            // pveproxy speaks HTTP/1.1 only.
            config.alpn_protocols = vec![b"http/1.1".to_vec()];
            // No session resumption: a resumed session skips the certificate, and a client must
            // see the new one after a join (a restarted pveproxy has forgotten its sessions too).
            config.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
            config.send_tls13_tickets = 0;
            acceptors.push(TlsAcceptor::from(Arc::new(config)));
        }
        let password = options.password.unwrap_or_else(new_password);
        let settings = Settings {
            password,
            totp_secret: options.tfa.then(|| rand::random::<[u8; 20]>().to_vec()),
            auth_failure_delay: options.auth_failure_delay,
        };
        let nas = options.nas.filter(|_| !two_nodes).map(|nas| Nas {
            address: nas
                .address
                .unwrap_or_else(|| default_nas_address(options.address_base, count)),
            exports: nas.exports,
            online: true,
            capacity: 2 << 40,
            used_by_others: 317 << 30,
        });
        let disk = tempfile::Builder::new()
            .prefix("pve-ha-wizard-lab-")
            .tempdir()
            .map_err(LabError::Disk)?;
        std::fs::create_dir_all(disk.path().join("var-tmp")).map_err(LabError::Disk)?;
        let mut world = World::new(nodes, configs, nas, disk.path().to_owned());
        world.time_scale = options.time_scale;
        let shared = Arc::new(Shared::new(world, settings, disk));
        let mut servers: Vec<JoinHandle<()>> = listeners
            .into_iter()
            .zip(acceptors)
            .enumerate()
            // A node whose pveproxy could not start closes its port: connections are refused.
            .filter(|(index, _)| {
                !(has(Scenario::HostsLoopbackAtBoot) && *index == 1.min(last(count)))
            })
            .map(|(index, (listener, acceptor))| {
                tokio::spawn(http::serve(Arc::clone(&shared), index, listener, acceptor))
            })
            .collect();
        servers.push(tokio::spawn(ha::run(Arc::clone(&shared))));
        servers.push(tokio::spawn(replication_run::run(Arc::clone(&shared))));
        let control = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let listener = TcpListener::bind(control)
            .await
            .map_err(|source| LabError::Listen {
                address: control,
                source,
            })?;
        let control_url = match listener.local_addr() {
            Ok(address) => format!("http://{address}"),
            Err(source) => {
                return Err(LabError::Listen {
                    address: control,
                    source,
                });
            }
        };
        let control_token: Arc<str> = format!("{:032x}", rand::random::<u128>()).into();
        servers.push(tokio::spawn(control::serve(
            Arc::clone(&shared),
            listener,
            Arc::clone(&control_token),
        )));
        Ok(Self {
            shared,
            servers,
            control_url,
            control_token,
        })
    }

    /// The nodes with the fingerprints they serve now, and the credentials.
    pub fn info(&self) -> LabInfo {
        let world = self.shared.world();
        LabInfo {
            nodes: world
                .nodes
                .iter()
                .map(|node| LabNodeInfo {
                    name: node.name.clone(),
                    address: node.address,
                    port: node.port,
                    url: format!("https://{}:{}", node.address, node.port),
                    fingerprint: node.certificate.file.fingerprint,
                })
                .collect(),
            user: "root@pam".to_owned(),
            password: self.shared.settings.password.clone(),
            totp_secret: self
                .shared
                .settings
                .totp_secret
                .as_deref()
                .map(auth::base32),
            nas: world.nas.as_ref().map(|nas| LabNasInfo {
                server: nas.address,
                exports: nas.exports.clone(),
            }),
            control_url: self.control_url.clone(),
            control_token: self.control_token.to_string(),
        }
    }

    /// Moves the lab's clock ahead (tickets age; node clocks follow).
    pub fn advance_clock(&self, by: Duration) {
        self.shared.world().clock_offset += by;
    }

    /// Runs the lab's clock `scale` times faster than real time from now on, as the window's
    /// speed buttons do; the clock goes on from where it is, without a jump.
    pub fn set_time_scale(&self, scale: f64) -> Result<(), LabError> {
        check_time_scale(scale)?;
        self.shared.world().set_time_scale(scale);
        Ok(())
    }

    /// How many times faster than real time the lab's clock runs.
    pub fn time_scale(&self) -> f64 {
        self.shared.world().time_scale
    }

    /// Switches the node called `name` off or on again, as the control panel's `power-off` and
    /// `power-on` do; the error says why not (no such node).
    pub fn power(&self, name: &str, on: bool) -> Result<(), String> {
        let action = if on { "power-on" } else { "power-off" };
        control::act(&self.shared, name, action).map_err(|(_, message)| message)
    }

    /// Arms a fault: the control panel's `action` on node `target`, done the moment a task of
    /// node `on` logs a line starting with `line` (once). Tests use it to cut a step off at an
    /// exact point of its work; the error says why not (no such node or action).
    pub fn fault_when_logged(
        &self,
        on: &str,
        line: &str,
        target: &str,
        action: &str,
    ) -> Result<(), String> {
        self.arm(on, state::Strike::Logged(line.to_owned()), target, action)
    }

    /// Arms a fault as [`Lab::fault_when_logged`] does, to strike when node `on` receives the
    /// request `method path` (`path` under `/api2/json`), before it handles it.
    pub fn fault_when_received(
        &self,
        on: &str,
        (method, path): (&str, &str),
        target: &str,
        action: &str,
    ) -> Result<(), String> {
        let when = state::Strike::Received(method.to_owned(), path.to_owned());
        self.arm(on, when, target, action)
    }

    /// Arms a fault as [`Lab::fault_when_logged`] does, to strike when a task of node `on` has
    /// written part of the file `relative` (its path under the storage, as
    /// `template/iso/tiny.iso`) and not all of it: a `cp` cut off halfway.
    pub fn fault_when_writing(
        &self,
        on: &str,
        relative: &str,
        target: &str,
        action: &str,
    ) -> Result<(), String> {
        self.arm(
            on,
            state::Strike::Writing(relative.to_owned()),
            target,
            action,
        )
    }

    fn arm(&self, on: &str, when: state::Strike, target: &str, action: &str) -> Result<(), String> {
        let mut world = self.shared.world();
        for name in [on, target] {
            if !world.nodes.iter().any(|n| n.name == name) {
                return Err(format!("no node called '{name}'"));
            }
        }
        if !control::ACTIONS.contains(&action) {
            return Err(format!("no such action '{action}'"));
        }
        world.armed.push(state::ArmedFault {
            on: on.to_owned(),
            when,
            target: target.to_owned(),
            action: action.to_owned(),
        });
        Ok(())
    }

    /// The TOTP code valid now, when the lab has a second factor.
    pub fn totp_code(&self) -> Option<String> {
        let now = self.shared.world().now();
        self.shared
            .settings
            .totp_secret
            .as_deref()
            .map(|secret| auth::totp(secret, now))
    }

    /// Every request the nodes called `name` received, oldest first.
    pub fn requests_seen(&self, name: &str) -> Vec<SeenRequest> {
        self.shared
            .world()
            .nodes
            .iter()
            .filter(|node| node.name == name)
            .flat_map(|node| node.seen.iter().cloned())
            .collect()
    }

    /// Where the lab keeps a file of the NAS (`template/iso/tiny.iso` under an export), if it has it.
    pub fn nas_file(&self, export: &str, relative: &str) -> Option<std::path::PathBuf> {
        let world = self.shared.world();
        world
            .volumes
            .get(&World::nas_location(export))?
            .get(relative)
            .map(|volume| volume.file.clone())
    }

    /// Uploads received and still spooled (a finished or refused upload leaves none).
    pub fn spooled_uploads(&self) -> usize {
        let spool = self.shared.world().spool();
        std::fs::read_dir(spool).map_or(0, |entries| entries.count())
    }

    /// Stops every node and waits until they no longer listen.
    pub async fn shutdown(mut self) {
        self.shared.cancel.cancel();
        for server in self.servers.drain(..) {
            let _ = server.await;
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.shared.cancel.cancel();
    }
}

/// `.20` of the nodes' network, or the first address after the nodes when they reach it.
fn default_nas_address(base: Ipv4Addr, nodes: usize) -> Ipv4Addr {
    let [a, b, c, d] = base.octets();
    let after_nodes = usize::from(d) + nodes;
    let last = if (usize::from(d)..after_nodes).contains(&20) {
        u8::try_from(after_nodes).unwrap_or(254)
    } else {
        20
    };
    Ipv4Addr::new(a, b, c, last)
}

/// `/etc/hosts` as the PVE installer writes it.
fn hosts_file(name: &str, address: &str) -> String {
    format!(
        "127.0.0.1 localhost.localdomain localhost\n\
         {address} {name}.{domain} {name}\n\
         \n\
         # The following lines are desirable for IPv6 capable hosts\n\
         \n\
         ::1     ip6-localhost ip6-loopback\n\
         fe00::0 ip6-localnet\n\
         ff00::0 ip6-mcastprefix\n\
         ff02::1 ip6-allnodes\n\
         ff02::2 ip6-allrouters\n\
         ff02::3 ip6-allhosts\n",
        domain = state::DOMAIN
    )
}

/// From real time to 10,000 times faster.
fn check_time_scale(scale: f64) -> Result<(), LabError> {
    if scale.is_finite() && (1.0..=10_000.0).contains(&scale) {
        Ok(())
    } else {
        Err(LabError::TimeScale { scale })
    }
}

/// A password a teacher can type: 16 letters and digits, without look-alikes.
fn new_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..16)
        .map(|_| {
            let i = rand::random_range(0..ALPHABET.len());
            ALPHABET.get(i).map_or('x', |&b| char::from(b))
        })
        .collect()
}

//! The plan: which nodes, which cluster. TOML, and never a secret.
//!
//! ```toml
//! [cluster]
//! name = "escola"
//! [[nodes]]                 # the first node creates the cluster, the others join it
//! address = "192.168.1.11"
//! fingerprint = "AA:BB:…"   # required: a plan never trusts a certificate blindly
//! # port = 8006 and user = "root@pam" are the defaults
//!
//! [storage]                 # optional: step 4, the NAS as shared storage
//! id = "NAS"
//! server = "192.168.1.20"
//! export = "/mnt/pool/proxmox"
//!
//! [iso]                     # optional: step 5, an installer image uploaded to the NAS
//! file = "tinycore.iso"     # relative to the plan's folder
//! # node = "pve2"           # optional: the node it is sent through; the first node otherwise
//!
//! [vm]                      # optional: step 6, a VM on the NAS, started
//! name = "tiny"
//! memory_mib = 512
//! disk_gib = 2              # vmid = 100 optional; the next free ID otherwise
//!
//! [ha]                      # optional: step 7, the VM under the HA manager
//! max_restart = 1
//! max_relocate = 1
//! # nodes = ["pve1", "pve2"] # optional: where it prefers to run (a group on PVE 8, a rule on 9)
//! # vmid = 120               # optional: another VM of the cluster (then [vm] may be left out)
//! ```
//!
//! Two nodes without a NAS (the course's closing remark) keep the VM's disk on ZFS and
//! replicate it instead (step 9):
//!
//! ```toml
//! [vm]
//! name = "tiny"
//! memory_mib = 512
//! disk_gib = 2
//! storage = "local-zfs"     # the disk on this storage rather than the NAS
//!
//! [replication]
//! target = "pve2"           # the node that keeps a copy
//! schedule = "*/30"         # a calendar event; every 30 minutes by default, as in the course
//! ```

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::api::{DEFAULT_PORT, Endpoint, Userid};
use crate::course::error::InputError;
use crate::fingerprint::Fingerprint;
use crate::names::{is_address, is_dns_name, is_node_name, is_storage_id, is_vmid};

/// The longest cluster name PVE accepts (`clustername` has maxLength 15; corosync's limit).
pub const CLUSTER_NAME_MAX: usize = 15;

/// A validated plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The cluster to form.
    pub cluster_name: String,
    /// The nodes; the first creates the cluster.
    pub nodes: Vec<PlanNode>,
    /// The NAS to add as shared storage (step 4), if the plan goes that far.
    pub storage: Option<PlanStorage>,
    /// The ISO image to upload to it (step 5).
    pub iso: Option<PlanIso>,
    /// The VM to create on it and start (step 6).
    pub vm: Option<PlanVm>,
    /// The VM under HA (step 7).
    pub ha: Option<PlanHa>,
    /// The VM's disk replicated to another node (step 9).
    pub replication: Option<PlanReplication>,
}

/// Storage replication of the VM's disk to another node, on a schedule (ZFS only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanReplication {
    /// The node (host name) that keeps a copy.
    pub target: String,
    /// When: a calendar event (`*/30`: every 30 minutes).
    pub schedule: String,
}

impl PlanReplication {
    /// The course's interval: a copy every 30 minutes.
    pub const DEFAULT_SCHEDULE: &'static str = "*/30";

    /// Checks the target's name and the schedule as PVE would.
    pub fn new(target: &str, schedule: Option<&str>) -> Result<Self, InputError> {
        if !is_node_name(target) {
            return Err(InputError::ReplicationTarget {
                target: target.to_owned(),
            });
        }
        let schedule = schedule.unwrap_or(Self::DEFAULT_SCHEDULE).trim();
        if schedule.len() > 128 {
            return Err(InputError::ReplicationSchedule {
                schedule: schedule.to_owned(),
                detail: "value may only be 128 characters long".to_owned(),
            });
        }
        schedule
            .parse::<crate::calendar::CalendarEvent>()
            .map_err(|e| InputError::ReplicationSchedule {
                schedule: schedule.to_owned(),
                detail: e.to_string(),
            })?;
        Ok(Self {
            target: target.to_owned(),
            schedule: schedule.to_owned(),
        })
    }
}

/// How the HA manager looks after the VM: restarts on its node, then moves to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanHa {
    /// Restarts on the same node before relocating (PVE's default 1).
    pub max_restart: u64,
    /// Relocations before giving up (PVE's default 1).
    pub max_relocate: u64,
    /// The nodes (host names) the VM prefers, all alike; empty, as in the course, for any node.
    /// PVE 8 takes them as an HA group, PVE 9 as a node-affinity rule.
    pub nodes: Vec<String>,
    /// A VM of the cluster to put under HA instead of step 6's: one made in the web UI, say.
    pub vmid: Option<u64>,
}

impl PlanHa {
    /// Checks the limits (PVE allows 0–10 of each) and the preferred nodes' names.
    pub fn new(
        max_restart: u64,
        max_relocate: u64,
        nodes: Vec<String>,
    ) -> Result<Self, InputError> {
        if max_restart > 10 || max_relocate > 10 {
            return Err(InputError::HaLimits {
                max_restart,
                max_relocate,
            });
        }
        let mut seen = HashSet::new();
        for node in &nodes {
            if !is_node_name(node) {
                return Err(InputError::HaNodeName { node: node.clone() });
            }
            if !seen.insert(node.as_str()) {
                return Err(InputError::HaNodeTwice { node: node.clone() });
            }
        }
        Ok(Self {
            max_restart,
            max_relocate,
            nodes,
            vmid: None,
        })
    }

    /// The same settings for the cluster's VM `vmid` (a `pve-vmid`, as PVE checks it).
    pub fn for_vm(mut self, vmid: u64) -> Result<Self, InputError> {
        check_vmid(vmid)?;
        self.vmid = Some(vmid);
        Ok(self)
    }
}

impl Default for PlanHa {
    fn default() -> Self {
        Self {
            max_restart: 1,
            max_relocate: 1,
            nodes: Vec::new(),
            vmid: None,
        }
    }
}

/// A storage's ID as PVE's `pve-storage-id` format takes it.
fn storage_id(storage: &str) -> Result<String, InputError> {
    if is_storage_id(storage) {
        Ok(storage.to_owned())
    } else {
        Err(InputError::StorageId {
            id: storage.to_owned(),
        })
    }
}

/// A VM ID as PVE's `pve-vmid` format takes it (pve-common `JSONSchema.pm`: 100 to 999999999).
fn check_vmid(vmid: u64) -> Result<(), InputError> {
    if is_vmid(vmid) {
        Ok(())
    } else {
        Err(InputError::VmId { vmid })
    }
}

/// A small VM: its disk on the NAS, the plan's ISO image in its CD drive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanVm {
    /// Its name (a DNS name: letters, digits, hyphens, dots).
    pub name: String,
    /// Memory in MiB (at least 16, as PVE requires).
    pub memory_mib: u64,
    /// Disk size in GiB.
    pub disk_gib: u64,
    /// Its ID; the next free one when `None`.
    pub vmid: Option<u64>,
    /// The storage of its disk when not the plan's NAS (`local-zfs`, for replication).
    pub storage: Option<String>,
}

impl PlanVm {
    /// Checks each value as PVE would (`dns-name`, `memory` ≥ 16, `pve-vmid`).
    pub fn new(
        name: &str,
        memory_mib: u64,
        disk_gib: u64,
        vmid: Option<u64>,
    ) -> Result<Self, InputError> {
        if name.len() > 63 || !is_dns_name(name) {
            return Err(InputError::VmName {
                name: name.to_owned(),
            });
        }
        if !(16..=4 * 1024 * 1024).contains(&memory_mib) {
            return Err(InputError::VmMemory { memory_mib });
        }
        if !(1..=65536).contains(&disk_gib) {
            return Err(InputError::VmDisk { disk_gib });
        }
        if let Some(vmid) = vmid {
            check_vmid(vmid)?;
        }
        Ok(Self {
            name: name.to_owned(),
            memory_mib,
            disk_gib,
            vmid,
            storage: None,
        })
    }

    /// The VM with its disk on `storage` rather than the NAS.
    pub fn on_storage(mut self, storage: &str) -> Result<Self, InputError> {
        self.storage = Some(storage_id(storage)?);
        Ok(self)
    }

    /// The storage of its disk: its own, or the plan's NAS.
    pub fn disk_storage<'p>(&'p self, plan: &'p Plan) -> Option<&'p str> {
        self.storage
            .as_deref()
            .or(plan.storage.as_ref().map(|s| s.id.as_str()))
    }
}

/// Where an ISO image comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IsoSource {
    /// A file on this computer, uploaded with its SHA-256: the one published with the image when
    /// given (the file is then read once, hashed as it is sent), else computed before sending.
    File {
        /// The image.
        path: std::path::PathBuf,
        /// The SHA-256 published with it, lower-case hex.
        sha256: Option<String>,
    },
    /// A web address the node downloads from itself, checked by SHA-256 when given.
    Url {
        /// `http://` or `https://`.
        url: String,
        /// Its SHA-256 in hex.
        sha256: Option<String>,
    },
}

/// An ISO image for the NAS: uploaded from this computer, or downloaded by the node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanIso {
    /// Where it comes from.
    pub source: IsoSource,
    /// The name it gets on the storage (PVE keeps only `[A-Za-z0-9_.-]`).
    pub filename: String,
    /// The storage it goes to, when not the plan's NAS.
    pub storage: Option<String>,
    /// The node that receives it (uploads are not forwarded), when not the first node.
    pub node: Option<String>,
}

impl PlanIso {
    /// An ISO image by its path; its name on the storage is the file's, normalized as PVE does.
    pub fn new(file: &Path) -> Result<Self, InputError> {
        let refuse = || InputError::IsoFile {
            file: file.display().to_string(),
        };
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(refuse)?;
        let filename = iso_name(name).ok_or_else(refuse)?;
        Ok(Self {
            source: IsoSource::File {
                path: file.to_owned(),
                sha256: None,
            },
            filename,
            storage: None,
            node: None,
        })
    }

    /// An ISO image the node downloads from `url` (named by the address's last part), checked
    /// against `sha256` when given.
    pub fn from_url(url: &str, sha256: Option<&str>) -> Result<Self, InputError> {
        let refuse = || InputError::IsoUrl {
            url: url.to_owned(),
        };
        let parsed = url::Url::parse(url).map_err(|_| refuse())?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(refuse());
        }
        let name = parsed
            .path_segments()
            .and_then(|mut segments| segments.next_back())
            .unwrap_or_default();
        let filename = iso_name(name).ok_or_else(refuse)?;
        Ok(Self {
            source: IsoSource::Url {
                url: url.to_owned(),
                sha256: sha256.map(checksum).transpose()?,
            },
            filename,
            storage: None,
            node: None,
        })
    }

    /// The image with the SHA-256 published beside it (`None` leaves it as it was).
    pub fn with_sha256(mut self, sha256: Option<&str>) -> Result<Self, InputError> {
        if let Some(sum) = sha256 {
            let sum = checksum(sum)?;
            match &mut self.source {
                IsoSource::File { sha256, .. } | IsoSource::Url { sha256, .. } => {
                    *sha256 = Some(sum)
                }
            }
        }
        Ok(self)
    }

    /// The image stored on `storage` rather than the plan's NAS.
    pub fn on_storage(mut self, storage: &str) -> Result<Self, InputError> {
        self.storage = Some(storage_id(storage)?);
        Ok(self)
    }

    /// The image sent through (or downloaded by) `node` rather than the first node: one with
    /// room in its `/var/tmp`, say.
    pub fn through(mut self, node: &str) -> Result<Self, InputError> {
        if !is_node_name(node) {
            return Err(InputError::IsoNodeName {
                node: node.to_owned(),
            });
        }
        self.node = Some(node.to_owned());
        Ok(self)
    }

    /// [`PlanIso::new`] for a file that must be there now (a command line's argument).
    pub fn existing(file: &Path) -> Result<Self, InputError> {
        let iso = Self::new(file)?;
        iso.check_file()?;
        Ok(iso)
    }

    /// The local file, if any, must be a readable file now.
    pub fn check_file(&self) -> Result<(), InputError> {
        match &self.source {
            IsoSource::File { path: file, .. }
                if !std::fs::metadata(file).is_ok_and(|m| m.is_file()) =>
            {
                Err(InputError::IsoFile {
                    file: file.display().to_string(),
                })
            }
            _ => Ok(()),
        }
    }

    /// Where it goes: the storage's ID, or the plan's NAS when `None`.
    pub fn storage_in<'p>(&'p self, plan: &'p Plan) -> Option<&'p str> {
        self.storage
            .as_deref()
            .or(plan.storage.as_ref().map(|s| s.id.as_str()))
    }

    /// The volume PVE gives it on `storage` (`NAS:iso/tinycore.iso`).
    pub fn volid(&self, storage: &str) -> String {
        format!("{storage}:iso/{}", self.filename)
    }
}

/// A SHA-256 as the teacher copied it (either case), in the lower-case hex PVE compares.
fn checksum(sum: &str) -> Result<String, InputError> {
    let sum = sum.trim();
    if sum.len() == 64 && sum.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(sum.to_ascii_lowercase())
    } else {
        Err(InputError::Checksum {
            checksum: sum.to_owned(),
        })
    }
}

/// A file name as PVE stores an ISO image, if it has an ISO image's extension.
fn iso_name(name: &str) -> Option<String> {
    let filename = crate::names::normalize_content_filename(name);
    crate::names::has_extension(&filename, &crate::names::ISO_EXTENSIONS).then_some(filename)
}

/// The NFS share every node stores disks and ISO images on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanStorage {
    /// The storage ID PVE knows it by (`NAS`).
    pub id: String,
    /// The NAS's address or host name.
    pub server: String,
    /// The exported directory.
    pub export: String,
}

impl PlanStorage {
    /// Checks each field as PVE would (`pve-storage-id`, `pve-storage-server`, `pve-storage-path`).
    pub fn new(id: &str, server: &str, export: &str) -> Result<Self, InputError> {
        if !is_storage_id(id) {
            return Err(InputError::StorageId { id: id.to_owned() });
        }
        if !is_address(server) {
            return Err(InputError::Address {
                address: server.to_owned(),
            });
        }
        let export_ok =
            export.len() > 1 && export.starts_with('/') && !export.contains([';', '(', ')', ' ']);
        if !export_ok {
            return Err(InputError::StorageExport {
                export: export.to_owned(),
            });
        }
        Ok(Self {
            id: id.to_owned(),
            server: server.to_owned(),
            export: export.to_owned(),
        })
    }
}

/// One node of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanNode {
    /// Where its API answers.
    pub endpoint: Endpoint,
    /// The certificate fingerprint the teacher confirmed.
    pub fingerprint: Fingerprint,
    /// Who logs in (`root@pam` by default: joining needs root).
    pub user: Userid,
}

impl PlanNode {
    /// `host:port`, for messages.
    pub fn label(&self) -> String {
        self.endpoint.to_string()
    }
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    cluster: ClusterSection,
    nodes: Vec<NodeSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    storage: Option<StorageSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iso: Option<IsoSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vm: Option<VmSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ha: Option<HaSection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    replication: Option<ReplicationSection>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ReplicationSection {
    target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schedule: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct HaSection {
    #[serde(default = "one")]
    max_restart: u64,
    #[serde(default = "one")]
    max_relocate: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    nodes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vmid: Option<u64>,
}

fn one() -> u64 {
    1
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct VmSection {
    name: String,
    memory_mib: u64,
    disk_gib: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vmid: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    storage: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct IsoSection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    storage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    node: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct StorageSection {
    id: String,
    server: String,
    export: String,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ClusterSection {
    name: String,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct NodeSection {
    address: String,
    fingerprint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<String>,
}

/// Checks a cluster name as PVE does (`pve-node` format, at most 15 characters).
pub fn validate_cluster_name(name: &str) -> Result<(), InputError> {
    let valid = name.len() <= CLUSTER_NAME_MAX && is_node_name(name);
    if valid {
        Ok(())
    } else {
        Err(InputError::ClusterName {
            name: name.to_owned(),
        })
    }
}

impl Plan {
    /// Builds and checks a plan.
    pub fn new(cluster_name: &str, nodes: Vec<PlanNode>) -> Result<Self, InputError> {
        validate_cluster_name(cluster_name)?;
        if nodes.len() < 2 {
            return Err(InputError::TooFewNodes { count: nodes.len() });
        }
        let mut seen = HashSet::new();
        for node in &nodes {
            if !seen.insert(node.endpoint.clone()) {
                return Err(InputError::DuplicateAddress {
                    address: node.label(),
                });
            }
        }
        Ok(Self {
            cluster_name: cluster_name.to_owned(),
            nodes,
            storage: None,
            iso: None,
            vm: None,
            ha: None,
            replication: None,
        })
    }

    /// The plan, going on to upload `iso` to the NAS (step 5); needs the storage section.
    pub fn with_iso(mut self, iso: PlanIso) -> Result<Self, InputError> {
        if self.storage.is_none() && iso.storage.is_none() {
            return Err(InputError::IsoWithoutStorage);
        }
        self.iso = Some(iso);
        Ok(self)
    }

    /// The plan, going on to create and start `vm` (step 6); needs the storage section unless
    /// the VM names its own storage.
    pub fn with_vm(mut self, vm: PlanVm) -> Result<Self, InputError> {
        if self.storage.is_none() && vm.storage.is_none() {
            return Err(InputError::VmWithoutStorage);
        }
        self.vm = Some(vm);
        Ok(self)
    }

    /// The plan, going on to put a VM under HA (step 7): step 6's, so the VM section is needed,
    /// unless `ha` names another VM of the cluster.
    pub fn with_ha(mut self, ha: PlanHa) -> Result<Self, InputError> {
        if self.vm.is_none() && ha.vmid.is_none() {
            return Err(InputError::HaWithoutVm);
        }
        let mut checked = PlanHa::new(ha.max_restart, ha.max_relocate, ha.nodes)?;
        if let Some(vmid) = ha.vmid {
            checked = checked.for_vm(vmid)?;
        }
        self.ha = Some(checked);
        Ok(self)
    }

    /// The plan, going on to replicate the VM's disk (step 9); the disk must not be on the NAS
    /// (replication is for two nodes without one, and copies only ZFS volumes).
    pub fn with_replication(mut self, replication: PlanReplication) -> Result<Self, InputError> {
        let Some(vm) = &self.vm else {
            return Err(InputError::ReplicationWithoutVm);
        };
        if vm.storage.is_none()
            && let Some(nas) = &self.storage
        {
            return Err(InputError::ReplicationOnNas {
                storage: nas.id.clone(),
            });
        }
        self.replication = Some(replication);
        Ok(self)
    }

    /// The steps this plan covers, in order: 0–3 always, then those its sections ask for.
    pub fn steps(&self) -> Vec<crate::course::StepId> {
        use crate::course::StepId;
        StepId::ALL
            .into_iter()
            .filter(|step| match step {
                StepId::Storage => self.storage.is_some(),
                StepId::Iso => self.iso.is_some(),
                StepId::Vm => self.vm.is_some(),
                StepId::Ha => self.ha.is_some(),
                StepId::Replication => self.replication.is_some(),
                _ => true,
            })
            .collect()
    }

    /// The plan, going on to add `storage` as the NAS (step 4).
    pub fn with_storage(mut self, storage: PlanStorage) -> Self {
        self.storage = Some(storage);
        self
    }

    /// Reads a plan from TOML text; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Self, InputError> {
        let parsed: PlanFile = toml::from_str(text).map_err(|e| InputError::Plan {
            file: file.to_owned(),
            detail: e.to_string().trim().to_owned(),
        })?;
        let nodes = parsed
            .nodes
            .iter()
            .map(|node| {
                let endpoint = Endpoint::new(&node.address, node.port.unwrap_or(DEFAULT_PORT))
                    .map_err(|_| InputError::Address {
                        address: node.address.clone(),
                    })?;
                let fingerprint =
                    node.fingerprint
                        .parse()
                        .map_err(|_| InputError::Fingerprint {
                            text: node.fingerprint.clone(),
                        })?;
                let user_text = node.user.as_deref().unwrap_or("root@pam");
                let user = user_text.parse().map_err(|_| InputError::User {
                    user: user_text.to_owned(),
                })?;
                Ok(PlanNode {
                    endpoint,
                    fingerprint,
                    user,
                })
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        let mut plan = Self::new(&parsed.cluster.name, nodes)?;
        if let Some(storage) = &parsed.storage {
            plan = plan.with_storage(PlanStorage::new(
                &storage.id,
                &storage.server,
                &storage.export,
            )?);
        }
        if let Some(section) = &parsed.iso {
            let mut iso = match (&section.file, &section.url) {
                // A relative path is the plan's neighbour, wherever the wizard was started.
                (Some(image), None) => {
                    let folder = Path::new(file).parent().unwrap_or(Path::new(""));
                    PlanIso::new(&folder.join(image))?.with_sha256(section.sha256.as_deref())?
                }
                (None, Some(url)) => PlanIso::from_url(url, section.sha256.as_deref())?,
                _ => return Err(InputError::IsoSource),
            };
            if let Some(storage) = &section.storage {
                iso = iso.on_storage(storage)?;
            }
            if let Some(node) = &section.node {
                iso = iso.through(node)?;
            }
            plan = plan.with_iso(iso)?;
        }
        if let Some(vm) = &parsed.vm {
            let mut planned = PlanVm::new(&vm.name, vm.memory_mib, vm.disk_gib, vm.vmid)?;
            if let Some(storage) = &vm.storage {
                planned = planned.on_storage(storage)?;
            }
            plan = plan.with_vm(planned)?;
        }
        if let Some(ha) = &parsed.ha {
            plan = plan.with_ha(PlanHa {
                max_restart: ha.max_restart,
                max_relocate: ha.max_relocate,
                nodes: ha.nodes.clone(),
                vmid: ha.vmid,
            })?;
        }
        if let Some(replication) = &parsed.replication {
            plan = plan.with_replication(PlanReplication::new(
                &replication.target,
                replication.schedule.as_deref(),
            )?)?;
        }
        Ok(plan)
    }

    /// Reads a plan file.
    pub fn load(path: &Path) -> Result<Self, InputError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| InputError::Plan {
            file: file.clone(),
            detail: e.to_string(),
        })?;
        let plan = Self::from_toml(&text, &file)?;
        // The image is read only at step 5: make sure now that it will be there.
        if let Some(iso) = &plan.iso {
            iso.check_file()?;
        }
        Ok(plan)
    }

    /// The plan as TOML, defaults left out.
    pub fn to_toml(&self) -> String {
        let file = PlanFile {
            cluster: ClusterSection {
                name: self.cluster_name.clone(),
            },
            nodes: self
                .nodes
                .iter()
                .map(|node| NodeSection {
                    address: node.endpoint.host().to_owned(),
                    fingerprint: node.fingerprint.to_string(),
                    port: (node.endpoint.port() != DEFAULT_PORT).then_some(node.endpoint.port()),
                    user: (node.user.as_str() != "root@pam").then(|| node.user.to_string()),
                })
                .collect(),
            storage: self.storage.as_ref().map(|storage| StorageSection {
                id: storage.id.clone(),
                server: storage.server.clone(),
                export: storage.export.clone(),
            }),
            iso: self.iso.as_ref().map(|iso| match &iso.source {
                IsoSource::File { path, sha256 } => IsoSection {
                    file: Some(path.display().to_string()),
                    url: None,
                    sha256: sha256.clone(),
                    storage: iso.storage.clone(),
                    node: iso.node.clone(),
                },
                IsoSource::Url { url, sha256 } => IsoSection {
                    file: None,
                    url: Some(url.clone()),
                    sha256: sha256.clone(),
                    storage: iso.storage.clone(),
                    node: iso.node.clone(),
                },
            }),
            vm: self.vm.as_ref().map(|vm| VmSection {
                name: vm.name.clone(),
                memory_mib: vm.memory_mib,
                disk_gib: vm.disk_gib,
                vmid: vm.vmid,
                storage: vm.storage.clone(),
            }),
            ha: self.ha.as_ref().map(|ha| HaSection {
                max_restart: ha.max_restart,
                max_relocate: ha.max_relocate,
                nodes: ha.nodes.clone(),
                vmid: ha.vmid,
            }),
            replication: self.replication.as_ref().map(|r| ReplicationSection {
                target: r.target.clone(),
                schedule: Some(r.schedule.clone()),
            }),
        };
        // Plain strings and integers always serialise.
        toml::to_string(&file).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP: &str = "0B:C4:1D:8F:25:6A:77:90:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:12:34:56:78:87:65:43:21:0F:ED:CB:A9";

    /// The plan written out as TOML reads back the same.
    fn assert_round_trip(plan: &Plan) {
        assert_eq!(
            &Plan::from_toml(&plan.to_toml(), "p").unwrap(),
            plan,
            "round trip"
        );
    }

    fn plan_text(name: &str, addresses: &[&str]) -> String {
        let mut text = format!("[cluster]\nname = \"{name}\"\n");
        for address in addresses {
            text.push_str(&format!(
                "[[nodes]]\naddress = \"{address}\"\nfingerprint = \"{FP}\"\n"
            ));
        }
        text
    }

    #[test]
    fn reads_a_plan_with_defaults() {
        let plan = Plan::from_toml(
            &plan_text("escola", &["127.0.0.11", "127.0.0.12"]),
            "p.toml",
        )
        .unwrap();
        assert_eq!(plan.cluster_name, "escola");
        assert_eq!(plan.nodes[1].endpoint.port(), 8006);
        assert_eq!(plan.nodes[0].user.as_str(), "root@pam");
        assert_eq!(Plan::from_toml(&plan.to_toml(), "again").unwrap(), plan);
    }

    #[test]
    fn cluster_names_follow_pve_rules() {
        for good in ["escola", "a", "Aula-3", "abcdefghijklmno"] {
            assert!(
                validate_cluster_name(good).is_ok(),
                "{good:?} should be accepted"
            );
        }
        for bad in [
            "",
            "-escola",
            "escola-",
            "aula 3",
            "aula_3",
            "abcdefghijklmnop",
            "escòla",
        ] {
            assert!(
                validate_cluster_name(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn refuses_bad_plans_with_the_reason() {
        let err = Plan::from_toml(&plan_text("escola", &["127.0.0.11"]), "p").unwrap_err();
        assert_eq!(err, InputError::TooFewNodes { count: 1 });
        let err =
            Plan::from_toml(&plan_text("escola", &["127.0.0.11", "127.0.0.11"]), "p").unwrap_err();
        assert!(
            matches!(err, InputError::DuplicateAddress { .. }),
            "{err:?}"
        );
        let err =
            Plan::from_toml(&plan_text("escola", &["127.0.0.11", "http://x"]), "p").unwrap_err();
        assert!(matches!(err, InputError::Address { .. }), "{err:?}");
        let bad_fp = plan_text("escola", &["127.0.0.11", "127.0.0.12"]).replacen(FP, "AA:BB", 1);
        assert!(matches!(
            Plan::from_toml(&bad_fp, "p"),
            Err(InputError::Fingerprint { .. })
        ));
        let typo = plan_text("escola", &["127.0.0.11", "127.0.0.12"]).replace("address", "adress");
        let err = Plan::from_toml(&typo, "p").unwrap_err();
        assert!(matches!(err, InputError::Plan { .. }), "{err:?}");
    }

    #[test]
    fn storage_section_is_checked_as_pve_checks_it() {
        let base = plan_text("escola", &["127.0.0.11", "127.0.0.12"]);
        let with = |id: &str, server: &str, export: &str| {
            Plan::from_toml(
                &format!(
                    "{base}[storage]\nid = \"{id}\"\nserver = \"{server}\"\nexport = \"{export}\"\n"
                ),
                "p",
            )
        };
        let plan = with("NAS", "127.0.0.20", "/mnt/pool/proxmox").unwrap();
        assert_eq!(
            plan.storage,
            Some(PlanStorage::new("NAS", "127.0.0.20", "/mnt/pool/proxmox").unwrap())
        );
        assert_eq!(Plan::from_toml(&plan.to_toml(), "again").unwrap(), plan);
        assert!(matches!(
            with("1NAS", "127.0.0.20", "/x"),
            Err(InputError::StorageId { .. })
        ));
        assert!(matches!(
            with("NAS-", "127.0.0.20", "/x"),
            Err(InputError::StorageId { .. })
        ));
        assert!(matches!(
            with("NAS", "nas escola", "/x"),
            Err(InputError::Address { .. })
        ));
        assert!(matches!(
            with("NAS", "nas.escola", "mnt/pool"),
            Err(InputError::StorageExport { .. })
        ));
        assert!(Plan::from_toml(&base, "p").unwrap().storage.is_none());
    }

    #[test]
    fn iso_section_needs_storage_and_an_image_name() {
        let base = plan_text("escola", &["127.0.0.11", "127.0.0.12"]);
        let storage = "[storage]\nid = \"NAS\"\nserver = \"127.0.0.20\"\nexport = \"/mnt/x\"\n";
        let plan = Plan::from_toml(
            &format!("{base}{storage}[iso]\nfile = \"Tiny Core.iso\"\n"),
            "/home/mestre/curs/plan.toml",
        )
        .unwrap();
        let iso = plan.iso.as_ref().unwrap();
        assert_eq!(
            iso.source,
            IsoSource::File {
                path: "/home/mestre/curs/Tiny Core.iso".into(),
                sha256: None
            }
        );
        assert_eq!(iso.volid("NAS"), "NAS:iso/Tiny_Core.iso");
        assert!(matches!(
            Plan::from_toml(&format!("{base}[iso]\nfile = \"a.iso\"\n"), "p"),
            Err(InputError::IsoWithoutStorage)
        ));
        assert!(matches!(
            Plan::from_toml(
                &format!("{base}{storage}[iso]\nfile = \"notes.txt\"\n"),
                "p"
            ),
            Err(InputError::IsoFile { .. })
        ));
    }

    #[test]
    fn an_iso_may_come_from_a_web_address() {
        let iso = PlanIso::from_url("https://example.org/isos/TinyCore-16.iso", None).unwrap();
        assert_eq!(iso.filename, "TinyCore-16.iso");
        assert!(matches!(
            PlanIso::from_url("ftp://example.org/x.iso", None),
            Err(InputError::IsoUrl { .. })
        ));
        assert!(matches!(
            PlanIso::from_url("https://example.org/download", None),
            Err(InputError::IsoUrl { .. })
        ));
        assert!(matches!(
            PlanIso::from_url("https://example.org/x.iso", Some("abc")),
            Err(InputError::Checksum { .. })
        ));
        let base = plan_text("escola", &["127.0.0.11", "127.0.0.12"]);
        let storage = "[storage]\nid = \"NAS\"\nserver = \"127.0.0.20\"\nexport = \"/mnt/x\"\n";
        let both =
            format!("{base}{storage}[iso]\nfile = \"a.iso\"\nurl = \"https://e.org/a.iso\"\n");
        assert!(matches!(
            Plan::from_toml(&both, "p"),
            Err(InputError::IsoSource)
        ));
        let plan = Plan::from_toml(
            &format!(
                "{base}{storage}[iso]\nurl = \"https://e.org/a.iso\"\nsha256 = \"{}\"\n",
                "AB".repeat(32)
            ),
            "p",
        )
        .unwrap();
        assert_eq!(Plan::from_toml(&plan.to_toml(), "p").unwrap(), plan);
    }

    #[test]
    fn a_file_may_come_with_its_published_sha256() {
        let base = plan_text("escola", &["127.0.0.11", "127.0.0.12"]);
        let storage = "[storage]\nid = \"NAS\"\nserver = \"127.0.0.20\"\nexport = \"/mnt/x\"\n";
        let text =
            |sum: &str| format!("{base}{storage}[iso]\nfile = \"a.iso\"\nsha256 = \"{sum}\"\n");
        let plan = Plan::from_toml(&text(&"AB".repeat(32)), "/curs/plan.toml").unwrap();
        let Some(IsoSource::File { sha256, .. }) = plan.iso.as_ref().map(|iso| &iso.source) else {
            panic!("a file");
        };
        assert_eq!(sha256.as_deref(), Some("ab".repeat(32).as_str()));
        assert_eq!(
            Plan::from_toml(&plan.to_toml(), "/curs/plan.toml").unwrap(),
            plan
        );
        assert!(matches!(
            Plan::from_toml(&text("abc"), "p"),
            Err(InputError::Checksum { .. })
        ));
    }

    #[test]
    fn vm_section_is_checked_as_pve_checks_it() {
        assert!(PlanVm::new("tiny", 512, 2, None).is_ok());
        assert!(PlanVm::new("web.aula3", 16, 1, Some(100)).is_ok());
        assert!(matches!(
            PlanVm::new("tiny vm", 512, 2, None),
            Err(InputError::VmName { .. })
        ));
        assert!(matches!(
            PlanVm::new("-tiny", 512, 2, None),
            Err(InputError::VmName { .. })
        ));
        assert!(matches!(
            PlanVm::new("tiny", 8, 2, None),
            Err(InputError::VmMemory { .. })
        ));
        assert!(matches!(
            PlanVm::new("tiny", 512, 0, None),
            Err(InputError::VmDisk { .. })
        ));
        assert!(matches!(
            PlanVm::new("tiny", 512, 2, Some(99)),
            Err(InputError::VmId { .. })
        ));
        let base = plan_text("escola", &["127.0.0.11", "127.0.0.12"]);
        assert!(matches!(
            Plan::from_toml(
                &format!("{base}[vm]\nname = \"tiny\"\nmemory_mib = 512\ndisk_gib = 2\n"),
                "p"
            ),
            Err(InputError::VmWithoutStorage)
        ));
    }

    #[test]
    fn ha_nodes_are_host_names_listed_once() {
        let base = plan_text("escola", &["127.0.0.11", "127.0.0.12"])
            + "[storage]\nid = \"NAS\"\nserver = \"127.0.0.20\"\nexport = \"/mnt/pool/proxmox\"\n"
            + "[vm]\nname = \"tiny\"\nmemory_mib = 512\ndisk_gib = 2\n[ha]\n";
        let plan = Plan::from_toml(&format!("{base}nodes = [\"pve1\", \"pve2\"]\n"), "p").unwrap();
        let ha = plan.ha.as_ref().unwrap();
        assert_eq!(ha.nodes, ["pve1", "pve2"]);
        assert_round_trip(&plan);
        let course = Plan::from_toml(&base, "p").unwrap();
        assert!(
            course.ha.unwrap().nodes.is_empty(),
            "the course names no nodes"
        );
        assert!(matches!(
            Plan::from_toml(&format!("{base}nodes = [\"pve 1\"]\n"), "p"),
            Err(InputError::HaNodeName { .. })
        ));
        assert!(matches!(
            Plan::from_toml(&format!("{base}nodes = [\"pve1\", \"pve1\"]\n"), "p"),
            Err(InputError::HaNodeTwice { .. })
        ));
    }

    #[test]
    fn an_iso_may_go_through_another_node_to_another_storage() {
        let base = plan_text("escola", &["127.0.0.11", "127.0.0.12"]);
        let plan = Plan::from_toml(
            &format!("{base}[iso]\nfile = \"t.iso\"\nstorage = \"local\"\nnode = \"pve2\"\n"),
            "p",
        )
        .unwrap();
        let iso = plan.iso.as_ref().unwrap();
        assert_eq!(
            (iso.storage.as_deref(), iso.node.as_deref()),
            (Some("local"), Some("pve2"))
        );
        assert_round_trip(&plan);
        assert!(matches!(
            Plan::from_toml(
                &format!("{base}[iso]\nfile = \"t.iso\"\nstorage = \"local\"\nnode = \"pve 2\"\n"),
                "p"
            ),
            Err(InputError::IsoNodeName { .. })
        ));
    }

    #[test]
    fn ha_may_name_another_vm_of_the_cluster_instead_of_step_6s() {
        let base = plan_text("escola", &["127.0.0.11", "127.0.0.12"]);
        let plan = Plan::from_toml(&format!("{base}[ha]\nvmid = 120\n"), "p").unwrap();
        assert_eq!(plan.ha.as_ref().and_then(|ha| ha.vmid), Some(120));
        assert_eq!(
            plan.steps().last(),
            Some(&crate::course::StepId::Ha),
            "step 7 without step 6"
        );
        assert_round_trip(&plan);
        assert!(matches!(
            Plan::from_toml(&format!("{base}[ha]\nvmid = 99\n"), "p"),
            Err(InputError::VmId { vmid: 99 })
        ));
        assert!(matches!(
            Plan::from_toml(&format!("{base}[ha]\n"), "p"),
            Err(InputError::HaWithoutVm)
        ));
    }

    #[test]
    fn replication_needs_the_disk_off_the_nas_and_a_schedule_pve_reads() {
        let nodes = plan_text("escola", &["127.0.0.11", "127.0.0.12"]);
        let zfs = format!(
            "{nodes}[vm]\nname = \"tiny\"\nmemory_mib = 512\ndisk_gib = 2\nstorage = \"local-zfs\"\n"
        );
        let plan =
            Plan::from_toml(&format!("{zfs}[replication]\ntarget = \"pve2\"\n"), "p").unwrap();
        let replication = plan.replication.as_ref().unwrap();
        assert_eq!(
            replication.schedule, "*/30",
            "the course's interval by default"
        );
        assert_eq!(
            plan.vm.as_ref().unwrap().storage.as_deref(),
            Some("local-zfs")
        );
        assert_round_trip(&plan);
        assert!(matches!(
            Plan::from_toml(
                &format!("{zfs}[replication]\ntarget = \"pve2\"\nschedule = \"*/x\"\n"),
                "p"
            ),
            Err(InputError::ReplicationSchedule { .. })
        ));
        assert!(matches!(
            Plan::from_toml(&format!("{zfs}[replication]\ntarget = \"pve 2\"\n"), "p"),
            Err(InputError::ReplicationTarget { .. })
        ));
        let nas = format!(
            "{nodes}[storage]\nid = \"NAS\"\nserver = \"127.0.0.20\"\nexport = \"/mnt/pool/proxmox\"\n\
             [vm]\nname = \"tiny\"\nmemory_mib = 512\ndisk_gib = 2\n[replication]\ntarget = \"pve2\"\n"
        );
        assert!(matches!(
            Plan::from_toml(&nas, "p"),
            Err(InputError::ReplicationOnNas { .. })
        ));
        assert!(matches!(
            Plan::from_toml(&format!("{nodes}[replication]\ntarget = \"pve2\"\n"), "p"),
            Err(InputError::ReplicationWithoutVm)
        ));
    }

    #[test]
    fn a_plan_never_holds_a_password() {
        let text = plan_text("escola", &["127.0.0.11", "127.0.0.12"]) + "password = \"x\"\n";
        assert!(
            Plan::from_toml(&text, "p").is_err(),
            "a password key must be refused"
        );
    }
}

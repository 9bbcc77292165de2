//! `/nodes/{node}/qemu/…`: virtual machines.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::endpoints::nodes::node_path;
use crate::api::parse::bool_ish;
use crate::api::{Client, Error, Upid};

/// `POST /nodes/{node}/qemu`: the settings the course gives a new VM.
#[derive(Clone, Debug, Serialize)]
pub struct NewVm {
    /// Its ID.
    pub vmid: u64,
    /// Its name (a DNS name).
    pub name: String,
    /// Memory in MiB.
    pub memory: u64,
    /// CPU cores.
    pub cores: u64,
    /// The guest OS type (`l26` for Linux).
    pub ostype: String,
    /// The SCSI controller (`virtio-scsi-single`, as the web UI proposes).
    pub scsihw: String,
    /// The system disk: `STORAGE:SIZE_GIB[,format=qcow2]` allocates a new volume.
    pub scsi0: String,
    /// The CD drive: `STORAGE:iso/NAME,media=cdrom`.
    pub ide2: String,
    /// The network card: `virtio,bridge=vmbr0`.
    pub net0: String,
    /// Boot order: `order=scsi0;ide2;net0`.
    pub boot: String,
}

/// `GET /nodes/{node}/qemu/{vmid}/status/current`.
#[derive(Clone, Debug, Deserialize)]
pub struct VmStatus {
    /// `running` or `stopped`.
    pub status: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
}

impl VmStatus {
    /// Whether it runs.
    pub fn is_running(&self) -> bool {
        self.status == "running"
    }
}

/// `GET /nodes/{node}/qemu/{vmid}/config`: the VM's settings, as `qm config` shows them.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct VmConfig(std::collections::BTreeMap<String, serde_json::Value>);

impl VmConfig {
    /// Its disks, by drive (`scsi0`) with their volume (`local-zfs:vm-100-disk-0`); CD drives
    /// are not disks.
    pub fn disks(&self) -> Vec<(String, String)> {
        const BUSES: [&str; 6] = ["ide", "sata", "scsi", "virtio", "efidisk", "tpmstate"];
        self.0
            .iter()
            .filter(|(key, _)| {
                BUSES.iter().any(|bus| {
                    key.strip_prefix(bus)
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                })
            })
            .filter_map(|(key, value)| Some((key, value.as_str()?)))
            .filter(|(_, value)| !value.split(',').any(|o| o == "media=cdrom"))
            .filter_map(|(key, value)| Some((key.clone(), drive_volume(value)?.to_owned())))
            .collect()
    }
}

/// The volume of a drive's property string: its default key `file`, written without its name
/// (as qemu-server writes it, first) or as `file=` (as a hand-edited config may have it), in
/// `PVE::JSONSchema::parse_property_string`'s way.
fn drive_volume(drive: &str) -> Option<&str> {
    drive
        .split(',')
        .find_map(|part| match part.split_once('=') {
            None => Some(part),
            Some(("file", volume)) => Some(volume),
            Some(_) => None,
        })
}

/// `GET /nodes/{node}/qemu/{vmid}/migrate`: what keeps the VM from running on another node, as
/// the web UI's Migrate dialog asks (qemu-server `migrate_vm_precondition`).
#[derive(Clone, Debug, Deserialize)]
pub struct MigratePreconditions {
    /// Whether it runs now.
    #[serde(default, deserialize_with = "bool_ish")]
    pub running: bool,
    /// The other members it could move to.
    #[serde(default)]
    pub allowed_nodes: Vec<String>,
    /// Every other member, with what it lacks (nothing, for an allowed one).
    #[serde(default)]
    pub not_allowed_nodes: BTreeMap<String, NotAllowed>,
    /// Its volumes no other node can reach: disks, CD images, unused disks.
    #[serde(default)]
    pub local_disks: Vec<LocalDisk>,
    /// Devices of this machine only (`usb0`, `hostpci0`, `serial0`, …).
    #[serde(default)]
    pub local_resources: Vec<String>,
}

/// What a member lacks for the VM.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct NotAllowed {
    /// Storages of its drives the member may not use.
    #[serde(default)]
    pub unavailable_storages: Vec<String>,
    /// Mapped devices the member has no mapping for.
    #[serde(default, rename = "unavailable-resources")]
    pub unavailable_resources: Vec<String>,
}

/// A volume of the VM on a storage of its node only.
#[derive(Clone, Debug, Deserialize)]
pub struct LocalDisk {
    /// `local-lvm:vm-100-disk-0`, `local:iso/tinycore.iso`, `cdrom` (the host's drive).
    pub volid: String,
    /// In a CD drive.
    #[serde(default, deserialize_with = "bool_ish")]
    pub cdrom: bool,
    /// Detached (`unused0`).
    #[serde(default, deserialize_with = "bool_ish")]
    pub is_unused: bool,
}

fn vm_path(node: &str, vmid: u64, rest: &str) -> String {
    node_path(node, &format!("qemu/{vmid}/{rest}"))
}

impl Client {
    /// `POST /nodes/{node}/qemu`: creates the VM (a `qmcreate` task allocates its disk).
    pub async fn create_vm(&self, node: &str, vm: &NewVm) -> Result<Upid, Error> {
        self.post(&node_path(node, "qemu"), vm).await
    }

    /// `POST /nodes/{node}/qemu/{vmid}/status/start` (a `qmstart` task; `hastart` when HA manages the VM).
    pub async fn start_vm(&self, node: &str, vmid: u64) -> Result<Upid, Error> {
        self.post(&vm_path(node, vmid, "status/start"), &()).await
    }

    /// `DELETE /nodes/{node}/qemu/{vmid}` (a `qmdestroy` task) for a VM whose creation was cut
    /// off: `skiplock` (root@pam only) past its `create` lock, `purge` from HA and replication,
    /// and `destroy-unreferenced-disks`, since such a VM's configuration names no disk yet.
    pub async fn destroy_unfinished_vm(&self, node: &str, vmid: u64) -> Result<Upid, Error> {
        let query = [
            ("skiplock", "1"),
            ("purge", "1"),
            ("destroy-unreferenced-disks", "1"),
        ];
        self.delete(&node_path(node, &format!("qemu/{vmid}")), &query)
            .await
    }

    /// `GET /nodes/{node}/qemu/{vmid}/config`.
    pub async fn vm_config(&self, node: &str, vmid: u64) -> Result<VmConfig, Error> {
        self.get(&vm_path(node, vmid, "config"), &()).await
    }

    /// `GET /nodes/{node}/qemu/{vmid}/migrate`.
    pub async fn migrate_preconditions(
        &self,
        node: &str,
        vmid: u64,
    ) -> Result<MigratePreconditions, Error> {
        self.get(&vm_path(node, vmid, "migrate"), &()).await
    }

    /// `GET /nodes/{node}/qemu/{vmid}/status/current`.
    pub async fn vm_status(&self, node: &str, vmid: u64) -> Result<VmStatus, Error> {
        self.get(&vm_path(node, vmid, "status/current"), &()).await
    }
}

//! `/nodes/{node}/qemu/…`: virtual machines as qemu-server creates, starts and stops them.
//!
//! A VM's configuration lives with the node that runs it (`/etc/pve/nodes/{node}/qemu-server`);
//! its disk is allocated on the storage its drive names (`NAS:4` → a new 4 GiB qcow2 volume), and
//! its CD drive must hold an ISO image that exists.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::cluster::say;
use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::state::{Guest, Shared, StorageKind, World};

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

/// The guest `vmid` on the call's node, or PVE's refusal.
pub(crate) fn guest_here<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w Guest, ApiError> {
    let vmid = vmid(call)?;
    world
        .node(call.node)
        .and_then(|node| node.guests.iter().find(|g| g.vmid == vmid))
        .ok_or_else(|| {
            ApiError::failed(format!(
                "Configuration file 'nodes/{}/qemu-server/{vmid}.conf' does not exist",
                world
                    .node(call.node)
                    .map(|n| n.name.as_str())
                    .unwrap_or_default()
            ))
        })
}

fn vmid(call: &Call<'_>) -> Result<u32, ApiError> {
    call.param("vmid")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| ApiError::parameter("vmid", "property is missing and it is not optional"))
}

/// A VM as `/cluster/resources` and `/nodes/{node}/qemu` list it.
pub(crate) fn summary(guest: &Guest, node: &str, now: u64) -> Value {
    let mut entry = json!({
        "id": format!("qemu/{}", guest.vmid),
        "type": "qemu",
        "vmid": guest.vmid,
        "name": guest.name,
        "node": node,
        "status": if guest.running { "running" } else { "stopped" },
        "template": 0,
        "maxcpu": guest.cores,
        "cpu": if guest.running { 0.021 } else { 0.0 },
        "maxmem": guest.memory_mib * MIB,
        "mem": if guest.running { guest.memory_mib * MIB / 3 } else { 0 },
        "maxdisk": guest.disk_bytes,
        "disk": 0,
        "uptime": if guest.running { now.saturating_sub(guest.started_at) } else { 0 },
    });
    // `lock` from the guest's configuration (pve-manager `PVE/API2/Cluster.pm`, `resources`).
    if let (Some(lock), Some(object)) = (guest.config.get("lock"), entry.as_object_mut()) {
        object.insert("lock".to_owned(), json!(lock));
    }
    entry
}

/// `GET /nodes/{node}/qemu`.
pub(crate) fn list(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let now = world.node_now(call.node);
    let node = world
        .node(call.node)
        .ok_or_else(|| ApiError::failed("no such node"))?;
    Ok(Answer::data(Value::Array(
        node.guests
            .iter()
            .map(|g| summary(g, &node.name, now))
            .collect(),
    )))
}

/// `GET /nodes/{node}/qemu/{vmid}/config`.
pub(crate) fn config(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let guest = guest_here(&world, call)?;
    let mut config: serde_json::Map<String, Value> = guest
        .config
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    config.insert("digest".into(), json!(format!("{:040x}", guest.vmid)));
    Ok(Answer::data(Value::Object(config)))
}

/// `GET /nodes/{node}/qemu/{vmid}/status/current`.
pub(crate) fn status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let guest = guest_here(&world, call)?;
    let node = world
        .node(call.node)
        .map(|n| n.name.as_str())
        .unwrap_or_default();
    let mut status = summary(guest, node, world.node_now(call.node));
    if let Some(object) = status.as_object_mut() {
        object.insert(
            "qmpstatus".into(),
            json!(if guest.running { "running" } else { "stopped" }),
        );
        object.insert("cpus".into(), json!(guest.cores));
        object.insert("ha".into(), ha_status(&world, call.via, guest.vmid));
    }
    Ok(Answer::data(status))
}

/// `PVE::HA::Config::vm_is_ha_managed`: an HA resource whose requested state is not `ignored`.
pub(crate) fn ha_managed(world: &World, via: usize, vmid: u32) -> bool {
    world.config_of(via).is_some_and(|c| {
        c.ha.resources
            .iter()
            .any(|r| r.vmid == vmid && r.state != "ignored")
    })
}

/// `PVE::HA::Config::get_service_status`: `{managed: 1, state}` (the manager's state of the
/// service) for an HA-managed VM, else `{managed: 0}` (pve-ha-manager `src/PVE/HA/Config.pm`).
fn ha_status(world: &World, via: usize, vmid: u32) -> Value {
    if !ha_managed(world, via, vmid) {
        return json!({ "managed": 0 });
    }
    let state = world
        .config_of(via)
        .and_then(|c| {
            c.ha.manager_status
                .service_status
                .get(&format!("vm:{vmid}"))
        })
        .map(|s| s.state.as_str());
    match state {
        Some(state) => json!({ "managed": 1, "state": state }),
        None => json!({ "managed": 1 }),
    }
}

/// `hastate` of a VM in `/cluster/resources`: the manager's state of the service, else the
/// resource's requested state (pve-manager `PVE/API2/Cluster.pm`, `resources`).
pub(crate) fn hastate(world: &World, via: usize, vmid: u32) -> Option<String> {
    let ha = &world.config_of(via)?.ha;
    let sid = format!("vm:{vmid}");
    ha.manager_status
        .service_status
        .get(&sid)
        .map(|s| s.state.clone())
        .or_else(|| {
            ha.resources
                .iter()
                .find(|r| r.sid == sid)
                .map(|r| r.state.clone())
        })
}

/// `POST /nodes/{node}/qemu`: checks the drives, then allocates the disk in a `qmcreate` task.
/// What `create_vm` takes out of its parameters before the rest becomes the configuration
/// (qemu-server `src/PVE/API2/Qemu.pm`, the `extract_param` calls at the top of `create_vm`).
const EXTRACTED_AT_CREATE: [&str; 12] = [
    "node",
    "vmid",
    "archive",
    "bwlimit",
    "force",
    "pool",
    "start",
    "ha-managed",
    "storage",
    "unique",
    "live-restore",
    "import-working-storage",
];

pub(crate) fn create(call: &Call<'_>) -> Result<Answer, ApiError> {
    let vmid = vmid(call)?;
    let mut world = call.shared.world();
    if world.guests(call.via).iter().any(|(_, g)| g.vmid == vmid) {
        let holder = world
            .guests(call.via)
            .into_iter()
            .find(|(_, g)| g.vmid == vmid)
            .and_then(|(n, _)| world.node(n).map(|n| n.name.clone()))
            .unwrap_or_default();
        return Err(ApiError::failed(format!(
            "unable to create VM {vmid} - VM {vmid} already exists on node '{holder}'"
        )));
    }
    let mut config: BTreeMap<String, String> = call
        .params
        .iter()
        .filter(|(k, _)| !EXTRACTED_AT_CREATE.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let no_storage = |id: &str| ApiError::failed(format!("storage '{id}' does not exist"));
    // `check_storage_access` before the task: the CD drive's storage must exist (`parse_volname`);
    // whether its image does is found inside the task (`create_disks`).
    let iso = config
        .get("ide2")
        .and_then(|ide2| ide2.split(',').next())
        .filter(|volid| !matches!(*volid, "none" | "cdrom"))
        .map(str::to_owned);
    if let Some((storage_id, _)) = iso.as_deref().and_then(|v| v.split_once(':'))
        && !world
            .config_of(call.node)
            .is_some_and(|c| c.storages.iter().any(|s| s.id == storage_id))
    {
        return Err(no_storage(storage_id));
    }
    // New disks: `STORAGE:SIZE_GIB[,options]` allocates a volume.
    let mut allocations = Vec::new();
    let mut disk_bytes = 0;
    for (key, value) in config.iter_mut() {
        if !is_disk_key(key) || key == "ide2" {
            continue;
        }
        let (volume, options) = value.split_once(',').unwrap_or((value.as_str(), ""));
        let Some((storage_id, size)) = volume.split_once(':') else {
            continue;
        };
        let Ok(gib) = size.parse::<u64>() else {
            continue;
        };
        // `check_storage_access`: `storage_config`, then the content type (a 400 on
        // `storage`, whichever drive named it).
        let storage = world
            .config_of(call.node)
            .and_then(|c| c.storages.iter().find(|s| s.id == storage_id))
            .cloned()
            .ok_or_else(|| no_storage(storage_id))?;
        if !storage.content.iter().any(|c| c == "images") {
            return Err(ApiError::parameter(
                "storage",
                format!("storage '{storage_id}' does not support vm images"),
            ));
        }
        // The drive's `format`, else the storage's default: raw for every plugin the lab has
        // (pve-storage `NFSPlugin.pm`, `DirPlugin.pm`: `format => [{raw, qcow2, vmdk}, 'raw']`;
        // qemu-server `API2/Qemu.pm` `create_disks` takes `storage_default_format`).
        let format = match storage.kind {
            StorageKind::LvmThin { .. } | StorageKind::ZfsPool { .. } => "raw".to_owned(),
            _ => options
                .split(',')
                .find_map(|o| o.strip_prefix("format="))
                .unwrap_or("raw")
                .to_owned(),
        };
        let index = allocations.len();
        let name = format!("vm-{vmid}-disk-{index}.{format}");
        let (volid, relative) = match storage.kind {
            StorageKind::LvmThin { .. } | StorageKind::ZfsPool { .. } => {
                let zvol = format!("vm-{vmid}-disk-{index}");
                (format!("{storage_id}:{zvol}"), zvol)
            }
            _ => (
                format!("{storage_id}:{vmid}/{name}"),
                format!("images/{vmid}/{name}"),
            ),
        };
        let rest: Vec<&str> = options
            .split(',')
            .filter(|o| !o.is_empty() && !o.starts_with("format="))
            .collect();
        *value = std::iter::once(volid.clone())
            .chain(rest.into_iter().map(str::to_owned))
            .chain(std::iter::once(format!("size={gib}G")))
            .collect::<Vec<_>>()
            .join(",");
        disk_bytes += gib * GIB;
        allocations.push(Allocation {
            key: key.clone(),
            storage,
            relative,
            size: gib * GIB,
            volid,
            format,
        });
    }
    // A network card gets its MAC address (Proxmox's prefix BC:24:11).
    for (key, value) in config.iter_mut() {
        if key.starts_with("net") && is_bare_model(value) {
            let (model, rest) = value.split_once(',').unwrap_or((value.as_str(), ""));
            let mac = format!(
                "BC:24:11:{:02X}:{:02X}:{:02X}",
                rand::random::<u8>(),
                rand::random::<u8>(),
                rand::random::<u8>()
            );
            *value = if rest.is_empty() {
                format!("{model}={mac}")
            } else {
                format!("{model}={mac},{rest}")
            };
        }
    }
    let memory_mib = config
        .get("memory")
        .and_then(|m| m.trim_start_matches("current=").parse().ok())
        .unwrap_or(512);
    let cores = config
        .get("cores")
        .and_then(|c| c.parse().ok())
        .unwrap_or(1);
    written_at_create(
        &mut config,
        world.pve_of(call.node),
        world.node_now(call.node),
    );
    // `vmstatus`: a VM without a name is shown as `VM <id>` (qemu-server `QemuServer.pm`), as
    // it is while its configuration holds only the lock.
    let name = config
        .get("name")
        .cloned()
        .unwrap_or_else(|| format!("VM {vmid}"));
    let guest = Guest {
        vmid,
        name: format!("VM {vmid}"),
        running: false,
        started_at: 0,
        memory_mib,
        cores,
        disk_bytes,
        // `create_and_lock_config` before the worker: the ID is taken by a configuration
        // holding only the lock; the worker writes the whole configuration once the disks
        // exist (qemu-server `src/PVE/API2/Qemu.pm`, `create_vm`).
        config: BTreeMap::from([("lock".to_owned(), "create".to_owned())]),
    };
    let start = call.flag("start").unwrap_or(false);
    let ha_managed = call.flag("ha-managed").unwrap_or(false);
    let user = call.user().to_owned();
    let upid = world
        .start_task(call.node, "qmcreate", &vmid.to_string(), call.user())
        .ok_or_else(|| ApiError::failed("no such node"))?;
    if let Some(node) = world.node_mut(call.node) {
        node.guests.push(guest);
    }
    let work = create_task(
        Arc::clone(call.shared),
        call.node,
        upid.clone(),
        Creation {
            vmid,
            iso,
            allocations,
            start,
            ha_managed,
            user,
            config,
            name,
        },
    );
    super::state::spawn_task(call.shared, call.node, upid.clone(), work);
    Ok(Answer::data(json!(upid)))
}

/// What a `qmcreate` task does.
struct Creation {
    vmid: u32,
    /// The CD drive's image, which must exist.
    iso: Option<String>,
    allocations: Vec<Allocation>,
    start: bool,
    /// `ha-managed` (PVE 9): added as an HA resource once created.
    ha_managed: bool,
    /// Who asked, for the tasks the creation starts.
    user: String,
    /// The configuration written once the disks exist, and the name it gives.
    config: BTreeMap<String, String>,
    name: String,
}

/// A disk to allocate while the VM is created.
struct Allocation {
    key: String,
    storage: super::state::StorageConfig,
    relative: String,
    size: u64,
    volid: String,
    format: String,
}

pub(crate) fn is_disk_key(key: &str) -> bool {
    ["ide", "sata", "scsi", "virtio", "efidisk", "tpmstate"]
        .iter()
        .any(|bus| {
            key.strip_prefix(bus)
                .is_some_and(|n| n.parse::<u8>().is_ok())
        })
}

/// `virtio` or `virtio,bridge=vmbr0`: a model without its MAC address yet.
fn is_bare_model(value: &str) -> bool {
    let first = value.split(',').next().unwrap_or_default();
    !first.contains('=') && ["virtio", "e1000", "rtl8139", "vmxnet3", "e1000e"].contains(&first)
}

/// The size of an ISO image on a storage of `node`, if it is there.
fn iso_size(world: &World, node: usize, volid: &str) -> Option<u64> {
    let (storage_id, name) = volid.split_once(":iso/")?;
    let storage = world
        .config_of(node)
        .and_then(|c| c.storages.iter().find(|s| s.id == storage_id))?;
    world
        .location(node, storage)
        .and_then(|location| world.volumes.get(&location))
        .and_then(|volumes| volumes.get(&format!("template/iso/{name}")))
        .map(|volume| volume.size)
}

/// pve-common `src/PVE/JSONSchema.pm` (`format_size`): the largest unit that divides it.
fn format_size(bytes: u64) -> String {
    let mut value = bytes;
    for unit in ["", "K", "M", "G"] {
        if value % 1024 != 0 || value == 0 {
            return format!("{value}{unit}");
        }
        value /= 1024;
    }
    format!("{value}T")
}

async fn create_task(shared: Arc<Shared>, node: usize, upid: String, creation: Creation) {
    let Creation {
        vmid,
        iso,
        allocations,
        start,
        ha_managed,
        user,
        mut config,
        name,
    } = creation;
    // `create_disks`, inside the task: an existing volume must be there; a new disk's storage
    // must be usable on this node (`activate_storage`); errors say `unable to create VM N - …`.
    let mut result = {
        let world = shared.world();
        let node_name = world.node(node).map(|n| n.name.clone()).unwrap_or_default();
        let iso_size = iso
            .as_ref()
            .map(|volid| (volid, iso_size(&world, node, volid)));
        match iso_size {
            Some((volid, None)) => Err(format!("volume {volid} does not exist")),
            Some((volid, Some(size))) => {
                // `create_disks` keeps an existing volume's size in its drive (`print_drive`).
                let prefix = format!("{volid},");
                for value in config.values_mut() {
                    if value.starts_with(&prefix) && !value.contains(",size=") {
                        value.push_str(&format!(",size={}", format_size(size)));
                    }
                }
                Ok(())
            }
            None => Ok(()),
        }
        .and_then(|()| {
            allocations.iter().try_for_each(|a| {
                if a.storage.disable {
                    return Err(format!("storage '{}' is disabled", a.storage.id));
                }
                if !a.storage.enabled_on(&node_name) {
                    return Err(format!(
                        "storage '{}' is not available on node '{node_name}'",
                        a.storage.id
                    ));
                }
                super::storage::activate(&world, &a.storage)
            })
        })
        .map_err(|error| format!("unable to create VM {vmid} - {error}"))
    };
    let allocations = if result.is_ok() {
        allocations
    } else {
        Vec::new()
    };
    let mut made_volumes: Vec<(String, String)> = Vec::new();
    for Allocation {
        key,
        storage,
        relative,
        size,
        volid,
        format,
    } in allocations
    {
        let (location, path, file) = {
            let world = shared.world();
            let location = world.location(node, &storage).unwrap_or_default();
            let mount = match &storage.kind {
                StorageKind::Nfs { path, .. } | StorageKind::Dir { path } => path.clone(),
                StorageKind::LvmThin { .. } => "/dev/pve".to_owned(),
                StorageKind::ZfsPool { pool } => format!("/dev/zvol/{pool}"),
            };
            let file = world.volume_file(&location, &relative);
            (location, format!("{mount}/{relative}"), file)
        };
        if let Some(line) = allocation_log(&storage.kind, &format, &path, &relative, size) {
            say(&shared, node, &upid, line).await;
        }
        // A sparse file: the disk's size without its bytes.
        let made = async {
            if let Some(dir) = file.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            let disk = tokio::fs::File::create(&file).await?;
            disk.set_len(size).await
        };
        if let Err(error) = made.await {
            result = Err(format!("unable to create VM {vmid} - {error}"));
            break;
        }
        shared
            .world()
            .store_volume(node, &location, &relative, size, file);
        made_volumes.push((location, relative));
        say(
            &shared,
            node,
            &upid,
            format!(
                "{key}: successfully created disk '{volid},size={}G'",
                size / GIB
            ),
        )
        .await;
    }
    // `write_config` goes to /etc/pve, which pmxcfs keeps read-only without quorum: the worker
    // fails, frees the disks it made, and cannot unlink the lock-only configuration either
    // (pve-common `PVE::File::file_set_contents`; qemu-server `create_vm`'s cleanup).
    let quorate = shared.world().is_quorate(node);
    if result.is_ok() && !quorate {
        let (name, pid) = {
            let world = shared.world();
            let name = world.node(node).map(|n| n.name.clone()).unwrap_or_default();
            let pid = world
                .node(node)
                .and_then(|n| n.tasks.iter().find(|t| t.upid == upid))
                .map(|t| t.pid)
                .unwrap_or_default();
            (name, pid)
        };
        result = Err(format!(
            "unable to create VM {vmid} - unable to open file \
             '/etc/pve/nodes/{name}/qemu-server/{vmid}.conf.tmp.{pid}' - Permission denied"
        ));
    }
    if result.is_err() {
        let freed: Vec<std::path::PathBuf> = {
            let mut world = shared.world();
            made_volumes
                .iter()
                .filter_map(|(location, relative)| {
                    world.volumes.get_mut(location)?.remove(relative)
                })
                .map(|volume| volume.file)
                .collect()
        };
        for file in freed {
            let _ = tokio::fs::remove_file(file).await;
        }
        if quorate {
            if let Some(n) = shared.world().node_mut(node) {
                n.guests.retain(|g| g.vmid != vmid);
            }
        } else {
            say(
                &shared,
                node,
                &upid,
                "failed to remove config file: Permission denied",
            )
            .await;
        }
    } else {
        if let Some(guest) = shared
            .world()
            .node_mut(node)
            .and_then(|n| n.guests.iter_mut().find(|g| g.vmid == vmid))
        {
            guest.config = config;
            guest.name = name;
        }
        // After the configuration is written: `ha-manager add vm:N --state started|stopped`,
        // then the autostart, which for an HA-managed VM is an HA request (`vm_start`). Either
        // one failing only warns.
        if ha_managed {
            say(&shared, node, &upid, "Add as HA resource").await;
            let state = if start { "started" } else { "stopped" };
            super::ha_api::add_resource(&mut shared.world(), node, vmid, state);
        }
        if start {
            say(&shared, node, &upid, "Execute autostart").await;
            let started = match ha_managed {
                true => {
                    let mut world = shared.world();
                    ha_request(&mut world, node, &user, vmid, "start", "0").map(|_| ())
                }
                false => power(&shared, node, vmid, true),
            };
            if let Err(error) = started {
                say(&shared, node, &upid, error).await;
            }
        }
    }
    shared.world().task_end(node, &upid, result);
}

/// What qemu-server's `create_vm` adds to a new VM's configuration (`src/PVE/API2/Qemu.pm`):
/// `meta` with the QEMU version and the creation time (`MetaInfo.pm`), the default boot order
/// (first disk, first CD drive, first network card: `get_default_bootdevices`), an smbios1 UUID
/// and a VM generation ID, both dashed UUIDs (`generate_uuid`), unless given (`vmgenid: 1` asks
/// for a new one).
fn written_at_create(config: &mut BTreeMap<String, String>, pve: super::Pve, now: u64) {
    let qemu = pve.qemu();
    config.insert("meta".into(), format!("creation-qemu={qemu},ctime={now}"));
    if !config.contains_key("boot") {
        let drives: Vec<(&String, &String)> = DRIVE_ORDER
            .iter()
            .flat_map(|bus| {
                let mut on_bus: Vec<(u32, (&String, &String))> = config
                    .iter()
                    .filter_map(|entry| Some((drive_number(entry.0, bus)?, entry)))
                    .collect();
                on_bus.sort_by_key(|(number, _)| *number);
                on_bus.into_iter().map(|(_, entry)| entry)
            })
            .collect();
        let first = |cdrom: bool| {
            drives
                .iter()
                .find(|(_, value)| value.split(',').any(|o| o == "media=cdrom") == cdrom)
                .map(|(key, _)| key.to_string())
        };
        let net = (0..32)
            .map(|i| format!("net{i}"))
            .find(|key| config.contains_key(key));
        let order: Vec<String> = [first(false), first(true), net]
            .into_iter()
            .flatten()
            .collect();
        if !order.is_empty() {
            config.insert("boot".into(), format!("order={}", order.join(";")));
        }
    }
    let uuid = || {
        let hex = format!("{:032x}", rand::random::<u128>());
        let part = |range: std::ops::Range<usize>| hex.get(range).unwrap_or_default().to_owned();
        format!(
            "{}-{}-{}-{}-{}",
            part(0..8),
            part(8..12),
            part(12..16),
            part(16..20),
            part(20..32)
        )
    };
    config
        .entry("smbios1".into())
        .or_insert_with(|| format!("uuid={}", uuid()));
    if config.get("vmgenid").is_none_or(|v| v == "1") {
        config.insert("vmgenid".into(), uuid());
    }
}

/// qemu-server's drive buses in `valid_drive_names` order (`QemuServer/Drive.pm`).
const DRIVE_ORDER: [&str; 4] = ["ide", "sata", "scsi", "virtio"];

/// The number of `key` as a drive of `bus` (`scsi0`, not `scsihw`).
fn drive_number(key: &str, bus: &str) -> Option<u32> {
    key.strip_prefix(bus)?.parse().ok()
}

/// What allocating a disk prints: qemu-img's line for an image file, with the preallocation
/// pve-storage asks for (`preallocation_cmd_opt`: `metadata` for qcow2, `off` for raw — the line
/// as qemu-img 10 prints it), lvcreate's for an LVM-thin volume; `zfs create` prints nothing.
fn allocation_log(
    kind: &StorageKind,
    format: &str,
    path: &str,
    name: &str,
    size: u64,
) -> Option<String> {
    match (kind, format) {
        (StorageKind::ZfsPool { .. }, _) => None,
        (StorageKind::LvmThin { .. }, _) => Some(format!("  Logical volume \"{name}\" created.")),
        (_, "qcow2") => Some(format!(
            "Formatting '{path}', fmt=qcow2 cluster_size=65536 extended_l2=off preallocation=metadata compression_type=zlib size={size} lazy_refcounts=off refcount_bits=16"
        )),
        (_, "raw") => Some(format!(
            "Formatting '{path}', fmt=raw size={size} preallocation=off"
        )),
        (_, other) => Some(format!("Formatting '{path}', fmt={other} size={size}")),
    }
}

/// Starts or stops a VM at once; `Err` with qemu-server's words when it already is so.
fn power(shared: &Shared, node: usize, vmid: u32, on: bool) -> Result<(), String> {
    let mut world = shared.world();
    let now = world.node_now(node);
    let guest = world
        .node_mut(node)
        .and_then(|n| n.guests.iter_mut().find(|g| g.vmid == vmid))
        .ok_or_else(|| format!("VM {vmid} not running"))?;
    match (on, guest.running) {
        (true, true) => Err(format!("VM {vmid} already running")),
        (false, false) => Err(format!("VM {vmid} not running")),
        _ => {
            guest.running = on;
            guest.started_at = now;
            Ok(())
        }
    }
}

/// `POST /nodes/{node}/qemu/{vmid}/status/{start|stop|shutdown}`: a `qmstart`/`qmstop`/
/// `qmshutdown` task.
pub(crate) fn change_power(call: &Call<'_>, action: &'static str) -> Result<Answer, ApiError> {
    let vmid = vmid(call)?;
    let mut world = call.shared.world();
    guest_here(&world, call)?;
    if ha_managed(&world, call.via, vmid) {
        return ha_power(&mut world, call, vmid, action);
    }
    let upid = world
        .start_task(
            call.node,
            &format!("qm{action}"),
            &vmid.to_string(),
            call.user(),
        )
        .ok_or_else(|| ApiError::failed("no such node"))?;
    drop(world);
    let shared = Arc::clone(call.shared);
    let node = call.node;
    let task = upid.clone();
    super::state::spawn_task(call.shared, node, upid.clone(), async move {
        // qemu-server's worker prints nothing here (`start VM …` goes to syslog).
        let result = power(&shared, node, vmid, action == "start");
        shared.world().task_end(node, &task, result);
    });
    Ok(Answer::data(json!(upid)))
}

/// A power action on an HA-managed VM goes through the HA manager, as qemu-server does it
/// (`src/PVE/API2/Qemu.pm`, `vm_start`, `vm_stop`, `vm_shutdown`): an `hastart` task runs
/// `ha-manager set vm:N --state started`; `hastop` runs `ha-manager crm-command stop vm:N T`
/// (0 for a stop, the shutdown's timeout, 60 by default), which the master turns into
/// `request_stop` and the resource's requested state `stopped` (pve-ha-manager `Manager.pm`).
fn ha_power(
    world: &mut World,
    call: &Call<'_>,
    vmid: u32,
    action: &'static str,
) -> Result<Answer, ApiError> {
    let timeout = match action {
        "shutdown" => call.param("timeout").unwrap_or("60"),
        _ => "0",
    };
    let upid = ha_request(world, call.node, call.user(), vmid, action, timeout)
        .map_err(ApiError::failed)?;
    Ok(Answer::data(json!(upid)))
}

/// The `hastart`/`hastop` task of [`ha_power`], started on `node`.
fn ha_request(
    world: &mut World,
    node: usize,
    user: &str,
    vmid: u32,
    action: &str,
    timeout: &str,
) -> Result<String, String> {
    let sid = format!("vm:{vmid}");
    let (kind, line) = match action {
        "start" => ("hastart", format!("Requesting HA start for VM {vmid}")),
        _ => ("hastop", format!("Requesting HA stop for VM {vmid}")),
    };
    let upid = world
        .start_task(node, kind, &vmid.to_string(), user)
        .ok_or("no such node")?;
    world.task_log(node, &upid, line);
    // The worker runs ha-manager, which takes the HA domain's lock: without quorum it prints
    // the lock's refusal and exits 255 (pve-ha-manager `src/PVE/HA/Config.pm`,
    // `lock_ha_domain`; `ha-manager set` is `API2::HA::Resources` `update`).
    if !world.is_quorate(node) {
        let domain_ha = "cfs-lock 'domain-ha' error: no quorum!";
        let (command, said) = match action {
            "start" => (
                format!("ha-manager set {sid} --state started"),
                format!("update resources config failed: {domain_ha}"),
            ),
            _ => (
                format!("ha-manager crm-command stop {sid} {timeout}"),
                domain_ha.to_owned(),
            ),
        };
        world.task_log(node, &upid, said);
        world.task_end(
            node,
            &upid,
            Err(format!("command '{command}' failed: exit code 255")),
        );
        return Ok(upid);
    }
    if let Some(ha) = world.config_of_mut(node).map(|c| &mut c.ha) {
        if action == "start" {
            if let Some(resource) = ha.resources.iter_mut().find(|r| r.sid == sid) {
                resource.state = "started".to_owned();
            }
        } else {
            ha.queue(&format!("stop {sid} {timeout}"));
        }
    }
    world.task_end(node, &upid, Ok(()));
    Ok(upid)
}

/// How long qemu-server waits for a VM's configuration lock (`lock_config`, pve-guest-common
/// `AbstractConfig.pm`: 10 s) before it gives up.
const CONFIG_LOCK_WAIT: u64 = 10;

/// `DELETE /nodes/{node}/qemu/{vmid}` as qemu-server's `destroy_vm` (`src/PVE/API2/Qemu.pm`):
/// `skiplock` for root@pam only; the early checks (the VM exists; in HA or replication only with
/// `purge`; not running) before a `qmdestroy` task, which repeats them under the VM's lock.
pub(crate) fn destroy(call: &Call<'_>) -> Result<Answer, ApiError> {
    let vmid = vmid(call)?;
    let skiplock = call.flag("skiplock").unwrap_or(false);
    if skiplock && call.user() != "root@pam" {
        return Err(ApiError::parameter(
            "skiplock",
            "Only root may use this option.",
        ));
    }
    let purge = call.flag("purge").unwrap_or(false);
    let unreferenced = call.flag("destroy-unreferenced-disks").unwrap_or(false);
    let mut world = call.shared.world();
    destroy_checks(&world, call.via, call.node, vmid, purge).map_err(ApiError::failed)?;
    guest_here(&world, call)?;
    let upid = world
        .start_task(call.node, "qmdestroy", &vmid.to_string(), call.user())
        .ok_or_else(|| ApiError::failed("no such node"))?;
    drop(world);
    let shared = Arc::clone(call.shared);
    let (node, via, task) = (call.node, call.via, upid.clone());
    super::state::spawn_task(call.shared, node, upid.clone(), async move {
        let result = destroy_task(
            &shared,
            (node, via),
            &task,
            vmid,
            skiplock,
            purge,
            unreferenced,
        )
        .await;
        shared.world().task_end(node, &task, result);
    });
    Ok(Answer::data(json!(upid)))
}

/// `$early_checks` of `destroy_vm`.
fn destroy_checks(
    world: &World,
    via: usize,
    node: usize,
    vmid: u32,
    purge: bool,
) -> Result<(), String> {
    let Some(guest) = world
        .node(node)
        .and_then(|n| n.guests.iter().find(|g| g.vmid == vmid))
    else {
        let name = world
            .node(node)
            .map(|n| n.name.as_str())
            .unwrap_or_default();
        return Err(format!(
            "Configuration file 'nodes/{name}/qemu-server/{vmid}.conf' does not exist"
        ));
    };
    if !purge {
        let in_ha = world
            .config_of(via)
            .is_some_and(|c| c.ha.resources.iter().any(|r| r.vmid == vmid));
        if in_ha {
            return Err(format!(
                "unable to remove VM {vmid} - used in HA resources and purge parameter not set."
            ));
        }
        // pve-guest-common `ReplicationConfig.pm`, `check_for_existing_jobs`.
        if let Some(job) = world
            .config_of(via)
            .and_then(|c| c.replication.jobs.iter().find(|j| j.guest == vmid))
        {
            return Err(format!(
                "There is a replication job '{}' for guest '{vmid}' - Please remove that first.",
                job.id
            ));
        }
    }
    if guest.running {
        return Err(format!("VM {vmid} is running - destroy failed"));
    }
    Ok(())
}

/// The `qmdestroy` worker: the VM's lock (held by a create still running: 10 s, then
/// `got timeout`), the checks again, `PVE::QemuServer::destroy_vm` (the lock in the
/// configuration refused unless `skiplock`; the disks it owns freed, and with
/// `destroy-unreferenced-disks` every `vm-<id>-…` image on the enabled storages), the purge of
/// replication jobs and the HA resource, then the configuration.
async fn destroy_task(
    shared: &Arc<Shared>,
    (node, via): (usize, usize),
    upid: &str,
    vmid: u32,
    skiplock: bool,
    purge: bool,
    unreferenced: bool,
) -> Result<(), String> {
    let id = vmid.to_string();
    let asked = shared.world().node_now(node);
    loop {
        let creating = shared.world().node(node).is_some_and(|n| {
            n.tasks
                .iter()
                .any(|t| t.kind == "qmcreate" && t.id == id && t.end.is_none())
        });
        if !creating {
            break;
        }
        if shared.world().node_now(node).saturating_sub(asked) >= CONFIG_LOCK_WAIT {
            return Err(format!(
                "can't lock file '/var/lock/qemu-server/lock-{vmid}.conf' - got timeout"
            ));
        }
        tokio::time::sleep(super::cluster::STEP).await;
    }
    let freed = {
        let mut world = shared.world();
        destroy_checks(&world, via, node, vmid, purge)?;
        let guest = world
            .node(node)
            .and_then(|n| n.guests.iter().find(|g| g.vmid == vmid))
            .cloned()
            .ok_or_else(|| format!("VM {vmid} vanished"))?;
        if let Some(lock) = guest.config.get("lock").filter(|_| !skiplock) {
            return Err(format!("VM is locked ({lock})"));
        }
        let storages = world
            .config_of(node)
            .map(|c| c.storages.clone())
            .unwrap_or_default();
        let node_name = world.node(node).map(|n| n.name.clone()).unwrap_or_default();
        // The disks it owns: those its configuration names (not CD drives), with its ID.
        let owned: Vec<(String, String)> = guest
            .config
            .iter()
            .filter(|(key, value)| {
                is_disk_key(key) && !value.split(',').any(|o| o == "media=cdrom")
            })
            .filter_map(|(_, value)| {
                let volid = value.split(',').next()?;
                let (storage, name) = volid.split_once(':')?;
                let relative = match name.split_once('/') {
                    Some((owner, file)) if owner == id => format!("images/{owner}/{file}"),
                    Some(_) => return None,
                    None if name.starts_with(&format!("vm-{vmid}-")) => name.to_owned(),
                    None => return None,
                };
                Some((storage.to_owned(), relative))
            })
            .collect();
        let mut freed = Vec::new();
        for storage in storages
            .iter()
            .filter(|s| !s.disable && s.enabled_on(&node_name))
        {
            let Some(location) = world.location(node, storage) else {
                continue;
            };
            let Some(volumes) = world.volumes.get_mut(&location) else {
                continue;
            };
            let doomed: Vec<String> = volumes
                .keys()
                .filter(|relative| {
                    owned.contains(&(storage.id.clone(), (*relative).clone()))
                        || (unreferenced
                            && (relative.starts_with(&format!("images/{vmid}/"))
                                || relative.starts_with(&format!("vm-{vmid}-"))))
                })
                .cloned()
                .collect();
            for relative in doomed {
                if let Some(volume) = volumes.remove(&relative) {
                    freed.push(volume.file);
                }
            }
        }
        if purge {
            world.task_log(
                node,
                upid,
                format!("purging VM {vmid} from related configurations.."),
            );
            let was_in_ha = world.config_of_mut(via).is_some_and(|config| {
                config.replication.jobs.retain(|j| j.guest != vmid);
                let before = config.ha.resources.len();
                config.ha.resources.retain(|r| r.vmid != vmid);
                config.ha.resources.len() != before
            });
            if was_in_ha {
                world.task_log(
                    node,
                    upid,
                    format!("NOTE: removed VM {vmid} from HA resource configuration."),
                );
            }
        }
        if let Some(n) = world.node_mut(node) {
            n.guests.retain(|g| g.vmid != vmid);
        }
        freed
    };
    for file in freed {
        let _ = tokio::fs::remove_file(file).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_are_printed_as_pve_prints_them() {
        assert_eq!(super::format_size(40_000), "40000");
        assert_eq!(super::format_size(16 << 20), "16M");
        assert_eq!(super::format_size(3 << 19), "1536K");
        assert_eq!(super::format_size(2 << 30), "2G");
        assert_eq!(super::format_size(0), "0");
    }
}

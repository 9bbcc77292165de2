//! `GET /nodes/{node}/qemu/{vmid}/migrate`: what keeps a VM from running on another node, as
//! qemu-server tells the web UI's Migrate dialog (qemu-server `src/PVE/API2/Qemu.pm`,
//! `migrate_vm_precondition` and `$check_vm_disks_local`; `src/PVE/QemuMigrate/Helpers.pm`,
//! `check_local_resources`; `src/PVE/QemuServer.pm`, `check_local_storage_availability` and
//! `foreach_volid`; pve-ha-manager `src/PVE/HA/Config.pm`, `get_resource_motion_info`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::state::{Guest, StorageConfig, World};

/// `migrate_vm_precondition`: quorum, the configuration and its lock, then the local resources,
/// the storages each other member lacks, the HA resources that move with it or block it
/// (PVE 9), and the disks no other node can reach.
pub(crate) fn precondition(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    if !world.is_quorate(call.node) {
        return Err(ApiError::failed(super::quorum::NOT_READY));
    }
    let guest = super::qemu::guest_here(&world, call)?;
    // `PVE::QemuConfig->check_lock`.
    if let Some(lock) = guest.config.get("lock") {
        return Err(ApiError::failed(format!("VM is locked ({lock})")));
    }
    let pve = world.pve_of(call.node);
    let storages = world
        .config_of(call.node)
        .map(|c| c.storages.as_slice())
        .unwrap_or_default();
    let local = world
        .node(call.node)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    let nodelist = nodelist(&world, call.node);

    let mut resources = local_resources(&guest.config, guest.running);
    // PVE 8.4 cannot carry a VNC clipboard over; 9.x can, from machine version 10.1, which
    // every VM started by its QEMU 11 has.
    let clipboard = guest
        .config
        .get("vga")
        .is_some_and(|vga| option(vga, "clipboard") == Some("vnc"));
    if guest.running && clipboard && pve == super::Pve::Pve8 {
        resources.blocking.push("clipboard=vnc".to_owned());
    }
    let unavailable = unavailable_storages(&guest.config, storages, &nodelist)?;
    let motion = (pve == super::Pve::Pve9
        && super::qemu::ha_managed(&world, call.node, guest.vmid))
    .then(|| motion_info(&world, call.node, &format!("vm:{}", guest.vmid)));

    let mut allowed = Vec::new();
    let mut not_allowed = Map::new();
    for node in nodelist.iter().filter(|n| **n != local) {
        // Every member has an entry, empty when nothing is missing there: the source's hash
        // holds one per node from the start.
        let mut info = Map::new();
        if let Some(missing) = unavailable.get(node).filter(|m| !m.is_empty()) {
            info.insert("unavailable_storages".to_owned(), json!(missing));
        }
        // The lab has no resource mappings (`/cluster/mapping`): a mapped device is missing
        // on every node.
        if !resources.mapped.is_empty() {
            let keys: Vec<&String> = resources.mapped.keys().collect();
            info.insert("unavailable-resources".to_owned(), json!(keys));
        }
        if let Some(blocking) = motion.as_ref().and_then(|(_, b)| b.get(node)) {
            info.insert("blocking-ha-resources".to_owned(), json!(blocking));
        }
        if info.is_empty() {
            allowed.push(node.clone());
        }
        not_allowed.insert(node.clone(), Value::Object(info));
    }

    let mut answer = json!({
        "running": u8::from(guest.running),
        "allowed_nodes": allowed,
        "not_allowed_nodes": not_allowed,
        "local_disks": local_disks(guest, storages)?,
        "local_resources": resources.blocking,
        "mapped-resources": resources.mapped.keys().collect::<Vec<_>>(),
        "mapped-resource-info": resources.mapped,
    });
    if let (super::Pve::Pve9, Some(object)) = (pve, answer.as_object_mut()) {
        object.insert("has-dbus-vmstate".to_owned(), json!(1));
        if let Some((dependent, _)) = motion {
            object.insert("dependent-ha-resources".to_owned(), json!(dependent));
        }
    }
    Ok(Answer::data(answer))
}

/// `PVE::Cluster::get_nodelist`: the members of corosync.conf, or the node alone.
fn nodelist(world: &World, node: usize) -> Vec<String> {
    match world.cluster_of(node) {
        Some(cluster) => cluster.members.iter().map(|m| m.name.clone()).collect(),
        None => world
            .node(node)
            .map(|n| vec![n.name.clone()])
            .unwrap_or_default(),
    }
}

/// What `check_local_resources` finds: the resources that block a migration, and the mapped
/// ones (key → `{name}`).
struct LocalResources {
    blocking: Vec<String>,
    mapped: BTreeMap<String, Value>,
}

/// `check_local_resources` (with `check_non_migratable_resources`).
fn local_resources(config: &BTreeMap<String, String>, running: bool) -> LocalResources {
    let mut blocking = Vec::new();
    let mut mapped = BTreeMap::new();
    let virtiofs = config.keys().any(|k| numbered(k, "virtiofs"));
    if running {
        for (key, name) in [("amd-sev", "amd-sev"), ("intel-tdx", "intel-tdx")] {
            if config.contains_key(key) {
                blocking.push(name.to_owned());
            }
        }
        if virtiofs {
            blocking.push("virtiofs".to_owned());
        }
    }
    // The old syntax.
    for key in ["hostusb", "hostpci", "ivshmem"] {
        if config.contains_key(key) {
            blocking.push(key.to_owned());
        }
    }
    for (key, value) in config {
        if numbered(key, "usb") {
            if default_value(value).is_some_and(|host| host.eq_ignore_ascii_case("spice"))
                || option(value, "host").is_some_and(|host| host.eq_ignore_ascii_case("spice"))
            {
                continue;
            }
            if let Some(name) = option(value, "mapping") {
                mapped.insert(key.clone(), json!({ "name": name }));
            }
        }
        if numbered(key, "hostpci") {
            if let Some(name) = option(value, "mapping") {
                mapped.insert(key.clone(), json!({ "name": name }));
                // A mapped device blocks only a live migration (no mapping here is
                // `live-migration-capable`).
                if !running {
                    continue;
                }
            }
        }
        if numbered(key, "virtiofs") {
            let dirid = option(value, "dirid").or_else(|| default_value(value));
            mapped.insert(key.clone(), json!({ "name": dirid }));
        }
        // A socket is made anew on the target.
        if numbered(key, "serial") && value == "socket" {
            continue;
        }
        if ["usb", "hostpci", "serial", "parallel", "virtiofs"]
            .iter()
            .any(|bus| numbered(key, bus))
        {
            blocking.push(key.clone());
        }
    }
    LocalResources { blocking, mapped }
}

/// `check_local_storage_availability`: for each member, the storages of the VM's drives it may
/// not use (disabled, or restricted to other nodes).
fn unavailable_storages(
    config: &BTreeMap<String, String>,
    storages: &[StorageConfig],
    nodelist: &[String],
) -> Result<BTreeMap<String, BTreeSet<String>>, ApiError> {
    let mut unavailable: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, value) in config {
        if !super::qemu::is_disk_key(key) {
            continue;
        }
        let Some(storeid) = drive_file(value).and_then(storage_of) else {
            continue;
        };
        let storage = storage_config(storages, storeid)?;
        for node in nodelist {
            let missing = storage.disable
                || storage
                    .nodes
                    .as_ref()
                    .is_some_and(|nodes| !nodes.contains(node));
            if missing {
                unavailable
                    .entry(node.clone())
                    .or_default()
                    .insert(storeid.to_owned());
            }
        }
    }
    Ok(unavailable)
}

/// `$check_vm_disks_local`: every volume of the configuration (`foreach_volid`: drives, unused
/// disks, the saved state) on a storage that is not shared, with `foreach_volid`'s attributes;
/// an empty CD drive (`none`) is not one.
fn local_disks(guest: &Guest, storages: &[StorageConfig]) -> Result<Vec<Value>, ApiError> {
    let mut disks = Vec::new();
    for (key, value) in &guest.config {
        let unused = numbered(key, "unused");
        if !(super::qemu::is_disk_key(key) || unused || key == "vmstate") {
            continue;
        }
        let Some(volid) = drive_file(value) else {
            continue;
        };
        let cdrom = option(value, "media") == Some("cdrom");
        let shared_attr = option(value, "shared") == Some("1");
        if let Some(storeid) = storage_of(volid)
            && storage_config(storages, storeid)?.shared()
        {
            continue;
        }
        if shared_attr || (cdrom && volid == "none") {
            continue;
        }
        let mut disk = json!({
            "volid": volid,
            "cdrom": u8::from(cdrom),
            "is_cloudinit": u8::from(volid.contains("-cloudinit")),
            "replicate": u8::from(option(value, "replicate") != Some("0")),
            "shared": 0,
            "is_unused": u8::from(unused),
            "is_attached": u8::from(!unused),
            "is_vmstate": u8::from(key == "vmstate"),
            "is_tpmstate": u8::from(key == "tpmstate0"),
        });
        if let Some(object) = disk.as_object_mut() {
            if super::qemu::is_disk_key(key) {
                object.insert("drivename".to_owned(), json!(key));
            }
            if let Some(size) = option(value, "size").and_then(bytes) {
                object.insert("size".to_owned(), json!(size));
            }
        }
        disks.push(disk);
    }
    Ok(disks)
}

/// The dependent HA resources, and the blocking ones by node.
type Motion = (Vec<String>, BTreeMap<String, Vec<Value>>);

/// `get_resource_motion_info` for an HA resource: the resources in positive affinity with it
/// that would move along, and per online node the ones in negative affinity that run there.
fn motion_info(world: &World, node: usize, sid: &str) -> Motion {
    let Some(config) = world.config_of(node) else {
        return (Vec::new(), BTreeMap::new());
    };
    let status = &config.ha.manager_status;
    let nodes: Vec<String> = status.node_status.keys().cloned().collect();
    let mut rules = super::ha_config::port_rules(&config.ha.rules);
    rules.transform(&nodes);
    let compiled = rules.compile(&nodes);
    let (together, separate) = crate::ha::rules::get_affinitive_resources(&compiled, sid);
    let managed = |csid: &String| {
        status
            .service_status
            .get(csid)
            .filter(|s| s.state != "ignored")
    };
    let dependent = together
        .iter()
        .filter(|c| managed(c).is_some())
        .cloned()
        .collect();
    let mut blocking: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (name, state) in &status.node_status {
        if state != "online" {
            continue;
        }
        for csid in &separate {
            let Some(service) = managed(csid) else {
                continue;
            };
            let elsewhere = (!service.node.is_empty() && service.node != *name)
                || service.target.as_ref().is_some_and(|t| t != name);
            if !elsewhere {
                blocking
                    .entry(name.clone())
                    .or_default()
                    .push(json!({ "sid": csid, "cause": "resource-affinity" }));
            }
        }
    }
    (dependent, blocking)
}

/// Whether `key` is `prefix` and a number (`usb0`, `unused1`).
fn numbered(key: &str, prefix: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A property string's value without a key (its default key: a drive's `file`, a USB
/// device's `host`).
fn default_value(text: &str) -> Option<&str> {
    text.split(',').find(|part| !part.contains('='))
}

/// The value of `key` in a property string.
fn option<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    text.split(',').find_map(|part| {
        part.split_once('=')
            .and_then(|(k, v)| (k == key).then_some(v))
    })
}

/// A drive's volume: its default key, or `file=`.
fn drive_file(text: &str) -> Option<&str> {
    default_value(text).or_else(|| option(text, "file"))
}

/// `PVE::Storage::Plugin::parse_volume_id($volid, 1)`: the storage of `storage:volume`
/// (`^([a-z][a-z0-9\-\_\.]*[a-z0-9]):(.+)$`, case-insensitive); a device path, `cdrom` or
/// `none` has none.
fn storage_of(volid: &str) -> Option<&str> {
    let (storeid, volume) = volid.split_once(':')?;
    let first = storeid.bytes().next()?;
    let last = storeid.bytes().last()?;
    let valid = storeid.len() >= 2
        && first.is_ascii_alphabetic()
        && last.is_ascii_alphanumeric()
        && storeid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    (valid && !volume.is_empty()).then_some(storeid)
}

/// `PVE::Storage::storage_config`, which dies for an unknown storage.
fn storage_config<'s>(
    storages: &'s [StorageConfig],
    storeid: &str,
) -> Result<&'s StorageConfig, ApiError> {
    storages
        .iter()
        .find(|s| s.id == storeid)
        .ok_or_else(|| ApiError::failed(format!("storage '{storeid}' does not exist")))
}

/// A drive's `size` (`4G`, `512M`, `1048576`) in bytes, as `PVE::JSONSchema::parse_size`.
fn bytes(size: &str) -> Option<u64> {
    let (number, unit) = match size.char_indices().last()? {
        (at, unit) if unit.is_ascii_alphabetic() => (size.get(..at)?, unit),
        _ => (size, 'B'),
    };
    let shift = match unit.to_ascii_uppercase() {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        'T' => 40,
        _ => return None,
    };
    let value: f64 = number.parse().ok()?;
    // Perl's `int` of a fraction of a unit (`1.5G`).
    Some((value * (1u64 << shift) as f64) as u64)
}

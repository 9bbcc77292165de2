//! `/storage` (the cluster-wide `storage.cfg`), `/nodes/{node}/scan/nfs` and
//! `/nodes/{node}/storage/…`: what pve-storage answers, against the lab's NAS.
//!
//! Wording and order follow pve-storage's `API2/Storage/Config.pm` (create: check the config,
//! refuse a taken ID, activate on the local node, only then write), `Storage.pm`
//! (`activate_storage`: "storage '…' is not online") and `NFSPlugin.pm` (mount errors).

use std::fmt::Write as _;

use serde_json::{Map, Value, json};
use sha1::{Digest as _, Sha1};

use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::schema::STORAGE_CONTENT;
use super::state::{StorageConfig, StorageKind, World};
use crate::names::{ISO_EXTENSIONS, has_extension, normalize_content_filename};

/// What a node's LVM-thin pool offers (`local-lvm`), in bytes; `local` is on the root file system.
const LVM_TOTAL: u64 = 350 << 30;

/// Content types each storage type may hold (pve-storage's `plugindata`).
fn allowed_content(kind: &str) -> &'static [&'static str] {
    match kind {
        "nfs" => &[
            "images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import",
        ],
        "lvmthin" | "zfspool" => &["images", "rootdir"],
        _ => &STORAGE_CONTENT,
    }
}

/// `storage.cfg` as pve-storage writes it: its SHA-1 is the `digest` of every entry.
fn storage_cfg(storages: &[StorageConfig]) -> String {
    let mut text = String::new();
    for storage in storages {
        let _ = writeln!(text, "{}: {}", storage.type_name(), storage.id);
        match &storage.kind {
            StorageKind::Dir { path } => {
                let _ = writeln!(text, "\tpath {path}");
            }
            StorageKind::LvmThin { vgname, thinpool } => {
                let _ = writeln!(text, "\tthinpool {thinpool}\n\tvgname {vgname}");
            }
            StorageKind::ZfsPool { pool } => {
                let _ = writeln!(text, "\tpool {pool}\n\tsparse 1");
            }
            StorageKind::Nfs {
                server,
                export,
                path,
                options,
            } => {
                let _ = writeln!(text, "\texport {export}\n\tpath {path}\n\tserver {server}");
                if let Some(options) = options {
                    let _ = writeln!(text, "\toptions {options}");
                }
            }
        }
        let _ = writeln!(text, "\tcontent {}", storage.content.join(","));
        if let Some(nodes) = &storage.nodes {
            let _ = writeln!(text, "\tnodes {}", nodes.join(","));
        }
        if storage.disable {
            let _ = writeln!(text, "\tdisable 1");
        }
        text.push('\n');
    }
    text
}

/// A `storage.cfg` section as `GET /storage` lists it.
fn config_entry(storage: &StorageConfig, digest: &str) -> Value {
    let mut entry = Map::new();
    entry.insert("storage".into(), json!(storage.id));
    entry.insert("type".into(), json!(storage.type_name()));
    entry.insert("content".into(), json!(storage.content.join(",")));
    entry.insert("digest".into(), json!(digest));
    match &storage.kind {
        StorageKind::Dir { path } => {
            entry.insert("path".into(), json!(path));
        }
        StorageKind::LvmThin { vgname, thinpool } => {
            entry.insert("vgname".into(), json!(vgname));
            entry.insert("thinpool".into(), json!(thinpool));
        }
        StorageKind::ZfsPool { pool } => {
            entry.insert("pool".into(), json!(pool));
            entry.insert("sparse".into(), json!(1));
        }
        StorageKind::Nfs {
            server,
            export,
            path,
            options,
        } => {
            entry.insert("server".into(), json!(server));
            entry.insert("export".into(), json!(export));
            entry.insert("path".into(), json!(path));
            if let Some(options) = options {
                entry.insert("options".into(), json!(options));
            }
        }
    }
    if let Some(nodes) = &storage.nodes {
        entry.insert("nodes".into(), json!(nodes.join(",")));
    }
    if storage.shared() {
        entry.insert("shared".into(), json!(1));
    }
    if storage.disable {
        entry.insert("disable".into(), json!(1));
    }
    Value::Object(entry)
}

fn storages<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w [StorageConfig], ApiError> {
    world
        .config_of(call.via)
        .map(|config| config.storages.as_slice())
        .ok_or_else(|| ApiError::failed("node not found"))
}

/// `GET /storage[?type=]`.
pub(crate) fn list(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let storages = storages(&world, call)?;
    let digest = hex_sha1(&storage_cfg(storages));
    let entries = storages
        .iter()
        .filter(|s| call.param("type").is_none_or(|t| t == s.type_name()))
        .map(|s| config_entry(s, &digest))
        .collect();
    Ok(Answer::data(Value::Array(entries)))
}

/// `GET /storage/{storage}`.
pub(crate) fn read(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let storages = storages(&world, call)?;
    let id = call.param("storage").unwrap_or_default();
    let digest = hex_sha1(&storage_cfg(storages));
    storages
        .iter()
        .find(|s| s.id == id)
        .map(|s| Answer::data(config_entry(s, &digest)))
        .ok_or_else(|| ApiError::failed(format!("storage '{id}' does not exist")))
}

/// `POST /storage`: check, refuse a taken ID, activate on this node, and only then write.
pub(crate) fn create(call: &Call<'_>) -> Result<Answer, ApiError> {
    let id = call.param("storage").unwrap_or_default().to_owned();
    let kind_name = call.param("type").unwrap_or_default();
    let required = |name: &str| {
        call.param(name)
            .map(str::to_owned)
            .ok_or_else(|| ApiError::failed(format!("missing value for required option '{name}'")))
    };
    let kind = match kind_name {
        "nfs" => StorageKind::Nfs {
            server: required("server")?,
            export: required("export")?,
            path: call
                .param("path")
                .map_or_else(|| format!("/mnt/pve/{id}"), str::to_owned),
            options: call.param("options").map(str::to_owned),
        },
        "dir" => StorageKind::Dir {
            path: required("path")?,
        },
        other => {
            return Err(ApiError::failed(format!(
                "create storage failed: the practice lab has no '{other}' storage"
            )));
        }
    };
    // Content the type cannot hold is dropped with a warning, as `decode_value` does.
    let allowed = allowed_content(kind_name);
    let mut content: Vec<String> = call
        .param("content")
        // Without `content` the plugin's default applies (`plugindata`: images for NFS,
        // images and rootdir for a directory).
        .unwrap_or(if kind_name == "nfs" {
            "images"
        } else {
            "images,rootdir"
        })
        .split([',', ';', ' '])
        .filter(|c| !c.is_empty() && allowed.contains(c))
        .map(str::to_owned)
        .collect();
    content.dedup();
    // `decode_value` of `check_config`, before the lock: a storage must hold something, unless
    // its plugin allows `none` (a directory does: `DirPlugin.pm`; NFS does not: `NFSPlugin.pm`).
    if content.is_empty() && kind_name == "nfs" {
        return Err(ApiError::failed(
            "storage does not support content type 'none'",
        ));
    }
    let nodes = call
        .param("nodes")
        .filter(|n| !n.is_empty())
        .map(|n| n.split([',', ';', ' ']).map(str::to_owned).collect());
    let storage = StorageConfig {
        id: id.clone(),
        kind,
        content,
        nodes,
        disable: call.flag("disable").unwrap_or(false),
    };

    let mut world = call.shared.world();
    // The checks above come before `lock_storage_config`, which needs quorum.
    super::quorum::check(&world, call)?;
    let fail = |message: String| ApiError::failed(format!("create storage failed: {message}"));
    let local = world
        .node(call.via)
        .map(|n| n.name.clone())
        .unwrap_or_default();
    let taken = world
        .config_of(call.via)
        .is_some_and(|c| c.storages.iter().any(|s| s.id.eq_ignore_ascii_case(&id)));
    if taken {
        return Err(fail(format!("storage ID '{id}' already defined")));
    }
    if storage.enabled_on(&local) {
        activate(&world, &storage).map_err(fail)?;
    }
    let config = world
        .config_of_mut(call.via)
        .ok_or_else(|| ApiError::failed("node not found"))?;
    config.storages.push(storage);
    Ok(Answer::data(json!({ "storage": id, "type": kind_name })))
}

/// `DELETE /storage/{storage}`.
pub(crate) fn delete(call: &Call<'_>) -> Result<Answer, ApiError> {
    let id = call.param("storage").unwrap_or_default();
    let mut world = call.shared.world();
    let config = world
        .config_of_mut(call.via)
        .ok_or_else(|| ApiError::failed("node not found"))?;
    let before = config.storages.len();
    config.storages.retain(|s| s.id != id);
    if config.storages.len() == before {
        return Err(ApiError::failed(format!(
            "delete storage failed: storage '{id}' does not exist"
        )));
    }
    Ok(Answer::data(Value::Null))
}

/// `activate_storage`: the connection check, then the mount.
pub(crate) fn activate(world: &World, storage: &StorageConfig) -> Result<(), String> {
    let StorageKind::Nfs { server, export, .. } = &storage.kind else {
        return Ok(());
    };
    let Some(nas) = world
        .nas
        .as_ref()
        .filter(|nas| nas.online && nas.address.to_string() == *server)
    else {
        return Err(format!("storage '{}' is not online", storage.id));
    };
    if nas.serves(server, export) {
        Ok(())
    } else {
        Err(format!(
            "mount error: mount.nfs: mounting {}:{export} failed, reason given by server: No such file or directory",
            nas.address
        ))
    }
}

/// `GET /nodes/{node}/scan/nfs?server=`: `showmount --no-headers --exports SERVER`.
pub(crate) fn scan_nfs(call: &Call<'_>) -> Result<Answer, ApiError> {
    let server = call.param("server").unwrap_or_default();
    let world = call.shared.world();
    match world
        .nas
        .as_ref()
        .filter(|nas| nas.online && nas.address.to_string() == server)
    {
        Some(nas) => Ok(Answer::data(Value::Array(
            nas.exports
                .iter()
                .map(|path| json!({ "path": path, "options": "*" }))
                .collect(),
        ))),
        None if server.parse::<std::net::IpAddr>().is_err() => Err(ApiError::failed(format!(
            "unable to resolve address for server '{server}'"
        ))),
        None => Err(ApiError::failed(format!(
            "command '/sbin/showmount --no-headers --exports {server}' failed: exit code 1"
        ))),
    }
}

/// Whether a storage is usable on a node, and how full it is (zeros when it is not).
struct Usage {
    active: bool,
    total: u64,
    used: u64,
}

fn usage(world: &World, node: usize, storage: &StorageConfig) -> Usage {
    let usage = match &storage.kind {
        // `local` (`/var/lib/vz`) is on the root file system, as pvesm's `statfs` finds it.
        StorageKind::Dir { .. } => Some(world.root_fs(node)),
        StorageKind::LvmThin { .. } | StorageKind::ZfsPool { .. } => Some((LVM_TOTAL, 0)),
        StorageKind::Nfs { .. } => activate(world, storage).ok().and_then(|()| {
            let nas = world.nas.as_ref()?;
            Some((nas.capacity, world.nas_used()))
        }),
    };
    let online = world.node(node).is_some_and(|n| n.online);
    match usage {
        Some((total, used)) if online => Usage {
            active: true,
            total,
            used,
        },
        _ => Usage {
            active: false,
            total: 0,
            used: 0,
        },
    }
}

/// One storage as `/nodes/{node}/storage` reports it.
fn status_of(world: &World, node: usize, storage: &StorageConfig) -> Value {
    let Usage {
        active,
        total,
        used,
    } = usage(world, node, storage);
    json!({
        "storage": storage.id,
        "type": storage.type_name(),
        "content": storage.content.join(","),
        "shared": u8::from(storage.shared()),
        "enabled": 1,
        "active": u8::from(active),
        "total": total,
        "used": used,
        "avail": total - used,
        "used_fraction": if total > 0 { used as f64 / total as f64 } else { 0.0 },
    })
}

/// The storages of `node` as `/cluster/resources` lists them.
pub(crate) fn resources(world: &World, node: usize) -> Vec<Value> {
    let Some(name) = world.node(node).map(|n| n.name.clone()) else {
        return Vec::new();
    };
    world
        .config_of(node)
        .into_iter()
        .flat_map(|c| c.storages.iter())
        .filter(|s| s.enabled_on(&name))
        .map(|storage| {
            let usage = usage(world, node, storage);
            json!({
                "id": format!("storage/{name}/{}", storage.id),
                "type": "storage",
                "storage": storage.id,
                "node": name,
                "status": if usage.active { "available" } else { "unknown" },
                "plugintype": storage.type_name(),
                "content": storage.content.join(","),
                "shared": u8::from(storage.shared()),
                "disk": usage.used,
                "maxdisk": usage.total,
            })
        })
        .collect()
}

/// The storages enabled on the call's node.
fn enabled_here<'w>(world: &'w World, call: &Call<'_>) -> Vec<&'w StorageConfig> {
    let name = world
        .node(call.node)
        .map(|n| n.name.as_str())
        .unwrap_or_default();
    world
        .config_of(call.node)
        .map(|c| c.storages.iter().filter(|s| s.enabled_on(name)).collect())
        .unwrap_or_default()
}

/// The `{storage}` of the path, if enabled on the call's node (else 400, as `storage_info` has it).
fn named_here<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w StorageConfig, ApiError> {
    let id = call.param("storage").unwrap_or_default();
    enabled_here(world, call)
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| ApiError::parameter("storage", "No such storage."))
}

/// `GET /nodes/{node}/storage[?content=][&storage=]`.
pub(crate) fn node_list(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let wanted: Option<Vec<&str>> = call
        .param("content")
        .map(|c| c.split([',', ';', ' ']).collect());
    let entries = enabled_here(&world, call)
        .into_iter()
        .filter(|s| call.param("storage").is_none_or(|id| id == s.id))
        .filter(|s| {
            wanted
                .as_ref()
                .is_none_or(|w| w.iter().any(|c| s.content.iter().any(|have| have == c)))
        })
        .map(|s| status_of(&world, call.node, s))
        .collect();
    Ok(Answer::data(Value::Array(entries)))
}

/// `GET /nodes/{node}/storage/{storage}/status`.
pub(crate) fn node_status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let storage = named_here(&world, call)?;
    let mut status = status_of(&world, call.node, storage);
    if let Some(object) = status.as_object_mut() {
        object.remove("storage");
        object.remove("used_fraction");
    }
    Ok(Answer::data(status))
}

/// `GET /nodes/{node}/storage/{storage}/content[?content=]`.
pub(crate) fn content(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let id = call.param("storage").unwrap_or_default();
    // `volume_list`: `storage_config`, then `activate_storage` (`storage_check_enabled`).
    let storage = check_enabled(&world, call)?;
    activate(&world, storage).map_err(ApiError::failed)?;
    let location = world.location(call.node, storage).unwrap_or_default();
    let volumes = world
        .volumes
        .get(&location)
        .into_iter()
        .flatten()
        .filter_map(|(path, volume)| {
            let (content, volid, format, vmid) = describe(path)?;
            if !storage.content.iter().any(|c| c == content) {
                return None;
            }
            if call
                .param("content")
                .is_some_and(|wanted| wanted != content)
            {
                return None;
            }
            let mut entry = json!({
                "volid": format!("{id}:{volid}"),
                "content": content,
                "format": format,
                "size": volume.size,
                "ctime": volume.ctime,
            });
            if let (Some(vmid), Some(object)) = (vmid, entry.as_object_mut()) {
                object.insert("vmid".into(), json!(vmid));
            }
            Some(entry)
        })
        .collect();
    // Sorted by volume ID, whatever its case, as `volume_list` sorts.
    let mut volumes: Vec<Value> = volumes;
    volumes.sort_by_key(|v| {
        v.get("volid")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase()
    });
    Ok(Answer::data(Value::Array(volumes)))
}

/// `PVE::Storage::storage_check_enabled` for the `{storage}` of the path and the call's node: it
/// exists in `storage.cfg`, is not disabled, and may be used there (pve-storage `src/PVE/Storage.pm`).
fn check_enabled<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w StorageConfig, ApiError> {
    let id = call.param("storage").unwrap_or_default();
    let node = world
        .node(call.node)
        .map(|n| n.name.as_str())
        .unwrap_or_default();
    let storage = world
        .config_of(call.via)
        .and_then(|c| c.storages.iter().find(|s| s.id == id))
        .ok_or_else(|| ApiError::failed(format!("storage '{id}' does not exist")))?;
    if storage.disable {
        return Err(ApiError::failed(format!("storage '{id}' is disabled")));
    }
    if !storage.enabled_on(node) {
        return Err(ApiError::failed(format!(
            "storage '{id}' is not available on node '{node}'"
        )));
    }
    Ok(storage)
}

/// `POST /nodes/{node}/storage/{storage}/upload`, checked in the order of pve-storage's
/// `API2/Storage/Status.pm` (`upload`), then imported in an `imgcopy` task. The method has no
/// `proxyto`: the node that received the file runs it, and copies the file to `{node}` with scp
/// when that is another member.
pub(crate) fn upload(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let storage = check_enabled(&world, call)?.clone();
    let mount = match &storage.kind {
        StorageKind::Nfs { path, .. } | StorageKind::Dir { path } => path.clone(),
        StorageKind::LvmThin { .. } | StorageKind::ZfsPool { .. } => {
            return Err(ApiError::failed(format!(
                "can't upload to storage type '{}'",
                storage.type_name()
            )));
        }
    };
    let spooled = call
        .param("tmpfilename")
        .ok_or_else(|| ApiError::failed("missing temporary file name"))?
        .to_owned();
    if !world.uploads.contains_key(&spooled) {
        return Err(ApiError::failed(format!(
            "temporary file '{spooled}' does not exist"
        )));
    }
    let content = call.param("content").unwrap_or_default();
    let filename = normalize_content_filename(call.param("filename").unwrap_or_default());
    let subdir = match content {
        "iso" if has_extension(&filename, &ISO_EXTENSIONS) => "template/iso",
        "vztmpl" if has_extension(&filename, &[".tar.gz", ".tar.xz", ".tar.zst"]) => {
            "template/cache"
        }
        "iso" | "vztmpl" => return Err(ApiError::parameter("filename", "wrong file extension")),
        other => {
            return Err(ApiError::parameter(
                "content",
                format!("upload content type '{other}' not allowed"),
            ));
        }
    };
    if !storage.content.iter().any(|c| c == content) {
        return Err(ApiError::failed(format!(
            "storage '{}' does not support '{content}' content",
            storage.id
        )));
    }
    let relative = format!("{subdir}/{filename}");
    let dest = format!("{mount}/{relative}");
    let shown = format!(
        "/var/tmp/{}",
        spooled.rsplit('/').next().unwrap_or_default()
    );
    let command = if call.node == call.via {
        activate(&world, &storage).map_err(ApiError::failed)?;
        format!("cp -- {shown} {dest}")
    } else {
        let target = world
            .node(call.node)
            .map(|n| (n.name.clone(), n.address))
            .ok_or_else(|| ApiError::failed("no such node"))?;
        remote_copy(&world, call, &storage, &target, &shown, &dest)?
    };
    let location = world
        .location(call.node, &storage)
        .ok_or_else(|| ApiError::failed(format!("storage '{}' has no files", storage.id)))?;
    // It stays in /var/tmp, on the root file system, until the task unlinks it.
    let received = world
        .uploads
        .get_mut(&spooled)
        .map(|received| {
            received.taken = true;
            received.clone()
        })
        .ok_or_else(|| ApiError::failed(format!("temporary file '{spooled}' does not exist")))?;
    let upid = world
        .start_task(call.via, "imgcopy", "", call.user())
        .ok_or_else(|| ApiError::failed("no such node"))?;
    let import = Import {
        task_node: call.via,
        target: call.node,
        upid: upid.clone(),
        received,
        shown,
        expected: call.param("checksum").map(str::to_lowercase),
        iso: content == "iso",
        location,
        relative,
        dest,
        command,
    };
    let (node, task) = (import.task_node, import.upid.clone());
    let work = import_task(std::sync::Arc::clone(call.shared), import);
    super::state::spawn_task(call.shared, node, task, work);
    Ok(Answer::data(json!(upid)))
}

/// The scp command line of an upload for another member, once the storage is active there
/// (`pvesm status` over ssh); the connection goes to the member's address, with its known host
/// key (pve-cluster `src/PVE/SSHInfo.pm`, `ssh_info_to_ssh_opts`).
fn remote_copy(
    world: &World,
    call: &Call<'_>,
    storage: &StorageConfig,
    (name, address): &(String, std::net::Ipv4Addr),
    shown: &str,
    dest: &str,
) -> Result<String, ApiError> {
    let options = format!(
        "-o BatchMode=yes -o HostKeyAlias={name} -o UserKnownHostsFile=/etc/pve/nodes/{name}/ssh_known_hosts -o GlobalKnownHostsFile=none"
    );
    let id = &storage.id;
    let failed = |why: String| {
        ApiError::failed(format!(
            "can't activate storage '{id}' on node '{name}': {why}"
        ))
    };
    if !world.sees(call.via, call.node) {
        return Err(failed(format!(
            "command '/usr/bin/ssh {options} {address} -- /usr/sbin/pvesm status --storage {id}' failed: exit code 255"
        )));
    }
    activate(world, storage).map_err(failed)?;
    Ok(format!(
        "/usr/bin/scp {options} -p -- {shown} [{address}]:{dest}"
    ))
}

/// `POST /nodes/{node}/storage/{storage}/download-url`: the node fetches the file itself, in a
/// `download` task (pve-common's `download_file_from_url`). The practice lab fetches only from
/// this computer, and always verifies certificates.
pub(crate) fn download_url(call: &Call<'_>) -> Result<Answer, ApiError> {
    let url = call.param("url").unwrap_or_default().to_owned();
    let content = call.param("content").unwrap_or_default();
    let filename = normalize_content_filename(call.param("filename").unwrap_or_default());
    let world = call.shared.world();
    let storage = check_enabled(&world, call)?.clone();
    let mount = match &storage.kind {
        StorageKind::Nfs { path, .. } | StorageKind::Dir { path } => path.clone(),
        StorageKind::LvmThin { .. } | StorageKind::ZfsPool { .. } => {
            return Err(ApiError::failed(format!(
                "can't upload to storage type '{}', not a file based storage!",
                storage.type_name()
            )));
        }
    };
    if !storage.content.iter().any(|c| c == content) {
        return Err(ApiError::failed(format!(
            "storage '{}' is not configured for content-type '{content}'",
            storage.id
        )));
    }
    let subdir = match content {
        "iso" if has_extension(&filename, &ISO_EXTENSIONS) => "template/iso",
        "iso" => return Err(ApiError::parameter("filename", "wrong file extension")),
        other => {
            return Err(ApiError::parameter(
                "content",
                format!("upload content-type '{other}' is not allowed"),
            ));
        }
    };
    if call.flag("verify-certificates") == Some(false) {
        return Err(ApiError::parameter(
            "verify-certificates",
            "the practice lab always verifies certificates",
        ));
    }
    activate(&world, &storage).map_err(ApiError::failed)?;
    let location = world
        .location(call.node, &storage)
        .ok_or_else(|| ApiError::failed(format!("storage '{}' has no files", storage.id)))?;
    let checksum = match (call.param("checksum-algorithm"), call.param("checksum")) {
        (Some(algorithm), Some(sum)) => Some((algorithm.to_owned(), sum.to_lowercase())),
        _ => None,
    };
    drop(world);
    let upid = call
        .shared
        .world()
        .start_task(call.node, "download", &filename, call.user())
        .ok_or_else(|| ApiError::failed("no such node"))?;
    let download = Download {
        node: call.node,
        upid: upid.clone(),
        url,
        checksum,
        location,
        relative: format!("{subdir}/{filename}"),
        dest: format!("{mount}/{subdir}/{filename}"),
    };
    let (node, task) = (download.node, download.upid.clone());
    let work = download_task(std::sync::Arc::clone(call.shared), download);
    super::state::spawn_task(call.shared, node, task, work);
    Ok(Answer::data(json!(upid)))
}

/// What a `download` task fetches where.
struct Download {
    node: usize,
    upid: String,
    url: String,
    checksum: Option<(String, String)>,
    location: String,
    relative: String,
    dest: String,
}

async fn download_task(shared: std::sync::Arc<super::state::Shared>, download: Download) {
    let result = fetch(&shared, &download).await;
    shared
        .world()
        .task_end(download.node, &download.upid, result);
}

async fn fetch(shared: &super::state::Shared, download: &Download) -> Result<(), String> {
    use tokio::io::AsyncWriteExt as _;
    let say = |line: String| super::cluster::say(shared, download.node, &download.upid, line);
    let Download { url, dest, .. } = download;
    say(format!("downloading {url} to {dest}")).await;
    let (file, exists) = {
        let world = shared.world();
        let file = world.volume_file(&download.location, &download.relative);
        let exists = world
            .volumes
            .get(&download.location)
            .is_some_and(|v| v.contains_key(&download.relative));
        (file, exists)
    };
    if exists {
        let Some((algorithm, expected)) = &download.checksum else {
            return Err(format!("refusing to override existing file '{dest}'"));
        };
        let got = super::upload::file_digest(algorithm, &file)
            .await
            .map_err(|e| format!("unable to read '{dest}': {e}"))?;
        if &got == expected {
            say("calculating checksum of existing file...OK, got correct file already, no need to download".to_owned()).await;
            return Ok(());
        }
        say("calculating checksum of existing file...".to_owned()).await;
        return Err(format!(
            "checksum mismatch: got '{got}' != expect '{expected}', aborting"
        ));
    }
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let loopback = host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return Err(format!(
            "download failed: the practice lab downloads only from this computer, not from '{host}'"
        ));
    }
    let temporary = {
        let mut name = file.clone().into_os_string();
        name.push(download_suffix());
        std::path::PathBuf::from(name)
    };
    let received = async {
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(crate::api::system_client_config()?)
            .build()
            .map_err(|e| e.to_string())?;
        let mut response = client
            .get(url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| e.to_string())?;
        if let Some(dir) = temporary.parent() {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| e.to_string())?;
        }
        let mut out = tokio::fs::File::create(&temporary)
            .await
            .map_err(|e| e.to_string())?;
        let mut hasher = download
            .checksum
            .as_ref()
            .and_then(|(algorithm, _)| super::upload::Hasher::new(algorithm));
        let mut size = 0u64;
        while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
            if let Some(hasher) = hasher.as_mut() {
                hasher.update(&chunk);
            }
            size += chunk.len() as u64;
            out.write_all(&chunk).await.map_err(|e| e.to_string())?;
        }
        out.flush().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((size, hasher.map(super::upload::Hasher::hex)))
    }
    .await;
    let (size, digest) = match received {
        Ok(received) => received,
        Err(error) => {
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(format!("download failed: {error}"));
        }
    };
    if let Some((_, expected)) = &download.checksum {
        let got = digest.unwrap_or_default();
        if &got != expected {
            say("calculating checksum...".to_owned()).await;
            let _ = tokio::fs::remove_file(&temporary).await;
            return Err(format!(
                "checksum mismatch: got '{got}' != expect '{expected}'"
            ));
        }
        say("calculating checksum...OK, checksum verified".to_owned()).await;
    }
    // `assert_file_validity`, before the rename (pve-common `download_file_from_url`).
    let shown = format!("{dest}{}", download_suffix());
    if let Err(error) = assert_iso_content(&temporary, &shown).await {
        let _ = tokio::fs::remove_file(&temporary).await;
        return Err(format!("failed to verify file: {error}"));
    }
    tokio::fs::rename(&temporary, &file)
        .await
        .map_err(|e| format!("unable to rename temporary file: {e}"))?;
    shared.world().store_volume(
        download.node,
        &download.location,
        &download.relative,
        size,
        file,
    );
    say(format!("download of '{url}' to '{dest}' finished")).await;
    Ok(())
}

/// What an `imgcopy` task moves where.
struct Import {
    /// The node that received the file and runs the task.
    task_node: usize,
    /// The node whose storage takes it.
    target: usize,
    upid: String,
    received: super::upload::Received,
    /// Where pveproxy spooled it, as the task names it.
    shown: String,
    expected: Option<String>,
    /// An ISO image, whose content is checked before it is copied.
    iso: bool,
    location: String,
    relative: String,
    dest: String,
    command: String,
}

async fn import_task(shared: std::sync::Arc<super::state::Shared>, import: Import) {
    let result = import_file(&shared, &import).await;
    // The worker unlinks pveproxy's temporary file whatever became of the import; a worker
    // killed with its node leaves it in /var/tmp.
    let _ = tokio::fs::remove_file(&import.received.file).await;
    let mut world = shared.world();
    world.uploads.retain(|_, u| u.file != import.received.file);
    world.task_end(import.task_node, &import.upid, result);
}

async fn import_file(shared: &super::state::Shared, import: &Import) -> Result<(), String> {
    let say = |line: String| super::cluster::say(shared, import.task_node, &import.upid, line);
    let shown = &import.shown;
    say(format!("starting file import from: {shown}")).await;
    if let Some(expected) = &import.expected {
        match &import.received.digest {
            Some(got) if got == expected => {
                say("calculating checksum...OK, checksum verified".to_owned()).await;
            }
            got => {
                say("calculating checksum...".to_owned()).await;
                let got = got.clone().unwrap_or_default();
                return Err(format!(
                    "checksum mismatch: got '{got}' != expect '{expected}'"
                ));
            }
        }
    }
    if import.iso {
        assert_iso_content(&import.received.file, shown).await?;
    }
    let (node_name, file) = {
        let world = shared.world();
        let name = world
            .node(import.target)
            .map(|n| n.name.clone())
            .unwrap_or_default();
        (name, world.volume_file(&import.location, &import.relative))
    };
    say(format!("target node: {node_name}")).await;
    say(format!("target file: {}", import.dest)).await;
    say(format!("file size is: {}", import.received.size)).await;
    say(format!("command: {}", import.command)).await;
    if let Err(error) = copy_in_place(shared, import, &file).await {
        // `$err_cleanup`: the target file goes too.
        let _ = tokio::fs::remove_file(&file).await;
        let mut world = shared.world();
        if let Some(volumes) = world.volumes.get_mut(&import.location) {
            volumes.remove(&import.relative);
        }
        return Err(format!("import failed: cp: {error}"));
    }
    say("finished file import successfully".to_owned()).await;
    Ok(())
}

/// pve-storage's `assert_iso_content` (`src/PVE/Storage.pm`), run on an ISO image before it is
/// stored, since pve-storage 8.2.7 ("api: iso up/download: check file content"): `file_size_info`
/// as untrusted (`src/PVE/Storage/Plugin.pm`) refuses, from `qemu-img info`, a qcow2 image with
/// an external data file, then any backing file. The lab reads the qcow2 header for both (qemu's
/// `docs/interop/qcow2.txt`); the VMDK extent checks are not modelled. `shown` is the file's
/// name on the node.
async fn assert_iso_content(file: &std::path::Path, shown: &str) -> Result<(), String> {
    use tokio::io::AsyncReadExt as _;
    const QCOW2_MAGIC: [u8; 4] = *b"QFI\xfb";
    /// `incompatible_features` bit 2: the image's data are in another file.
    const QCOW2_INCOMPAT_DATA_FILE: u64 = 1 << 2;
    let mut header = Vec::with_capacity(80);
    tokio::fs::File::open(file)
        .await
        .map_err(|_| format!("failed to stat '{shown}'"))?
        .take(80)
        .read_to_end(&mut header)
        .await
        .map_err(|_| "failed to query file information with qemu-img".to_owned())?;
    // The header's fields are big-endian; one the file is too short for reads as 0.
    let be = |at: usize, width: usize| -> u64 {
        header.get(at..at + width).map_or(0, |bytes| {
            bytes.iter().fold(0, |n, b| n << 8 | u64::from(*b))
        })
    };
    if header.get(..4) != Some(&QCOW2_MAGIC[..]) {
        return Ok(());
    }
    let (version, backing_file_offset, incompatible_features) = (be(4, 4), be(8, 8), be(72, 8));
    if version >= 3 && incompatible_features & QCOW2_INCOMPAT_DATA_FILE != 0 {
        return Err(format!("{shown}: 'data-file' references are not allowed!"));
    }
    if backing_file_offset != 0 {
        return Err(format!(
            "backing file not allowed for untrusted image '{shown}'!"
        ));
    }
    Ok(())
}

/// Bytes `cp` moves between two looks at the storage.
const COPY_CHUNK: usize = 1 << 20;

/// The worker's `cp -- $tmpfilename $dest` (or `scp`): it writes the target file in place, so
/// the storage lists it growing meanwhile, and a node switched off halfway leaves it cut short
/// under its final name, since the worker dies before any cleanup (pve-storage,
/// `src/PVE/API2/Storage/Status.pm`, `upload`: "we simply overwrite the destination file").
async fn copy_in_place(
    shared: &super::state::Shared,
    import: &Import,
    file: &std::path::Path,
) -> std::io::Result<()> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    if let Some(dir) = file.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    let mut from = tokio::fs::File::open(&import.received.file).await?;
    let mut to = tokio::fs::File::create(file).await?;
    let mut buffer = vec![0u8; COPY_CHUNK];
    // A directory storage shares the target's root file system with its `/var/tmp`.
    let on_root = shared
        .world()
        .root_locations(import.target)
        .any(|location| location == import.location);
    let mut written = 0u64;
    loop {
        let read = from.read(&mut buffer).await?;
        // What this chunk adds over the file as listed so far.
        let full = on_root && shared.world().root_free(import.target) < read as u64;
        if full {
            return Err(std::io::Error::other(format!(
                "error writing '{}': No space left on device",
                import.dest
            )));
        }
        to.write_all(buffer.get(..read).unwrap_or_default()).await?;
        to.flush().await?;
        written += read as u64;
        {
            let mut world = shared.world();
            world.store_volume(
                import.target,
                &import.location,
                &import.relative,
                written,
                file.to_owned(),
            );
            if read > 0 && written < import.received.size {
                let writing = super::state::Strike::Writing(import.relative.clone());
                world.strike(import.task_node, &writing);
            }
        }
        if read == 0 {
            break;
        }
        // A node switched off meanwhile kills the worker here (`spawn_task`).
        tokio::task::yield_now().await;
    }
    Ok(())
}

/// A file's content type, volume name, format and owner, from where it lies on a storage.
fn describe(path: &str) -> Option<(&'static str, String, String, Option<u32>)> {
    if let Some(name) = path.strip_prefix("template/iso/") {
        return Some(("iso", format!("iso/{name}"), "iso".to_owned(), None));
    }
    // A zvol: `vm-100-disk-0`.
    if let Some(owner) = path
        .strip_prefix("vm-")
        .and_then(|r| r.split_once("-disk-"))
    {
        return Some((
            "images",
            path.to_owned(),
            "raw".to_owned(),
            owner.0.parse().ok(),
        ));
    }
    let rest = path.strip_prefix("images/")?;
    let (vmid, file) = rest.split_once('/')?;
    let format = file.rsplit_once('.').map_or("raw", |(_, ext)| ext);
    Some((
        "images",
        rest.to_owned(),
        format.to_owned(),
        vmid.parse().ok(),
    ))
}

fn hex_sha1(text: &str) -> String {
    Sha1::digest(text.as_bytes())
        .iter()
        .fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// The name a download has until it is checked: pve-common's `download_file_from_url` writes
/// to `"$dest.tmp_dwnl.$$"`.
fn download_suffix() -> String {
    format!(".tmp_dwnl.{}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_cfg_is_written_as_pve_writes_it() {
        let text = storage_cfg(&StorageConfig::installer_defaults());
        assert_eq!(
            text,
            "dir: local\n\tpath /var/lib/vz\n\tcontent iso,vztmpl,backup,import\n\n\
             lvmthin: local-lvm\n\tthinpool data\n\tvgname pve\n\tcontent rootdir,images\n\n"
        );
    }

    #[test]
    fn volumes_are_named_by_where_they_lie() {
        assert_eq!(
            describe("template/iso/tiny.iso"),
            Some(("iso", "iso/tiny.iso".into(), "iso".into(), None))
        );
        assert_eq!(
            describe("images/100/vm-100-disk-0.qcow2"),
            Some((
                "images",
                "100/vm-100-disk-0.qcow2".into(),
                "qcow2".into(),
                Some(100)
            ))
        );
        assert_eq!(describe("dump/x.vma"), None);
    }
}

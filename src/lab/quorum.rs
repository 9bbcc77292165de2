//! Without quorum `/etc/pve` is read only, and every write to the cluster's configuration fails
//! the way its code path fails there: in one place for every method, before its handler runs.
//!
//! Two ways, from pve-cluster `src/PVE/Cluster.pm`: `check_cfs_quorum` dies with `cluster not
//! ready - no quorum?`; a `cfs_lock_*` that cannot get its lock dies with `cfs-lock 'LOCKID'
//! error: no quorum!`, which the API method may prefix with its own words (`lock_ha_domain`,
//! `lock_storage_config`: `"$errmsg: $err"`).

use super::dispatch::Call;
use super::http::ApiError;
use super::state::World;

/// `check_cfs_quorum`'s words.
pub(crate) const NOT_READY: &str = "cluster not ready - no quorum?";

/// Refuses the call's write when the node that runs it has no quorum. Dispatch calls it before
/// the handler ([`checked_first`]); the handlers of the other writes call it where PVE takes
/// its lock, after the checks PVE makes first.
pub(crate) fn check(world: &World, call: &Call<'_>) -> Result<(), ApiError> {
    let runs_on = if call.forwarded { call.node } else { call.via };
    match refusal(call.method, call.template) {
        Some(refusal) if !world.is_quorate(runs_on) => Err(ApiError::failed(refusal)),
        _ => Ok(()),
    }
}

/// Whether PVE's method meets the missing quorum before it checks anything else. Not so for
/// creating a replication job (pve-manager `PVE/API2/ReplicationConfig.pm` checks the guest,
/// target and volumes before its lock), a storage (pve-storage `API2/Storage/Config.pm` runs
/// `check_config` first) nor an HA group (pve-ha-manager `API2/HA/Groups.pm` first says when
/// groups have been migrated to rules).
pub(crate) fn checked_first(method: &str, template: &str) -> bool {
    !matches!(
        (method, template),
        (
            "POST",
            "/cluster/replication" | "/cluster/ha/groups" | "/storage"
        )
    ) && refusal(method, template).is_some()
}

/// How `method` on `template` fails without quorum; `None` when it writes nothing cluster-wide.
pub(crate) fn refusal(method: &str, template: &str) -> Option<String> {
    let lock = |prefix: &str, lock_id: &str| {
        let error = format!("cfs-lock '{lock_id}' error: no quorum!");
        Some(match prefix {
            "" => error,
            prefix => format!("{prefix}: {error}"),
        })
    };
    match (method, template) {
        // pve-ha-manager `src/PVE/API2/HA/Resources.pm`, `Groups.pm`, `Rules.pm` and
        // `src/PVE/HA/Config.pm` (`update_resources_config`, `delete_service_from_config`,
        // `queue_crm_commands`): creations check quorum first, the rest take the `ha` domain lock.
        ("POST", "/cluster/ha/resources" | "/cluster/ha/groups" | "/cluster/ha/rules") => {
            Some(NOT_READY.to_owned())
        }
        ("PUT", "/cluster/ha/resources/{sid}") => {
            lock("update resources config failed", "domain-ha")
        }
        ("DELETE", "/cluster/ha/resources/{sid}") => lock("delete resource failed", "domain-ha"),
        (
            "POST",
            "/cluster/ha/resources/{sid}/migrate" | "/cluster/ha/resources/{sid}/relocate",
        ) => lock("", "domain-ha"),
        ("PUT", "/cluster/ha/groups/{group}") => lock("update ha group failed", "domain-ha"),
        ("DELETE", "/cluster/ha/groups/{group}") => lock("delete ha group failed", "domain-ha"),
        ("PUT", "/cluster/ha/rules/{rule}") => lock("update HA rules failed", "domain-ha"),
        ("DELETE", "/cluster/ha/rules/{rule}") => lock("delete ha rule failed", "domain-ha"),
        // pve-storage `src/PVE/API2/Storage/Config.pm` with `lock_storage_config`.
        ("POST", "/storage") => lock("create storage failed", "file-storage_cfg"),
        ("PUT", "/storage/{storage}") => lock("update storage failed", "file-storage_cfg"),
        ("DELETE", "/storage/{storage}") => lock("delete storage failed", "file-storage_cfg"),
        // pve-manager `PVE/API2/Cluster.pm` (`set_options`) and `PVE/API2/ReplicationConfig.pm`
        // (`PVE::ReplicationConfig::lock`, a `cfs_lock_file` of replication.cfg).
        ("PUT", "/cluster/options") => lock("", "file-datacenter_cfg"),
        ("POST", "/cluster/replication") | ("PUT" | "DELETE", "/cluster/replication/{id}") => {
            lock("", "file-replication_cfg")
        }
        // qemu-server `src/PVE/API2/Qemu.pm`: `create_vm` and `vm_start` check quorum before
        // anything else (stopping a VM does not: it writes nothing to /etc/pve).
        ("POST", "/nodes/{node}/qemu" | "/nodes/{node}/qemu/{vmid}/status/start") => {
            Some(NOT_READY.to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_path_has_its_words() {
        assert_eq!(
            refusal("PUT", "/cluster/ha/resources/{sid}").as_deref(),
            Some("update resources config failed: cfs-lock 'domain-ha' error: no quorum!")
        );
        assert_eq!(
            refusal("POST", "/cluster/ha/resources").as_deref(),
            Some("cluster not ready - no quorum?")
        );
        assert_eq!(
            refusal("PUT", "/cluster/options").as_deref(),
            Some("cfs-lock 'file-datacenter_cfg' error: no quorum!")
        );
        assert_eq!(refusal("GET", "/cluster/ha/resources"), None);
        assert_eq!(
            refusal("POST", "/nodes/{node}/qemu/{vmid}/status/stop"),
            None
        );
    }
}

//! `/cluster/ha/…`: resources under the HA manager, and its status.

use serde::{Deserialize, Serialize};

use crate::api::parse::opt_u64_ish;
use crate::api::{Client, Error};

/// One resource of `GET /cluster/ha/resources`.
#[derive(Clone, Debug, Deserialize)]
pub struct HaResource {
    /// `vm:100`.
    pub sid: String,
    /// The requested state: `started`, `stopped`, `disabled`, `ignored`.
    #[serde(default)]
    pub state: Option<String>,
    /// Restarts on the same node before relocating.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub max_restart: Option<u64>,
    /// Relocations to other nodes before giving up.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub max_relocate: Option<u64>,
    /// Its HA group (PVE 8 only).
    #[serde(default)]
    pub group: Option<String>,
}

/// `POST /cluster/ha/resources`.
#[derive(Clone, Debug, Serialize)]
pub struct NewHaResource {
    /// `vm:100`.
    pub sid: String,
    /// `started`.
    pub state: String,
    /// Restarts on the same node before relocating.
    pub max_restart: u64,
    /// Relocations to other nodes before giving up.
    pub max_relocate: u64,
    /// The HA group it may run in (PVE 8 only; PVE 9 refuses it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// `PUT /cluster/ha/resources/{sid}`: what to change (unset fields stay as they are).
#[derive(Clone, Debug, Default, Serialize)]
pub struct HaResourceUpdate {
    /// The requested state: `started`, `stopped`, `disabled`, `ignored`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The HA group (PVE 8 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// One group of `GET /cluster/ha/groups` (PVE 8; PVE 9 migrated groups to rules).
#[derive(Clone, Debug, Deserialize)]
pub struct HaGroup {
    /// Its ID.
    pub group: String,
    /// `pve1:2,pve2`: member nodes with optional priorities.
    #[serde(default)]
    pub nodes: Option<String>,
}

/// `POST /cluster/ha/groups` (PVE 8).
#[derive(Clone, Debug, Serialize)]
pub struct NewHaGroup {
    /// Its ID (`pve-configid`).
    pub group: String,
    /// `pve1,pve2`: member nodes with optional priorities.
    pub nodes: String,
    /// What it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One rule of `GET /cluster/ha/rules` (PVE 9).
#[derive(Clone, Debug, Deserialize)]
pub struct HaRule {
    /// Its ID.
    pub rule: String,
    /// `node-affinity` or `resource-affinity`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `vm:100,ct:101`.
    #[serde(default)]
    pub resources: Option<String>,
    /// Node affinity: `pve1:2,pve2`.
    #[serde(default)]
    pub nodes: Option<String>,
}

impl HaRule {
    /// Whether the rule concerns `sid`.
    pub fn covers(&self, sid: &str) -> bool {
        self.resources
            .as_deref()
            .is_some_and(|r| r.split(',').any(|s| s == sid))
    }
}

/// `POST /cluster/ha/rules` for a node-affinity rule (PVE 9).
#[derive(Clone, Debug, Serialize)]
pub struct NewNodeAffinityRule {
    /// Its ID (`pve-configid`).
    pub rule: String,
    /// `node-affinity`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `vm:100`: HA resources it applies to (they must be HA managed already).
    pub resources: String,
    /// `pve1,pve2`: nodes with optional priorities.
    pub nodes: String,
    /// What it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One entry of `GET /cluster/ha/status/current`: quorum, master, an LRM or a service.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct HaStatusEntry {
    /// `quorum`, `master`, `lrm:pve1`, `service:vm:100`.
    pub id: String,
    /// `quorum`, `master`, `lrm`, `service`, `fencing`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The node it concerns.
    #[serde(default)]
    pub node: Option<String>,
    /// The line the web UI shows, e.g. `vm:100 (pve1, started)`.
    #[serde(default)]
    pub status: Option<String>,
    /// A service's state (`started`, `fence`, `recovery`, …).
    #[serde(default)]
    pub state: Option<String>,
    /// A service's ID.
    #[serde(default)]
    pub sid: Option<String>,
}

impl Client {
    /// `GET /cluster/ha/resources`.
    pub async fn ha_resources(&self) -> Result<Vec<HaResource>, Error> {
        self.get("/cluster/ha/resources", &()).await
    }

    /// `POST /cluster/ha/resources`: puts a guest under the HA manager.
    pub async fn add_ha_resource(&self, resource: &NewHaResource) -> Result<(), Error> {
        let _: serde_json::Value = self.post("/cluster/ha/resources", resource).await?;
        Ok(())
    }

    /// `PUT /cluster/ha/resources/{sid}`: changes a resource's requested state or group.
    pub async fn update_ha_resource(
        &self,
        sid: &str,
        update: &HaResourceUpdate,
    ) -> Result<(), Error> {
        let path = format!("/cluster/ha/resources/{}", crate::api::encode_segment(sid));
        let _: serde_json::Value = self.put(&path, update).await?;
        Ok(())
    }

    /// `GET /cluster/ha/groups` (PVE 8).
    pub async fn ha_groups(&self) -> Result<Vec<HaGroup>, Error> {
        self.get("/cluster/ha/groups", &()).await
    }

    /// `POST /cluster/ha/groups`: creates a new HA group (PVE 8).
    pub async fn create_ha_group(&self, group: &NewHaGroup) -> Result<(), Error> {
        let _: serde_json::Value = self.post("/cluster/ha/groups", group).await?;
        Ok(())
    }

    /// `GET /cluster/ha/rules` (PVE 9).
    pub async fn ha_rules(&self) -> Result<Vec<HaRule>, Error> {
        self.get("/cluster/ha/rules", &()).await
    }

    /// `POST /cluster/ha/rules`: creates a node-affinity rule (PVE 9).
    pub async fn create_ha_rule(&self, rule: &NewNodeAffinityRule) -> Result<(), Error> {
        let _: serde_json::Value = self.post("/cluster/ha/rules", rule).await?;
        Ok(())
    }

    /// `GET /cluster/ha/status/current`.
    pub async fn ha_status(&self) -> Result<Vec<HaStatusEntry>, Error> {
        self.get("/cluster/ha/status/current", &()).await
    }
}

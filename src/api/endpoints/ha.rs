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
}

/// One entry of `GET /cluster/ha/status/current`: quorum, master, an LRM or a service.
#[derive(Clone, Debug, Deserialize)]
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

    /// `GET /cluster/ha/status/current`.
    pub async fn ha_status(&self) -> Result<Vec<HaStatusEntry>, Error> {
        self.get("/cluster/ha/status/current", &()).await
    }
}

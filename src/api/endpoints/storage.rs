//! `/storage` and `/nodes/{node}/storage/…`, `/nodes/{node}/scan/nfs`: storages and their content.

use serde::{Deserialize, Serialize};

use crate::api::endpoints::nodes::node_path;
use crate::api::parse::{bool_ish, opt_u64_ish, u64_ish};
use crate::api::{Client, Error, encode_segment};

/// One export of `GET /nodes/{node}/scan/nfs`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NfsExport {
    /// The exported path, e.g. `/mnt/pool/proxmox`.
    pub path: String,
    /// Who may mount it (`*`, `192.168.1.0/24`).
    #[serde(default)]
    pub options: Option<String>,
}

/// One storage of `GET /storage` (the cluster's `storage.cfg`).
#[derive(Clone, Debug, Deserialize)]
pub struct StorageEntry {
    /// The storage ID.
    pub storage: String,
    /// `dir`, `nfs`, `lvmthin`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Comma-separated content types.
    #[serde(default)]
    pub content: String,
    /// The NFS server.
    #[serde(default)]
    pub server: Option<String>,
    /// The NFS export.
    #[serde(default)]
    pub export: Option<String>,
    /// The nodes it is restricted to (comma-separated); all when absent.
    #[serde(default)]
    pub nodes: Option<String>,
    /// Switched off.
    #[serde(default, deserialize_with = "bool_ish")]
    pub disable: bool,
}

impl StorageEntry {
    /// Whether it holds `content` (`images`, `iso`, …).
    pub fn holds(&self, content: &str) -> bool {
        self.content.split(',').any(|c| c.trim() == content)
    }
}

/// `POST /storage` for an NFS share.
#[derive(Clone, Debug, Serialize)]
pub struct NewNfsStorage {
    /// The storage ID.
    pub storage: String,
    /// The NFS server's address.
    pub server: String,
    /// The exported path.
    pub export: String,
    /// Comma-separated content types.
    pub content: String,
}

/// `GET /nodes/{node}/storage/{storage}/status`: the storage as one node sees it.
#[derive(Clone, Debug, Deserialize)]
pub struct StorageStatus {
    /// Storage type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mounted and usable on this node.
    #[serde(default, deserialize_with = "bool_ish")]
    pub active: bool,
    /// Enabled on this node.
    #[serde(default, deserialize_with = "bool_ish")]
    pub enabled: bool,
    /// Shared between the nodes.
    #[serde(default, deserialize_with = "bool_ish")]
    pub shared: bool,
    /// Bytes in all (0 when inactive).
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub total: Option<u64>,
    /// Bytes free (0 when inactive).
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub avail: Option<u64>,
}

/// One volume of `GET /nodes/{node}/storage/{storage}/content`.
#[derive(Clone, Debug, Deserialize)]
pub struct Volume {
    /// `NAS:iso/tiny.iso`.
    pub volid: String,
    /// `iso`, `images`, …
    pub content: String,
    /// Bytes.
    #[serde(deserialize_with = "u64_ish")]
    pub size: u64,
    /// The guest it belongs to.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub vmid: Option<u64>,
}

impl Client {
    /// `GET /nodes/{node}/scan/nfs`: the exports an NFS server offers, as the node sees them.
    pub async fn scan_nfs(&self, node: &str, server: &str) -> Result<Vec<NfsExport>, Error> {
        self.get(&node_path(node, "scan/nfs"), &[("server", server)])
            .await
    }

    /// `GET /storage`: the cluster's storage configuration.
    pub async fn storages(&self) -> Result<Vec<StorageEntry>, Error> {
        self.get("/storage", &()).await
    }

    /// `POST /storage` with `type=nfs`. PVE mounts it on the answering node before it keeps it.
    pub async fn create_nfs_storage(&self, storage: &NewNfsStorage) -> Result<(), Error> {
        #[derive(Serialize)]
        struct Form<'a> {
            #[serde(rename = "type")]
            kind: &'a str,
            #[serde(flatten)]
            storage: &'a NewNfsStorage,
        }
        let _: serde_json::Value = self
            .post(
                "/storage",
                &Form {
                    kind: "nfs",
                    storage,
                },
            )
            .await?;
        Ok(())
    }

    /// `GET /nodes/{node}/storage/{storage}/status`.
    pub async fn storage_status(&self, node: &str, storage: &str) -> Result<StorageStatus, Error> {
        let rest = format!("storage/{}/status", encode_segment(storage));
        self.get(&node_path(node, &rest), &()).await
    }

    /// `GET /nodes/{node}/storage/{storage}/content[?content=]`.
    pub async fn storage_content(
        &self,
        node: &str,
        storage: &str,
        content: Option<&str>,
    ) -> Result<Vec<Volume>, Error> {
        let rest = format!("storage/{}/content", encode_segment(storage));
        let query: Vec<(&str, &str)> = content.map(|c| ("content", c)).into_iter().collect();
        self.get(&node_path(node, &rest), &query).await
    }
}

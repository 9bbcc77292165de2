//! `/storage` and `/nodes/{node}/storage/…`, `/nodes/{node}/scan/nfs`: storages and their content.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::api::endpoints::nodes::node_path;
use crate::api::parse::{bool_ish, opt_u64_ish, u64_ish};
use crate::api::{Client, Error, Upid, encode_segment};

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
    /// The same files on every node: always for NFS and the other network types (pve-storage's
    /// `@SHARED_STORAGE`), by choice for a directory that is a mount.
    #[serde(default, deserialize_with = "bool_ish")]
    pub shared: bool,
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

/// A file to upload, opened by the caller.
#[derive(Debug)]
pub struct Upload {
    /// The node whose storage takes it; the node this client talks to receives the file and, for
    /// another member, copies it there (the method has no `proxyto`).
    pub node: String,
    /// The storage it goes to.
    pub storage: String,
    /// `iso` (or `vztmpl`).
    pub content: String,
    /// The name it gets on the storage.
    pub filename: String,
    /// The file, at its start.
    pub file: tokio::fs::File,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256 (lower-case hex), sent as the checksum the node verifies, and checked again
    /// against the bytes as they are sent: a file that changes meanwhile stops the upload.
    pub sha256: String,
}

/// The bytes of an upload as they leave: counted for progress, hashed to catch a changing file
/// or one that is not the image its published SHA-256 belongs to. A mismatch fails the last
/// chunk, so the node never receives the whole file and keeps nothing.
struct Sending {
    sent: u64,
    size: u64,
    hasher: sha2::Sha256,
    expected: String,
    mismatch: Arc<AtomicBool>,
}

impl Sending {
    fn chunk(&mut self, chunk: &[u8]) -> std::io::Result<u64> {
        use sha2::Digest as _;
        self.hasher.update(chunk);
        self.sent += chunk.len() as u64;
        if self.sent > self.size {
            return Err(std::io::Error::other("the file grew while it was sent"));
        }
        if self.sent == self.size {
            let got: String = std::mem::take(&mut self.hasher)
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            if got != self.expected {
                self.mismatch.store(true, Ordering::Relaxed);
                return Err(std::io::Error::other("the file does not have its SHA-256"));
            }
        }
        Ok(self.sent)
    }
}

impl Client {
    /// `POST /nodes/{node}/storage/{storage}/upload`: streams the file, never whole in memory,
    /// reporting the bytes sent so far. Returns the `imgcopy` task, which verifies the checksum.
    /// Cancelling drops the connection; the node then keeps nothing.
    pub async fn upload(
        &self,
        upload: Upload,
        progress: impl Fn(u64) + Send + Sync + 'static,
        cancel: &tokio_util::sync::CancellationToken,
    ) -> Result<Upid, Error> {
        use futures_util::TryStreamExt as _;

        // When the last chunk left (or the transfer began), in milliseconds since `began`.
        let began = std::time::Instant::now();
        let progressed = Arc::new(AtomicU64::new(0));
        let moved = Arc::clone(&progressed);
        let mismatch = Arc::new(AtomicBool::new(false));
        let mut sending = Sending {
            sent: 0,
            size: upload.size,
            hasher: Default::default(),
            expected: upload.sha256.to_ascii_lowercase(),
            mismatch: Arc::clone(&mismatch),
        };
        let stream = tokio_util::io::ReaderStream::with_capacity(upload.file, 256 * 1024).and_then(
            move |chunk| {
                let result = sending.chunk(&chunk).map(|sent| {
                    moved.store(millis(began.elapsed()), Ordering::Relaxed);
                    progress(sent);
                    chunk
                });
                std::future::ready(result)
            },
        );
        let part = reqwest::multipart::Part::stream_with_length(
            reqwest::Body::wrap_stream(stream),
            upload.size,
        )
        .file_name(upload.filename.clone());
        // pveproxy reads these fields only before the file, in this order.
        let form = reqwest::multipart::Form::new()
            .text("content", upload.content.clone())
            .text("checksum-algorithm", "sha256")
            .text("checksum", upload.sha256.clone())
            .part("filename", part);
        let rest = format!("storage/{}/upload", encode_segment(&upload.storage));
        let path = node_path(&upload.node, &rest);
        let limit = self.stall_timeout();
        // Nothing moving for `limit` — no chunk taken by the connection, no answer after the
        // last one — is a node gone silent: a pulled cable stalls, it does not fail.
        let stalled = async {
            loop {
                let idle = began
                    .elapsed()
                    .saturating_sub(Duration::from_millis(progressed.load(Ordering::Relaxed)));
                if idle >= limit {
                    return idle;
                }
                tokio::time::sleep(limit - idle).await;
            }
        };
        let result = tokio::select! {
            result = self.post_multipart(&path, form) => result,
            idle = stalled => Err(self.stalled("POST", &path, idle)),
            () = cancel.cancelled() => Err(Error::Cancelled),
        };
        match result {
            Err(_) if mismatch.load(Ordering::Relaxed) => Err(Error::UploadMismatch {
                host: self.endpoint().to_string(),
            }),
            result => result,
        }
    }
}

fn millis(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
}

/// `POST /nodes/{node}/storage/{storage}/download-url`: what the node fetches.
#[derive(Clone, Debug, Serialize)]
pub struct DownloadUrl {
    /// `http://` or `https://`.
    pub url: String,
    /// The name it gets on the storage.
    pub filename: String,
    /// `iso` (or `vztmpl`, `import`).
    pub content: String,
    /// The expected checksum, verified by the node before it keeps the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checksum: Option<String>,
    /// `sha256`, … (required with `checksum`).
    #[serde(rename = "checksum-algorithm", skip_serializing_if = "Option::is_none")]
    pub checksum_algorithm: Option<String>,
}

impl Client {
    /// `POST /nodes/{node}/storage/{storage}/download-url`: the node downloads the file in a
    /// `download` task.
    pub async fn download_url(
        &self,
        node: &str,
        storage: &str,
        download: &DownloadUrl,
    ) -> Result<Upid, Error> {
        let rest = format!("storage/{}/download-url", encode_segment(storage));
        self.post(&node_path(node, &rest), download).await
    }
}

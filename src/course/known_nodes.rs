//! The nodes the wizard trusts, by the fingerprint of their certificate: its `known_hosts`.
//!
//! A plan pins each node's certificate as the teacher confirmed it, but a join replaces the
//! joining node's certificate with one of the cluster's CA. The new one is trusted only when a
//! member vouches for it, and then it is remembered here, so that the next run finds every node
//! already trusted (step 0 "already done") instead of asking again. The file holds addresses,
//! names and fingerprints: never a secret.
//!
//! ```toml
//! [[node]]
//! endpoint = "192.168.1.12:8006"
//! name = "pve2"
//! fingerprint = "AA:BB:…"
//! ```

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::api::Endpoint;
use crate::fingerprint::Fingerprint;

/// The file's name in the wizard's configuration directory.
pub const FILE_NAME: &str = "known-nodes.toml";

/// Why the list of trusted nodes could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnownNodesError {
    /// The file exists but cannot be read, or is not the wizard's format.
    #[error("{path} cannot be read: {detail}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong, with its line when it is a syntax error.
        detail: String,
    },
    /// The file cannot be written.
    #[error("{path} cannot be written: {detail}")]
    Write {
        /// The file.
        path: String,
        /// What went wrong.
        detail: String,
    },
}

/// One trusted node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownNode {
    endpoint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    fingerprint: Fingerprint,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownNodesFile {
    #[serde(default, rename = "node")]
    nodes: Vec<KnownNode>,
}

#[derive(Debug, Default)]
struct Store {
    /// Where the list is kept; `None` keeps it in memory for this run only.
    file: Option<PathBuf>,
    /// By `host:port`.
    nodes: BTreeMap<String, KnownNode>,
}

/// The trusted nodes, shared by every clone (the engine and a face see the same list).
#[derive(Clone, Debug, Default)]
pub struct KnownNodes(Arc<Mutex<Store>>);

impl KnownNodes {
    /// A list kept in memory only: the practice lab, whose certificates are new at each start.
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The list in `path`; a missing file is an empty list (nothing trusted yet).
    pub fn load(path: &Path) -> Result<Self, KnownNodesError> {
        let read_error = |detail: String| KnownNodesError::Read {
            path: path.display().to_string(),
            detail,
        };
        let nodes = match std::fs::read_to_string(path) {
            Ok(text) => {
                toml::from_str::<KnownNodesFile>(&text)
                    .map_err(|e| read_error(e.to_string().trim_end().to_owned()))?
                    .nodes
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(read_error(error.to_string())),
        };
        Ok(Self(Arc::new(Mutex::new(Store {
            file: Some(path.to_owned()),
            nodes: nodes
                .into_iter()
                .map(|node| (node.endpoint.clone(), node))
                .collect(),
        }))))
    }

    /// The list in the user's configuration directory (`$XDG_CONFIG_HOME/pve-ha-wizard/` on
    /// Linux), or in memory when the system has no such directory.
    pub fn load_default() -> Result<Self, KnownNodesError> {
        match default_path() {
            Some(path) => Self::load(&path),
            None => Ok(Self::in_memory()),
        }
    }

    /// Where the list is kept, if on disk.
    pub fn path(&self) -> Option<PathBuf> {
        self.store().file.clone()
    }

    /// The fingerprint trusted for `endpoint`, if any.
    pub fn fingerprint(&self, endpoint: &Endpoint) -> Option<Fingerprint> {
        self.store()
            .nodes
            .get(&endpoint.to_string())
            .map(|node| node.fingerprint)
    }

    /// Trusts `fingerprint` for `endpoint` from now on. Returns whether the list changed (and
    /// so needs [`save`](Self::save)).
    pub fn trust(&self, endpoint: &Endpoint, name: &str, fingerprint: Fingerprint) -> bool {
        let node = KnownNode {
            endpoint: endpoint.to_string(),
            name: Some(name.to_owned()),
            fingerprint,
        };
        let mut store = self.store();
        if store.nodes.get(&node.endpoint) == Some(&node) {
            return false;
        }
        store.nodes.insert(node.endpoint.clone(), node);
        true
    }

    /// Forgets `endpoint`: its certificate will have to be confirmed again.
    pub fn forget(&self, endpoint: &Endpoint) -> bool {
        self.store().nodes.remove(&endpoint.to_string()).is_some()
    }

    /// Writes the list, atomically (a new file renamed over the old), off the async threads.
    pub async fn save(&self) -> Result<(), KnownNodesError> {
        let (file, text) = {
            let store = self.store();
            let Some(file) = store.file.clone() else {
                return Ok(());
            };
            let contents = KnownNodesFile {
                nodes: store.nodes.values().cloned().collect(),
            };
            let text = toml::to_string(&contents).map_err(|e| KnownNodesError::Write {
                path: file.display().to_string(),
                detail: e.to_string(),
            })?;
            (file, text)
        };
        let shown = file.display().to_string();
        tokio::task::spawn_blocking(move || write_atomically(&file, &text))
            .await
            .map_err(|e| e.to_string())
            .and_then(|written| written.map_err(|e| e.to_string()))
            .map_err(|detail| KnownNodesError::Write {
                path: shown,
                detail,
            })
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // The lock is never held across a panic-prone call; a poisoned one still holds good data.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `$XDG_CONFIG_HOME/pve-ha-wizard/known-nodes.toml`, or the platform's equivalent.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "pve-ha-wizard")
        .map(|dirs| dirs.config_dir().join(FILE_NAME))
}

const HEADER: &str = "\
# The Proxmox VE nodes that pve-ha-wizard trusts, by the SHA-256 fingerprint of their certificate.
# Remove a node's entry to have its certificate confirmed again. No passwords are kept here.

";

fn write_atomically(file: &Path, text: &str) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
    temporary.write_all(HEADER.as_bytes())?;
    temporary.write_all(text.as_bytes())?;
    temporary.as_file().sync_all()?;
    temporary.persist(file).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(host: &str) -> Endpoint {
        Endpoint::new(host, 8006).unwrap()
    }

    const FP: &str = "0B:C4:1D:8F:25:6A:77:90:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:12:34:56:78:87:65:43:21:0F:ED:CB:A9";

    #[tokio::test]
    async fn saved_list_loads_back_and_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        let known = KnownNodes::load(&path).unwrap();
        assert_eq!(known.fingerprint(&endpoint("10.0.0.1")), None);

        let fp: Fingerprint = FP.parse().unwrap();
        assert!(known.trust(&endpoint("10.0.0.1"), "pve1", fp));
        assert!(
            !known.trust(&endpoint("10.0.0.1"), "pve1", fp),
            "trusting the same again changes nothing"
        );
        known.save().await.unwrap();

        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# The Proxmox VE nodes"), "{text}");
        assert!(text.contains(FP), "{text}");
        let again = KnownNodes::load(&path).unwrap();
        assert_eq!(again.fingerprint(&endpoint("10.0.0.1")), Some(fp));
        assert_eq!(again.fingerprint(&endpoint("10.0.0.2")), None);

        assert!(again.forget(&endpoint("10.0.0.1")));
        again.save().await.unwrap();
        assert_eq!(
            KnownNodes::load(&path)
                .unwrap()
                .fingerprint(&endpoint("10.0.0.1")),
            None
        );
    }

    #[test]
    fn a_damaged_file_is_refused_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            "[[node]]\nendpoint = \"10.0.0.1:8006\"\nfingerprint = \"AA:BB\"\n",
        )
        .unwrap();
        let error = KnownNodes::load(&path).unwrap_err();
        assert!(
            matches!(&error, KnownNodesError::Read { detail, .. } if detail.contains("32 pairs")),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn in_memory_list_writes_nothing() {
        let known = KnownNodes::in_memory();
        known.trust(&endpoint("10.0.0.1"), "pve1", FP.parse().unwrap());
        known.save().await.unwrap();
        assert_eq!(known.path(), None);
    }
}

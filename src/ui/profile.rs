//! The window's profile: the nodes (addresses and users), the step reached, the cluster name, the
//! fields of steps 4–7 and the language, in `profile.toml` beside `known-nodes.toml`. Never a
//! secret.
//!
//! Read and written by the controller, off the UI thread.

use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The file's name in the wizard's configuration directory.
pub const FILE_NAME: &str = "profile.toml";

/// What the window remembers between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// The language's tag (`ca-valencia`, `es`, `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The step reached (`StepId::as_str`), for the teacher's own nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The way through the course (`high-availability`, `replication`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    /// The cluster's name as typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_name: Option<String>,
    /// What the pages of steps 4–7 held, for the teacher's own nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forms: Option<ProfileForms>,
    /// The teacher's own nodes; empty for the practice lab, whose addresses are new each time.
    #[serde(default, rename = "node")]
    pub nodes: Vec<ProfileNode>,
}

/// The fields of steps 4–7 as typed (checked again when used).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForms {
    pub nas_server: String,
    pub nas_export: String,
    pub iso_file: String,
    pub iso_url: String,
    pub iso_sha256: String,
    pub iso_node: String,
    pub vm_name: String,
    pub vm_memory_mib: String,
    pub vm_disk_gib: String,
    pub ha_max_restart: String,
    pub ha_max_relocate: String,
    pub ha_vmid: String,
}

/// One node of the profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileNode {
    /// Address as typed.
    pub address: String,
    /// The user logging in.
    pub user: String,
}

/// Reads the profile; a missing or damaged file is no profile (it only saves typing).
pub fn load(path: &Path) -> Option<Profile> {
    let text = std::fs::read_to_string(path).ok()?;
    match toml::from_str(&text) {
        Ok(profile) => Some(profile),
        Err(error) => {
            tracing::info!(path = %path.display(), %error, "profile ignored");
            None
        }
    }
}

/// Writes the profile atomically (a new file renamed over the old).
pub fn save(path: &Path, profile: &Profile) -> std::io::Result<()> {
    let text = toml::to_string(profile).map_err(std::io::Error::other)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
    temporary
        .write_all(b"# pve-ha-wizard's window: where you were. No passwords are kept here.\n\n")?;
    temporary.write_all(text.as_bytes())?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_round_trips_and_holds_no_password_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        assert_eq!(load(&path), None, "no file, no profile");
        let profile = Profile {
            language: Some("es".to_owned()),
            step: Some("hostnames".to_owned()),
            cluster_name: Some("escola".to_owned()),
            track: Some("replication".to_owned()),
            forms: Some(ProfileForms {
                nas_server: "192.168.1.99".to_owned(),
                ..ProfileForms::default()
            }),
            nodes: vec![ProfileNode {
                address: "192.168.1.11".to_owned(),
                user: "root@pam".to_owned(),
            }],
        };
        save(&path, &profile).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("password ="), "{text}");
        assert_eq!(load(&path), Some(profile));
    }
}

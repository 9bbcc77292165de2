//! The one error type of the Proxmox VE client.

use std::collections::BTreeMap;

use crate::fingerprint::Fingerprint;

/// Everything a call to a Proxmox VE node can end with, other than success.
///
/// Variants carry data, not prose: the faces (CLI, GUI) turn each into a translated message that
/// says what to do. None of them ever holds a secret.
#[derive(Clone, Debug, thiserror::Error)]
pub enum Error {
    /// The address is not a usable host name or IP address. Nothing was sent.
    #[error("{host:?} is not a valid address")]
    InvalidAddress {
        /// What was given.
        host: String,
    },
    /// The node could not be reached (refused, unreachable, TLS failure other than a pin mismatch).
    /// Nothing was processed; safe to retry.
    #[error("cannot reach {host}: {detail}")]
    Connect {
        /// `host:port`.
        host: String,
        /// The cause, from the transport.
        detail: String,
    },
    /// The machine answered, but nothing listens on the port: refused at once. On a Proxmox VE
    /// node that means pveproxy is not running (or the port is wrong). Nothing was processed.
    #[error("{host} refused the connection: nothing listens on its port")]
    Refused {
        /// `host:port`.
        host: String,
    },
    /// The node's certificate is not the pinned one. Checked during the handshake, so no request
    /// and no credential reached the node.
    #[error("certificate of {host} changed (pinned {pinned}, got {seen})")]
    CertChanged {
        /// `host:port`.
        host: String,
        /// The fingerprint the user trusted.
        pinned: Fingerprint,
        /// The fingerprint the node presented.
        seen: Fingerprint,
    },
    /// The node took longer than the time-out to answer. The call may have been processed.
    #[error("{host} did not answer {method} {path} in time")]
    Timeout {
        /// `host:port`.
        host: String,
        /// The HTTP method.
        method: &'static str,
        /// The API path.
        path: String,
    },
    /// A transfer made no progress for `idle_secs`: the node went silent (switched off, its cable
    /// pulled) while the request was under way. It may have been processed in part; an upload
    /// that stalled leaves nothing on the storage (the node drops its temporary file).
    #[error("{method} {path} on {host} stalled: nothing got through for {idle_secs} s")]
    Stalled {
        /// `host:port`.
        host: String,
        /// The HTTP method.
        method: &'static str,
        /// The API path.
        path: String,
        /// How long nothing passed.
        idle_secs: u64,
    },
    /// The connection broke after the request was sent: it may have been processed, so a
    /// non-idempotent call must not be retried blindly.
    #[error("{method} {path} on {host} failed: {detail}")]
    Transport {
        /// `host:port`.
        host: String,
        /// The HTTP method.
        method: &'static str,
        /// The API path.
        path: String,
        /// The cause, from the transport.
        detail: String,
    },
    /// The user name or password (or token) was refused at login.
    #[error("{host} refused the login of {user}")]
    LoginFailed {
        /// `host:port`.
        host: String,
        /// The user, e.g. `root@pam`.
        user: String,
    },
    /// The node asks for a TOTP code and none was given, or the code was refused.
    #[error("{host} wants a second factor (TOTP) for {user}")]
    TotpRequired {
        /// `host:port`.
        host: String,
        /// The user.
        user: String,
    },
    /// The node rejected the session ticket or token (expired, or the node's key changed).
    #[error("{host} rejected the session: {message}")]
    SessionRejected {
        /// `host:port`.
        host: String,
        /// PVE's words, e.g. `Authentication failed!`.
        message: String,
    },
    /// The user lacks a permission (HTTP 403).
    #[error("{method} {path} on {host}: permission denied: {message}")]
    Forbidden {
        /// `host:port`.
        host: String,
        /// The HTTP method.
        method: &'static str,
        /// The API path.
        path: String,
        /// PVE's words.
        message: String,
    },
    /// PVE answered with an error: 400 with per-parameter `errors`, 500 with its message
    /// (e.g. `cluster not ready - no quorum?`), 501 for an unknown path.
    #[error("{method} {path} on {host}: HTTP {status}: {message}")]
    Api {
        /// `host:port`.
        host: String,
        /// The HTTP method.
        method: &'static str,
        /// The API path.
        path: String,
        /// The HTTP status.
        status: u16,
        /// PVE's message, with per-parameter errors merged in.
        message: String,
        /// Per-parameter errors of a 400.
        errors: BTreeMap<String, String>,
    },
    /// The answer was not what the API documents.
    #[error("{method} {path} on {host}: unexpected answer: {detail}")]
    Decode {
        /// `host:port`.
        host: String,
        /// The HTTP method.
        method: &'static str,
        /// The API path.
        path: String,
        /// What did not parse.
        detail: String,
    },
    /// A task ended in error; `message` is its exit status (PVE's last `TASK ERROR:` line).
    #[error("task {upid} failed: {message}")]
    TaskFailed {
        /// The task.
        upid: String,
        /// PVE's exit status.
        message: String,
    },
    /// A task was still running when the wait timed out. It may still finish.
    #[error("task {upid} still running after {waited_secs} s")]
    TaskTimeout {
        /// The task.
        upid: String,
        /// How long we waited.
        waited_secs: u64,
    },
    /// The bytes of an upload did not have the SHA-256 it was sent with; the upload was cut
    /// before its end, so the node keeps nothing.
    #[error("the file sent to {host} does not have the SHA-256 it was sent with")]
    UploadMismatch {
        /// `host:port`.
        host: String,
    },
    /// The user cancelled the wait. The node may still be working.
    #[error("cancelled")]
    Cancelled,
}

/// What a failure reported by PVE means, read once here from PVE's own words, so that no
/// caller matches on English text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `/etc/pve` is read only without quorum: `cluster not ready - no quorum?`
    /// (`check_cfs_quorum`) or `cfs-lock '…' error: no quorum!` (`cfs_lock_*`), pve-cluster
    /// `src/PVE/Cluster.pm`.
    NoQuorum,
    /// The node's own name resolves to loopback addresses only: `address lookup for 'NAME'
    /// did not find any IP address` (pve-common `PVE::Network::get_ip_from_hostname`).
    NameUnresolved {
        /// The name looked up.
        name: String,
    },
}

impl Refusal {
    /// The refusal a PVE message states, if it is one of these.
    pub fn of_message(message: &str) -> Option<Self> {
        if message.contains("cluster not ready - no quorum?")
            || message.contains("error: no quorum!")
        {
            return Some(Self::NoQuorum);
        }
        let rest = message.split("address lookup for '").nth(1)?;
        let (name, tail) = rest.split_once('\'')?;
        tail.starts_with(" did not find any IP address")
            .then(|| Self::NameUnresolved {
                name: name.to_owned(),
            })
    }
}

impl Error {
    /// What PVE's refusal means, for an API error or a failed task.
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            Self::Api { message, .. } | Self::TaskFailed { message, .. } => {
                Refusal::of_message(message)
            }
            _ => None,
        }
    }

    /// Whether the request certainly never reached the node, so that retrying cannot repeat a change.
    pub fn nothing_sent(&self) -> bool {
        matches!(
            self,
            Self::InvalidAddress { .. }
                | Self::Connect { .. }
                | Self::Refused { .. }
                | Self::CertChanged { .. }
        )
    }
}

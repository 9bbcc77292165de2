//! A typed async client of the Proxmox VE HTTP API.
//!
//! One method per endpoint, typed requests and answers, one [`Error`]. It knows Proxmox VE and
//! nothing else: it never decides what to do next (that is the course's job).

mod auth;
mod client;
mod endpoint;
mod endpoints;
mod error;
mod parse;
mod task;
mod tls;

pub use auth::{Credentials, LoginOutcome, TfaChallenge, Userid, UseridError};
pub use client::{Client, ClientOptions, Probe};
pub use endpoint::{DEFAULT_PORT, Endpoint};
pub use endpoints::access::TokenCreated;
pub use endpoints::cluster::{
    ClusterMember, ClusterNodeEntry, ClusterResource, ClusterStatus, CreateClusterParams,
    JoinClusterParams, JoinInfo, JoinNode, Totem,
};
pub use endpoints::ha::{
    HaGroup, HaResource, HaResourceUpdate, HaRule, HaStatusEntry, NewHaGroup, NewHaResource,
    NewNodeAffinityRule,
};
pub use endpoints::nodes::{
    CertificateInfo, Dns, FileSystem, Hosts, NetworkInterface, NodeListEntry, NodeStatus, NodeTime,
    Version,
};
pub use endpoints::qemu::{LocalDisk, MigratePreconditions, NewVm, NotAllowed, VmConfig, VmStatus};
pub use endpoints::replication::{NewReplicationJob, ReplicationJob, ReplicationStatus};
pub use endpoints::storage::{
    DownloadUrl, NewNfsStorage, NfsExport, StorageEntry, StorageStatus, Upload, Volume,
};
pub use error::{Error, Refusal};
pub use task::{TaskEntry, TaskLogLine, TaskOk, TaskStatus, TaskWait, Upid, UpidError};
pub use tls::system_client_config;

/// Escapes one path segment (a node name, a UPID), keeping what RFC 3986 allows in a segment.
pub(crate) fn encode_segment(segment: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b':')
        .remove(b'@')
        .remove(b'!');
    utf8_percent_encode(segment, SEGMENT).to_string()
}

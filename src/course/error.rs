//! The course's errors: bad input (refused before any call) and failed steps.

use crate::api;
use crate::course::{Finding, StepId};
use crate::fingerprint::Fingerprint;

/// Input refused before anything was sent: each says what is wrong, and the face says how to fix it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    /// The cluster name is empty, too long, or has characters PVE refuses.
    #[error("{name:?} is not a valid cluster name")]
    ClusterName {
        /// What was given.
        name: String,
    },
    /// Not an IP address or host name.
    #[error("{address:?} is not a valid address")]
    Address {
        /// What was given.
        address: String,
    },
    /// The same node is listed twice.
    #[error("{address} is listed twice")]
    DuplicateAddress {
        /// The address.
        address: String,
    },
    /// Not a SHA-256 fingerprint in PVE's notation.
    #[error("{text:?} is not a certificate fingerprint")]
    Fingerprint {
        /// What was given.
        text: String,
    },
    /// Not `name@realm`.
    #[error("{user:?} is not a user of the form name@realm")]
    User {
        /// What was given.
        user: String,
    },
    /// Not a storage ID PVE accepts.
    #[error("{id:?} is not a valid storage ID")]
    StorageId {
        /// What was given.
        id: String,
    },
    /// Not an absolute path an NFS server can export.
    #[error("{export:?} is not an exported path")]
    StorageExport {
        /// What was given.
        export: String,
    },
    /// Not an ISO image that can be read (missing, unreadable, or not `.iso`/`.img`).
    #[error("{file} is not an ISO image that can be read")]
    IsoFile {
        /// The file.
        file: String,
    },
    /// The image sent did not have its SHA-256: not the published image (`published`), or a
    /// file that changed while it was sent. The node kept nothing.
    #[error("{file} does not have the SHA-256 it was sent with")]
    IsoMismatch {
        /// The file.
        file: String,
        /// Whether the SHA-256 was the one published with the image.
        published: bool,
    },
    /// Not an `http(s)://` address of an ISO image.
    #[error("{url} is not the web address of an ISO image")]
    IsoUrl {
        /// What was given.
        url: String,
    },
    /// Not a SHA-256 in hex.
    #[error("{checksum:?} is not a SHA-256 checksum")]
    Checksum {
        /// What was given.
        checksum: String,
    },
    /// An `[iso]` section names a file or an address, not both nor neither.
    #[error("an [iso] section needs either file or url")]
    IsoSource,
    /// An ISO image goes to the NAS, so the plan must name it.
    #[error("an [iso] section needs a [storage] section")]
    IsoWithoutStorage,
    /// Not a name PVE accepts for a VM (`dns-name`).
    #[error("{name:?} is not a valid VM name")]
    VmName {
        /// What was given.
        name: String,
    },
    /// Too little (or absurdly much) memory.
    #[error("{memory_mib} MiB is not a valid amount of memory")]
    VmMemory {
        /// What was given.
        memory_mib: u64,
    },
    /// A disk of no size, or too large.
    #[error("{disk_gib} GiB is not a valid disk size")]
    VmDisk {
        /// What was given.
        disk_gib: u64,
    },
    /// Not a VM ID (100 to 999999999).
    #[error("{vmid} is not a valid VM ID")]
    VmId {
        /// What was given.
        vmid: u64,
    },
    /// The VM's disk goes to the NAS, so the plan must name it.
    #[error("a [vm] section needs a [storage] section")]
    VmWithoutStorage,
    /// HA looks after the plan's VM, so the plan must have one.
    #[error("an [ha] section needs a [vm] section")]
    HaWithoutVm,
    /// Restart or relocation counts beyond what makes sense (PVE allows 0–10).
    #[error("max_restart {max_restart} or max_relocate {max_relocate} is out of 0–10")]
    HaLimits {
        /// What was given.
        max_restart: u64,
        /// What was given.
        max_relocate: u64,
    },
    /// Replication copies the plan's VM, so the plan must have one.
    #[error("a [replication] section needs a [vm] section")]
    ReplicationWithoutVm,
    /// Replication copies ZFS volumes between two nodes; a disk on the NAS needs no copy.
    #[error("the VM's disk is on the NAS {storage}: replication needs it on ZFS")]
    ReplicationOnNas {
        /// The plan's NAS.
        storage: String,
    },
    /// Not a node name.
    #[error("{target:?} in [replication] target is not a node name")]
    ReplicationTarget {
        /// What was given.
        target: String,
    },
    /// Not a calendar event PVE accepts.
    #[error("{schedule:?} is not a schedule: {detail}")]
    ReplicationSchedule {
        /// What was given.
        schedule: String,
        /// Why, in PVE's words.
        detail: String,
    },
    /// `[iso] node` cannot be a node's host name.
    #[error("{node:?} in [iso] node is not a node name")]
    IsoNodeName {
        /// What was given.
        node: String,
    },
    /// A node of `[ha] nodes` that cannot be a node's host name.
    #[error("{node:?} in [ha] nodes is not a node name")]
    HaNodeName {
        /// What was given.
        node: String,
    },
    /// A node listed twice in `[ha] nodes`.
    #[error("{node:?} is listed twice in [ha] nodes")]
    HaNodeTwice {
        /// What was given.
        node: String,
    },
    /// A cluster needs at least two nodes.
    #[error("a plan needs at least two nodes, it has {count}")]
    TooFewNodes {
        /// How many it has.
        count: usize,
    },
    /// The plan file cannot be read or parsed.
    #[error("the plan {file} cannot be read: {detail}")]
    Plan {
        /// The file.
        file: String,
        /// What is wrong, with its line.
        detail: String,
    },
    /// The pasted join information is not what the web UI's "Copy Information" gives.
    #[error("this is not join information: {reason}")]
    JoinInformation {
        /// What is wrong.
        reason: JoinInfoProblem,
    },
}

/// What is wrong with pasted join information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JoinInfoProblem {
    /// Nothing was pasted.
    #[error("it is empty")]
    Empty,
    /// Not base64 text.
    #[error("it is not base64 text")]
    NotBase64,
    /// base64, but not the JSON object the web UI encodes.
    #[error("it does not decode to the web UI's JSON")]
    NotJson,
    /// The JSON lacks corosync's totem section.
    #[error("it has no cluster (totem) section")]
    NoTotem,
    /// The member's address is missing or invalid.
    #[error("it has no valid IP address")]
    BadAddress,
    /// The member's fingerprint is missing or invalid.
    #[error("it has no valid fingerprint")]
    BadFingerprint,
}

/// Why a step stopped.
#[derive(Clone, Debug, thiserror::Error)]
pub enum StepError {
    /// Bad input, refused before any call.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A node answered with an error, or could not be reached.
    #[error("{node}: {source}")]
    Api {
        /// The node's address (or name), for the message.
        node: String,
        /// What the client saw.
        #[source]
        source: api::Error,
    },
    /// Preconditions are not met; each problem says how to fix it.
    #[error("{} problem(s) must be fixed first", problems.len())]
    Precondition {
        /// The problems (and warnings) found.
        problems: Vec<Finding>,
    },
    /// No password (or TOTP code) could be had for a node.
    #[error("no password for {user} on {node}")]
    MissingSecret {
        /// The node's address.
        node: String,
        /// The user.
        user: String,
    },
    /// A join changed a node's certificate and no trusted member vouches for the new one.
    #[error("{node}: new certificate {seen} is not confirmed by any trusted member")]
    UnconfirmedCertificate {
        /// The node's address.
        node: String,
        /// The fingerprint the node presented.
        seen: Fingerprint,
    },
    /// The change was made, but reading it back did not show it.
    #[error("{node}: the change did not take effect: {what}")]
    NotVerified {
        /// The node.
        node: String,
        /// What was expected.
        what: Unverified,
    },
    /// A step needs an earlier one (e.g. join needs connected nodes).
    #[error("step {} has not run", needs.as_str())]
    OutOfOrder {
        /// The step that must run first.
        needs: StepId,
    },
    /// The list of trusted nodes could not be written.
    #[error(transparent)]
    KnownNodes(#[from] crate::course::KnownNodesError),
    /// The plan names a node that is not among the connected ones.
    #[error("no node called {name} among the plan's nodes")]
    UnknownNode {
        /// The name given.
        name: String,
    },
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled,
}

/// What a step changed, or read, that reading back did not show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unverified {
    /// The node's own name, from `/nodes`.
    NodeName,
    /// The certificate the teacher trusted, as the node presents it.
    Certificate,
    /// The cluster, quorate, under its name.
    Cluster { name: String },
    /// The join information, as the web UI shows it.
    JoinInformation,
    /// Quorum with every member.
    Quorum,
    /// The node, a quorate member of the cluster.
    Membership,
    /// The storage, active on every node.
    StorageActive { storage: String },
    /// The image, whole, on its storage.
    Image { volid: String },
    /// The VM of the plan's name.
    Vm { name: String },
    /// The VM, running.
    VmRunning { vmid: u64 },
    /// The HA group or rule that keeps the plan's nodes.
    HaPlacement { placement: String, sid: String },
    /// The HA service, started.
    HaStarted { sid: String },
    /// The replication job of the VM to its target.
    Replication { vmid: u64, target: String },
    /// The replication job, failing with PVE's error.
    ReplicationFailed { job: String, error: String },
    /// The replication job's first copy.
    ReplicationCopy { job: String },
}

impl std::fmt::Display for Unverified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NodeName => write!(f, "node name"),
            Self::Certificate => write!(f, "trusted certificate"),
            Self::Cluster { name } => write!(f, "cluster {name}"),
            Self::JoinInformation => write!(f, "join information"),
            Self::Quorum => write!(f, "quorum"),
            Self::Membership => write!(f, "membership"),
            Self::StorageActive { storage } => write!(f, "storage {storage} active"),
            Self::Image { volid } => write!(f, "{volid}"),
            Self::Vm { name } => write!(f, "VM {name}"),
            Self::VmRunning { vmid } => write!(f, "VM {vmid} running"),
            Self::HaPlacement { placement, sid } => write!(f, "HA placement {placement} of {sid}"),
            Self::HaStarted { sid } => write!(f, "HA service {sid} started"),
            Self::Replication { vmid, target } => write!(f, "replication of VM {vmid} to {target}"),
            Self::ReplicationFailed { job, error } => write!(f, "replication {job}: {error}"),
            Self::ReplicationCopy { job } => write!(f, "replication {job} made its first copy"),
        }
    }
}

impl StepError {
    /// Wraps a client error with the node it came from; a cancelled wait stays a cancellation.
    pub fn api(node: impl Into<String>, source: api::Error) -> Self {
        match source {
            api::Error::Cancelled => Self::Cancelled,
            source => Self::Api {
                node: node.into(),
                source,
            },
        }
    }
}

//! What the course read of the cluster, sent out for a face to draw: the nodes, the cluster
//! and its votes, the NAS and which nodes see it, the VM and where it runs, the HA status.
//!
//! Each step says what it shows once it has run (`Step::seen`), so a face never reads the nodes
//! itself.

use crate::api::{self, Client, ClusterStatus, HaStatusEntry};
use crate::course::steps::s01_hostnames::NodeFacts;
use crate::course::{Course, StepError};

/// One reading, for a face to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Seen {
    /// What each node says about itself (step 1's check), in plan order.
    Hosts(Vec<NodeFacts>),
    /// The cluster, as the first node sees it.
    Cluster(ClusterSeen),
    /// The shared storage, and the nodes on which it is active.
    Storage(StorageSeen),
    /// The VM, and where it runs.
    Vm(VmSeen),
    /// The HA manager's status, as Datacenter > HA shows it.
    Ha(Vec<HaStatusEntry>),
}

/// The cluster: `/cluster/status` for quorum and who is online, corosync's node list
/// (`/cluster/config/nodes`) for the votes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterSeen {
    /// Its name.
    pub name: String,
    /// Whether the members online hold a majority of the votes.
    pub quorate: bool,
    /// Its members.
    pub members: Vec<MemberSeen>,
}

/// A member of the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberSeen {
    /// Its node name.
    pub name: String,
    /// The address corosync knows it by.
    pub address: Option<String>,
    /// Online, as corosync sees it.
    pub online: bool,
    /// Its votes (`quorum_votes`; 1 unless changed).
    pub votes: u64,
}

/// The shared storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageSeen {
    /// Its ID.
    pub storage: String,
    /// The NAS.
    pub server: String,
    /// Its exported directory.
    pub export: String,
    /// The nodes (by name) on which it is active.
    pub active_on: Vec<String>,
}

/// The VM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmSeen {
    /// Its ID.
    pub vmid: u64,
    /// Its name.
    pub name: String,
    /// The node it is on.
    pub node: String,
    /// Whether it runs.
    pub running: bool,
}

/// A member's votes when corosync's node list does not say (pvecm's default).
const DEFAULT_VOTES: u64 = 1;

impl Course {
    /// The cluster as the first node sees it; `None` while the node is in none.
    pub(crate) async fn cluster_seen(&self) -> Result<Option<ClusterSeen>, StepError> {
        let status = self.first_cluster_status().await?;
        let first = self.first_session()?;
        read_cluster(&first.client, &status)
            .await
            .map_err(|e| StepError::api(first.label(), e))
    }
}

/// The cluster of `status`, with the votes of corosync's node list as `client`'s node reads it;
/// `None` while the node is in none.
pub(crate) async fn read_cluster(
    client: &Client,
    status: &ClusterStatus,
) -> Result<Option<ClusterSeen>, api::Error> {
    let Some(cluster) = &status.cluster else {
        return Ok(None);
    };
    let listed = client.cluster_config_nodes().await?;
    let members = status
        .members
        .iter()
        .map(|member| MemberSeen {
            name: member.name.clone(),
            address: member.ip.clone(),
            online: member.online,
            votes: listed
                .iter()
                .find(|entry| entry.node == member.name)
                .and_then(|entry| entry.quorum_votes)
                .unwrap_or(DEFAULT_VOTES),
        })
        .collect();
    Ok(Some(ClusterSeen {
        name: cluster.name.clone(),
        quorate: cluster.quorate,
        members,
    }))
}

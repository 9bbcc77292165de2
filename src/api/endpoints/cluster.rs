//! `/cluster/…`: status, resources, and the cluster configuration (create, join information, join).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::parse::{bool_ish, opt_u64_ish, u64_ish};
use crate::api::{Client, Error, Upid};
use crate::fingerprint::Fingerprint;
use crate::secrets::Secret;

/// `GET /cluster/status`, read into the cluster (if any) and its member nodes.
#[derive(Clone, Debug, Default)]
pub struct ClusterStatus {
    /// The cluster, when the node is in one.
    pub cluster: Option<ClusterSummary>,
    /// The nodes: every member, or only the node itself when it stands alone.
    pub members: Vec<ClusterMember>,
}

/// The `type: cluster` entry of `/cluster/status`.
#[derive(Clone, Debug, Deserialize)]
pub struct ClusterSummary {
    /// The cluster's name.
    pub name: String,
    /// corosync's config_version.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub version: Option<u64>,
    /// How many nodes the configuration has.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub nodes: Option<u64>,
    /// Whether the online members hold a majority of the votes.
    #[serde(deserialize_with = "bool_ish")]
    pub quorate: bool,
}

/// A `type: node` entry of `/cluster/status`.
#[derive(Clone, Debug, Deserialize)]
pub struct ClusterMember {
    /// The node's name.
    pub name: String,
    /// corosync's node id (0 when standalone).
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub nodeid: Option<u64>,
    /// The node's address in the cluster.
    #[serde(default)]
    pub ip: Option<String>,
    /// Whether it is online.
    #[serde(default, deserialize_with = "bool_ish")]
    pub online: bool,
    /// Whether it is the node that answered.
    #[serde(default, deserialize_with = "bool_ish")]
    pub local: bool,
}

impl ClusterStatus {
    /// The node that answered.
    pub fn local(&self) -> Option<&ClusterMember> {
        self.members.iter().find(|member| member.local)
    }

    /// Whether the answering node is in a cluster of that name.
    pub fn in_cluster(&self, name: &str) -> bool {
        self.cluster
            .as_ref()
            .is_some_and(|cluster| cluster.name == name)
    }
}

/// `GET /cluster/resources`: one resource (node, guest, storage…), the parts the course reads.
#[derive(Clone, Debug, Deserialize)]
pub struct ClusterResource {
    /// E.g. `node/pve1`, `qemu/100`, `storage/pve1/local`.
    pub id: String,
    /// `node`, `qemu`, `lxc`, `storage`, `pool`, `sdn`, `network`…
    #[serde(rename = "type")]
    pub kind: String,
    /// The node it is on.
    #[serde(default)]
    pub node: Option<String>,
    /// A guest's VMID.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub vmid: Option<u64>,
    /// A guest's name.
    #[serde(default)]
    pub name: Option<String>,
    /// A guest's or node's status.
    #[serde(default)]
    pub status: Option<String>,
    /// A guest's configuration lock (`create` while it is created, `backup`, `migrate`, …).
    #[serde(default)]
    pub lock: Option<String>,
}

impl ClusterResource {
    /// Whether this is a virtual guest (VM or container).
    pub fn is_guest(&self) -> bool {
        matches!(self.kind.as_str(), "qemu" | "lxc")
    }
}

/// `POST /cluster/config`: generate a new cluster configuration.
#[derive(Clone, Debug, Serialize)]
pub struct CreateClusterParams {
    /// The name of the cluster (a `pve-node` name, at most 15 characters; it cannot change later).
    pub clustername: String,
    /// Address of corosync link 0 (the node's own address by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link0: Option<String>,
}

/// `GET /cluster/config/join`: information needed to join this cluster.
#[derive(Clone, Debug, Deserialize)]
pub struct JoinInfo {
    /// The cluster's members.
    pub nodelist: Vec<JoinNode>,
    /// The member that answered (the one to join through).
    pub preferred_node: String,
    /// corosync's totem section.
    pub totem: Totem,
    /// Digest of corosync.conf.
    #[serde(default)]
    pub config_digest: Option<String>,
}

impl JoinInfo {
    /// The preferred member's entry.
    pub fn preferred(&self) -> Option<&JoinNode> {
        self.nodelist
            .iter()
            .find(|node| node.name == self.preferred_node)
    }
}

/// A member in the join information.
#[derive(Clone, Debug, Deserialize)]
pub struct JoinNode {
    /// The member's name.
    pub name: String,
    /// Its corosync node id.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub nodeid: Option<u64>,
    /// Its votes.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub quorum_votes: Option<u64>,
    /// The address its API answers on.
    pub pve_addr: String,
    /// The fingerprint of its API certificate.
    pub pve_fp: Fingerprint,
    /// Its corosync link addresses, keyed `ring0_addr`, `link1_addr`… as corosync.conf names them.
    #[serde(flatten)]
    other: BTreeMap<String, serde_json::Value>,
}

impl JoinNode {
    /// Its corosync link addresses by link number (`ring0_addr` and `link0_addr` are link 0).
    pub fn links(&self) -> BTreeMap<u8, String> {
        self.other
            .iter()
            .filter_map(|(key, value)| {
                let number = key
                    .strip_suffix("_addr")
                    .and_then(|k| k.strip_prefix("ring").or_else(|| k.strip_prefix("link")))?
                    .parse()
                    .ok()?;
                Some((number, value.as_str()?.to_owned()))
            })
            .collect()
    }
}

/// corosync's totem section, kept as PVE sent it (the join information carries it verbatim).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Totem(serde_json::Map<String, serde_json::Value>);

impl Totem {
    /// The cluster's name.
    pub fn cluster_name(&self) -> Option<&str> {
        self.0.get("cluster_name").and_then(|v| v.as_str())
    }

    /// The numbers of the configured corosync links (the keys of `interface`).
    pub fn link_numbers(&self) -> Vec<u8> {
        self.0
            .get("interface")
            .and_then(|v| v.as_object())
            .map(|interfaces| interfaces.keys().filter_map(|k| k.parse().ok()).collect())
            .unwrap_or_default()
    }

    /// Whether it looks like corosync's totem section at all.
    pub fn is_plausible(&self) -> bool {
        self.cluster_name().is_some() && self.0.get("interface").is_some_and(|v| v.is_object())
    }
}

/// `POST /cluster/config/join`: joins this node into an existing cluster.
#[derive(Clone, Debug)]
pub struct JoinClusterParams {
    /// Address (or name) of an existing member.
    pub hostname: String,
    /// That member's certificate fingerprint.
    pub fingerprint: Fingerprint,
    /// That member's root password.
    pub password: Secret,
    /// This node's address for corosync link 0.
    pub link0: Option<String>,
    /// Go on despite what `assert_joinable` found, and overwrite a member of the same name.
    /// The course never does: it refuses what this would override.
    pub force: bool,
}

/// One entry of `GET /cluster/config/nodes`: corosync node list.
#[derive(Clone, Debug, Deserialize)]
pub struct ClusterNodeEntry {
    /// The node's name.
    pub node: String,
    /// Its corosync node id.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub nodeid: Option<u64>,
    /// Its votes (`quorum_votes` in corosync.conf).
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub quorum_votes: Option<u64>,
}

impl Client {
    /// `GET /cluster/status`: get cluster status information.
    pub async fn cluster_status(&self) -> Result<ClusterStatus, Error> {
        #[derive(Deserialize)]
        #[serde(tag = "type")]
        enum Entry {
            #[serde(rename = "cluster")]
            Cluster(ClusterSummary),
            #[serde(rename = "node")]
            Node(ClusterMember),
            #[serde(other)]
            Unknown,
        }
        let entries: Vec<Entry> = self.get("/cluster/status", &()).await?;
        let mut status = ClusterStatus::default();
        for entry in entries {
            match entry {
                Entry::Cluster(cluster) => status.cluster = Some(cluster),
                Entry::Node(member) => status.members.push(member),
                Entry::Unknown => {}
            }
        }
        Ok(status)
    }

    /// `GET /cluster/resources`: resources index (cluster wide); `kind` filters (`vm`, `node`, `storage`).
    pub async fn cluster_resources(
        &self,
        kind: Option<&str>,
    ) -> Result<Vec<ClusterResource>, Error> {
        let query: Vec<(&str, &str)> = kind.map(|k| ("type", k)).into_iter().collect();
        self.get("/cluster/resources", &query).await
    }

    /// `POST /cluster/config`: generate a new cluster configuration. Returns the task.
    pub async fn cluster_config_create(&self, params: &CreateClusterParams) -> Result<Upid, Error> {
        self.post("/cluster/config", params).await
    }

    /// `GET /cluster/config/join`: get information needed to join this cluster over the connected node.
    pub async fn cluster_config_join_info(&self) -> Result<JoinInfo, Error> {
        self.get("/cluster/config/join", &()).await
    }

    /// `POST /cluster/config/join`: joins this node into an existing cluster. Returns the task.
    /// The node's certificate changes while the task runs.
    pub async fn cluster_config_join(&self, params: &JoinClusterParams) -> Result<Upid, Error> {
        let mut form = vec![
            ("hostname", params.hostname.clone()),
            ("fingerprint", params.fingerprint.to_string()),
            ("password", params.password.expose().to_owned()),
        ];
        if let Some(link0) = &params.link0 {
            form.push(("link0", link0.clone()));
        }
        if params.force {
            form.push(("force", "1".to_owned()));
        }
        self.post("/cluster/config/join", &form).await
    }

    /// `GET /cluster/config/nodes`: corosync node list.
    pub async fn cluster_config_nodes(&self) -> Result<Vec<ClusterNodeEntry>, Error> {
        self.get("/cluster/config/nodes", &()).await
    }

    /// `DELETE /cluster/config/nodes/{node}`: removes a node from the cluster configuration
    /// (corosync.conf). Needs quorum; the node asked cannot remove itself.
    pub async fn cluster_config_delete_node(&self, node: &str) -> Result<(), Error> {
        let path = format!("/cluster/config/nodes/{}", crate::api::encode_segment(node));
        let _: serde_json::Value = self.delete(&path, &()).await?;
        Ok(())
    }

    /// `GET /cluster/nextid`: the next free VMID.
    pub async fn cluster_nextid(&self) -> Result<u64, Error> {
        #[derive(Deserialize)]
        struct Id(#[serde(deserialize_with = "u64_ish")] u64);
        let Id(vmid) = self.get("/cluster/nextid", &()).await?;
        Ok(vmid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_node_reads_links_from_ring_and_link_keys() {
        let node: JoinNode = serde_json::from_str(
            r#"{"name":"pve1","nodeid":"1","quorum_votes":1,"pve_addr":"192.168.1.11",
            "pve_fp":"0B:C4:1D:8F:25:6A:77:90:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:12:34:56:78:87:65:43:21:0F:ED:CB:A9",
            "ring0_addr":"192.168.1.11","link1_addr":"10.0.0.11"}"#,
        )
        .unwrap();
        let links = node.links();
        assert_eq!(links.get(&0).map(String::as_str), Some("192.168.1.11"));
        assert_eq!(links.get(&1).map(String::as_str), Some("10.0.0.11"));
        assert_eq!(node.nodeid, Some(1));
    }

    #[test]
    fn totem_exposes_name_and_links() {
        let totem: Totem = serde_json::from_str(
            r#"{"cluster_name":"escola","config_version":"1","interface":{"0":{"linknumber":"0"}},"ip_version":"ipv4-6","link_mode":"passive","secauth":"on","version":"2"}"#,
        )
        .unwrap();
        assert_eq!(totem.cluster_name(), Some("escola"));
        assert_eq!(totem.link_numbers(), vec![0]);
        assert!(totem.is_plausible());
    }
}

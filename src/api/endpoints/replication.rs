//! `/cluster/replication` and `/nodes/{node}/replication/…`: storage replication jobs.

use serde::{Deserialize, Serialize};

use crate::api::endpoints::nodes::node_path;
use crate::api::parse::opt_u64_ish;
use crate::api::{Client, Error};

/// One job of `GET /cluster/replication`.
#[derive(Clone, Debug, Deserialize)]
pub struct ReplicationJob {
    /// `<GUEST>-<JOBNUM>`, e.g. `100-0`.
    pub id: String,
    /// The guest it replicates.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub guest: Option<u64>,
    /// The node it copies to.
    pub target: String,
    /// Its calendar event; PVE's default `*/15` when absent.
    #[serde(default)]
    pub schedule: Option<String>,
    /// Set once the job was deleted, until its node has removed it.
    #[serde(default)]
    pub remove_job: Option<String>,
}

/// `POST /cluster/replication`: a local replication job.
#[derive(Clone, Debug, Serialize)]
pub struct NewReplicationJob {
    /// `<GUEST>-<JOBNUM>`.
    pub id: String,
    /// `local`, the only type.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The node to copy to.
    pub target: String,
    /// Storage replication schedule (a calendar event such as `*/30`).
    pub schedule: String,
}

/// `GET /nodes/{node}/replication/{id}/status`: a job's state on its guest's node.
#[derive(Clone, Debug, Deserialize)]
pub struct ReplicationStatus {
    /// Start of the last successful run (0: never).
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub last_sync: Option<u64>,
    /// When it runs next.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub next_sync: Option<u64>,
    /// Failed runs in a row.
    #[serde(default, deserialize_with = "opt_u64_ish")]
    pub fail_count: Option<u64>,
    /// Why the last run failed.
    #[serde(default)]
    pub error: Option<String>,
}

impl Client {
    /// `GET /cluster/replication`.
    pub async fn replication_jobs(&self) -> Result<Vec<ReplicationJob>, Error> {
        self.get("/cluster/replication", &()).await
    }

    /// `POST /cluster/replication`: creates a replication job.
    pub async fn create_replication_job(&self, job: &NewReplicationJob) -> Result<(), Error> {
        let _: serde_json::Value = self.post("/cluster/replication", job).await?;
        Ok(())
    }

    /// `DELETE /cluster/replication/{id}`: marks the job for removal (its node removes it, and
    /// the copies on the target, in its next run).
    pub async fn delete_replication_job(&self, id: &str) -> Result<(), Error> {
        let path = format!("/cluster/replication/{}", crate::api::encode_segment(id));
        let _: serde_json::Value = self.delete(&path, &()).await?;
        Ok(())
    }

    /// `GET /nodes/{node}/replication/{id}/status`.
    pub async fn replication_status(
        &self,
        node: &str,
        id: &str,
    ) -> Result<ReplicationStatus, Error> {
        let path = node_path(
            node,
            &format!("replication/{}/status", crate::api::encode_segment(id)),
        );
        self.get(&path, &()).await
    }
}

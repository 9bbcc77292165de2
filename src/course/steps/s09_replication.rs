//! Step 9 (optional): two nodes without a NAS keep the VM's disk on ZFS and copy it to the
//! other node on a schedule (VM > Replication > Add), so that if the VM's node is lost, the
//! other holds its disk as it was at the last copy — at most one interval of data lost, as the
//! course's closing remarks put it.
//!
//! Proxmox VE replicates only ZFS volumes; a disk on the NAS needs no copy (every node sees
//! it). Both are refused here, with the reason, before a job is made.

use std::time::Duration;

use tokio::time::Instant;

use crate::api::{NewReplicationJob, ReplicationJob, ReplicationStatus};
use crate::course::plan::PlanReplication;
use crate::course::steps::{Step, report};
use crate::course::{Check, Course, Finding, Seen, StepError, StepId};

/// How often to read the job's state while waiting for its first copy.
const POLL: Duration = Duration::from_millis(500);

/// Step 9.
pub struct Replication;

/// The plan's job, for the cluster's VM.
struct Planned {
    replication: PlanReplication,
    vmid: u64,
    /// Where the VM runs: its node holds the job's state.
    node: String,
}

impl Replication {
    async fn planned(course: &Course) -> Result<Planned, StepError> {
        let (Some(replication), Some(vm)) = (&course.plan.replication, &course.plan.vm) else {
            return Err(StepError::OutOfOrder {
                needs: StepId::Replication,
            });
        };
        let found = super::s06_vm::Vm::existing(course, vm).await?;
        let Some((vmid, node)) = found.and_then(|f| Some((f.vmid?, f.node?))) else {
            return Err(StepError::OutOfOrder { needs: StepId::Vm });
        };
        Ok(Planned {
            replication: replication.clone(),
            vmid,
            node,
        })
    }

    /// Every replication job of the cluster.
    async fn jobs(course: &Course) -> Result<Vec<ReplicationJob>, StepError> {
        let first = course.first_session()?;
        first
            .client
            .replication_jobs()
            .await
            .map_err(|e| StepError::api(first.label(), e))
    }

    /// The cluster's job of the VM to the plan's target, if there is one.
    async fn job(course: &Course, planned: &Planned) -> Result<Option<ReplicationJob>, StepError> {
        Ok(Self::jobs(course).await?.into_iter().find(|j| {
            j.guest == Some(planned.vmid)
                && j.target == planned.replication.target
                && j.remove_job.is_none()
        }))
    }

    /// The target must be another member; every disk of the VM must be on ZFS.
    async fn findings(course: &Course, planned: &Planned) -> Result<Vec<Finding>, StepError> {
        let first = course.first_session()?;
        let api = |e| StepError::api(first.label(), e);
        let target = planned.replication.target.as_str();
        let members = course.member_names().await?;
        let mut findings = Vec::new();
        if target == planned.node || !members.iter().any(|m| m == target) {
            findings.push(Finding::problem(
                crate::msg!(
                    "check-replication-target",
                    target = target,
                    node = planned.node.as_str(),
                    members = members.join(", ")
                ),
                crate::msg!("fix-replication-target", node = planned.node.as_str()),
            ));
        }
        let storages = first.client.storages().await.map_err(api)?;
        let config = first
            .client
            .vm_config(&planned.node, planned.vmid)
            .await
            .map_err(api)?;
        for (drive, volid) in config.disks() {
            let storage_id = volid.split_once(':').map_or("", |(s, _)| s);
            let kind = storages
                .iter()
                .find(|s| s.storage == storage_id)
                .map_or("?", |s| s.kind.as_str());
            if kind == "zfspool" {
                findings.push(Finding::ok(crate::msg!(
                    "check-replication-zfs",
                    drive = drive.as_str(),
                    volid = volid.as_str()
                )));
            } else {
                findings.push(Finding::problem(
                    crate::msg!(
                        "check-replication-not-zfs",
                        drive = drive.as_str(),
                        volid = volid.as_str(),
                        storage = storage_id,
                        kind = kind
                    ),
                    crate::msg!("fix-replication-not-zfs"),
                ));
            }
        }
        Ok(findings)
    }

    /// The job's state on the VM's node.
    async fn status(
        course: &Course,
        planned: &Planned,
        id: &str,
    ) -> Result<ReplicationStatus, StepError> {
        let session = course.session_of(&planned.node)?;
        session
            .client
            .replication_status(&planned.node, id)
            .await
            .map_err(|e| StepError::api(session.label(), e))
    }

    /// `VMID-N`: the first job number the VM does not use yet.
    async fn new_job_id(course: &Course, vmid: u64) -> Result<String, StepError> {
        let jobs = Self::jobs(course).await?;
        let number = (0..)
            .find(|n| !jobs.iter().any(|j| j.id == format!("{vmid}-{n}")))
            .unwrap_or(0);
        Ok(format!("{vmid}-{number}"))
    }
}

impl Step for Replication {
    fn id(&self) -> StepId {
        StepId::Replication
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        let planned = Self::planned(course).await?;
        let findings = Self::findings(course, &planned).await?;
        report(course, self.id(), findings)?;
        let Some(job) = Self::job(course, &planned).await? else {
            return Ok(Check::Ready);
        };
        if Self::status(course, &planned, &job.id)
            .await?
            .last_sync
            .unwrap_or(0)
            > 0
        {
            return Ok(Check::AlreadyDone);
        }
        Ok(Check::Ready)
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let planned = Self::planned(course).await?;
        if Self::job(course, &planned).await?.is_some() {
            // Made on an earlier run: only wait for its first copy.
            return Ok(());
        }
        let id = Self::new_job_id(course, planned.vmid).await?;
        course.info(
            self.id(),
            crate::msg!(
                "replication-adding",
                id = id.as_str(),
                target = planned.replication.target.as_str(),
                schedule = planned.replication.schedule.as_str()
            ),
        );
        let first = course.first_session()?;
        first
            .client
            .create_replication_job(&NewReplicationJob {
                id,
                kind: "local",
                target: planned.replication.target.clone(),
                schedule: planned.replication.schedule.clone(),
            })
            .await
            .map_err(|e| StepError::api(first.label(), e))
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        let planned = Self::planned(course).await?;
        let Some(job) = Self::job(course, &planned).await? else {
            return Err(StepError::NotVerified {
                node: course.first_session()?.label(),
                what: crate::course::Unverified::Replication {
                    vmid: planned.vmid,
                    target: planned.replication.target.clone(),
                },
            });
        };
        course.info(
            self.id(),
            crate::msg!(
                "replication-waiting",
                id = job.id.as_str(),
                node = planned.node.as_str()
            ),
        );
        let deadline = Instant::now() + course.options.replication_timeout;
        let session = course.session_of(&planned.node)?;
        loop {
            let status = Self::status(course, &planned, &job.id).await?;
            if status.last_sync.unwrap_or(0) > 0 {
                course.info(
                    self.id(),
                    crate::msg!(
                        "replication-synced",
                        id = job.id.as_str(),
                        target = planned.replication.target.as_str(),
                        schedule = planned.replication.schedule.as_str()
                    ),
                );
                return Ok(());
            }
            if let Some(error) = status.error.filter(|_| status.fail_count.unwrap_or(0) > 0) {
                return Err(StepError::NotVerified {
                    node: session.label(),
                    what: crate::course::Unverified::ReplicationFailed {
                        job: job.id.clone(),
                        error,
                    },
                });
            }
            if Instant::now() >= deadline {
                return Err(StepError::NotVerified {
                    node: session.label(),
                    what: crate::course::Unverified::ReplicationCopy {
                        job: job.id.clone(),
                    },
                });
            }
            tokio::select! {
                () = course.cancel.cancelled() => return Err(StepError::Cancelled),
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }

    async fn seen(&self, course: &Course) -> Result<Option<Seen>, StepError> {
        crate::course::steps::s06_vm::Vm::seen_of(course).await
    }
}

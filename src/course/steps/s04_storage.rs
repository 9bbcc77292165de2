//! Step 4: the NAS as storage shared by every node (Datacenter > Storage > Add > NFS).
//!
//! The storage configuration belongs to the cluster, so it is added once, on the first node; PVE
//! mounts the share there before it keeps the configuration, and every other member mounts it when
//! it is first used. The step checks beforehand that the NAS answers and exports the planned
//! directory, and afterwards that the storage is active on every node.

use std::time::Duration;

use tokio::time::Instant;

use crate::api::{NewNfsStorage, NfsExport};
use crate::course::plan::PlanStorage;
use crate::course::steps::{Step, report};
use crate::course::{Check, Course, Finding, Seen, StepError, StepId, StorageSeen};

/// Disk images (the VM's disk) and ISO images (the installer in its CD drive).
const CONTENT: &str = "images,iso";
/// How long members may take to mount the share after it is added.
const MOUNT_GRACE: Duration = Duration::from_secs(15);

/// Step 4.
pub struct Storage;

impl Storage {
    fn planned(course: &Course) -> Result<PlanStorage, StepError> {
        course.plan.storage.clone().ok_or(StepError::OutOfOrder {
            needs: StepId::Storage,
        })
    }

    /// The nodes on which the storage is not active, as `host:port`.
    async fn inactive_on(course: &Course, id: &str) -> Result<Vec<String>, StepError> {
        let mut inactive = Vec::new();
        for session in course.connected()? {
            let active = match session.client.storage_status(&session.node_name, id).await {
                Ok(status) => status.active,
                // 400 "No such storage." until the member has the configuration.
                Err(crate::api::Error::Api { status: 400, .. }) => false,
                Err(error) => return Err(StepError::api(session.label(), error)),
            };
            if !active {
                inactive.push(session.label());
            }
        }
        Ok(inactive)
    }

    /// Whether every planned node is a member of the cluster, so that they all share the storage.
    async fn all_joined(course: &Course) -> Result<bool, StepError> {
        let status = course.first_cluster_status().await?;
        Ok(status.cluster.is_some()
            && course
                .connected()?
                .iter()
                .all(|s| status.members.iter().any(|m| m.name == s.node_name)))
    }
}

impl Course {
    /// What `server` exports, as the first node sees it (`pvesm scan nfs`): the choice of
    /// directory for the storage.
    pub async fn scan_exports(&self, server: &str) -> Result<Vec<NfsExport>, StepError> {
        let first = self.first_session()?;
        first
            .client
            .scan_nfs(&first.node_name, server)
            .await
            .map_err(|e| StepError::api(first.label(), e))
    }
}

impl Step for Storage {
    fn id(&self) -> StepId {
        StepId::Storage
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        let planned = Self::planned(course)?;
        if !Self::all_joined(course).await? {
            return Err(StepError::OutOfOrder {
                needs: StepId::JoinNodes,
            });
        }
        let first = course.first_session()?;
        let label = first.label();
        let storages = first
            .client
            .storages()
            .await
            .map_err(|e| StepError::api(&label, e))?;
        if let Some(existing) = storages
            .iter()
            .find(|s| s.storage.eq_ignore_ascii_case(&planned.id))
        {
            let same = existing.kind == "nfs"
                && existing.storage == planned.id
                && existing.server.as_deref() == Some(planned.server.as_str())
                && existing.export.as_deref().map(|e| e.trim_end_matches('/'))
                    == Some(planned.export.trim_end_matches('/'))
                && existing.holds("images")
                && existing.holds("iso");
            if !same {
                report(
                    course,
                    self.id(),
                    vec![Finding::problem(
                        crate::msg!("check-storage-taken", id = existing.storage.as_str()),
                        crate::msg!("fix-storage-taken", id = existing.storage.as_str()),
                    )],
                )?;
            }
            let inactive = Self::inactive_on(course, &planned.id).await?;
            if inactive.is_empty() {
                return Ok(Check::AlreadyDone);
            }
            report(
                course,
                self.id(),
                vec![Finding::problem(
                    crate::msg!(
                        "check-storage-inactive",
                        id = planned.id.as_str(),
                        nodes = inactive.join(", ")
                    ),
                    crate::msg!("fix-storage-inactive", server = planned.server.as_str()),
                )],
            )?;
        }

        let finding = match first
            .client
            .scan_nfs(&first.node_name, &planned.server)
            .await
        {
            Ok(exports) if exports.iter().any(|e| e.path == planned.export) => {
                Finding::ok(crate::msg!(
                    "check-nas-exports",
                    server = planned.server.as_str(),
                    export = planned.export.as_str()
                ))
            }
            Ok(exports) => {
                let offered: Vec<&str> = exports.iter().map(|e| e.path.as_str()).collect();
                Finding::problem(
                    crate::msg!(
                        "check-nas-export-missing",
                        server = planned.server.as_str(),
                        export = planned.export.as_str(),
                        offered = if offered.is_empty() {
                            "-".to_owned()
                        } else {
                            offered.join(", ")
                        }
                    ),
                    crate::msg!("fix-nas-export-missing"),
                )
            }
            Err(crate::api::Error::Api { message, .. }) => Finding::problem(
                crate::msg!(
                    "check-nas-unreachable",
                    server = planned.server.as_str(),
                    message = message
                ),
                crate::msg!("fix-nas-unreachable", server = planned.server.as_str()),
            ),
            Err(error) => return Err(StepError::api(&label, error)),
        };
        report(course, self.id(), vec![finding])?;
        Ok(Check::Ready)
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let planned = Self::planned(course)?;
        let first = course.first_session()?;
        let label = first.label();
        course.info(
            self.id(),
            crate::msg!(
                "adding-storage",
                id = planned.id.as_str(),
                server = planned.server.as_str(),
                export = planned.export.as_str()
            ),
        );
        first
            .client
            .create_nfs_storage(&NewNfsStorage {
                storage: planned.id.clone(),
                server: planned.server.clone(),
                export: planned.export.clone(),
                content: CONTENT.to_owned(),
            })
            .await
            .map_err(|e| StepError::api(&label, e))
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        let planned = Self::planned(course)?;
        let deadline = Instant::now() + MOUNT_GRACE;
        loop {
            let inactive = Self::inactive_on(course, &planned.id).await?;
            if inactive.is_empty() {
                course.info(
                    self.id(),
                    crate::msg!("storage-active", id = planned.id.as_str()),
                );
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(StepError::NotVerified {
                    node: inactive.join(", "),
                    what: crate::course::Unverified::StorageActive {
                        storage: planned.id.clone(),
                    },
                });
            }
            tokio::select! {
                () = course.cancel.cancelled() => return Err(StepError::Cancelled),
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }

    async fn seen(&self, course: &Course) -> Result<Option<Seen>, StepError> {
        let planned = Self::planned(course)?;
        let inactive = Self::inactive_on(course, &planned.id).await?;
        let active_on = course
            .connected()?
            .iter()
            .filter(|s| !inactive.contains(&s.label()))
            .map(|s| s.node_name.clone())
            .collect();
        Ok(Some(Seen::Storage(StorageSeen {
            storage: planned.id,
            server: planned.server,
            export: planned.export,
            active_on,
        })))
    }
}

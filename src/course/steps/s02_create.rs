//! Step 2: create the cluster on the first node (Datacenter > Cluster > Create Cluster).

use crate::api::CreateClusterParams;
use crate::course::steps::{Step, follow_task, link_address, report};
use crate::course::{Check, Course, Finding, Seen, StepError, StepId};

/// Step 2.
pub struct CreateCluster;

impl Step for CreateCluster {
    fn id(&self) -> StepId {
        StepId::CreateCluster
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        crate::course::plan::validate_cluster_name(&course.plan.cluster_name)?;
        let status = course.first_cluster_status().await?;
        match status.cluster {
            Some(cluster) if cluster.name == course.plan.cluster_name => Ok(Check::AlreadyDone),
            Some(other) => {
                let node = course.first_session()?.label();
                report(
                    course,
                    self.id(),
                    vec![Finding::problem(
                        crate::msg!(
                            "check-in-other-cluster",
                            node = node.as_str(),
                            cluster = other.name
                        ),
                        crate::msg!("fix-in-other-cluster", node = node.as_str()),
                    )],
                )?;
                Ok(Check::Ready)
            }
            None => Ok(Check::Ready),
        }
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let first = course.first_session()?;
        let label = first.label();
        let link0 = link_address(&first.client, &first.node_name).await;
        course.info(
            self.id(),
            crate::msg!(
                "creating-cluster",
                cluster = course.plan.cluster_name.as_str(),
                node = label.as_str()
            ),
        );
        let params = CreateClusterParams {
            clustername: course.plan.cluster_name.clone(),
            link0,
        };
        let upid = first
            .client
            .cluster_config_create(&params)
            .await
            .map_err(|e| StepError::api(&label, e))?;
        follow_task(course, self.id(), first, &upid).await
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        let status = course.first_cluster_status().await?;
        let formed = status
            .cluster
            .as_ref()
            .is_some_and(|c| c.name == course.plan.cluster_name && c.quorate);
        if !formed {
            return Err(StepError::NotVerified {
                node: course.first_session()?.label(),
                what: crate::course::Unverified::Cluster {
                    name: course.plan.cluster_name.clone(),
                },
            });
        }
        course.info(
            self.id(),
            crate::msg!(
                "cluster-created",
                cluster = course.plan.cluster_name.as_str()
            ),
        );
        Ok(())
    }

    async fn seen(&self, course: &Course) -> Result<Option<Seen>, StepError> {
        Ok(course.cluster_seen().await?.map(Seen::Cluster))
    }
}

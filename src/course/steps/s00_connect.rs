//! Step 0: connect to every node, trusting each by its pinned certificate fingerprint.
//!
//! A node whose certificate changed because it joined the cluster (PVE gives it a certificate of
//! the cluster's CA) is trusted again only when an already-trusted member vouches for the new one.

use crate::api::{self, Client};
use crate::course::session::NodeSession;
use crate::course::steps::Step;
use crate::course::{Check, Course, StepError, StepId};

/// Step 0.
pub struct Connect;

impl Step for Connect {
    fn id(&self) -> StepId {
        StepId::Connect
    }

    async fn check(&self, _course: &mut Course) -> Result<Check, StepError> {
        // The plan was validated when it was read; connecting is never "already done".
        Ok(Check::Ready)
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        course.sessions.clear();
        for (plan_index, node) in course.plan.nodes.clone().iter().enumerate() {
            let label = node.label();
            course.info(self.id(), crate::msg!("connecting", node = label.as_str()));
            let mut client = Client::new(
                node.endpoint.clone(),
                node.fingerprint,
                course.options.client.clone(),
            )
            .map_err(|e| StepError::api(&label, e))?;
            match course.log_in(&client, node).await {
                Err(StepError::Api {
                    source: api::Error::CertChanged { seen, .. },
                    ..
                }) if plan_index > 0 => {
                    client = course
                        .confirm_new_certificate(self.id(), &client, None, seen)
                        .await?;
                    course.log_in(&client, node).await?;
                }
                other => other?,
            }
            let version = client
                .version()
                .await
                .map_err(|e| StepError::api(&label, e))?;
            let node_name = Course::node_name_of(&client, &label).await?;
            course.info(
                self.id(),
                crate::msg!(
                    "connected",
                    node = label.as_str(),
                    name = node_name.as_str(),
                    version = version.version
                ),
            );
            course.sessions.push(NodeSession {
                plan_index,
                node_name,
                client,
            });
        }
        Ok(())
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        course.connected().map(|_| ())
    }
}

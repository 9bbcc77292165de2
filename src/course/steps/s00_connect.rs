//! Step 0: connect to every node, trusting each by the fingerprint of its certificate.
//!
//! What the step establishes is trust: each node's certificate recorded in the list of known nodes
//! ([`KnownNodes`](crate::course::KnownNodes)). It is "already done" when every node presents the
//! certificate trusted before and accepts the login. Otherwise each node is checked against the
//! plan's fingerprint, and a node whose certificate changed because it joined the cluster (PVE gives
//! it one of the cluster's CA) is trusted again only when an already-trusted member vouches for it.

use crate::api::{self, Client};
use crate::course::session::NodeSession;
use crate::course::steps::Step;
use crate::course::{Check, Course, PlanNode, StepError, StepId};
use crate::fingerprint::Fingerprint;

/// Step 0.
pub struct Connect;

impl Connect {
    /// Logs in to `node` with `client`, and reads what the other steps need to know of it.
    async fn session(
        &self,
        course: &Course,
        plan_index: usize,
        node: &PlanNode,
        client: Client,
    ) -> Result<NodeSession, StepError> {
        let label = node.label();
        course.log_in(&client, node).await?;
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
        Ok(NodeSession {
            plan_index,
            node_name,
            client,
            user: node.user.clone(),
        })
    }

    /// An earlier session of `node`, if it is still logged in with the same user and the same
    /// trusted certificate.
    async fn still_valid(
        course: &mut Course,
        plan_index: usize,
        node: &PlanNode,
        pin: Fingerprint,
    ) -> Option<NodeSession> {
        let position = course.earlier_sessions.iter().position(|s| {
            s.client.endpoint() == &node.endpoint && s.user == node.user && s.client.pin() == pin
        })?;
        let mut session = course.earlier_sessions.swap_remove(position);
        session.client.version().await.ok()?;
        session.plan_index = plan_index;
        Some(session)
    }

    fn client(course: &Course, node: &PlanNode, pin: Fingerprint) -> Result<Client, StepError> {
        Client::new(node.endpoint.clone(), pin, course.options.client.clone())
            .map_err(|e| StepError::api(node.label(), e))
    }
}

impl Step for Connect {
    fn id(&self) -> StepId {
        StepId::Connect
    }

    /// Connects to the nodes trusted before, in plan order, until one is new or changed. Logging
    /// in changes nothing on a node; the sessions made here are kept for the steps that follow.
    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        let earlier = std::mem::take(&mut course.sessions);
        course.earlier_sessions.extend(earlier);
        for (plan_index, node) in course.plan.nodes.clone().iter().enumerate() {
            let label = node.label();
            let Some(known) = course.options.known_nodes.fingerprint(&node.endpoint) else {
                course.info(
                    self.id(),
                    crate::msg!("cert-not-known", node = label.as_str()),
                );
                return Ok(Check::Ready);
            };
            course.info(self.id(), crate::msg!("connecting", node = label.as_str()));
            if let Some(session) = Self::still_valid(course, plan_index, node, known).await {
                course.info(
                    self.id(),
                    crate::msg!(
                        "still-connected",
                        node = label.as_str(),
                        name = session.node_name.as_str()
                    ),
                );
                course.sessions.push(session);
                continue;
            }
            let client = Self::client(course, node, known)?;
            match self.session(course, plan_index, node, client).await {
                Ok(session) => course.sessions.push(session),
                Err(StepError::Api {
                    source: api::Error::CertChanged { .. },
                    ..
                }) => {
                    course.info(
                        self.id(),
                        crate::msg!("cert-known-changed", node = label.as_str()),
                    );
                    return Ok(Check::Ready);
                }
                Err(error) => return Err(error),
            }
        }
        Ok(Check::AlreadyDone)
    }

    /// Connects to the nodes the check did not reach, by the plan's fingerprint, and remembers them.
    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let nodes = course.plan.nodes.clone();
        for (plan_index, node) in nodes.iter().enumerate().skip(course.sessions.len()) {
            let label = node.label();
            course.info(self.id(), crate::msg!("connecting", node = label.as_str()));
            let fresh = match Self::still_valid(course, plan_index, node, node.fingerprint).await {
                Some(session) => Ok(session),
                None => {
                    let client = Self::client(course, node, node.fingerprint)?;
                    self.session(course, plan_index, node, client).await
                }
            };
            let session = match fresh {
                Err(StepError::Api {
                    source: api::Error::CertChanged { seen, .. },
                    ..
                }) if plan_index > 0 => {
                    // Joined since the plan was written: a trusted member must vouch for it.
                    let client = Self::client(course, node, node.fingerprint)?;
                    let client = course
                        .confirm_new_certificate(self.id(), &client, None, seen)
                        .await?;
                    self.session(course, plan_index, node, client).await?
                }
                other => other?,
            };
            course
                .trust(self.id(), &session.client, &session.node_name)
                .await?;
            course.sessions.push(session);
        }
        Ok(())
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        for session in course.connected()? {
            if course
                .options
                .known_nodes
                .fingerprint(session.client.endpoint())
                != Some(session.client.pin())
            {
                return Err(StepError::NotVerified {
                    node: session.label(),
                    what: crate::course::Unverified::Certificate,
                });
            }
        }
        Ok(())
    }
}

//! Step 3: join the other nodes to the cluster (Join Information > Copy Information on the first
//! node; Join Cluster on each other one), re-trust each joined node's new certificate through the
//! first node, and wait for quorum.

use std::time::{Duration, Instant};

use crate::api::{self, JoinClusterParams};
use crate::course::join_info::JoinInformation;
use crate::course::steps::{Step, link_address, report};
use crate::course::{Check, Course, Event, Seen, StepError, StepId};

/// Step 3.
pub struct JoinNodes;

/// How long a joining node may refuse connections while its services restart.
const RESTART_GRACE: Duration = Duration::from_secs(30);

impl JoinNodes {
    /// The join information of the cluster, read from the first node.
    async fn join_information(&self, course: &Course) -> Result<JoinInformation, StepError> {
        let first = course.first_session()?;
        let label = first.label();
        let info = first
            .client
            .cluster_config_join_info()
            .await
            .map_err(|e| StepError::api(&label, e))?;
        JoinInformation::from_join_info(&info).ok_or(StepError::NotVerified {
            node: label,
            what: crate::course::Unverified::JoinInformation,
        })
    }

    /// The plan indices of the nodes that are not members yet.
    async fn pending(&self, course: &Course) -> Result<Vec<usize>, StepError> {
        let mut pending = Vec::new();
        for (index, session) in course.connected()?.iter().enumerate().skip(1) {
            let status = session
                .client
                .cluster_status()
                .await
                .map_err(|e| StepError::api(session.label(), e))?;
            if !status.in_cluster(&course.plan.cluster_name) {
                pending.push(index);
            }
        }
        Ok(pending)
    }

    /// The pending nodes that the first node's corosync.conf lists already: their join stopped
    /// after the member's `addnode` (the node was switched off or cut off halfway), so the
    /// cluster counts their votes but they never come. A join again fails ("can't add existing
    /// node") until the entry is removed.
    async fn half_joined(
        &self,
        course: &Course,
        pending: &[usize],
    ) -> Result<Vec<usize>, StepError> {
        let first = course.first_session()?;
        let listed = first
            .client
            .cluster_config_nodes()
            .await
            .map_err(|e| StepError::api(first.label(), e))?;
        Ok(pending
            .iter()
            .copied()
            .filter(|&index| {
                course
                    .sessions
                    .get(index)
                    .is_some_and(|s| listed.iter().any(|entry| entry.node == s.node_name))
            })
            .collect())
    }

    /// Removes a half-joined node's entry through the first node (`pvecm delnode` over the API),
    /// so that it can join afresh. It needs quorum, which [`Step::check`] made sure of.
    async fn remove_half_joined(&self, course: &Course, index: usize) -> Result<(), StepError> {
        let first = course.first_session()?;
        let first_label = first.label();
        let session = course.sessions.get(index).ok_or(StepError::OutOfOrder {
            needs: StepId::Connect,
        })?;
        course.info(
            self.id(),
            crate::msg!(
                "half-joined-removing",
                node = session.label().as_str(),
                cluster = course.plan.cluster_name.as_str(),
                first = first_label.as_str()
            ),
        );
        first
            .client
            .cluster_config_delete_node(&session.node_name)
            .await
            .map_err(|e| StepError::api(&first_label, e))
    }

    async fn join_one(
        &self,
        course: &mut Course,
        index: usize,
        join: &JoinInformation,
    ) -> Result<(), StepError> {
        let step = self.id();
        let first_node = course
            .plan
            .nodes
            .first()
            .cloned()
            .ok_or(StepError::OutOfOrder {
                needs: StepId::Connect,
            })?;
        // Joining takes the root password of the member joined through, not the joining node's.
        let password = course.password_of(&first_node).await?;
        let session = course.sessions.get(index).ok_or(StepError::OutOfOrder {
            needs: StepId::Connect,
        })?;
        let label = session.label();
        let node_name = session.node_name.clone();
        let params = JoinClusterParams {
            hostname: join.ip_address.clone(),
            fingerprint: join.fingerprint,
            password,
            link0: link_address(&session.client, &node_name).await,
            force: false,
        };
        course.info(
            step,
            crate::msg!(
                "joining",
                node = label.as_str(),
                cluster = course.plan.cluster_name.as_str(),
                member = join.ip_address.as_str()
            ),
        );
        let upid = session
            .client
            .cluster_config_join(&params)
            .await
            .map_err(|e| StepError::api(&label, e))?;

        // The node's certificate and keys change while the task runs: follow it, re-trusting the
        // new certificate only through the first node, and never showing a log line twice.
        let mut lines_shown = 0usize;
        let started = Instant::now();
        loop {
            let session = course.sessions.get(index).ok_or(StepError::OutOfOrder {
                needs: StepId::Connect,
            })?;
            let mut line_number = 0usize;
            let waited = session
                .client
                .wait_task(&upid, &course.options.task_wait, |line| {
                    line_number += 1;
                    if line_number > lines_shown {
                        lines_shown = line_number;
                        course.events.send(Event::TaskLog {
                            step,
                            node: node_name.clone(),
                            line: line.to_owned(),
                        });
                    }
                })
                .await;
            match waited {
                Ok(_) => break,
                Err(api::Error::CertChanged { seen, .. }) => {
                    self.repin(course, index, &node_name, seen).await?
                }
                Err(
                    api::Error::Connect { .. }
                    | api::Error::Refused { .. }
                    | api::Error::Transport { .. },
                ) if started.elapsed() < RESTART_GRACE => {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(other) => return Err(StepError::api(&label, other)),
            }
        }
        // The certificate may change as the task ends: make sure the session still works.
        let session = course.sessions.get(index).ok_or(StepError::OutOfOrder {
            needs: StepId::Connect,
        })?;
        if let Err(api::Error::CertChanged { seen, .. }) = session.client.version().await {
            self.repin(course, index, &node_name, seen).await?;
        }
        course.info(
            step,
            crate::msg!(
                "joined",
                node = label.as_str(),
                cluster = course.plan.cluster_name.as_str()
            ),
        );
        Ok(())
    }

    /// Trusts the joined node's new certificate once the first node vouches for it. The first node
    /// may learn it a moment after the joining node starts serving it, so ask a few times.
    async fn repin(
        &self,
        course: &mut Course,
        index: usize,
        node_name: &str,
        seen: crate::fingerprint::Fingerprint,
    ) -> Result<(), StepError> {
        let deadline = Instant::now() + RESTART_GRACE;
        loop {
            let session = course.sessions.get(index).ok_or(StepError::OutOfOrder {
                needs: StepId::Connect,
            })?;
            match course
                .confirm_new_certificate(self.id(), &session.client, Some(node_name), seen)
                .await
            {
                Ok(client) => {
                    // The join gave the node the cluster's keys, so its old ticket is void: a
                    // fresh login spares a refused call (which PVE answers only after 3 s).
                    if let Some(node) = course.plan.nodes.get(index).cloned() {
                        course.log_in(&client, &node).await?;
                    }
                    course.trust(self.id(), &client, node_name).await?;
                    if let Some(session) = course.sessions.get_mut(index) {
                        session.client = client;
                    }
                    return Ok(());
                }
                Err(error) if Instant::now() >= deadline => return Err(error),
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        }
    }

    /// Waits until the first node sees every planned member online in a quorate cluster.
    async fn wait_for_quorum(&self, course: &Course) -> Result<(), StepError> {
        let sessions = course.connected()?;
        let first = sessions.first().ok_or(StepError::OutOfOrder {
            needs: StepId::Connect,
        })?;
        let deadline = Instant::now() + course.options.quorum_timeout;
        loop {
            let status = first
                .client
                .cluster_status()
                .await
                .map_err(|e| StepError::api(first.label(), e))?;
            let online = status.members.iter().filter(|m| m.online).count();
            let quorate = status
                .cluster
                .as_ref()
                .is_some_and(|c| c.quorate && c.name == course.plan.cluster_name);
            if quorate && online >= course.plan.nodes.len() {
                course.info(
                    self.id(),
                    crate::msg!(
                        "quorate",
                        cluster = course.plan.cluster_name.as_str(),
                        members = online
                    ),
                );
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(StepError::NotVerified {
                    node: first.label(),
                    what: crate::course::Unverified::Quorum,
                });
            }
            tokio::select! {
                () = course.cancel.cancelled() => return Err(StepError::Cancelled),
                () = tokio::time::sleep(Duration::from_millis(250)) => {}
            }
        }
    }
}

impl Step for JoinNodes {
    fn id(&self) -> StepId {
        StepId::JoinNodes
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        let join = self.join_information(course).await?;
        course.events.send(Event::JoinInformation {
            cluster: course.plan.cluster_name.clone(),
            text: join.encode(),
        });
        let pending = self.pending(course).await?;
        let half_joined = self.half_joined(course, &pending).await?;
        if !half_joined.is_empty() {
            // With their votes missing the cluster may have lost quorum, and then nothing can
            // remove them over the API: the teacher lowers the expected votes first.
            let status = course.first_cluster_status().await?;
            if !status.cluster.as_ref().is_some_and(|c| c.quorate) {
                let first = course.first_session()?.label();
                let findings = half_joined
                    .iter()
                    .filter_map(|&index| course.sessions.get(index))
                    .map(|session| {
                        let node = session.label();
                        crate::course::Finding::problem(
                            crate::msg!(
                                "check-half-joined-no-quorum",
                                node = node.as_str(),
                                cluster = course.plan.cluster_name.as_str(),
                                first = first.as_str()
                            ),
                            crate::msg!("fix-half-joined-no-quorum", first = first.as_str()),
                        )
                    })
                    .collect();
                report(course, self.id(), findings)?;
            }
        }
        if pending.is_empty() {
            let status = course.first_cluster_status().await?;
            let quorate = status.cluster.is_some_and(|c| c.quorate);
            if quorate
                && status.members.iter().filter(|m| m.online).count() >= course.plan.nodes.len()
            {
                return Ok(Check::AlreadyDone);
            }
        }
        Ok(Check::Ready)
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let join = self.join_information(course).await?;
        let pending = self.pending(course).await?;
        let half_joined = self.half_joined(course, &pending).await?;
        for index in pending {
            if half_joined.contains(&index) {
                self.remove_half_joined(course, index).await?;
            }
            self.join_one(course, index, &join).await?;
        }
        Ok(())
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        self.wait_for_quorum(course).await?;
        for session in course.connected()? {
            let status = session
                .client
                .cluster_status()
                .await
                .map_err(|e| StepError::api(session.label(), e))?;
            let member = status
                .cluster
                .as_ref()
                .is_some_and(|c| c.quorate && c.name == course.plan.cluster_name);
            if !member {
                return Err(StepError::NotVerified {
                    node: session.label(),
                    what: crate::course::Unverified::Membership,
                });
            }
        }
        Ok(())
    }

    async fn seen(&self, course: &Course) -> Result<Option<Seen>, StepError> {
        Ok(course.cluster_seen().await?.map(Seen::Cluster))
    }
}

//! A connected node, and how a changed certificate is learned through a trusted member.

use std::sync::Arc;

use crate::api::{self, CertificateInfo, Client, Credentials, LoginOutcome};
use crate::course::{Course, PlanNode, StepError, StepId};
use crate::fingerprint::Fingerprint;
use crate::secrets::Secret;

/// A node the course is logged in to.
#[derive(Debug)]
pub struct NodeSession {
    /// Its place in the plan.
    pub plan_index: usize,
    /// The node's own name (its host name), as it reports it.
    pub node_name: String,
    /// The client, pinned to the node's current certificate.
    pub client: Client,
    /// Who it is logged in as.
    pub user: api::Userid,
}

impl NodeSession {
    /// `host:port`, for messages.
    pub fn label(&self) -> String {
        self.client.endpoint().to_string()
    }
}

impl Course {
    /// Takes over the sessions of an earlier course over the same nodes: connecting again
    /// keeps each one still valid instead of logging in anew, so a node that took a TOTP code
    /// is not asked for another (the code typed then has expired).
    pub fn keep_sessions_of(&mut self, earlier: Course) {
        self.earlier_sessions = earlier.sessions;
    }

    /// Asks the secret source off the async threads (a keychain or a prompt may block).
    pub(crate) async fn password_of(&self, node: &PlanNode) -> Result<Secret, StepError> {
        let secrets = Arc::clone(&self.secrets);
        let node_copy = node.clone();
        tokio::task::spawn_blocking(move || secrets.password(&node_copy))
            .await
            .ok()
            .flatten()
            .filter(|secret| !secret.is_empty())
            .ok_or_else(|| StepError::MissingSecret {
                node: node.label(),
                user: node.user.to_string(),
            })
    }

    async fn totp_of(&self, node: &PlanNode) -> Result<String, StepError> {
        let secrets = Arc::clone(&self.secrets);
        let node_copy = node.clone();
        tokio::task::spawn_blocking(move || secrets.totp_code(&node_copy))
            .await
            .ok()
            .flatten()
            .ok_or_else(|| StepError::MissingSecret {
                node: node.label(),
                user: node.user.to_string(),
            })
    }

    /// Logs in to a node's client with the plan's user, answering a TOTP challenge if asked.
    pub(crate) async fn log_in(&self, client: &Client, node: &PlanNode) -> Result<(), StepError> {
        let password = self.password_of(node).await?;
        let credentials = Credentials::Password {
            user: node.user.clone(),
            password,
        };
        let label = node.label();
        match client
            .login(&credentials)
            .await
            .map_err(|e| StepError::api(&label, e))?
        {
            LoginOutcome::LoggedIn => Ok(()),
            LoginOutcome::NeedsTotp(challenge) => {
                if !challenge.totp_offered {
                    return Err(StepError::api(
                        &label,
                        api::Error::TotpRequired {
                            host: label.clone(),
                            user: node.user.to_string(),
                        },
                    ));
                }
                let code = self.totp_of(node).await?;
                client
                    .login_totp(&challenge, &code)
                    .await
                    .map_err(|e| StepError::api(&label, e))
            }
        }
    }

    /// The node's name, from `/cluster/status` (its `local` entry; a standalone node lists only itself).
    pub(crate) async fn node_name_of(client: &Client, label: &str) -> Result<String, StepError> {
        match client.cluster_status().await {
            Ok(status) => {
                if let Some(local) = status.local() {
                    return Ok(local.name.clone());
                }
            }
            // A standalone node whose name resolves to loopback only cannot answer it (step 1
            // says what to fix); its /nodes still lists it alone.
            Err(error)
                if matches!(
                    error.refusal(),
                    Some(crate::api::Refusal::NameUnresolved { .. })
                ) => {}
            Err(error) => return Err(StepError::api(label, error)),
        }
        // Older nodes may not mark the local entry; a standalone node's /nodes lists only itself.
        let nodes = client.nodes().await.map_err(|e| StepError::api(label, e))?;
        match nodes.as_slice() {
            [only] => Ok(only.node.clone()),
            _ => Err(StepError::NotVerified {
                node: label.to_owned(),
                what: crate::course::Unverified::NodeName,
            }),
        }
    }

    /// The fingerprint a trusted, connected member vouches for as `address`'s certificate, and the
    /// member's label. PVE keeps every member's certificate in the cluster file system, so any
    /// member can tell (`/nodes/{node}/certificates/info`).
    pub(crate) async fn vouched_fingerprint(
        &self,
        address: &str,
        node_name: Option<&str>,
    ) -> Option<(Fingerprint, String)> {
        for trusted in &self.sessions {
            let name = match node_name {
                Some(name) => name.to_owned(),
                None => {
                    let Ok(status) = trusted.client.cluster_status().await else {
                        continue;
                    };
                    let Some(member) = status
                        .members
                        .iter()
                        .find(|m| m.ip.as_deref() == Some(address))
                    else {
                        continue;
                    };
                    member.name.clone()
                }
            };
            let Ok(certificates) = trusted.client.node_certificates_info(&name).await else {
                continue;
            };
            if let Some(fingerprint) =
                CertificateInfo::served(&certificates).and_then(|c| c.fingerprint)
            {
                return Some((fingerprint, trusted.label()));
            }
        }
        None
    }

    /// Remembers the certificate `client` trusts as `node_name`'s, so that the next run finds it
    /// trusted already.
    pub(crate) async fn trust(
        &self,
        step: StepId,
        client: &Client,
        node_name: &str,
    ) -> Result<(), StepError> {
        let known = &self.options.known_nodes;
        if known.trust(client.endpoint(), node_name, client.pin()) {
            known.save().await?;
            self.info(
                step,
                crate::msg!(
                    "node-trusted",
                    node = client.endpoint().to_string(),
                    name = node_name,
                    fingerprint = client.pin().to_string()
                ),
            );
        }
        Ok(())
    }

    /// Re-pins a node whose certificate changed, if and only if a trusted member vouches for `seen`.
    pub(crate) async fn confirm_new_certificate(
        &self,
        step: StepId,
        client: &Client,
        node_name: Option<&str>,
        seen: Fingerprint,
    ) -> Result<Client, StepError> {
        let address = client.endpoint().host().to_owned();
        let label = client.endpoint().to_string();
        match self.vouched_fingerprint(&address, node_name).await {
            Some((vouched, by)) if vouched == seen => {
                self.info(
                    step,
                    crate::msg!(
                        "cert-confirmed",
                        node = label.as_str(),
                        fingerprint = seen.to_string(),
                        by = by
                    ),
                );
                client.with_pin(seen).map_err(|e| StepError::api(&label, e))
            }
            _ => Err(StepError::UnconfirmedCertificate { node: label, seen }),
        }
    }
}

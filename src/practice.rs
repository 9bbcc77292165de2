//! The practice lab as the course sees it: a plan for the lab's nodes, and the lab's password.
//!
//! The one place where `lab` and `course` meet; the faces (the CLI's `practice` and `lab
//! --write-plan`, the GUI's "Practice lab") and the tests use it.

use crate::api::Endpoint;
use crate::course::plan::PlanStorage;
use crate::course::{InputError, Plan, PlanNode, SecretSource};
use crate::lab::LabInfo;
use crate::secrets::Secret;

/// The storage ID the course gives the NAS.
pub const NAS_STORAGE_ID: &str = "NAS";

/// A plan for every node of the lab, and its NAS when it has one; the fingerprints come from the
/// lab itself.
pub fn plan_for(info: &LabInfo, cluster_name: &str) -> Result<Plan, InputError> {
    let user: crate::api::Userid = info.user.parse().map_err(|_| InputError::User {
        user: info.user.clone(),
    })?;
    let nodes = info
        .nodes
        .iter()
        .map(|node| {
            let address = node.address.to_string();
            Ok(PlanNode {
                endpoint: Endpoint::new(&address, node.port)
                    .map_err(|_| InputError::Address { address })?,
                fingerprint: node.fingerprint,
                user: user.clone(),
            })
        })
        .collect::<Result<Vec<_>, InputError>>()?;
    let plan = Plan::new(cluster_name, nodes)?;
    match info
        .nas
        .as_ref()
        .and_then(|nas| Some((nas.server, nas.exports.first()?)))
    {
        Some((server, export)) => Ok(plan.with_storage(PlanStorage::new(
            NAS_STORAGE_ID,
            &server.to_string(),
            export,
        )?)),
        None => Ok(plan),
    }
}

/// The lab's root password for every node (a lab started with `--tfa` needs a TOTP source too).
pub struct LabSecrets {
    password: Secret,
}

impl LabSecrets {
    /// The password the lab gave.
    pub fn new(info: &LabInfo) -> Self {
        Self {
            password: Secret::new(info.password.clone()),
        }
    }
}

impl SecretSource for LabSecrets {
    fn password(&self, _node: &PlanNode) -> Option<Secret> {
        Some(self.password.clone())
    }

    fn totp_code(&self, _node: &PlanNode) -> Option<String> {
        None
    }
}

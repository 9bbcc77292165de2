//! The nodes as typed on the connect page, and where each one's certificate stands.

use crate::api::{DEFAULT_PORT, Endpoint, Userid};
use crate::course::{InputError, PlanNode};
use crate::fingerprint::Fingerprint;
use crate::i18n::Message;
use crate::ui::vault::account_of;

/// Where a node's certificate stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Trust {
    /// Not looked at yet.
    Unknown,
    /// Being fetched.
    Probing,
    /// Fetched: the teacher must compare it, then confirm.
    Seen {
        fingerprint: Fingerprint,
        confirmed: bool,
    },
    /// In the list of trusted nodes already.
    Known(Fingerprint),
    /// Could not be fetched.
    Failed(Message),
}

/// One node as typed on the connect page.
pub(crate) struct NodeForm {
    pub address: String,
    pub user: String,
    /// Typed here; handed to the vault on Apply (never saved anywhere else).
    pub password: String,
    pub remember: bool,
    pub totp: String,
    pub trust: Trust,
    /// What the practice lab says its certificate is, to compare with.
    pub lab_fingerprint: Option<Fingerprint>,
}

impl NodeForm {
    pub(crate) fn new(address: String, user: String) -> Self {
        Self {
            address,
            user,
            password: String::new(),
            remember: false,
            totp: String::new(),
            trust: Trust::Unknown,
            lab_fingerprint: None,
        }
    }

    pub(crate) fn endpoint(&self) -> Result<Endpoint, InputError> {
        let address = self.address.trim();
        Endpoint::new(address, DEFAULT_PORT).map_err(|_| InputError::Address {
            address: address.to_owned(),
        })
    }

    pub(crate) fn userid(&self) -> Result<Userid, InputError> {
        let user = self.user.trim();
        user.parse().map_err(|_| InputError::User {
            user: user.to_owned(),
        })
    }

    /// The fingerprint to trust, once confirmed.
    pub(crate) fn trusted_fingerprint(&self) -> Option<Fingerprint> {
        match &self.trust {
            Trust::Seen {
                fingerprint,
                confirmed: true,
            }
            | Trust::Known(fingerprint) => Some(*fingerprint),
            _ => None,
        }
    }

    /// The keychain account, when address and user are valid.
    pub(crate) fn account(&self) -> Option<String> {
        Some(account_of(&PlanNode {
            endpoint: self.endpoint().ok()?,
            fingerprint: Fingerprint::of_der(&[]),
            user: self.userid().ok()?,
        }))
    }
}

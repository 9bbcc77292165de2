//! Where the window keeps the passwords typed on the connect page: in memory, and in the OS
//! keychain when the teacher asks and one is usable.
//!
//! Whether a keychain is usable is decided on the first operation that fails (no session bus,
//! or a locked or missing collection), not at start-up; from then on everything stays in memory.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::course::{PlanNode, SecretSource};
use crate::secrets::{Secret, keychain_account, keychain_forget, keychain_read, keychain_store};

/// The keychain account of a node's login.
pub(crate) fn account_of(node: &PlanNode) -> String {
    keychain_account(
        node.user.as_str(),
        node.endpoint.host(),
        node.endpoint.port(),
    )
}

#[derive(Default)]
struct State {
    passwords: HashMap<String, Secret>,
    totp_codes: HashMap<String, String>,
    /// Accounts whose node asked for a TOTP code that the page did not have.
    totp_asked: HashSet<String>,
    keychain_usable: bool,
}

/// Passwords (and TOTP codes) for the course; shared by the page and the engine.
pub(crate) struct Vault {
    state: Mutex<State>,
}

impl Vault {
    /// A vault that tries the system keychain when `keychain` is set.
    pub(crate) fn new(keychain: bool) -> Self {
        Self {
            state: Mutex::new(State {
                keychain_usable: keychain,
                ..State::default()
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Never held across a call that may panic; a poisoned lock still holds good data.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The password typed for `account`, for this session (an empty field removes it).
    pub(crate) fn set_password(&self, account: String, password: &str) {
        let mut state = self.state();
        if password.is_empty() {
            state.passwords.remove(&account);
        } else {
            state.passwords.insert(account, Secret::new(password));
        }
    }

    /// The TOTP code typed for `account` (an empty field removes it).
    pub(crate) fn set_totp(&self, account: String, code: &str) {
        let mut state = self.state();
        let code = code.trim();
        if code.is_empty() {
            state.totp_codes.remove(&account);
        } else {
            state.totp_codes.insert(account, code.to_owned());
        }
    }

    /// Whether the node of `account` asked for a TOTP code.
    pub(crate) fn totp_asked(&self, account: &str) -> bool {
        self.state().totp_asked.contains(account)
    }

    /// Whether the keychain is (still) worth using.
    pub(crate) fn keychain_usable(&self) -> bool {
        self.state().keychain_usable
    }

    fn keychain_failed(&self, error: &crate::secrets::KeychainError) {
        tracing::info!(%error, "no usable keychain: passwords stay in memory");
        self.state().keychain_usable = false;
    }

    /// Stores the passwords in the keychain. Blocking (D-Bus): call it off the UI thread.
    /// Returns the accounts stored; stops at the first failure, which makes the keychain unusable.
    pub(crate) fn remember(&self, accounts: &[String]) -> Vec<String> {
        let mut stored = Vec::new();
        for account in accounts {
            let Some(password) = self.state().passwords.get(account).cloned() else {
                continue;
            };
            if !self.keychain_usable() {
                break;
            }
            match keychain_store(account, &password) {
                Ok(()) => stored.push(account.clone()),
                Err(error) => self.keychain_failed(&error),
            }
        }
        stored
    }

    /// Forgets the password of `account` here and in the keychain. Blocking, like [`Self::remember`].
    pub(crate) fn forget(&self, account: &str) {
        self.state().passwords.remove(account);
        if self.keychain_usable()
            && let Err(error) = keychain_forget(account)
        {
            self.keychain_failed(&error);
        }
    }
}

impl SecretSource for Vault {
    fn password(&self, node: &PlanNode) -> Option<Secret> {
        let account = account_of(node);
        if let Some(password) = self.state().passwords.get(&account) {
            return Some(password.clone());
        }
        if !self.keychain_usable() {
            return None;
        }
        // The lock is not held while the keychain answers (it may take a while, or prompt).
        match keychain_read(&account) {
            Ok(found) => found,
            Err(error) => {
                self.keychain_failed(&error);
                None
            }
        }
    }

    fn totp_code(&self, node: &PlanNode) -> Option<String> {
        let account = account_of(node);
        let mut state = self.state();
        let code = state.totp_codes.get(&account).cloned();
        if code.is_none() {
            state.totp_asked.insert(account);
        }
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node() -> PlanNode {
        PlanNode {
            endpoint: crate::api::Endpoint::new("10.0.0.1", 8006).unwrap(),
            fingerprint: crate::fingerprint::Fingerprint::of_der(b"x"),
            user: "root@pam".parse().unwrap(),
        }
    }

    #[test]
    fn memory_only_vault_answers_what_was_typed_and_notes_totp_requests() {
        let vault = Vault::new(false);
        let account = account_of(&node());
        assert_eq!(vault.password(&node()), None);
        vault.set_password(account.clone(), "s3cret");
        assert_eq!(
            vault.password(&node()).map(|s| s.expose().to_owned()),
            Some("s3cret".to_owned())
        );
        assert!(!vault.totp_asked(&account));
        assert_eq!(vault.totp_code(&node()), None);
        assert!(vault.totp_asked(&account), "the request should be noted");
        vault.set_totp(account.clone(), " 123456 ");
        assert_eq!(vault.totp_code(&node()).as_deref(), Some("123456"));
        assert!(
            vault.remember(&[account]).is_empty(),
            "no keychain, nothing stored"
        );
    }

    // The tests below need a given D-Bus session: `scripts/keychain-tests.sh` runs each in its own.

    /// A node with an address of its own, so that runs never share a keychain entry.
    fn unique_node() -> PlanNode {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        PlanNode {
            endpoint: crate::api::Endpoint::new(&format!("10.{}.0.1", nanos % 250), 8006).unwrap(),
            ..node()
        }
    }

    #[test]
    #[ignore = "needs an unlocked Secret Service: scripts/keychain-tests.sh"]
    fn keychain_keeps_a_password_between_runs_and_forgets_it() {
        let node = unique_node();
        let account = account_of(&node);
        let vault = Vault::new(true);
        vault.set_password(account.clone(), "s3cret");
        let stored = vault.remember(std::slice::from_ref(&account));
        assert_eq!(stored, std::slice::from_ref(&account));
        assert!(vault.keychain_usable());

        let next_run = Vault::new(true);
        assert_eq!(
            next_run.password(&node).map(|s| s.expose().to_owned()),
            Some("s3cret".to_owned()),
            "a new window should find the stored password"
        );
        next_run.forget(&account);
        assert_eq!(Vault::new(true).password(&node), None, "forgotten");
        assert!(next_run.keychain_usable());
    }

    #[test]
    #[ignore = "needs no session bus, or a keyring without an unlocked collection: scripts/keychain-tests.sh"]
    fn unusable_keychain_falls_back_to_memory_on_the_first_failure() {
        let node = unique_node();
        let account = account_of(&node);
        let vault = Vault::new(true);
        vault.set_password(account.clone(), "s3cret");
        assert!(
            vault.remember(&[account]).is_empty(),
            "nothing can be stored"
        );
        assert!(!vault.keychain_usable(), "decided on the first failure");
        assert_eq!(
            vault.password(&node).map(|s| s.expose().to_owned()),
            Some("s3cret".to_owned()),
            "the password stays in memory"
        );
    }
}

//! Where the window keeps the passwords typed on the connect page: in memory, and in the OS
//! keychain when the teacher asks and one is usable.
//!
//! A keychain found unusable (no service, no wallet yet, a wallet left locked) is skipped by the
//! lookups that follow, so a missing KDE Wallet is not started and waited for at every node; the
//! teacher's own actions (remember, forget, try again) always try it anew, and the first success
//! clears the problem. Nothing decided once sticks for the life of the window.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::course::{PlanNode, SecretSource};
use crate::secrets::{
    KeychainError, Secret, keychain_account, keychain_check, keychain_forget, keychain_read,
    keychain_store,
};

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
    /// Whether the teacher lets the window use the keychain at all.
    keychain_wanted: bool,
    /// Why the keychain was last found unusable; `None` once it answers.
    keychain_problem: Option<KeychainError>,
}

/// Passwords (and TOTP codes) for the course; shared by the page and the engine.
pub(crate) struct Vault {
    state: Mutex<State>,
}

/// What the window shows of the vault: why the keychain is not used, and the accounts whose
/// node asked for a TOTP code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct VaultView {
    pub keychain_problem: Option<KeychainError>,
    pub totp_asked: std::collections::BTreeSet<String>,
}

impl Vault {
    /// A vault that tries the system keychain when `keychain` is set.
    pub(crate) fn new(keychain: bool) -> Self {
        Self {
            state: Mutex::new(State {
                keychain_wanted: keychain,
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

    /// Whether the keychain is worth using: wanted, and not found unusable since its last success.
    pub(crate) fn keychain_usable(&self) -> bool {
        let state = self.state();
        state.keychain_wanted && state.keychain_problem.is_none()
    }

    /// What the window shows of it.
    pub(crate) fn view(&self) -> VaultView {
        let state = self.state();
        VaultView {
            keychain_problem: state.keychain_problem.clone(),
            totp_asked: state.totp_asked.iter().cloned().collect(),
        }
    }

    /// Notes how a keychain operation went; the lock is taken only after it answered.
    fn keychain_answered<T>(&self, result: Result<T, KeychainError>) -> Option<T> {
        let mut state = self.state();
        match result {
            Ok(value) => {
                state.keychain_problem = None;
                Some(value)
            }
            Err(error) => {
                tracing::info!(%error, "no usable keychain: passwords stay in memory");
                state.keychain_problem = Some(error);
                None
            }
        }
    }

    /// Tries the keychain again (starting KDE Wallet, asking for the wallet's password if it is
    /// locked), as the teacher asked. Blocking (D-Bus): call it off the UI thread.
    pub(crate) fn check_keychain(&self) {
        if self.state().keychain_wanted {
            self.keychain_answered(keychain_check());
        }
    }

    /// Stores the passwords in the keychain, trying it anew. Blocking, like [`Self::check_keychain`].
    /// Returns the accounts stored; stops at the first failure, which is noted for the page.
    pub(crate) fn remember(&self, accounts: &[String]) -> Vec<String> {
        let mut stored = Vec::new();
        if !self.state().keychain_wanted {
            return stored;
        }
        for account in accounts {
            let Some(password) = self.state().passwords.get(account).cloned() else {
                continue;
            };
            match self.keychain_answered(keychain_store(account, &password)) {
                Some(()) => stored.push(account.clone()),
                None => break,
            }
        }
        stored
    }

    /// Forgets the password of `account` here and in the keychain. Blocking, like [`Self::remember`].
    pub(crate) fn forget(&self, account: &str) {
        let wanted = {
            let mut state = self.state();
            state.passwords.remove(account);
            state.keychain_wanted
        };
        if wanted {
            self.keychain_answered(keychain_forget(account));
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
        self.keychain_answered(keychain_read(&account)).flatten()
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
        assert!(!vault.view().totp_asked.contains(&account));
        assert_eq!(vault.totp_code(&node()), None);
        assert!(
            vault.view().totp_asked.contains(&account),
            "the request should be noted"
        );
        vault.set_totp(account.clone(), " 123456 ");
        assert_eq!(vault.totp_code(&node()).as_deref(), Some("123456"));
        assert!(
            vault.remember(&[account]).is_empty(),
            "no keychain, nothing stored"
        );
    }

    // The tests below need a given D-Bus session: `scripts/keychain-tests.sh` runs each in its own,
    // and tells them by environment what to expect there.

    /// A node with an address of its own, so that runs never share a keychain entry; or the one
    /// the script names, for a test that finds what an earlier run stored.
    fn test_node() -> PlanNode {
        let host = std::env::var("KEYCHAIN_TEST_HOST").unwrap_or_else(|_| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos();
            format!("10.{}.0.1", nanos % 250)
        });
        PlanNode {
            endpoint: crate::api::Endpoint::new(&host, 8006).unwrap(),
            ..node()
        }
    }

    fn password_of(vault: &Vault, node: &PlanNode) -> Option<String> {
        vault.password(node).map(|s| s.expose().to_owned())
    }

    #[test]
    #[ignore = "needs an unlocked Secret Service: scripts/keychain-tests.sh"]
    fn keychain_keeps_a_password_between_runs_and_forgets_it() {
        let node = test_node();
        let account = account_of(&node);
        let vault = Vault::new(true);
        vault.set_password(account.clone(), "s3cret");
        let stored = vault.remember(std::slice::from_ref(&account));
        assert_eq!(stored, std::slice::from_ref(&account));
        assert_eq!(vault.view().keychain_problem, None);

        let next_run = Vault::new(true);
        assert_eq!(
            password_of(&next_run, &node).as_deref(),
            Some("s3cret"),
            "a new window should find the stored password"
        );
        next_run.forget(&account);
        assert_eq!(Vault::new(true).password(&node), None, "forgotten");
        assert!(next_run.keychain_usable());
    }

    #[test]
    #[ignore = "needs an unlocked Secret Service and KEYCHAIN_TEST_HOST: scripts/keychain-tests.sh"]
    fn keychain_stores_a_password_for_a_later_run() {
        let node = test_node();
        let vault = Vault::new(true);
        vault.set_password(account_of(&node), "kept across a restart");
        assert_eq!(vault.remember(&[account_of(&node)]).len(), 1);
        assert_eq!(vault.view().keychain_problem, None);
    }

    #[test]
    #[ignore = "needs the keychain of keychain_stores_a_password_for_a_later_run, restarted"]
    fn keychain_finds_the_password_of_an_earlier_run_and_forgets_it() {
        let node = test_node();
        let vault = Vault::new(true);
        assert_eq!(
            password_of(&vault, &node).as_deref(),
            Some("kept across a restart")
        );
        vault.forget(&account_of(&node));
        assert_eq!(vault.view().keychain_problem, None);
        assert_eq!(Vault::new(true).password(&node), None, "forgotten");
    }

    /// What the script says this session's keychain lacks.
    fn expected_problem() -> KeychainError {
        match std::env::var("KEYCHAIN_EXPECT").as_deref() {
            Ok("no-bus") => KeychainError::NoBus,
            Ok("no-service") => KeychainError::NoService,
            Ok("no-wallet") => KeychainError::NoWallet { kwallet: false },
            Ok("no-wallet-kwallet") => KeychainError::NoWallet { kwallet: true },
            Ok("locked") => KeychainError::Locked { kwallet: false },
            other => panic!("KEYCHAIN_EXPECT should name the problem, not {other:?}"),
        }
    }

    #[test]
    #[ignore = "needs an unusable keychain and KEYCHAIN_EXPECT: scripts/keychain-tests.sh"]
    fn unusable_keychain_falls_back_to_memory_and_says_why() {
        let node = test_node();
        let account = account_of(&node);
        let vault = Vault::new(true);
        vault.set_password(account.clone(), "s3cret");
        assert!(
            vault.remember(&[account]).is_empty(),
            "nothing can be stored"
        );
        assert_eq!(vault.view().keychain_problem, Some(expected_problem()));
        assert!(!vault.keychain_usable());
        assert_eq!(
            password_of(&vault, &node).as_deref(),
            Some("s3cret"),
            "the password stays in memory"
        );
    }

    #[test]
    #[ignore = "needs a bus whose KDE Wallet is installed later: scripts/keychain-tests.sh"]
    fn a_keychain_missing_at_first_is_used_once_it_is_there() {
        let vault = Vault::new(true);
        vault.check_keychain();
        assert_eq!(
            vault.view().keychain_problem,
            Some(KeychainError::NoService)
        );
        // KDE Wallet installed while the window is open: the bus reads its service files again
        // when asked for a name it does not know.
        let service = std::env::var("KEYCHAIN_LATE_SERVICE").unwrap();
        let directory = std::env::var("KEYCHAIN_SERVICE_DIR").unwrap();
        let name = std::path::Path::new(&service).file_name().unwrap();
        std::fs::copy(&service, std::path::Path::new(&directory).join(name)).unwrap();
        vault.check_keychain();
        assert_eq!(vault.view().keychain_problem, None, "tried anew, and found");
        let node = test_node();
        vault.set_password(account_of(&node), "s3cret");
        assert_eq!(vault.remember(&[account_of(&node)]).len(), 1);
        vault.forget(&account_of(&node));
    }
}

//! Secrets: a type that cannot be printed, and the OS keychain that keeps them between runs.
//!
//! Passwords and API token secrets live only here (and in the keychain), never in a config file,
//! a log line, an error message or a panic.

use std::fmt;

/// A password or token secret. It prints as `***`, cannot be serialised, and error types never hold one.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret is empty (an empty password is never worth sending).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The keychain service name under which every secret of the app is stored.
pub const KEYCHAIN_SERVICE: &str = "pve-ha-wizard";

/// Why the keychain could not be used. It never carries the secret itself.
#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// No Secret Service (no session bus, or no keyring daemon); the app keeps secrets in memory only.
    #[error("no keychain is available: {0}")]
    Unavailable(String),
}

/// The keychain account of a node's login: `root@pam@192.168.1.11:8006`.
pub fn keychain_account(user: &str, host: &str, port: u16) -> String {
    format!("{user}@{host}:{port}")
}

/// Reads a stored secret. `Ok(None)` when nothing is stored for the account.
///
/// Blocking (it talks D-Bus): call it from `spawn_blocking`, never from a UI frame.
pub fn keychain_read(account: &str) -> Result<Option<Secret>, KeychainError> {
    let entry = keyring::Entry::new(KEYCHAIN_SERVICE, account)
        .map_err(|e| KeychainError::Unavailable(e.to_string()))?;
    match entry.get_password() {
        Ok(value) => Ok(Some(Secret::new(value))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(KeychainError::Unavailable(e.to_string())),
    }
}

/// Stores a secret for the account, replacing any earlier one. Blocking, like [`keychain_read`].
pub fn keychain_store(account: &str, secret: &Secret) -> Result<(), KeychainError> {
    keyring::Entry::new(KEYCHAIN_SERVICE, account)
        .and_then(|entry| entry.set_password(secret.expose()))
        .map_err(|e| KeychainError::Unavailable(e.to_string()))
}

/// Forgets the secret stored for the account; forgetting nothing is not an error. Blocking.
pub fn keychain_forget(account: &str) -> Result<(), KeychainError> {
    let entry = keyring::Entry::new(KEYCHAIN_SERVICE, account)
        .map_err(|e| KeychainError::Unavailable(e.to_string()))?;
    match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(KeychainError::Unavailable(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints_its_value() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret} {secret:?}"), "*** ***");
        assert_eq!(secret.expose(), "hunter2");
    }
}

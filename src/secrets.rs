//! Secrets: a type that cannot be printed, and the OS keychain that keeps them between runs.
//!
//! Passwords and API token secrets live only here (and in the keychain), never in a config file,
//! a log line, an error message or a panic.

use std::fmt;

mod keychain;

pub use keychain::{KeychainError, keychain_check, keychain_forget, keychain_read, keychain_store};

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

/// The keychain account of a node's login: `root@pam@192.168.1.11:8006`.
pub fn keychain_account(user: &str, host: &str, port: u16) -> String {
    format!("{user}@{host}:{port}")
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

//! Where the command line finds passwords: the OS keychain, else `PVE_PASSWORD`, else a prompt on
//! the terminal. Never the plan, never an argument (arguments show in `ps`), never printed.

use std::collections::HashMap;
use std::io::IsTerminal as _;
use std::sync::Mutex;

use crate::course::{PlanNode, SecretSource};
use crate::i18n::{Language, Translator};
use crate::secrets::{Secret, keychain_account, keychain_read};

/// Passwords for `run --plan`.
pub struct CliSecrets {
    env_password: Option<Secret>,
    env_totp: Option<String>,
    /// Set when standard input is a terminal: the language to ask in.
    prompt_language: Option<Language>,
    /// Asked once per node, not once per login.
    cache: Mutex<HashMap<String, Secret>>,
}

impl CliSecrets {
    /// Reads the environment; prompts only when standard input is a terminal.
    pub fn from_environment(tr: &Translator) -> Self {
        let env_password = std::env::var("PVE_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty())
            .map(Secret::new);
        let env_totp = std::env::var("PVE_TOTP").ok().filter(|c| !c.is_empty());
        let prompt_language = std::io::stdin().is_terminal().then(|| tr.language());
        Self {
            env_password,
            env_totp,
            prompt_language,
            cache: Mutex::new(HashMap::new()),
        }
    }
}

impl SecretSource for CliSecrets {
    fn password(&self, node: &PlanNode) -> Option<Secret> {
        let account = keychain_account(
            node.user.as_str(),
            node.endpoint.host(),
            node.endpoint.port(),
        );
        if let Some(cached) = self.cache.lock().ok()?.get(&account) {
            return Some(cached.clone());
        }
        let found = match keychain_read(&account) {
            Ok(Some(secret)) => Some(secret),
            Ok(None) => None,
            Err(error) => {
                tracing::debug!(%error, "keychain not used");
                None
            }
        }
        .or_else(|| self.env_password.clone())
        .or_else(|| {
            let tr = Translator::new(self.prompt_language?);
            let question = tr.tr(&crate::msg!(
                "prompt-password",
                user = node.user.as_str(),
                node = node.label()
            ));
            rpassword::prompt_password(question)
                .ok()
                .filter(|p| !p.is_empty())
                .map(Secret::new)
        })?;
        self.cache.lock().ok()?.insert(account, found.clone());
        Some(found)
    }

    fn totp_code(&self, node: &PlanNode) -> Option<String> {
        if let Some(code) = &self.env_totp {
            return Some(code.clone());
        }
        let tr = Translator::new(self.prompt_language?);
        let question = tr.tr(&crate::msg!(
            "prompt-totp",
            user = node.user.as_str(),
            node = node.label()
        ));
        rpassword::prompt_password(question)
            .ok()
            .map(|code| code.trim().to_owned())
    }
}

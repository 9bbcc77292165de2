//! The OS keychain: the freedesktop.org Secret Service on the session bus, as KDE Wallet (LliureX,
//! any Plasma desktop) and GNOME Keyring provide it.
//!
//! Each operation connects anew, so no failure sticks for the life of the process: a wallet
//! unlocked or a KDE Wallet started in the meantime is used on the next try. KDE Wallet owns
//! `org.freedesktop.secrets` only while its daemon runs, and is not D-Bus activatable under that
//! name: when nobody owns it, KDE Wallet is started by its own names and waited for. A missing
//! default wallet is never created here (KDE Wallet would open its new-wallet wizard on a guest's
//! desktop): it is reported, and the page says how to make one.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use secret_service::EncryptionType;
use secret_service::blocking::{Collection, SecretService};
use zbus::blocking::Connection;
use zbus::blocking::fdo::DBusProxy;
use zbus::names::{BusName, WellKnownName};

use super::{KEYCHAIN_SERVICE, Secret};

/// The Secret Service's well-known name.
const SECRETS_NAME: &str = "org.freedesktop.secrets";

/// KDE Wallet's own D-Bus names, newest first. ksecretd (KDE Frameworks ≥ 6.14) is activatable as
/// `org.kde.secretservicecompat` and registers the Secret Service beside it
/// (KDE/kwallet src/runtime/ksecretd/kwalletfreedesktopservice.cpp); kwalletd6 and kwalletd5
/// register it while starting, after their own name, unless `apiEnabled` is off in `kwalletrc`
/// (src/runtime/kwalletd/kwalletd.cpp, kwalletfreedesktopservice.cpp).
const KWALLET_NAMES: [&str; 3] = [
    "org.kde.secretservicecompat",
    "org.kde.kwalletd6",
    "org.kde.kwalletd5",
];

/// How long a started KDE Wallet may take to register the Secret Service (it reads its wallets
/// first); past it the keychain counts as missing, for this try only.
const START_TIMEOUT: Duration = Duration::from_secs(10);
const START_POLL: Duration = Duration::from_millis(50);

/// Why the keychain could not be used. It never carries the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    /// No session bus: a text console, a remote shell, a session without a desktop.
    #[error("there is no D-Bus session bus")]
    NoBus,
    /// Nothing answers as a Secret Service, and no KDE Wallet could be started.
    #[error("no keychain service runs (neither KDE Wallet nor GNOME Keyring)")]
    NoService,
    /// The service has no default collection: KDE Wallet without a wallet yet, or a keyring
    /// without a default one (a guest or student session, a new account).
    #[error("the keychain has no default wallet")]
    NoWallet {
        /// Whether the service is KDE Wallet (the fix differs).
        kwallet: bool,
    },
    /// The default wallet is locked and stayed so: its password was not given.
    #[error("the keychain's wallet is locked")]
    Locked {
        /// Whether the service is KDE Wallet.
        kwallet: bool,
    },
    /// Anything else the service answered.
    #[error("the keychain failed: {0}")]
    Failed(String),
}

/// Reads the secret stored for `account`. `Ok(None)` when nothing is stored.
///
/// Blocking (D-Bus, and maybe the wallet's own password prompt): call it from `spawn_blocking`,
/// never from a UI frame.
pub fn keychain_read(account: &str) -> Result<Option<Secret>, KeychainError> {
    with_wallet(|wallet| {
        let Some(item) = wallet.search_items(attributes(account))?.into_iter().next() else {
            return Ok(None);
        };
        let bytes = item.get_secret()?;
        // An empty secret is never worth sending (KDE Wallet answers one for an entry it lost).
        Ok(String::from_utf8(bytes)
            .ok()
            .map(Secret::new)
            .filter(|secret| !secret.is_empty()))
    })
}

/// Stores a secret for `account`, replacing any earlier one. Blocking, like [`keychain_read`].
pub fn keychain_store(account: &str, secret: &Secret) -> Result<(), KeychainError> {
    with_wallet(|wallet| {
        let label = format!("{KEYCHAIN_SERVICE}: {account}");
        // `text/plain` makes KDE Wallet keep it as a password (kwalletfreedesktopcollection.cpp).
        wallet.create_item(
            &label,
            attributes(account),
            secret.expose().as_bytes(),
            true,
            "text/plain",
        )?;
        Ok(())
    })
}

/// Forgets what is stored for `account`; forgetting nothing is not an error. Blocking.
pub fn keychain_forget(account: &str) -> Result<(), KeychainError> {
    with_wallet(|wallet| {
        for item in wallet.search_items(attributes(account))? {
            item.delete()?;
        }
        Ok(())
    })
}

/// Whether the keychain can be used now: a service runs (KDE Wallet started if need be) and its
/// default wallet is open, after asking for its password when it is locked. Blocking.
pub fn keychain_check() -> Result<(), KeychainError> {
    with_wallet(|_| Ok(()))
}

/// The attributes an entry is found by; the same as keyring 4's Secret Service store wrote, so
/// passwords remembered by earlier versions are still found.
fn attributes(account: &str) -> HashMap<&str, &str> {
    HashMap::from([("service", KEYCHAIN_SERVICE), ("username", account)])
}

/// Runs `f` on the default wallet, unlocked.
fn with_wallet<T>(
    f: impl FnOnce(&Collection<'_>) -> Result<T, secret_service::Error>,
) -> Result<T, KeychainError> {
    let bus = Connection::session().map_err(|_| KeychainError::NoBus)?;
    let kwallet = ensure_service(&bus)?;
    // Diffie-Hellman first, as libsecret does; KDE Wallet refuses it without QCA's OpenSSL plugin,
    // and the session bus is local to this user, so a plain session is then acceptable.
    let service = SecretService::connect_with_existing(EncryptionType::Dh, bus.clone())
        .or_else(|_| SecretService::connect_with_existing(EncryptionType::Plain, bus))
        .map_err(|e| failed(&e))?;
    let wallet = service.get_default_collection().map_err(|e| match e {
        secret_service::Error::NoResult => KeychainError::NoWallet { kwallet },
        e => failed(&e),
    })?;
    // KDE Wallet shows even a wallet opened at login as locked until a client unlocks it; that
    // unlock then answers at once, without a dialog (kwalletfreedesktopservice.cpp, Unlock).
    if wallet.is_locked().map_err(|e| failed(&e))? {
        wallet.unlock().map_err(|e| match e {
            secret_service::Error::Prompt | secret_service::Error::Locked => {
                KeychainError::Locked { kwallet }
            }
            e => failed(&e),
        })?;
    }
    f(&wallet).map_err(|e| match e {
        secret_service::Error::Locked | secret_service::Error::Prompt => {
            KeychainError::Locked { kwallet }
        }
        e => failed(&e),
    })
}

fn failed(error: &secret_service::Error) -> KeychainError {
    KeychainError::Failed(error.to_string())
}

/// Makes sure someone owns the Secret Service name, starting KDE Wallet when nobody does and the
/// name is not activatable. Returns whether the service is KDE Wallet's.
fn ensure_service(bus: &Connection) -> Result<bool, KeychainError> {
    let dbus = DBusProxy::new(bus).map_err(|_| KeychainError::NoBus)?;
    let secrets =
        BusName::try_from(SECRETS_NAME).map_err(|e| KeychainError::Failed(e.to_string()))?;
    let owned = |dbus: &DBusProxy<'_>| dbus.name_has_owner(secrets.clone()).unwrap_or(false);
    if !owned(&dbus) {
        let activatable = dbus
            .list_activatable_names()
            .map(|names| names.iter().any(|name| name.as_str() == SECRETS_NAME))
            .unwrap_or(false);
        // An activatable service (GNOME Keyring) starts on the first call by itself.
        if !activatable {
            start_kwallet(&dbus)?;
            let deadline = Instant::now() + START_TIMEOUT;
            while !owned(&dbus) {
                if Instant::now() >= deadline {
                    return Err(KeychainError::NoService);
                }
                std::thread::sleep(START_POLL);
            }
        }
    }
    Ok(is_kwallet(&dbus, &secrets))
}

/// Starts the first KDE Wallet daemon the bus knows of.
fn start_kwallet(dbus: &DBusProxy<'_>) -> Result<(), KeychainError> {
    for name in KWALLET_NAMES {
        let Ok(name) = WellKnownName::try_from(name) else {
            continue;
        };
        match dbus.start_service_by_name(name.clone(), 0) {
            Ok(_) => {
                tracing::debug!(%name, "KDE Wallet started for the keychain");
                return Ok(());
            }
            Err(error) => tracing::debug!(%name, %error, "not started"),
        }
    }
    Err(KeychainError::NoService)
}

/// Whether the Secret Service's owner is a KDE Wallet daemon (the same connection owns both names).
fn is_kwallet(dbus: &DBusProxy<'_>, secrets: &BusName<'_>) -> bool {
    let Ok(owner) = dbus.get_name_owner(secrets.clone()) else {
        return false;
    };
    KWALLET_NAMES.iter().any(|name| {
        BusName::try_from(*name)
            .ok()
            .and_then(|name| dbus.get_name_owner(name).ok())
            .is_some_and(|kwallet| kwallet == owner)
    })
}

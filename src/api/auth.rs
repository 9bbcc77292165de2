//! Authentication as data: who logs in, and the login flow as pure functions.
//!
//! `POST /access/ticket` is built by [`login_form`] and its answer read by [`parse_login`], so the
//! whole flow (password, TOTP second factor, renewal) is tested without a socket.

use std::fmt;
use std::str::FromStr;
use std::time::Instant;

use serde::Deserialize;

use crate::secrets::Secret;

/// A Proxmox VE user id: `name@realm`, e.g. `root@pam`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Userid(String);

/// Why a user id was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a user of the form name@realm (for example root@pam)")]
pub struct UseridError(pub String);

impl FromStr for Userid {
    type Err = UseridError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // PVE's pve-userid: a name without ':' or '/', then '@' and a realm id.
        let valid = text.rsplit_once('@').is_some_and(|(name, realm)| {
            !name.is_empty()
                && name.len() <= 60
                && !name.contains([':', '/', '!'])
                && name.chars().all(|c| !c.is_control())
                && realm.len() >= 2
                && realm.len() <= 32
                && realm
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(UseridError(text.to_owned()))
        }
    }
}

impl TryFrom<String> for Userid {
    type Error = UseridError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Userid> for String {
    fn from(user: Userid) -> Self {
        user.0
    }
}

impl fmt::Display for Userid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Userid {
    /// The id as PVE writes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a client proves who it is.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// A user and password; the client trades them for a ticket.
    Password {
        /// The user.
        user: Userid,
        /// The password.
        password: Secret,
    },
    /// An API token: `user!token_name` and its secret. No ticket, no CSRF token.
    Token {
        /// The token's owner.
        user: Userid,
        /// The token's name (the part after `!`).
        token_name: String,
        /// The token's secret value.
        secret: Secret,
    },
}

impl Credentials {
    /// The user these credentials belong to.
    pub fn user(&self) -> &Userid {
        match self {
            Self::Password { user, .. } | Self::Token { user, .. } => user,
        }
    }
}

/// A session ticket, with the CSRF token that must go with every write.
#[derive(Clone, Debug)]
pub struct Ticket {
    /// The ticket itself: a bearer credential.
    pub(crate) ticket: Secret,
    /// The CSRF prevention token of the session.
    pub(crate) csrf: Secret,
    /// The cluster's name, when the node is in one (and the user may see it).
    pub clustername: Option<String>,
    /// When the ticket was obtained (its lifetime is two hours).
    pub(crate) obtained: Instant,
}

/// A second factor the node asks for.
#[derive(Clone, Debug)]
pub struct TfaChallenge {
    pub(crate) username: String,
    /// The half-ticket the node signed; only good for the second step.
    pub(crate) challenge: Secret,
    /// Whether TOTP is among the factors the user has set up.
    pub totp_offered: bool,
}

/// How a login ended.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Logged in.
    LoggedIn,
    /// The node wants a second factor: answer with [`super::Client::login_totp`].
    NeedsTotp(TfaChallenge),
}

/// What an answer of `POST /access/ticket` means.
#[derive(Debug)]
pub(crate) enum LoginAnswer {
    /// A full ticket.
    Ticket(Ticket),
    /// The node wants a second factor.
    NeedsTotp(TfaChallenge),
}

/// The first login call: user and password, form-encoded as the web UI sends them.
pub(crate) fn login_form(user: &Userid, password: &Secret) -> Vec<(&'static str, String)> {
    vec![
        ("username", user.as_str().to_owned()),
        ("password", password.expose().to_owned()),
    ]
}

/// The second login call: the challenge ticket, and the code as `totp:<digits>`.
pub(crate) fn totp_form(challenge: &TfaChallenge, code: &str) -> Vec<(&'static str, String)> {
    vec![
        ("username", challenge.username.clone()),
        ("tfa-challenge", challenge.challenge.expose().to_owned()),
        ("password", format!("totp:{}", code.trim())),
    ]
}

/// Renewal: a ticket that is still valid is accepted as the password.
pub(crate) fn renew_form(user: &Userid, ticket: &Ticket) -> Vec<(&'static str, String)> {
    vec![
        ("username", user.as_str().to_owned()),
        ("password", ticket.ticket.expose().to_owned()),
    ]
}

/// The `data` of `POST /access/ticket`.
#[derive(Deserialize)]
pub(crate) struct TicketResponse {
    username: String,
    ticket: Option<String>,
    #[serde(rename = "CSRFPreventionToken")]
    csrf: Option<String>,
    clustername: Option<String>,
    #[serde(
        rename = "NeedTFA",
        default,
        deserialize_with = "super::parse::bool_ish"
    )]
    need_tfa: bool,
}

/// Why a login answer could not be used.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum LoginParseError {
    #[error("the answer has no ticket")]
    NoTicket,
    #[error("the answer has no CSRF prevention token")]
    NoCsrf,
}

/// Reads the answer of `POST /access/ticket`.
pub(crate) fn parse_login(response: TicketResponse) -> Result<LoginAnswer, LoginParseError> {
    let ticket = response.ticket.ok_or(LoginParseError::NoTicket)?;
    if response.need_tfa {
        let totp_offered = tfa_challenge_offers_totp(&ticket);
        return Ok(LoginAnswer::NeedsTotp(TfaChallenge {
            username: response.username,
            challenge: Secret::new(ticket),
            totp_offered,
        }));
    }
    let csrf = response.csrf.ok_or(LoginParseError::NoCsrf)?;
    Ok(LoginAnswer::Ticket(Ticket {
        ticket: Secret::new(ticket),
        csrf: Secret::new(csrf),
        clustername: response.clustername,
        obtained: Instant::now(),
    }))
}

/// The challenge ticket is `PVE:!tfa!<uri-escaped JSON>:<time>::<sig>`; its JSON names the factors.
fn tfa_challenge_offers_totp(ticket: &str) -> bool {
    let Some(rest) = ticket.strip_prefix("PVE:!tfa!") else {
        // An older or unknown form: let the user try a code rather than refuse outright.
        return true;
    };
    let escaped = rest.split(':').next().unwrap_or_default();
    let json = percent_encoding::percent_decode_str(escaped).decode_utf8_lossy();
    #[derive(Deserialize)]
    struct Challenge {
        #[serde(default, deserialize_with = "super::parse::bool_ish")]
        totp: bool,
    }
    serde_json::from_str::<Challenge>(&json).is_ok_and(|c| c.totp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(json: &str) -> TicketResponse {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn userid_needs_a_realm() {
        assert!("root@pam".parse::<Userid>().is_ok());
        assert!("teacher@pve".parse::<Userid>().is_ok());
        for bad in ["root", "@pam", "root@", "ro:ot@pam", "root@p am"] {
            assert!(bad.parse::<Userid>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn full_login_gives_a_ticket_and_csrf_token() {
        let outcome = parse_login(response(
            r#"{"username":"root@pam","ticket":"PVE:root@pam:64E10CBA::c2ln","CSRFPreventionToken":"64E10CBA:abc","cap":{},"clustername":"escola"}"#,
        ))
        .unwrap();
        let LoginAnswer::Ticket(ticket) = outcome else {
            panic!("expected a full login")
        };
        assert_eq!(ticket.clustername.as_deref(), Some("escola"));
        assert_eq!(ticket.csrf.expose(), "64E10CBA:abc");
    }

    #[test]
    fn need_tfa_answer_asks_for_totp() {
        let outcome = parse_login(response(
            r#"{"username":"root@pam","ticket":"PVE:!tfa!%7B%22totp%22%3Atrue%2C%22recovery%22%3A%22available%22%7D:64E10CBA::c2ln","CSRFPreventionToken":"x","NeedTFA":1}"#,
        ))
        .unwrap();
        let LoginAnswer::NeedsTotp(challenge) = outcome else {
            panic!("expected a TFA challenge")
        };
        assert!(challenge.totp_offered);
        let form = totp_form(&challenge, " 123456 ");
        assert_eq!(form[2], ("password", "totp:123456".to_owned()));
        assert_eq!(form[1].0, "tfa-challenge");
    }

    #[test]
    fn challenge_without_totp_is_recognised() {
        let outcome = parse_login(response(
            r#"{"username":"root@pam","ticket":"PVE:!tfa!%7B%22webauthn%22%3A%7B%7D%7D:64E10CBA::c2ln","NeedTFA":"1"}"#,
        ))
        .unwrap();
        let LoginAnswer::NeedsTotp(challenge) = outcome else {
            panic!("expected a TFA challenge")
        };
        assert!(!challenge.totp_offered);
    }

    #[test]
    fn answer_without_ticket_is_an_error() {
        assert_eq!(
            parse_login(response(r#"{"username":"root@pam"}"#)).err(),
            Some(LoginParseError::NoTicket)
        );
    }
}

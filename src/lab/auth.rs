//! Tickets, CSRF tokens, TOTP and API tokens, in the forms pve-common's `PVE::Ticket` and
//! pve-access-control write them. The lab signs with HMAC-SHA256 where PVE signs tickets with RSA:
//! the text has the same shape, and only the node that holds the key can make or check one.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A ticket lives two hours (`$ticket_lifetime` in PVE::AccessControl).
pub(crate) const TICKET_LIFETIME: i64 = 2 * 3600;
/// A ticket up to five minutes "from the future" is accepted (clock drift between nodes).
const MIN_AGE: i64 = -300;

/// Who is calling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Identity {
    /// Logged in with a ticket: `root@pam`.
    Ticket(String),
    /// An API token: `root@pam!wizard`, and whether its privileges are separated from its user's.
    Token { tokenid: String, privsep: bool },
}

impl Identity {
    /// The user as a UPID names it (`root@pam` or `root@pam!wizard`).
    pub fn upid_user(&self) -> &str {
        match self {
            Self::Ticket(user) => user,
            Self::Token { tokenid, .. } => tokenid,
        }
    }
}

fn sign(key: &[u8], data: &str) -> Vec<u8> {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return Vec::new(); // HMAC takes keys of any length.
    };
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn verify(key: &[u8], data: &str, signature: &[u8]) -> bool {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return false;
    };
    mac.update(data.as_bytes());
    mac.verify_slice(signature).is_ok()
}

fn age_ok(hex_time: &str, now: u64, lifetime: i64) -> bool {
    let Ok(time) = i64::from_str_radix(hex_time, 16) else {
        return false;
    };
    let age = i64::try_from(now).unwrap_or(i64::MAX) - time;
    // Both ends excluded, as `verify_rsa_ticket` compares (pve-common `src/PVE/Ticket.pm`).
    MIN_AGE < age && age < lifetime
}

/// `PVE:<data>:<HEXTIME>::<signature>`; the signature also covers `secret`, which is not written.
fn assemble(key: &[u8], data: &str, secret: &str, now: u64) -> String {
    let plain = format!("PVE:{data}:{now:08X}");
    let signature = STANDARD.encode(sign(key, &format!("{plain}:{secret}")));
    format!("{plain}::{signature}")
}

/// The data of a ticket whose signature and age are right.
fn check(key: &[u8], ticket: &str, secret: &str, now: u64, lifetime: i64) -> Option<String> {
    let (plain, signature) = ticket.split_once("::")?;
    let rest = plain.strip_prefix("PVE:")?;
    let (data, time) = rest.rsplit_once(':')?;
    let signature = STANDARD.decode(signature).ok()?;
    (verify(key, &format!("{plain}:{secret}"), &signature) && age_ok(time, now, lifetime))
        .then(|| data.to_owned())
}

/// A login ticket for `user`.
pub(crate) fn ticket(key: &[u8], user: &str, now: u64) -> String {
    assemble(key, user, "", now)
}

/// The user of a valid ticket.
pub(crate) fn verify_ticket(key: &[u8], ticket: &str, now: u64) -> Option<String> {
    check(key, ticket, "", now, TICKET_LIFETIME).filter(|user| !user.starts_with('!'))
}

/// The first answer of a login with a second factor: `PVE:!tfa!<uri-escaped JSON>:<time>::<sig>`.
pub(crate) fn tfa_challenge(key: &[u8], user: &str, now: u64) -> String {
    let challenge = percent_encoding::utf8_percent_encode(
        r#"{"totp":true}"#,
        percent_encoding::NON_ALPHANUMERIC,
    );
    assemble(key, &format!("!tfa!{challenge}"), user, now)
}

/// Whether `ticket` is a TFA challenge this node gave `user` a moment ago.
pub(crate) fn verify_tfa_challenge(key: &[u8], ticket: &str, user: &str, now: u64) -> bool {
    // A challenge is a ticket like any other, signed with the user as extra data: it lives as
    // long (pve-access-control `src/PVE/AccessControl.pm`, `verify_ticket` with `$tfa_ticket_aad`).
    check(key, ticket, user, now, TICKET_LIFETIME).is_some_and(|data| data.starts_with("!tfa!"))
}

/// `<HEXTIME>:<base64 HMAC of "HEXTIME:user">`, 43 characters of signature as PVE writes it.
pub(crate) fn csrf_token(key: &[u8], user: &str, now: u64) -> String {
    let time = format!("{now:08X}");
    let signature = STANDARD_NO_PAD.encode(sign(key, &format!("{time}:{user}")));
    format!("{time}:{signature}")
}

pub(crate) fn verify_csrf_token(key: &[u8], token: &str, user: &str, now: u64) -> bool {
    let Some((time, signature)) = token.split_once(':') else {
        return false;
    };
    let Ok(signature) = STANDARD_NO_PAD.decode(signature) else {
        return false;
    };
    verify(key, &format!("{time}:{user}"), &signature) && age_ok(time, now, TICKET_LIFETIME)
}

/// The TOTP code (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) at `now`.
pub(crate) fn totp(secret: &[u8], now: u64) -> String {
    let counter = now / 30;
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest.last().copied().unwrap_or_default() & 0x0f);
    let word: [u8; 4] = digest
        .get(offset..offset + 4)
        .and_then(|w| w.try_into().ok())
        .unwrap_or_default();
    let code = u32::from_be_bytes(word) & 0x7fff_ffff;
    format!("{:06}", code % 1_000_000)
}

/// Whether `code` is right now, or one step before or after (clocks drift).
pub(crate) fn verify_totp(secret: &[u8], code: &str, now: u64) -> bool {
    [now.saturating_sub(30), now, now + 30]
        .iter()
        .any(|&t| totp(secret, t) == code)
}

/// RFC 4648 base32 without padding: how authenticator apps take a TOTP secret.
pub(crate) fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let digit = |value: u32| {
        ALPHABET
            .get((value & 31) as usize)
            .map_or('A', |&b| char::from(b))
    };
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(digit(buffer >> bits));
        }
    }
    if bits > 0 {
        out.push(digit(buffer << (5 - bits)));
    }
    out
}

/// A new token secret, a UUID as PVE makes it.
pub(crate) fn token_secret() -> String {
    let bytes: [u8; 16] = rand::random();
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        // Version 4, variant 1, as a random UUID has them.
        let byte = match i {
            6 => (byte & 0x0f) | 0x40,
            8 => (byte & 0x3f) | 0x80,
            _ => *byte,
        };
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// `PVEAPIToken=user@realm!name=secret` (or with a space after `PVEAPIToken`): token id and secret.
pub(crate) fn parse_token_header(header: &str) -> Option<(&str, &str)> {
    let rest = header
        .strip_prefix("PVEAPIToken=")
        .or_else(|| header.strip_prefix("PVEAPIToken "))?;
    rest.trim().split_once('=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_verify_and_expire() {
        let key = [7u8; 32];
        let t = ticket(&key, "root@pam", 1_000_000);
        assert!(t.starts_with("PVE:root@pam:000F4240::"));
        assert_eq!(
            verify_ticket(&key, &t, 1_000_000).as_deref(),
            Some("root@pam")
        );
        assert_eq!(
            verify_ticket(&key, &t, 1_000_000 + 7199).as_deref(),
            Some("root@pam")
        );
        assert!(
            verify_ticket(&key, &t, 1_000_000 + 7200).is_none(),
            "two hours is the limit, not included (`verify_rsa_ticket`)"
        );
        assert!(
            verify_ticket(&[8u8; 32], &t, 1_000_000).is_none(),
            "another key"
        );
        let forged = t.replace("root@pam", "admin@pve");
        assert!(verify_ticket(&key, &forged, 1_000_000).is_none());
    }

    #[test]
    fn challenge_is_not_a_ticket() {
        let key = [7u8; 32];
        let c = tfa_challenge(&key, "root@pam", 1_000_000);
        assert!(c.starts_with("PVE:!tfa!%7B%22totp%22%3Atrue%7D:"));
        assert!(verify_ticket(&key, &c, 1_000_000).is_none());
        assert!(verify_tfa_challenge(&key, &c, "root@pam", 1_000_010));
        assert!(!verify_tfa_challenge(&key, &c, "other@pam", 1_000_010));
    }

    #[test]
    fn csrf_token_has_pve_shape() {
        let token = csrf_token(&[1; 32], "root@pam", 0x64E1_0CBA);
        let (time, signature) = token.split_once(':').unwrap();
        assert_eq!(time, "64E10CBA");
        assert_eq!(signature.len(), 43);
        assert!(verify_csrf_token(&[1; 32], &token, "root@pam", 0x64E1_0CBA));
        assert!(!verify_csrf_token(
            &[1; 32],
            &token,
            "other@pam",
            0x64E1_0CBA
        ));
    }

    #[test]
    fn totp_matches_rfc_6238() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890", last six digits.
        let secret = b"12345678901234567890";
        assert_eq!(totp(secret, 59), "287082");
        assert_eq!(totp(secret, 1_111_111_109), "081804");
        assert_eq!(totp(secret, 2_000_000_000), "279037");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
    }

    #[test]
    fn token_header_forms() {
        assert_eq!(
            parse_token_header("PVEAPIToken=root@pam!ci=abc-def"),
            Some(("root@pam!ci", "abc-def"))
        );
        assert_eq!(
            parse_token_header("PVEAPIToken root@pam!ci=abc"),
            Some(("root@pam!ci", "abc"))
        );
        assert_eq!(parse_token_header("Bearer x"), None);
    }
}

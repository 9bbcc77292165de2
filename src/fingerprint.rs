//! SHA-256 certificate fingerprints, written as Proxmox VE writes them.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

/// The SHA-256 digest of a DER certificate: what a node is trusted by.
///
/// Written as PVE writes it (`pvenode cert info`, the join information, the web UI):
/// 32 upper-case hex pairs joined by colons.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a certificate, from its DER encoding.
    pub fn of_der(der: &[u8]) -> Self {
        Self(Sha256::digest(der).into())
    }

    /// The raw digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Why a fingerprint text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FingerprintError {
    /// Not 32 pairs of hex digits.
    #[error("a fingerprint has 32 pairs of hex digits separated by colons, found {pairs} pairs")]
    WrongLength {
        /// How many pairs were found.
        pairs: usize,
    },
    /// A pair that is not two hex digits.
    #[error("{pair:?} is not a pair of hex digits")]
    NotHex {
        /// The offending pair.
        pair: String,
    },
}

impl FromStr for Fingerprint {
    type Err = FingerprintError;

    /// Accepts `AA:BB:…` in either case, with surrounding spaces (as pasted from a web page).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let pairs: Vec<&str> = text.trim().split(':').collect();
        if pairs.len() != 32 {
            return Err(FingerprintError::WrongLength { pairs: pairs.len() });
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(&pairs) {
            let valid = pair.len() == 2 && pair.bytes().all(|b| b.is_ascii_hexdigit());
            *byte = u8::from_str_radix(pair, 16)
                .ok()
                .filter(|_| valid)
                .ok_or_else(|| FingerprintError::NotHex {
                    pair: (*pair).to_owned(),
                })?;
        }
        Ok(Self(bytes))
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, byte) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{byte:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "0B:C4:1D:8F:25:6A:77:90:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:12:34:56:78:87:65:43:21:0F:ED:CB:A9";

    #[test]
    fn round_trips_pve_notation() {
        let fp: Fingerprint = SAMPLE.parse().unwrap();
        assert_eq!(fp.to_string(), SAMPLE);
    }

    #[test]
    fn accepts_lower_case_and_spaces_but_writes_upper_case() {
        let fp: Fingerprint = format!("  {}\n", SAMPLE.to_lowercase()).parse().unwrap();
        assert_eq!(fp.to_string(), SAMPLE);
    }

    #[test]
    fn refuses_short_and_non_hex_text() {
        assert_eq!(
            "AA:BB".parse::<Fingerprint>(),
            Err(FingerprintError::WrongLength { pairs: 2 })
        );
        let bad = SAMPLE.replacen("0B", "0G", 1);
        assert!(matches!(
            bad.parse::<Fingerprint>(),
            Err(FingerprintError::NotHex { .. })
        ));
        let signed = SAMPLE.replacen("0B", "+B", 1);
        assert!(
            signed.parse::<Fingerprint>().is_err(),
            "'+B' must not parse as hex"
        );
    }

    #[test]
    fn digest_of_der_is_sha256() {
        // SHA-256 of the empty input.
        let fp = Fingerprint::of_der(b"");
        assert!(fp.to_string().starts_with("E3:B0:C4:42"), "{fp}");
    }
}

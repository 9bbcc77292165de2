//! Tolerant readers for what Perl sends: booleans as `0`/`1` (or `"yes"`, `"on"`), numbers as strings.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// Reads `true`, `1`, `"1"`, `"yes"`, `"on"`, `"true"` as true; `false`, `0`, `""`, `"0"`, `"no"`, `"off"` as false.
pub fn bool_ish<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    struct BoolIsh;
    impl Visitor<'_> for BoolIsh {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a boolean, 0/1, or yes/no")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
            Ok(v != 0)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
            Ok(v != 0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            match v.to_ascii_lowercase().as_str() {
                "1" | "yes" | "on" | "true" => Ok(true),
                "" | "0" | "no" | "off" | "false" => Ok(false),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }
        fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
            Ok(false)
        }
    }
    deserializer.deserialize_any(BoolIsh)
}

/// Reads an unsigned integer sent as a number or as a string (`"100"`).
pub fn u64_ish<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct U64Ish;
    impl Visitor<'_> for U64Ish {
        type Value = u64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an unsigned integer, maybe as a string")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
            // Perl may send 1.7e9 for an epoch; anything fractional or negative is refused.
            if v >= 0.0 && v.fract() == 0.0 && v < u64::MAX as f64 {
                Ok(v as u64)
            } else {
                Err(E::invalid_value(de::Unexpected::Float(v), &self))
            }
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
            v.trim()
                .parse()
                .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
    deserializer.deserialize_any(U64Ish)
}

/// [`u64_ish`] for optional fields (use with `#[serde(default)]`).
pub fn opt_u64_ish<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "u64_ish")] u64);
    let value: Option<Wrapped> = serde::Deserialize::deserialize(deserializer)?;
    Ok(value.map(|Wrapped(v)| v))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Sample {
        #[serde(deserialize_with = "super::bool_ish")]
        flag: bool,
        #[serde(deserialize_with = "super::u64_ish")]
        count: u64,
        #[serde(default, deserialize_with = "super::opt_u64_ish")]
        maybe: Option<u64>,
    }

    #[test]
    fn reads_perl_booleans_and_stringified_numbers() {
        let s: Sample = serde_json::from_str(r#"{"flag":1,"count":"100","maybe":7}"#).unwrap();
        assert!(s.flag);
        assert_eq!((s.count, s.maybe), (100, Some(7)));
        let s: Sample = serde_json::from_str(r#"{"flag":"off","count":3}"#).unwrap();
        assert!(!s.flag);
        assert_eq!(s.maybe, None);
    }

    #[test]
    fn refuses_nonsense() {
        assert!(serde_json::from_str::<Sample>(r#"{"flag":"maybe","count":1}"#).is_err());
        assert!(serde_json::from_str::<Sample>(r#"{"flag":1,"count":"-1"}"#).is_err());
    }
}

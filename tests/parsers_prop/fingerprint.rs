//! Fingerprints (`src/fingerprint.rs`): 32 hex pairs joined by colons, as PVE writes them.

use proptest::prelude::*;
use pve_ha_wizard::course::{InputError, Plan};
use pve_ha_wizard::fingerprint::{Fingerprint, FingerprintError};

use super::{assert_translated, config, padding};

fn hex_pairs(bytes: &[u8; 32], lower: bool) -> Vec<String> {
    bytes
        .iter()
        .map(|b| {
            if lower {
                format!("{b:02x}")
            } else {
                format!("{b:02X}")
            }
        })
        .collect()
}

/// A refused fingerprint reaches people through the plan (or the window's form, checked as the
/// plan is): `InputError::Fingerprint`, whose message says where to copy it from.
fn check_refusal_message(text: &str) -> Result<(), TestCaseError> {
    let node = |fingerprint: &str| {
        format!(
            "[[nodes]]\naddress = \"192.0.2.11\"\nfingerprint = {}\n",
            toml::Value::String(fingerprint.to_owned())
        )
    };
    let good = Fingerprint::of_der(b"pve2").to_string();
    let plan = format!(
        "[cluster]\nname = \"escola\"\n{}[[nodes]]\naddress = \"192.0.2.12\"\nfingerprint = \"{good}\"\n",
        node(text)
    );
    match Plan::from_toml(&plan, "plan.toml") {
        Err(error @ InputError::Fingerprint { .. }) => {
            assert_translated(&pve_ha_wizard::i18n::words::input_error(&error), text)
        }
        other => Err(TestCaseError::fail(format!(
            "a plan with fingerprint {text:?} should be refused for it, got {other:?}"
        ))),
    }
}

fn check_any(text: &str) -> Result<(), TestCaseError> {
    match text.parse::<Fingerprint>() {
        Ok(fingerprint) => {
            // Whatever was taken is written back in PVE's notation and reads the same.
            prop_assert_eq!(
                fingerprint.to_string().parse::<Fingerprint>(),
                Ok(fingerprint)
            );
            prop_assert_eq!(
                fingerprint.to_string().to_ascii_uppercase(),
                text.trim().to_ascii_uppercase()
            );
        }
        Err(_) => check_refusal_message(text)?,
    }
    Ok(())
}

/// One way to spoil a fingerprint, with the refusal it must get.
#[derive(Clone, Debug)]
enum Spoil {
    /// A pair fewer.
    DropPair(usize),
    /// A pair more.
    ExtraPair,
    /// A pair with a character that is not a hex digit.
    NotHex(usize, char),
    /// A pair of one or three digits.
    WrongWidth(usize, bool),
    /// A sign, which `u8::from_str_radix` alone would take.
    Signed(usize),
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        (0..32usize).prop_map(Spoil::DropPair),
        Just(Spoil::ExtraPair),
        (0..32usize, "[g-zG-Z +\\-_.é]")
            .prop_map(|(i, s)| Spoil::NotHex(i, s.chars().next().unwrap())),
        (0..32usize, any::<bool>()).prop_map(|(i, longer)| Spoil::WrongWidth(i, longer)),
        (0..32usize).prop_map(Spoil::Signed),
    ]
}

never_a_panic!(near_fingerprints_are_never_a_panic in "[0-9a-fA-FgG: +\\-\n]{0,110}");

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fingerprints_read_back_in_either_case(
        bytes in any::<[u8; 32]>(),
        lower in any::<bool>(),
        before in padding(),
        after in padding(),
    ) {
        let text = format!("{before}{}{after}", hex_pairs(&bytes, lower).join(":"));
        let fingerprint: Fingerprint = text.parse().map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(fingerprint.as_bytes(), &bytes);
        prop_assert_eq!(fingerprint.to_string(), hex_pairs(&bytes, false).join(":"));
        // And as the plan and the join information read it, through serde.
        let json = serde_json::to_string(&fingerprint).unwrap();
        prop_assert_eq!(serde_json::from_str::<Fingerprint>(&json).unwrap(), fingerprint);
    }

    #[test]
    fn spoilt_fingerprints_are_refused(bytes in any::<[u8; 32]>(), spoil in spoil()) {
        let mut pairs = hex_pairs(&bytes, false);
        match &spoil {
            Spoil::DropPair(i) => { pairs.remove(*i); }
            Spoil::ExtraPair => pairs.push("AB".to_owned()),
            Spoil::NotHex(i, c) => pairs[*i].replace_range(1..2, &c.to_string()),
            Spoil::WrongWidth(i, true) => pairs[*i].push('0'),
            Spoil::WrongWidth(i, false) => { pairs[*i].pop(); }
            Spoil::Signed(i) => pairs[*i].replace_range(0..1, "+"),
        }
        let text = pairs.join(":");
        let error = text.parse::<Fingerprint>().expect_err("a spoilt fingerprint must be refused");
        match spoil {
            Spoil::DropPair(_) => prop_assert_eq!(error, FingerprintError::WrongLength { pairs: 31 }),
            Spoil::ExtraPair => prop_assert_eq!(error, FingerprintError::WrongLength { pairs: 33 }),
            _ => prop_assert!(matches!(error, FingerprintError::NotHex { .. }), "{text:?}: {error:?}"),
        }
        check_refusal_message(&text)?;
    }
}

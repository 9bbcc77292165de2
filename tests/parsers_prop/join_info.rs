//! The pasted join information (`src/course/join_info.rs`): base64 of the web UI's JSON.

use std::net::IpAddr;

use base64::Engine as _;
use proptest::prelude::*;
use pve_ha_wizard::api::Totem;
use pve_ha_wizard::course::join_info::JoinInformation;
use pve_ha_wizard::course::{InputError, JoinInfoProblem};
use pve_ha_wizard::fingerprint::Fingerprint;

use super::{assert_translated, config};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn check_any(text: &str) -> Result<Option<JoinInfoProblem>, TestCaseError> {
    match JoinInformation::decode(text) {
        Ok(info) => {
            // What was taken is written back as the web UI writes it, and reads the same.
            prop_assert_eq!(JoinInformation::decode(&info.encode()), Ok(info));
            Ok(None)
        }
        Err(error @ InputError::JoinInformation { reason }) => {
            assert_translated(&pve_ha_wizard::i18n::words::input_error(&error), text)?;
            Ok(Some(reason))
        }
        Err(other) => Err(TestCaseError::fail(format!("{text:?}: {other:?}"))),
    }
}

/// A JSON value of any shape, small.
fn json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn address() -> impl Strategy<Value = String> {
    any::<IpAddr>().prop_map(|a| a.to_string())
}

/// Join information as Cluster.js builds it: the member's address and fingerprint, its links,
/// and a totem section with a name (any text: `Ext.JSON.encode` escapes it) and interfaces.
fn information() -> impl Strategy<Value = JoinInformation> {
    (
        address(),
        any::<[u8; 32]>(),
        prop::collection::btree_map(0..8u8, address(), 0..3),
        ".{1,15}",
        prop::collection::btree_set(0..8u8, 1..3),
        prop::collection::btree_map("[a-z_]{3,12}", "[a-z0-9]{0,8}", 0..4),
    )
        .prop_map(|(ip_address, fp, peer_links, cluster_name, links, extra)| {
            let mut totem = serde_json::Map::new();
            for (key, value) in extra {
                totem.insert(key, value.into());
            }
            totem.insert("cluster_name".into(), cluster_name.into());
            let interface: serde_json::Map<_, _> = links
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        serde_json::json!({ "linknumber": n.to_string() }),
                    )
                })
                .collect();
            totem.insert("interface".into(), interface.into());
            let totem: Totem = serde_json::from_value(totem.into()).unwrap();
            JoinInformation {
                ip_address,
                fingerprint: serde_json::from_value(serde_json::Value::String(
                    fp.iter()
                        .map(|b| format!("{b:02X}"))
                        .collect::<Vec<_>>()
                        .join(":"),
                ))
                .unwrap(),
                ring_addr: peer_links.values().cloned().collect(),
                peer_links,
                totem,
            }
        })
}

/// One way to spoil pasted information, with the problem it must be refused for.
#[derive(Clone, Debug)]
enum Spoil {
    Blank(String),
    NotBase64(usize, char),
    Truncated(usize),
    NoTotem,
    TotemWithoutInterfaces,
    BadAddress(String),
    BadFingerprint,
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        "[ \t\n]{0,4}".prop_map(Spoil::Blank),
        (
            any::<usize>(),
            prop_oneof![Just('*'), Just('é'), Just('-'), Just('.')]
        )
            .prop_map(|(at, c)| Spoil::NotBase64(at, c)),
        (1..8usize).prop_map(Spoil::Truncated),
        Just(Spoil::NoTotem),
        Just(Spoil::TotemWithoutInterfaces),
        "[a-z][a-z0-9.-]{0,12}".prop_map(Spoil::BadAddress),
        Just(Spoil::BadFingerprint),
    ]
}

never_a_panic!();

proptest! {
    #![proptest_config(config())]

    #[test]
    fn base64_of_junk_is_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check_any(&b64(&bytes))?;
    }

    #[test]
    fn base64_of_any_json_is_never_a_panic(value in json()) {
        check_any(&b64(value.to_string().as_bytes()))?;
    }

    #[test]
    fn information_reads_back_as_encoded(info in information(), breaks in prop::collection::vec((any::<usize>(), "[ \n\r\t]{1,2}"), 0..4), no_pad in any::<bool>()) {
        let mut text = info.encode();
        if no_pad {
            text = text.trim_end_matches('=').to_owned();
        }
        // Copying from a page or a chat breaks lines.
        for (at, space) in breaks {
            let at = at % (text.len() + 1);
            text.insert_str(at, &space);
        }
        prop_assert_eq!(JoinInformation::decode(&text), Ok(info));
    }

    #[test]
    fn spoilt_information_is_refused(info in information(), spoil in spoil()) {
        let mut json = serde_json::to_value(&info).unwrap();
        let object = json.as_object_mut().unwrap();
        let (text, problem) = match &spoil {
            Spoil::Blank(text) => (text.clone(), JoinInfoProblem::Empty),
            Spoil::NotBase64(at, c) => {
                let mut text = info.encode();
                text.insert(at % (text.len() + 1), *c);
                (text, JoinInfoProblem::NotBase64)
            }
            Spoil::Truncated(cut) => {
                // Cut short at a whole base64 block: still base64, no longer JSON.
                let json = json.to_string();
                let end = json.len().saturating_sub(*cut) / 3 * 3;
                (b64(&json.as_bytes()[..end]), JoinInfoProblem::NotJson)
            }
            Spoil::NoTotem => {
                object.remove("totem");
                (b64(json.to_string().as_bytes()), JoinInfoProblem::NoTotem)
            }
            Spoil::TotemWithoutInterfaces => {
                object["totem"].as_object_mut().unwrap().remove("interface");
                (b64(json.to_string().as_bytes()), JoinInfoProblem::NoTotem)
            }
            Spoil::BadAddress(name) => {
                prop_assume!(name.parse::<IpAddr>().is_err());
                object.insert("ipAddress".into(), name.clone().into());
                (b64(json.to_string().as_bytes()), JoinInfoProblem::BadAddress)
            }
            Spoil::BadFingerprint => {
                let short = info.fingerprint.to_string()[3..].to_owned();
                prop_assert!(short.parse::<Fingerprint>().is_err());
                object.insert("fingerprint".into(), short.into());
                (b64(json.to_string().as_bytes()), JoinInfoProblem::BadFingerprint)
            }
        };
        prop_assert_eq!(check_any(&text)?, Some(problem), "{:?}", spoil);
    }
}

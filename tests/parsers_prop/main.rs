//! Property tests of every parser of outside input: the plan file, the pasted join information,
//! UPIDs, fingerprints, calendar events, the drives' property strings, and the tolerant readers
//! of PVE's answers. Each parser gets junk (it must never panic), inputs built from its grammar
//! (they parse to what they were built from), and those inputs mutated (they are refused). Every
//! refusal must reach people as a message that exists in all three catalogs.
//!
//! Each property runs 10,000 cases, set here so that CI runs as many; a failure prints the
//! smallest input proptest found.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use pve_ha_wizard::i18n::{Language, Message};

/// The property every parser has: text of any kind, and text near its grammar, never makes it
/// panic; the module's `check_any` judges what was taken or refused.
macro_rules! never_a_panic {
    ($($near:ident in $strategy:expr)?) => {
        proptest! {
            #![proptest_config(crate::config())]

            #[test]
            fn junk_is_never_a_panic(text in any::<String>()) {
                check_any(&text)?;
            }

            $(
                #[test]
                fn $near(text in $strategy) {
                    check_any(&text)?;
                }
            )?
        }
    };
}

mod answers;
mod calendar;
mod fingerprint;
mod join_info;
mod plan;
mod upid;

/// 10,000 cases for each property, whatever `PROPTEST_CASES` says.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 10_000,
        ..ProptestConfig::default()
    }
}

/// The message ids a catalog defines.
fn catalog_ids(language: Language) -> &'static BTreeSet<String> {
    static CATALOGS: OnceLock<Vec<(Language, BTreeSet<String>)>> = OnceLock::new();
    let catalogs = CATALOGS.get_or_init(|| {
        Language::ALL
            .into_iter()
            .map(|language| {
                let source = match language {
                    Language::CaValencia => include_str!("../../assets/i18n/ca-valencia.ftl"),
                    Language::Es => include_str!("../../assets/i18n/es.ftl"),
                    Language::En => include_str!("../../assets/i18n/en.ftl"),
                };
                let resource = fluent_syntax::parser::parse(source)
                    .unwrap_or_else(|(_, errors)| panic!("{language}: {errors:?}"));
                let ids = resource
                    .body
                    .iter()
                    .filter_map(|entry| match entry {
                        fluent_syntax::ast::Entry::Message(message) => {
                            Some(message.id.name.to_owned())
                        }
                        _ => None,
                    })
                    .collect();
                (language, ids)
            })
            .collect()
    });
    catalogs
        .iter()
        .find(|(l, _)| *l == language)
        .map(|(_, ids)| ids)
        .unwrap()
}

/// A refusal reaches people as this message: it must be in every language.
fn assert_translated(message: &Message, refused: &str) -> Result<(), TestCaseError> {
    for language in Language::ALL {
        prop_assert!(
            catalog_ids(language).contains(message.id),
            "{refused:?} is refused with {:?}, which {language} lacks",
            message.id
        );
    }
    Ok(())
}

/// An answer the client cannot read is `api::Error::Decode`, with serde's words as its detail
/// (`Client::decode_error`); this is the message people get for it.
fn decode_message(error: &serde_json::Error) -> Message {
    let error = pve_ha_wizard::api::Error::Decode {
        host: "192.0.2.1:8006".to_owned(),
        method: "GET",
        path: "/cluster/status".to_owned(),
        detail: error.to_string(),
    };
    pve_ha_wizard::i18n::words::api_error("pve1", &error)
}

/// Text the way people paste it: whitespace around it.
fn padding() -> impl Strategy<Value = String> {
    "[ \t\n]{0,3}"
}

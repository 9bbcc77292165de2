use std::collections::BTreeSet;
use std::path::Path;

use super::*;

/// The message ids a catalog defines (terms, `-name`, are not messages).
pub(crate) fn catalog_ids(language: Language) -> BTreeSet<String> {
    let resource = FluentResource::try_new(language.catalog().to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{language} catalog does not parse: {errors:?}"));
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// Every id given to `msg!` or `.text` as a literal in the sources.
fn ids_used_in_code() -> BTreeSet<String> {
    fn walk(dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for marker in ["msg!(\"", ".text(\""] {
                    for piece in source.split(marker).skip(1) {
                        let (id, rest) = piece.split_once('"').unwrap();
                        // `Translator::text` takes the id alone (a multipart form's `.text` does not).
                        if marker == "msg!(\"" || rest.starts_with(')') {
                            found.insert(id.to_owned());
                        }
                    }
                }
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    found
}

#[test]
fn every_catalog_defines_the_same_messages() {
    let english = catalog_ids(Language::En);
    for language in [Language::CaValencia, Language::Es] {
        let ids = catalog_ids(language);
        let missing: Vec<_> = english.difference(&ids).collect();
        let extra: Vec<_> = ids.difference(&english).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{language} has ids English lacks: {extra:?}"
        );
    }
}

#[test]
fn every_id_used_in_code_is_translated() {
    let used = ids_used_in_code();
    assert!(
        used.len() > 20,
        "the scan found too few ids ({}): is the pattern right?",
        used.len()
    );
    for language in Language::ALL {
        let defined = catalog_ids(language);
        let missing: Vec<_> = used.iter().filter(|id| !defined.contains(*id)).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
    }
}

#[test]
fn messages_format_with_their_arguments() {
    let ca = Translator::new(Language::CaValencia);
    let text = ca.tr(&crate::msg!("step-create-cluster"));
    assert!(!text.is_empty() && text != "step-create-cluster", "{text}");
    let en = Translator::new(Language::En);
    let text = en.tr(&crate::msg!(
        "check-duplicate-name",
        name = "pve2",
        first = "127.0.0.12",
        second = "127.0.0.13"
    ));
    assert!(
        text.contains("pve2") && text.contains("127.0.0.13"),
        "{text}"
    );
}

#[test]
fn the_environment_is_read_as_gettext_reads_it() {
    let language = |pairs: &[(&str, &str)]| {
        Language::from_variables(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    };
    // LliureX's own session.
    let lliurex = [
        ("LANG", "ca_ES.UTF-8@valencia"),
        ("LANGUAGE", "ca@valencia"),
    ];
    assert_eq!(language(&lliurex), Language::CaValencia);
    // LANGUAGE comes first, over LC_ALL too, and is a list.
    assert_eq!(
        language(&[
            ("LANG", "ca_ES.UTF-8@valencia"),
            ("LANGUAGE", "es:ca@valencia")
        ]),
        Language::Es
    );
    assert_eq!(
        language(&[("LC_ALL", "es_ES.UTF-8"), ("LANGUAGE", "fr:en")]),
        Language::En
    );
    // Nothing we speak in LANGUAGE: the locale.
    assert_eq!(
        language(&[("LANG", "es_ES.UTF-8"), ("LANGUAGE", "fr:de")]),
        Language::Es
    );
    // LC_ALL over LC_MESSAGES over LANG.
    assert_eq!(
        language(&[("LC_MESSAGES", "es_ES.UTF-8"), ("LANG", "ca_ES.UTF-8")]),
        Language::Es
    );
    // The C locale ignores LANGUAGE, as gettext does; so does no locale at all.
    for plain in ["C", "POSIX", "C.UTF-8"] {
        assert_eq!(
            language(&[("LANG", plain), ("LANGUAGE", "ca@valencia")]),
            Language::En
        );
    }
    assert_eq!(language(&[("LANGUAGE", "es")]), Language::En);
    // Empty values count as unset.
    assert_eq!(
        language(&[("LC_ALL", ""), ("LANG", "es_ES.UTF-8"), ("LANGUAGE", "")]),
        Language::Es
    );
}

#[test]
fn locale_names_map_to_languages() {
    assert_eq!(
        Language::from_locale("ca_ES.UTF-8@valencia"),
        Some(Language::CaValencia)
    );
    assert_eq!(
        Language::from_locale("ca_ES.UTF-8"),
        Some(Language::CaValencia)
    );
    assert_eq!(Language::from_locale("es_ES.UTF-8"), Some(Language::Es));
    assert_eq!(Language::from_locale("en_GB"), Some(Language::En));
    assert_eq!(Language::from_locale("de_DE"), None);
    assert_eq!("ca-valencia".parse::<Language>(), Ok(Language::CaValencia));
}

//! UPIDs (`src/api/task.rs`): `UPID:node:pid:pstart:starttime:type:id:user:`, as
//! `PVE::Tools::upid_decode` reads them. The client only ever reads one from an answer.

use proptest::prelude::*;
use pve_ha_wizard::api::Upid;

use super::{assert_translated, config, decode_message};

/// A UPID's fields, as PVE's task code fills them.
#[derive(Clone, Debug)]
struct Fields {
    node: String,
    pid: String,
    pstart: String,
    start_time: String,
    task_type: String,
    task_id: String,
    user: String,
}

impl Fields {
    fn text(&self) -> String {
        format!(
            "UPID:{}:{}:{}:{}:{}:{}:{}:",
            self.node,
            self.pid,
            self.pstart,
            self.start_time,
            self.task_type,
            self.task_id,
            self.user
        )
    }
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        "[a-zA-Z0-9]([a-zA-Z0-9-]{0,18}[a-zA-Z0-9])?",
        "[0-9A-F]{8}",
        "[0-9A-F]{8,9}",
        "[0-9A-F]{8}",
        "[a-z]{1,14}",
        "[a-zA-Z0-9_.@!-]{0,12}",
        "[a-z]{1,8}@(pam|pve|[a-z]{2,8})(![a-z0-9]{1,8})?",
    )
        .prop_map(
            |(node, pid, pstart, start_time, task_type, task_id, user)| Fields {
                node,
                pid,
                pstart,
                start_time,
                task_type,
                task_id,
                user,
            },
        )
}

/// The client reads a UPID with serde; a bad one is an answer it cannot read.
fn check_any(text: &str) -> Result<(), TestCaseError> {
    let parsed = text.parse::<Upid>();
    let read = serde_json::from_value::<Upid>(serde_json::Value::String(text.to_owned()));
    match (parsed, read) {
        (Ok(upid), Ok(again)) => {
            prop_assert_eq!(upid.as_str(), text);
            prop_assert_eq!(&upid, &again);
        }
        (Err(_), Err(error)) => assert_translated(&decode_message(&error), text)?,
        (parsed, read) => {
            return Err(TestCaseError::fail(format!(
                "{text:?}: FromStr says {parsed:?}, serde says {read:?}"
            )));
        }
    }
    Ok(())
}

/// One way to spoil a UPID.
#[derive(Clone, Debug)]
enum Spoil {
    NoPrefix,
    NoTrailingColon,
    ShortPid,
    LongStartTime,
    NotHex(char),
    NodeStartsWithHyphen,
    NodeEmpty,
    TypeEmpty,
    Whitespace(char),
    Slash,
    UserEmpty,
    ExtraField,
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        Just(Spoil::NoPrefix),
        Just(Spoil::NoTrailingColon),
        Just(Spoil::ShortPid),
        Just(Spoil::LongStartTime),
        "[g-zG-Z +\\-]".prop_map(|s| Spoil::NotHex(s.chars().next().unwrap())),
        Just(Spoil::NodeStartsWithHyphen),
        Just(Spoil::NodeEmpty),
        Just(Spoil::TypeEmpty),
        prop_oneof![Just(' '), Just('\t'), Just('\n')].prop_map(Spoil::Whitespace),
        Just(Spoil::Slash),
        Just(Spoil::UserEmpty),
        Just(Spoil::ExtraField),
    ]
}

never_a_panic!(near_upids_are_never_a_panic in "(UPID:)?[0-9A-Fa-z:@! /\\-]{0,60}");

proptest! {
    #![proptest_config(config())]

    #[test]
    fn upids_read_into_their_fields(fields in fields()) {
        let text = fields.text();
        let upid: Upid = text.parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(upid.node(), fields.node.as_str());
        prop_assert_eq!(upid.task_type(), fields.task_type.as_str());
        prop_assert_eq!(upid.task_id(), fields.task_id.as_str());
        prop_assert_eq!(upid.user(), fields.user.as_str());
        prop_assert_eq!(upid.start_time(), u64::from_str_radix(&fields.start_time, 16).unwrap());
        prop_assert_eq!(upid.to_string(), text.clone());
        check_any(&text)?;
    }

    #[test]
    fn spoilt_upids_are_refused(mut fields in fields(), spoil in spoil()) {
        let mut text = None;
        match &spoil {
            Spoil::NoPrefix => text = Some(fields.text().replacen("UPID:", "", 1)),
            Spoil::NoTrailingColon => text = fields.text().strip_suffix(':').map(str::to_owned),
            Spoil::ShortPid => { fields.pid.pop(); }
            Spoil::LongStartTime => fields.start_time.push('A'),
            Spoil::NotHex(c) => fields.start_time.replace_range(3..4, &c.to_string()),
            Spoil::NodeStartsWithHyphen => fields.node.insert(0, '-'),
            Spoil::NodeEmpty => fields.node.clear(),
            Spoil::TypeEmpty => fields.task_type.clear(),
            Spoil::Whitespace(c) => fields.task_type.insert(1, *c),
            Spoil::Slash => fields.user.push('/'),
            Spoil::UserEmpty => fields.user.clear(),
            Spoil::ExtraField => fields.user.push_str(":x"),
        }
        let text = text.unwrap_or_else(|| fields.text());
        prop_assert!(text.parse::<Upid>().is_err(), "{:?} ({:?}) should be refused", text, spoil);
        check_any(&text)?;
    }
}

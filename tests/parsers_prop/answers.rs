//! What PVE answers, read by the client: the drives' property strings of a VM's config
//! (`VmConfig::disks`, `src/api/endpoints/qemu.rs`) and the tolerant readers of Perl's booleans
//! and numbers (`src/api/parse.rs`, through the answers that use them).

use proptest::prelude::*;
use pve_ha_wizard::api::{ClusterMember, TaskLogLine, VmConfig};
use serde_json::{Value, json};

use super::{assert_translated, config, decode_message};

/// A drive of a VM's config: its key, its property string, and the volume it names when it is a
/// disk (not a CD drive).
fn drive() -> impl Strategy<Value = (String, String, Option<String>)> {
    let bus = prop_oneof![
        Just("ide"),
        Just("sata"),
        Just("scsi"),
        Just("virtio"),
        Just("efidisk"),
        Just("tpmstate")
    ];
    let volume = prop_oneof![
        "[a-z][a-z0-9-]{1,10}:vm-[1-9][0-9]{2}-disk-[0-9]",
        "[a-z][a-z0-9-]{1,10}:[0-9]{1,3}/vm-[1-9][0-9]{2}-disk-[0-9]\\.qcow2",
        "[a-z][a-z0-9-]{1,10}:iso/[a-zA-Z0-9_.-]{1,12}\\.iso",
        Just("none".to_owned()),
    ];
    let options = prop::collection::vec(
        prop_oneof![
            Just("size=2G"),
            Just("format=qcow2"),
            Just("cache=writeback"),
            Just("discard=on"),
            Just("iothread=1"),
            Just("ssd=1"),
            Just("media=disk"),
            Just("backup=0"),
        ],
        0..4,
    );
    (
        bus,
        0..16u8,
        volume,
        options,
        any::<bool>(),
        any::<bool>(),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(bus, index, volume, options, cdrom, keyed, at)| {
            let mut parts: Vec<String> = options.into_iter().map(str::to_owned).collect();
            if cdrom {
                let at = at.index(parts.len() + 1);
                parts.insert(at, "media=cdrom".to_owned());
            }
            // PVE writes the volume first, without its key; `file=` anywhere means the same.
            if keyed {
                let at = at.index(parts.len() + 1);
                parts.insert(at, format!("file={volume}"));
            } else {
                parts.insert(0, volume.clone());
            }
            (
                format!("{bus}{index}"),
                parts.join(","),
                (!cdrom).then_some(volume),
            )
        })
}

/// Keys of a config that are not drives, with values as qm config shows them.
fn other_key() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        Just((
            "net0".to_owned(),
            "virtio=BC:24:11:2A:3B:4C,bridge=vmbr0".to_owned()
        )),
        Just(("boot".to_owned(), "order=scsi0;ide2;net0".to_owned())),
        Just(("scsihw".to_owned(), "virtio-scsi-single".to_owned())),
        Just(("unused0".to_owned(), "local-zfs:vm-100-disk-1".to_owned())),
        Just(("ide".to_owned(), "local:iso/x.iso".to_owned())),
        Just(("scsi0x".to_owned(), "local:vm-100-disk-2".to_owned())),
        ("[a-z]{1,10}", "[a-zA-Z0-9=,:;/.-]{0,30}"),
    ]
}

/// A JSON value of any shape, small.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        "[0-9 +.eE-]{0,8}".prop_map(Value::String),
        ascii_case(&["1", "0", "yes", "no", "on", "off", "true", "false"]).prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z0-9]{1,8}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One of `words`, each letter in either case (ASCII only: Perl's `lc` is not Unicode's folding).
fn ascii_case(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    (prop::sample::select(words), any::<u64>()).prop_map(|(word, mask)| {
        word.chars()
            .enumerate()
            .map(|(i, c)| {
                if mask >> i & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    })
}

/// A boolean as Perl may send it, and what it means.
fn boolean() -> impl Strategy<Value = (Value, bool)> {
    prop_oneof![
        any::<bool>().prop_map(|b| (json!(b), b)),
        any::<i64>().prop_map(|n| (json!(n), n != 0)),
        any::<u64>().prop_map(|n| (json!(n), n != 0)),
        ascii_case(&["1", "yes", "on", "true"]).prop_map(|s| (json!(s), true)),
        ascii_case(&["", "0", "no", "off", "false"]).prop_map(|s| (json!(s), false)),
        Just((Value::Null, false)),
    ]
}

/// A number as Perl may send it, and its value.
fn number() -> impl Strategy<Value = (Value, u64)> {
    prop_oneof![
        any::<u64>().prop_map(|n| (json!(n), n)),
        (any::<u64>(), "[ \t]{0,2}", "[ \t]{0,2}")
            .prop_map(|(n, a, b)| (json!(format!("{a}{n}{b}")), n)),
        // An epoch written as a float (1.7e9).
        (0..(1u64 << 53)).prop_map(|n| (json!(n as f64), n)),
    ]
}

fn member(online: Value, nodeid: Value) -> Value {
    json!({ "type": "node", "name": "pve1", "id": "node/pve1", "online": online, "local": 1, "nodeid": nodeid })
}

/// Reads `value` as `T`; a refusal must be an answer people are told about in their language.
fn read<T: serde::de::DeserializeOwned>(value: Value) -> Result<Option<T>, TestCaseError> {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(read) => Ok(Some(read)),
        Err(error) => {
            assert_translated(&decode_message(&error), &value.to_string())?;
            Ok(None)
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_config_is_read_without_a_panic(value in json_value()) {
        if let Some(config) = read::<VmConfig>(value)? {
            config.disks();
        }
    }

    #[test]
    fn junk_property_strings_are_never_a_panic(
        entries in prop::collection::btree_map("(ide|sata|scsi|virtio|efidisk|tpmstate)[0-9]{0,2}", ".{0,40}", 0..6)
    ) {
        let config: VmConfig = serde_json::from_value(json!(entries)).unwrap();
        for (drive, volume) in config.disks() {
            prop_assert!(entries.contains_key(&drive));
            prop_assert!(!volume.contains(','), "{:?}: {:?}", drive, volume);
        }
    }

    #[test]
    fn disks_are_the_drives_that_are_not_cd_drives(
        drives in prop::collection::btree_map("[a-z]{1,8}", drive(), 0..6),
        others in prop::collection::vec(other_key(), 0..5),
    ) {
        let mut config = serde_json::Map::new();
        for (key, value) in others {
            config.insert(key, value.into());
        }
        let mut expected = std::collections::BTreeMap::new();
        for (key, value, volume) in drives.into_values() {
            config.insert(key.clone(), value.into());
            match volume {
                Some(volume) => { expected.insert(key, volume); }
                None => { expected.remove(&key); }
            }
        }
        let config: VmConfig = serde_json::from_value(config.into()).unwrap();
        let disks: std::collections::BTreeMap<_, _> = config.disks().into_iter().collect();
        prop_assert_eq!(disks, expected);
    }

    #[test]
    fn any_member_is_read_without_a_panic(online in json_value(), nodeid in json_value()) {
        read::<ClusterMember>(member(online, nodeid))?;
    }

    #[test]
    fn any_log_line_is_read_without_a_panic(n in json_value()) {
        read::<TaskLogLine>(json!({ "n": n, "t": "TASK OK" }))?;
    }

    #[test]
    fn perl_booleans_and_numbers_read_as_meant((online, expected) in boolean(), (nodeid, id) in number()) {
        let member = read::<ClusterMember>(member(online.clone(), nodeid.clone()))?;
        let member = member.ok_or_else(|| TestCaseError::fail(format!("{online} and {nodeid} should be read")))?;
        prop_assert_eq!(member.online, expected, "{}", online);
        prop_assert_eq!(member.nodeid, Some(id), "{}", nodeid);
        let line = read::<TaskLogLine>(json!({ "n": nodeid, "t": "x" }))?;
        prop_assert_eq!(line.map(|l| l.n), Some(id));
    }

    #[test]
    fn what_is_neither_is_refused(
        boolean in prop_oneof![
            "[a-z]{2,8}".prop_filter("not a Perl boolean", |s| !["yes", "no", "on", "off", "true", "false"].contains(&s.as_str())).prop_map(Value::String),
            (-1e9..1e9f64).prop_map(Value::from),
            Just(json!([])),
            Just(json!({})),
        ],
        number in prop_oneof![
            (i64::MIN..0).prop_map(Value::from),
            (0.0..1e9f64).prop_filter("fractional", |f| f.fract() != 0.0).prop_map(Value::from),
            (-1e9..-0.5f64).prop_map(Value::from),
            "[a-z ,.-]{1,8}".prop_filter("not digits", |s| s.trim().parse::<u64>().is_err()).prop_map(Value::String),
            any::<bool>().prop_map(Value::Bool),
        ],
    ) {
        prop_assert!(read::<ClusterMember>(member(boolean.clone(), json!(1)))?.is_none(), "online: {}", boolean);
        prop_assert!(read::<ClusterMember>(member(json!(1), number.clone()))?.is_none(), "nodeid: {}", number);
        let line = json!({ "n": number, "t": "x" });
        prop_assert!(read::<TaskLogLine>(line)?.is_none(), "n: {}", number);
    }
}

//! The plan file (`src/course/plan.rs`): TOML, checked before any call.

use proptest::prelude::*;
use pve_ha_wizard::course::{InputError, Plan};

use super::{assert_translated, config};

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn check_any(text: &str) -> Result<Option<InputError>, TestCaseError> {
    match Plan::from_toml(text, "plan.toml") {
        Ok(plan) => {
            // What was taken is written back, and reads the same.
            prop_assert_eq!(Plan::from_toml(&plan.to_toml(), "again.toml"), Ok(plan));
            Ok(None)
        }
        Err(error) => {
            assert_translated(&pve_ha_wizard::i18n::words::input_error(&error), text)?;
            Ok(Some(error))
        }
    }
}

/// A node of a plan: its address's last byte, port, user and fingerprint.
#[derive(Clone, Debug)]
struct Node {
    address: String,
    port: Option<u16>,
    user: Option<String>,
    fingerprint: [u8; 32],
}

/// A plan's text and the values it was written from.
#[derive(Clone, Debug)]
struct Written {
    cluster: String,
    nodes: Vec<Node>,
    /// `[storage]`, `[vm]` and `[ha]` on the NAS, or `[vm]` on ZFS and `[replication]`.
    nas: bool,
    vm: (String, u64, u64, Option<u64>),
    ha: (u64, u64, Vec<String>),
    schedule: Option<String>,
}

impl Written {
    fn text(&self) -> String {
        let mut text = format!("[cluster]\nname = {}\n", quoted(&self.cluster));
        for node in &self.nodes {
            let fingerprint: Vec<String> = node
                .fingerprint
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect();
            text += &format!(
                "[[nodes]]\naddress = {}\nfingerprint = \"{}\"\n",
                quoted(&node.address),
                fingerprint.join(":")
            );
            if let Some(port) = node.port {
                text += &format!("port = {port}\n");
            }
            if let Some(user) = &node.user {
                text += &format!("user = {}\n", quoted(user));
            }
        }
        let (name, memory, disk, vmid) = &self.vm;
        if self.nas {
            text += "[storage]\nid = \"NAS\"\nserver = \"192.0.2.20\"\nexport = \"/mnt/pool/proxmox\"\n";
        }
        text += &format!(
            "[vm]\nname = {}\nmemory_mib = {memory}\ndisk_gib = {disk}\n",
            quoted(name)
        );
        if let Some(vmid) = vmid {
            text += &format!("vmid = {vmid}\n");
        }
        if self.nas {
            let (restart, relocate, nodes) = &self.ha;
            let nodes: Vec<String> = nodes.iter().map(|n| quoted(n)).collect();
            text += &format!(
                "[ha]\nmax_restart = {restart}\nmax_relocate = {relocate}\nnodes = [{}]\n",
                nodes.join(", ")
            );
        } else {
            text += "storage = \"local-zfs\"\n[replication]\ntarget = \"pve2\"\n";
            if let Some(schedule) = &self.schedule {
                text += &format!("schedule = {}\n", quoted(schedule));
            }
        }
        text
    }
}

fn node_name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9]([a-zA-Z0-9-]{0,12}[a-zA-Z0-9])?"
}

fn written() -> impl Strategy<Value = Written> {
    let node = (
        prop::option::of(1..=u16::MAX),
        prop::option::of("[a-z][a-z0-9._-]{0,10}@(pam|pve|[a-z]{2,8})"),
        any::<[u8; 32]>(),
    );
    let addresses = prop::collection::btree_set(
        prop_oneof![
            (1..=254u8).prop_map(|b| format!("192.0.2.{b}")),
            (1..=0xffffu16).prop_map(|b| format!("2001:db8::{b:x}")),
            "[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9]{0,8}){0,2}",
        ],
        2..6,
    );
    (
        "[a-zA-Z0-9]([a-zA-Z0-9-]{0,13}[a-zA-Z0-9])?",
        addresses.prop_flat_map(move |addresses| {
            let count = addresses.len();
            (Just(addresses), prop::collection::vec(node.clone(), count))
        }),
        any::<bool>(),
        (
            "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\\.[a-z0-9]{1,8}){0,2}",
            16..=4_194_304u64,
            1..=65_536u64,
            prop::option::of(100..=999_999_999u64),
        ),
        (
            0..=10u64,
            0..=10u64,
            prop::collection::btree_set(node_name(), 0..4),
        ),
        prop::option::of(prop_oneof![
            Just("*/30"),
            Just("*/15"),
            Just("22:30"),
            Just("mon..fri 8..18/2:00"),
            Just("sat *-*-01..07 2:00")
        ]),
    )
        .prop_map(
            |(cluster, (addresses, nodes), nas, vm, (restart, relocate, ha_nodes), schedule)| {
                Written {
                    cluster,
                    nodes: addresses
                        .into_iter()
                        .zip(nodes)
                        .map(|(address, (port, user, fingerprint))| Node {
                            address,
                            port,
                            user,
                            fingerprint,
                        })
                        .collect(),
                    nas,
                    vm,
                    ha: (restart, relocate, ha_nodes.into_iter().collect()),
                    schedule: schedule.map(str::to_owned),
                }
            },
        )
}

/// One way to spoil a plan, and the refusal it must get.
#[derive(Clone, Debug)]
enum Spoil {
    ClusterName(String),
    OneNode,
    SameAddress,
    Address(String),
    Fingerprint,
    User(String),
    Port,
    UnknownKey,
    Password,
    Memory(u64),
    Disk,
    VmId(u64),
    HaLimits(u64),
    HaNodeTwice,
    Schedule(String),
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        prop_oneof![
            Just(String::new()),
            "[a-z]{16,20}",
            "-[a-z]{1,5}",
            "[a-z]{1,5}-",
            "[a-z]{1,5}[ _.é][a-z]{1,5}",
        ]
        .prop_map(Spoil::ClusterName),
        Just(Spoil::OneNode),
        Just(Spoil::SameAddress),
        prop_oneof![
            Just("http://x".to_owned()),
            "[a-z]{1,5} [a-z]{1,5}",
            Just(String::new()),
            "-[a-z]{1,5}"
        ]
        .prop_map(Spoil::Address),
        Just(Spoil::Fingerprint),
        prop_oneof![
            "[a-z]{1,8}",
            "[a-z]{1,8}@[a-z]",
            "[a-z]{1,4}:[a-z]{1,4}@pam"
        ]
        .prop_map(Spoil::User),
        Just(Spoil::Port),
        Just(Spoil::UnknownKey),
        Just(Spoil::Password),
        (0..16u64).prop_map(Spoil::Memory),
        Just(Spoil::Disk),
        // TOML's integers end at i64::MAX.
        prop_oneof![0..100u64, 1_000_000_000..=i64::MAX as u64].prop_map(Spoil::VmId),
        (11..1000u64).prop_map(Spoil::HaLimits),
        Just(Spoil::HaNodeTwice),
        prop_oneof![
            Just("*/0".to_owned()),
            Just("25:00".to_owned()),
            Just("daily UTC".to_owned()),
            "[a-z]{130,140}"
        ]
        .prop_map(Spoil::Schedule),
    ]
}

/// Whether the refusal is the one that spoil must get.
fn refused_for(spoil: &Spoil, error: &InputError) -> bool {
    use InputError as E;
    match spoil {
        Spoil::ClusterName(_) => matches!(error, E::ClusterName { .. }),
        Spoil::OneNode => matches!(error, E::TooFewNodes { count: 1 }),
        Spoil::SameAddress => matches!(error, E::DuplicateAddress { .. }),
        Spoil::Address(_) => matches!(error, E::Address { .. }),
        Spoil::Fingerprint => matches!(error, E::Fingerprint { .. }),
        Spoil::User(_) => matches!(error, E::User { .. }),
        Spoil::UnknownKey | Spoil::Password => matches!(error, E::Plan { .. }),
        Spoil::Port => matches!(error, E::Address { .. }),
        Spoil::Memory(_) => matches!(error, E::VmMemory { .. }),
        Spoil::Disk => matches!(error, E::VmDisk { disk_gib: 0 }),
        Spoil::VmId(_) => matches!(error, E::VmId { .. }),
        Spoil::HaLimits(_) => matches!(error, E::HaLimits { .. }),
        Spoil::HaNodeTwice => matches!(error, E::HaNodeTwice { .. }),
        Spoil::Schedule(_) => matches!(error, E::ReplicationSchedule { .. }),
    }
}

/// TOML that is a plan's shape with values of any kind, where the checks behind the parser live.
fn plan_shaped() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        ".{0,12}".prop_map(|s| quoted(&s)),
        "[a-zA-Z0-9:./@*-]{0,20}".prop_map(|s| quoted(&s)),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        Just("[]".to_owned()),
        Just("[\"pve1\", \"pve1\"]".to_owned()),
    ];
    let key = prop_oneof![
        Just("name"),
        Just("address"),
        Just("fingerprint"),
        Just("port"),
        Just("user"),
        Just("id"),
        Just("server"),
        Just("export"),
        Just("file"),
        Just("url"),
        Just("sha256"),
        Just("memory_mib"),
        Just("disk_gib"),
        Just("vmid"),
        Just("storage"),
        Just("max_restart"),
        Just("max_relocate"),
        Just("nodes"),
        Just("target"),
        Just("schedule"),
    ];
    let section = prop_oneof![
        Just("[cluster]"),
        Just("[[nodes]]"),
        Just("[storage]"),
        Just("[iso]"),
        Just("[vm]"),
        Just("[ha]"),
        Just("[replication]"),
    ];
    prop::collection::vec(
        (section, prop::collection::btree_map(key, value, 0..5)),
        0..8,
    )
    .prop_map(|sections| {
        sections
            .into_iter()
            .map(|(header, keys)| {
                let keys: Vec<String> = keys
                    .into_iter()
                    .map(|(k, v)| format!("{k} = {v}\n"))
                    .collect();
                format!("{header}\n{}", keys.concat())
            })
            .collect()
    })
}

never_a_panic!(plan_shaped_junk_is_never_a_panic in plan_shaped());

proptest! {
    #![proptest_config(config())]

    #[test]
    fn plans_read_into_what_they_say(written in written()) {
        let text = written.text();
        let plan = Plan::from_toml(&text, "plan.toml").map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&plan.cluster_name, &written.cluster);
        prop_assert_eq!(plan.nodes.len(), written.nodes.len());
        for (node, w) in plan.nodes.iter().zip(&written.nodes) {
            prop_assert_eq!(node.endpoint.host(), w.address.as_str());
            prop_assert_eq!(node.endpoint.port(), w.port.unwrap_or(8006));
            prop_assert_eq!(node.user.as_str(), w.user.as_deref().unwrap_or("root@pam"));
            prop_assert_eq!(node.fingerprint.as_bytes(), &w.fingerprint);
        }
        let vm = plan.vm.as_ref().unwrap();
        prop_assert_eq!((&vm.name, vm.memory_mib, vm.disk_gib, vm.vmid), (&written.vm.0, written.vm.1, written.vm.2, written.vm.3));
        if written.nas {
            prop_assert_eq!(plan.storage.as_ref().map(|s| s.id.as_str()), Some("NAS"));
            let ha = plan.ha.as_ref().unwrap();
            prop_assert_eq!((ha.max_restart, ha.max_relocate, &ha.nodes), (written.ha.0, written.ha.1, &written.ha.2));
        } else {
            let replication = plan.replication.as_ref().unwrap();
            prop_assert_eq!(replication.schedule.as_str(), written.schedule.as_deref().unwrap_or("*/30"));
        }
        prop_assert_eq!(check_any(&text)?, None);
    }

    #[test]
    fn spoilt_plans_are_refused(mut written in written(), spoil in spoil()) {
        let mut extra = String::new();
        match &spoil {
            Spoil::ClusterName(name) => written.cluster = name.clone(),
            Spoil::OneNode => written.nodes.truncate(1),
            Spoil::SameAddress => {
                let first = written.nodes[0].clone();
                written.nodes[1] = Node { fingerprint: [7; 32], ..first };
            }
            Spoil::Address(address) => written.nodes[1].address = address.clone(),
            Spoil::Fingerprint => written.nodes[0].fingerprint = [0; 32],
            Spoil::User(user) => written.nodes[1].user = Some(user.clone()),
            Spoil::Port => written.nodes[0].port = Some(0),
            Spoil::UnknownKey => extra = "[cluster2]\nname = \"x\"\n".to_owned(),
            Spoil::Password => extra = "[[nodes]]\naddress = \"192.0.2.99\"\nfingerprint = \"x\"\npassword = \"secret\"\n".to_owned(),
            Spoil::Memory(memory) => written.vm.1 = *memory,
            Spoil::Disk => written.vm.2 = 0,
            Spoil::VmId(vmid) => written.vm.3 = Some(*vmid),
            Spoil::HaLimits(limit) => { written.nas = true; written.ha.0 = *limit; }
            Spoil::HaNodeTwice => { written.nas = true; written.ha.2 = vec!["pve1".into(), "pve1".into()]; }
            Spoil::Schedule(schedule) => { written.nas = false; written.schedule = Some(schedule.clone()); }
        }
        let mut text = written.text() + &extra;
        if let Spoil::Fingerprint = spoil {
            text = text.replacen(&["00"; 32].join(":"), &["00"; 31].join(":"), 1);
        }
        let error = check_any(&text)?.ok_or_else(|| TestCaseError::fail(format!("{spoil:?} should be refused:\n{text}")))?;
        prop_assert!(refused_for(&spoil, &error), "{:?} refused as {:?}", spoil, error);
    }
}

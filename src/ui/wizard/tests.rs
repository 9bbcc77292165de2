//! The window's logic without a lab and without a display: updates and actions go in, the
//! state and the commands for the controller come out.

use std::time::Duration;

use super::*;
use crate::api::Endpoint;
use crate::course::{MemberSeen, StepError};
use crate::fingerprint::Fingerprint;
use crate::ui::controller::{Job, Passwords};
use crate::ui::profile::{Profile, ProfileNode};

fn fingerprint(byte: u8) -> Fingerprint {
    let text = vec![format!("{byte:02X}"); 32].join(":");
    text.parse().unwrap()
}

fn options() -> WizardOptions {
    let mut options = WizardOptions::for_user(Some(Language::En));
    options.language_fixed = false;
    options.storage = Storage::Memory;
    options
}

/// A window that has asked for its profile, as every window does first.
fn window() -> WizardState {
    let mut state = WizardState::new(options());
    assert!(matches!(state.take_commands()[..], [Command::Load]));
    state
}

/// The lab's nodes, and how the engine names them (`host:port`).
const HOSTS: [&str; 3] = ["127.0.0.11", "127.0.0.12", "127.0.0.13"];
const ADDRESSES: [&str; 3] = ["127.0.0.11:8006", "127.0.0.12:8006", "127.0.0.13:8006"];

/// The practice lab started, its nodes on the connect page.
fn lab_window() -> WizardState {
    let mut state = window();
    assert!(matches!(
        state.act(Action::StartLab(Track::HighAvailability))[..],
        [Command::StartLab {
            two_nodes: false,
            ..
        }]
    ));
    state.update(Update::LabStarted {
        addresses: HOSTS.map(str::to_owned).to_vec(),
        fingerprints: vec![fingerprint(1), fingerprint(2), fingerprint(3)],
        nas: Some(("127.0.0.20".to_owned(), "/mnt/pool/proxmox".to_owned())),
    });
    state
}

/// The lab's certificates probed and confirmed.
fn confirmed_window() -> WizardState {
    let mut state = lab_window();
    state.act(Action::ProbeAll);
    for index in 0..3 {
        let endpoint = state.nodes[index].endpoint().unwrap();
        state.update(Update::Probed {
            index,
            endpoint,
            result: Ok(fingerprint(index as u8 + 1)),
        });
        state.nodes[index].trust = Trust::Seen {
            fingerprint: fingerprint(index as u8 + 1),
            confirmed: true,
        };
    }
    state
}

/// Step 0 done: the course is connected.
fn connected_window() -> WizardState {
    let mut state = confirmed_window();
    state.act(Action::Apply(StepId::Connect));
    finish(&mut state, StepId::Connect);
    state
}

fn event(state: &mut WizardState, event: Event) -> Vec<Command> {
    state.update(Update::Event(event))
}

fn finish(state: &mut WizardState, step: StepId) -> Vec<Command> {
    event(state, Event::StepStarted { step });
    let mut commands = event(
        state,
        Event::StepFinished {
            step,
            outcome: Outcome::Done,
        },
    );
    commands.extend(state.update(Update::JobEnded));
    commands
}

fn fail(state: &mut WizardState, step: StepId, error: StepError) {
    event(state, Event::StepStarted { step });
    event(
        state,
        Event::StepFailed {
            step,
            error: Arc::new(error),
        },
    );
    state.update(Update::JobEnded);
}

fn runs(commands: &[Command]) -> Vec<(&Job, bool)> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Run { job, fresh, .. } => Some((job, *fresh)),
            _ => None,
        })
        .collect()
}

fn saves_profile(commands: &[Command]) -> bool {
    commands
        .iter()
        .any(|c| matches!(c, Command::SaveProfile(_)))
}

fn said(state: &WizardState, message: &Message) -> String {
    state.tr.tr(message)
}

#[test]
fn the_window_opens_on_the_start_page_and_asks_for_its_profile() {
    let state = window();
    assert_eq!(state.page, Page::Start);
    assert!(state.mode.is_none());
}

#[test]
fn the_practice_lab_button_asks_for_a_lab_at_the_chosen_speed() {
    let mut state = window();
    state.act(Action::SetLabSpeed(60.0));
    let commands = state.act(Action::StartLab(Track::HighAvailability));
    assert!(matches!(
        commands[..],
        [Command::StartLab { two_nodes: false, time_scale }] if time_scale == 60.0
    ));
    assert!(state.lab_starting);
}

#[test]
fn the_two_node_lab_is_the_replication_track() {
    let mut state = window();
    let commands = state.act(Action::StartLab(Track::Replication));
    assert!(matches!(
        commands[..],
        [Command::StartLab {
            two_nodes: true,
            ..
        }]
    ));
    assert_eq!(state.track, Track::Replication);
}

#[test]
fn a_started_lab_opens_the_connect_page_with_its_nodes_and_nas() {
    let state = lab_window();
    assert_eq!(state.page, Page::Step(StepId::Connect));
    assert_eq!(state.mode, Some(Mode::Lab));
    assert!(!state.lab_starting);
    assert_eq!(state.nodes.len(), 3);
    assert_eq!(state.nodes[1].lab_fingerprint, Some(fingerprint(2)));
    assert_eq!(state.storage_form.server, "127.0.0.20");
    assert_eq!(state.storage_form.export, "/mnt/pool/proxmox");
}

#[test]
fn a_lab_that_would_not_start_is_said_on_the_start_page() {
    let mut state = window();
    state.act(Action::StartLab(Track::HighAvailability));
    state.update(Update::LabFailed(crate::msg!(
        "err-lab",
        detail = "no port"
    )));
    assert!(!state.lab_starting);
    assert_eq!(state.page, Page::Start);
    assert!(state.notice.as_ref().is_some_and(|n| n.id == "err-lab"));
}

#[test]
fn checking_the_certificates_probes_each_node_once() {
    let mut state = lab_window();
    let commands = state.act(Action::ProbeAll);
    let probed: Vec<usize> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Probe { index, .. } => Some(*index),
            _ => None,
        })
        .collect();
    assert_eq!(probed, [0, 1, 2]);
    assert!(state.nodes.iter().all(|n| n.trust == Trust::Probing));
    // Nothing probed twice while the answers are on their way.
    assert!(state.act(Action::ProbeAll).is_empty());
}

#[test]
fn a_probe_answer_for_an_address_edited_since_is_dropped() {
    let mut state = window();
    state.act(Action::ChooseOwnNodes(Track::HighAvailability));
    state.take_commands();
    state.nodes[0].address = "192.168.1.11".to_owned();
    state.act(Action::ProbeAll);
    let old = state.nodes[0].endpoint().unwrap();
    state.nodes[0].address = "192.168.1.21".to_owned();
    state.update(Update::Probed {
        index: 0,
        endpoint: old,
        result: Ok(fingerprint(9)),
    });
    assert_eq!(state.nodes[0].trust, Trust::Probing);
}

#[test]
fn a_failed_probe_is_said_on_its_row() {
    let mut state = lab_window();
    state.act(Action::ProbeAll);
    let endpoint = state.nodes[2].endpoint().unwrap();
    state.update(Update::Probed {
        index: 2,
        endpoint,
        result: Err(crate::msg!("err-refused", node = "127.0.0.13:8006")),
    });
    assert!(matches!(&state.nodes[2].trust, Trust::Failed(m) if m.id == "err-refused"));
}

#[test]
fn a_wrong_address_is_refused_on_its_row_without_a_probe() {
    let mut state = window();
    state.act(Action::ChooseOwnNodes(Track::HighAvailability));
    state.nodes[0].address = "192.168.1.300".to_owned();
    let commands = state.act(Action::ProbeAll);
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::Probe { index: 0, .. }))
    );
    assert!(matches!(&state.nodes[0].trust, Trust::Failed(m) if m.id == "err-invalid-address"));
}

#[test]
fn nothing_is_sent_before_every_certificate_is_confirmed() {
    let mut state = lab_window();
    let commands = state.act(Action::Apply(StepId::Connect));
    assert!(runs(&commands).is_empty());
    let view = state.view(StepId::Connect);
    assert_eq!(view.status, Status::Failed);
    assert_eq!(view.error.as_ref().map(|m| m.id), Some("gui-confirm-first"));
    assert!(state.running.is_none());
}

#[test]
fn connecting_hands_the_typed_passwords_over_before_a_fresh_course() {
    let mut state = confirmed_window();
    state.nodes[0].password = "not used by the lab".to_owned();
    let commands = state.act(Action::Apply(StepId::Connect));
    let typed = commands.iter().position(|c| matches!(c, Command::Typed(_)));
    let run = commands
        .iter()
        .position(|c| matches!(c, Command::Run { .. }));
    assert!(typed < run, "the passwords go first");
    assert!(matches!(
        commands.get(run.unwrap()),
        Some(Command::Run {
            job: Job::Step(StepId::Connect),
            fresh: true,
            passwords: Passwords::Lab,
            ..
        })
    ));
    assert!(saves_profile(&commands));
    assert!(
        state
            .running
            .as_ref()
            .is_some_and(|r| r.work == Work::Step(StepId::Connect))
    );
}

#[test]
fn one_job_at_a_time() {
    let mut state = confirmed_window();
    state.act(Action::Apply(StepId::Connect));
    assert!(state.act(Action::Apply(StepId::Hostnames)).is_empty());
    assert!(state.act(Action::StartWatch).is_empty());
}

#[test]
fn a_later_step_goes_on_with_the_course_that_ran_before() {
    let mut state = connected_window();
    let commands = state.act(Action::Apply(StepId::Hostnames));
    assert_eq!(runs(&commands), [(&Job::Step(StepId::Hostnames), false)]);
}

#[test]
fn a_step_that_finishes_is_done_and_the_profile_is_saved() {
    let mut state = connected_window();
    state.act(Action::Apply(StepId::Hostnames));
    event(
        &mut state,
        Event::StepStarted {
            step: StepId::Hostnames,
        },
    );
    assert_eq!(state.view(StepId::Hostnames).status, Status::Running);
    let commands = finish(&mut state, StepId::Hostnames);
    assert_eq!(state.view(StepId::Hostnames).status, Status::Done);
    assert!(saves_profile(&commands));
    assert!(state.running.is_none());
}

#[test]
fn own_nodes_connected_store_the_passwords_asked_to_be_remembered() {
    let mut state = window();
    state.act(Action::ChooseOwnNodes(Track::HighAvailability));
    for (index, node) in state.nodes.iter_mut().enumerate() {
        node.address = format!("192.168.1.1{index}");
        node.password = "secret".to_owned();
        node.remember = index == 1;
        node.trust = Trust::Seen {
            fingerprint: fingerprint(index as u8),
            confirmed: true,
        };
    }
    let commands = state.act(Action::Apply(StepId::Connect));
    assert!(matches!(
        runs(&commands)[..],
        [(Job::Step(StepId::Connect), true)]
    ));
    assert!(commands.iter().any(|c| matches!(
        c,
        Command::Run {
            passwords: Passwords::Typed,
            ..
        }
    )));
    let commands = finish(&mut state, StepId::Connect);
    let remembered: Vec<&Vec<String>> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Remember(accounts) => Some(accounts),
            _ => None,
        })
        .collect();
    let account = state.nodes[1].account().unwrap();
    assert_eq!(remembered, [&vec![account]]);
}

#[test]
fn a_missing_password_is_asked_for_on_the_page() {
    let mut state = connected_window();
    fail(
        &mut state,
        StepId::Hostnames,
        StepError::MissingSecret {
            node: ADDRESSES[1].to_owned(),
            user: "root@pam".to_owned(),
        },
    );
    let view = state.view(StepId::Hostnames);
    assert_eq!(view.status, Status::Failed);
    assert_eq!(
        view.error.as_ref().map(|m| m.id),
        Some("gui-missing-password")
    );
}

#[test]
fn a_node_that_asked_for_a_totp_code_gets_the_code_asked_for() {
    let mut state = connected_window();
    let account = state.nodes[1].account().unwrap();
    state.update(Update::Vault(VaultView {
        keychain_problem: None,
        totp_asked: [account].into(),
    }));
    fail(
        &mut state,
        StepId::Connect,
        StepError::MissingSecret {
            node: ADDRESSES[1].to_owned(),
            user: "root@pam".to_owned(),
        },
    );
    let error = state.view(StepId::Connect).error.clone().unwrap();
    assert_eq!(error.id, "gui-totp-asked");
    assert!(said(&state, &error).contains(ADDRESSES[1]));
}

#[test]
fn a_changed_certificate_is_said_in_the_windows_words() {
    let mut state = connected_window();
    fail(
        &mut state,
        StepId::Hostnames,
        StepError::Api {
            node: ADDRESSES[0].to_owned(),
            source: crate::api::Error::CertChanged {
                host: ADDRESSES[0].to_owned(),
                pinned: fingerprint(1),
                seen: fingerprint(7),
            },
        },
    );
    let error = state.view(StepId::Hostnames).error.clone().unwrap();
    assert_eq!(error.id, "gui-cert-changed");
    assert!(said(&state, &error).contains(&fingerprint(7).to_string()));
}

#[test]
fn other_failures_keep_the_engines_words() {
    let mut state = connected_window();
    fail(
        &mut state,
        StepId::Storage,
        StepError::OutOfOrder {
            needs: StepId::JoinNodes,
        },
    );
    let error = state.view(StepId::Storage).error.clone().unwrap();
    assert_eq!(error.id, "err-out-of-order");
}

#[test]
fn a_failed_step_is_applied_again_with_its_error_cleared() {
    let mut state = connected_window();
    state.act(Action::Apply(StepId::CreateCluster));
    fail(
        &mut state,
        StepId::CreateCluster,
        StepError::OutOfOrder {
            needs: StepId::Hostnames,
        },
    );
    let commands = state.act(Action::Apply(StepId::CreateCluster));
    assert_eq!(
        runs(&commands),
        [(&Job::Step(StepId::CreateCluster), false)]
    );
    let view = state.view(StepId::CreateCluster);
    assert_eq!(view.status, Status::Running);
    assert!(view.error.is_none());
}

#[test]
fn cancel_is_sent_only_while_something_runs() {
    let mut state = confirmed_window();
    assert!(state.act(Action::Cancel).is_empty());
    state.act(Action::Apply(StepId::Connect));
    assert!(matches!(state.act(Action::Cancel)[..], [Command::Cancel]));
}

#[test]
fn a_form_not_right_yet_refuses_its_own_step_and_nothing_is_sent() {
    let mut state = connected_window();
    state.storage_form.export = "mnt/pool".to_owned();
    let commands = state.act(Action::Apply(StepId::Storage));
    assert!(runs(&commands).is_empty());
    let view = state.view(StepId::Storage);
    assert_eq!(view.status, Status::Failed);
    assert!(view.error.is_some());
    // Another step goes on without it.
    let commands = state.act(Action::Apply(StepId::Hostnames));
    assert_eq!(runs(&commands).len(), 1);
}

#[test]
fn own_nodes_resume_at_the_step_reached_last_time() {
    let mut state = window();
    let profile = Profile {
        language: Some("es".to_owned()),
        step: Some("storage".to_owned()),
        track: Some("high-availability".to_owned()),
        cluster_name: Some("aula3".to_owned()),
        forms: None,
        nodes: (1..=3)
            .map(|n| ProfileNode {
                address: format!("192.168.1.1{n}"),
                user: "root@pam".to_owned(),
            })
            .collect(),
    };
    let commands = state.update(Update::Loaded {
        profile: Some(Box::new(profile)),
        known_nodes: Ok(KnownNodes::in_memory()),
    });
    assert_eq!(state.mode, Some(Mode::Own));
    assert_eq!(state.page, Page::Step(StepId::Storage));
    assert_eq!(state.nodes[2].address, "192.168.1.13");
    assert_eq!(state.cluster_name, "aula3");
    assert_eq!(state.tr.language(), Language::Es);
    assert!(saves_profile(&commands));
}

#[test]
fn a_language_chosen_on_the_command_line_wins_over_the_profiles() {
    let mut options = options();
    options.language_fixed = true;
    let mut state = WizardState::new(options);
    state.update(Update::Loaded {
        profile: Some(Box::new(Profile {
            language: Some("ca-valencia".to_owned()),
            ..Profile::default()
        })),
        known_nodes: Ok(KnownNodes::in_memory()),
    });
    assert_eq!(state.tr.language(), Language::En);
}

#[test]
fn certificates_trusted_before_are_known_without_a_probe() {
    let known = KnownNodes::in_memory();
    let endpoint = Endpoint::new("192.168.1.11", 8006).unwrap();
    known.trust(&endpoint, "pve1", fingerprint(5));
    let mut state = window();
    state.update(Update::Loaded {
        profile: None,
        known_nodes: Ok(known),
    });
    state.act(Action::ChooseOwnNodes(Track::HighAvailability));
    state.nodes[0].address = "192.168.1.11".to_owned();
    state.act(Action::NodesEdited);
    assert_eq!(state.nodes[0].trust, Trust::Known(fingerprint(5)));
    let probed = state
        .act(Action::ProbeAll)
        .iter()
        .filter(|c| matches!(c, Command::Probe { index: 0, .. }))
        .count();
    assert_eq!(probed, 0);
}

#[test]
fn a_list_of_trusted_nodes_that_cannot_be_read_is_said() {
    let mut state = window();
    state.update(Update::Loaded {
        profile: None,
        known_nodes: Err(crate::msg!("err-runtime", detail = "broken")),
    });
    assert!(state.notice.is_some());
}

#[test]
fn going_to_another_page_saves_where_the_teacher_is() {
    let mut state = connected_window();
    assert!(
        state
            .act(Action::GoTo(Page::Step(StepId::Connect)))
            .is_empty()
    );
    let commands = state.act(Action::GoTo(Page::Step(StepId::Hostnames)));
    assert_eq!(state.page, Page::Step(StepId::Hostnames));
    assert!(saves_profile(&commands));
}

#[test]
fn another_language_is_spoken_and_kept() {
    let mut state = window();
    let commands = state.act(Action::SetLanguage(Language::CaValencia));
    assert_eq!(state.tr.language(), Language::CaValencia);
    assert!(saves_profile(&commands));
    assert!(
        state
            .act(Action::SetLanguage(Language::CaValencia))
            .is_empty()
    );
}

#[test]
fn the_nodes_read_by_step_1_fill_its_table_and_the_picture() {
    let mut state = connected_window();
    let facts: Vec<NodeFacts> = ["pve1", "pve2", "pve3"]
        .iter()
        .zip(ADDRESSES)
        .map(|(name, label)| NodeFacts {
            label: label.to_owned(),
            name: (*name).to_owned(),
            version: "9.2.10".to_owned(),
            major: Some(9),
            hosts_addresses: Vec::new(),
            own_addresses: vec![label.replace(":8006", "")],
            cluster: None,
            guests: 0,
            clock_offset_secs: 0,
        })
        .collect();
    event(
        &mut state,
        Event::Seen {
            seen: Seen::Hosts(facts),
        },
    );
    assert_eq!(state.facts.len(), 3);
    assert_eq!(state.picture.nodes.len(), 3);
    assert_eq!(
        state.picture.nodes[0].address.as_deref(),
        Some("127.0.0.11")
    );
}

#[test]
fn the_cluster_read_picks_another_member_for_the_replica() {
    let mut state = connected_window();
    let members = ["pve1", "pve2"]
        .map(|name| MemberSeen {
            name: name.to_owned(),
            address: None,
            online: true,
            votes: 1,
        })
        .to_vec();
    event(
        &mut state,
        Event::Seen {
            seen: Seen::Cluster(ClusterSeen {
                name: "escola".to_owned(),
                quorate: true,
                members,
            }),
        },
    );
    assert_eq!(state.replication_form.target, "pve2");
    assert!(state.cluster.as_ref().is_some_and(|c| c.quorate));
    assert_eq!(state.picture.votes().total, 2);
}

#[test]
fn the_watch_fills_the_timeline_and_the_time_the_vm_was_away() {
    let mut state = connected_window();
    let at = std::time::SystemTime::UNIX_EPOCH;
    event(
        &mut state,
        Event::NodeChanged {
            node: "pve1".to_owned(),
            online: false,
            at,
        },
    );
    event(
        &mut state,
        Event::ServiceChanged {
            sid: "vm:100".to_owned(),
            state: "started".to_owned(),
            node: "pve2".to_owned(),
            at,
        },
    );
    event(
        &mut state,
        Event::Recovered {
            sid: "vm:100".to_owned(),
            from: "pve1".to_owned(),
            to: "pve2".to_owned(),
            after: Duration::from_secs(150),
        },
    );
    assert_eq!(state.failover.timeline.len(), 3);
    assert_eq!(state.failover.nodes.get("pve1"), Some(&false));
    assert_eq!(
        state.failover.services.get("vm:100"),
        Some(&("started".to_owned(), "pve2".to_owned()))
    );
    let recovered = state.failover.recovered.clone().unwrap();
    assert!(said(&state, &recovered).contains("150 s"));
}

#[test]
fn a_faster_lab_is_watched_faster_but_never_more_than_ten_times_a_second() {
    let mut state = connected_window();
    state.act(Action::SetLabSpeed(60.0));
    let commands = state.act(Action::StartWatch);
    assert!(matches!(
        runs(&commands)[..],
        [(Job::Watch { poll }, false)] if *poll == Duration::from_millis(100)
    ));
    state.update(Update::JobEnded);
    state.act(Action::SetLabSpeed(1.0));
    let commands = state.act(Action::StartWatch);
    assert!(matches!(
        runs(&commands)[..],
        [(Job::Watch { poll }, false)] if *poll == Duration::from_secs(1)
    ));
}

#[test]
fn the_lab_speed_goes_to_a_running_lab_only() {
    let mut state = window();
    assert!(state.act(Action::SetLabSpeed(10.0)).is_empty());
    let mut state = lab_window();
    assert!(matches!(
        state.act(Action::SetLabSpeed(10.0))[..],
        [Command::LabSpeed(scale)] if scale == 10.0
    ));
}

#[test]
fn a_power_button_is_pressed_once_until_the_lab_answers() {
    let mut state = lab_window();
    let press = || Action::PressPower {
        node: "pve2".to_owned(),
        on: false,
    };
    assert!(matches!(
        state.act(press())[..],
        [Command::Power { on: false, .. }]
    ));
    assert!(state.act(press()).is_empty());
    state.update(Update::Powered {
        node: "pve2".to_owned(),
        result: Err(crate::msg!("gui-power-no-lab")),
    });
    assert!(state.failover.pressing.is_empty());
    assert!(
        state
            .notice
            .as_ref()
            .is_some_and(|n| n.id == "gui-power-no-lab")
    );
    assert_eq!(state.act(press()).len(), 1);
}

#[test]
fn one_file_dialog_at_a_time_and_its_file_goes_in_the_field() {
    let mut state = connected_window();
    let commands = state.act(Action::PickIso);
    assert!(
        matches!(&commands[..], [Command::PickIso(q)] if q.title == state.tr.text("gui-iso-pick-title"))
    );
    assert!(state.act(Action::PickIso).is_empty());
    assert!(state.act(Action::PracticeIso).is_empty());
    state.update(Update::IsoChosen(Some("/home/mestre/tinycore.iso".into())));
    assert!(!state.picking);
    assert_eq!(state.iso_form.path, "/home/mestre/tinycore.iso");
    // A dialog closed without a file leaves the field as it was.
    state.act(Action::PickIso);
    state.update(Update::IsoChosen(None));
    assert_eq!(state.iso_form.path, "/home/mestre/tinycore.iso");
}

#[test]
fn the_only_export_of_a_scan_is_the_one_to_use() {
    let mut state = connected_window();
    let commands = state.act(Action::ScanExports);
    assert!(matches!(
        runs(&commands)[..],
        [(Job::ScanExports { server }, false)] if server == "127.0.0.20"
    ));
    state.update(Update::Exports(Ok(vec![crate::api::NfsExport {
        path: "/srv/nfs".to_owned(),
        options: None,
    }])));
    assert_eq!(state.storage_form.export, "/srv/nfs");
}

#[test]
fn no_scan_without_a_valid_server() {
    let mut state = connected_window();
    state.storage_form.server = "nas..local".to_owned();
    assert!(runs(&state.act(Action::ScanExports)).is_empty());
}

#[test]
fn forgetting_a_password_clears_its_field_and_the_keychain() {
    let mut state = window();
    state.act(Action::ChooseOwnNodes(Track::HighAvailability));
    state.nodes[0].address = "192.168.1.11".to_owned();
    state.nodes[0].password = "secret".to_owned();
    let account = state.nodes[0].account().unwrap();
    let commands = state.act(Action::ForgetPassword(0));
    assert!(state.nodes[0].password.is_empty());
    assert!(matches!(&commands[..], [Command::Forget(a)] if *a == account));
    state.update(Update::Forgotten(account.clone()));
    assert!(
        state
            .keychain_notes
            .get(&account)
            .is_some_and(|n| n.id == "gui-forgotten")
    );
}

#[test]
fn checking_a_certificate_again_probes_it_anew() {
    let mut state = confirmed_window();
    let commands = state.act(Action::Recheck(1));
    assert!(matches!(commands[..], [Command::Probe { index: 1, .. }]));
    assert_eq!(state.nodes[1].trust, Trust::Probing);
}

#[test]
fn the_keychain_tried_again_says_when_it_is_done() {
    let mut state = window();
    assert!(matches!(
        state.act(Action::RetryKeychain)[..],
        [Command::CheckKeychain]
    ));
    assert!(state.keychain_checking);
    state.update(Update::KeychainChecked);
    assert!(!state.keychain_checking);
}

#[test]
fn another_lab_drops_the_course_of_the_last_one() {
    let mut state = connected_window();
    state.act(Action::StartLab(Track::HighAvailability));
    let commands = state.update(Update::LabStarted {
        addresses: HOSTS.map(str::to_owned).to_vec(),
        fingerprints: vec![fingerprint(4), fingerprint(5), fingerprint(6)],
        nas: None,
    });
    assert!(commands.iter().any(|c| matches!(c, Command::DropCourse)));
    assert_eq!(state.view(StepId::Connect).status, Status::ToDo);
    assert!(state.picture.nodes.is_empty());
}

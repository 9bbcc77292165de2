//! The desktop window, driven by accessible labels (egui_kittest, no display), against a
//! practice lab over real HTTPS. Subnets 127.0.140.x–127.0.149.x, 127.0.156.x–127.0.158.x,
//! 127.0.137.x–127.0.138.x and 127.0.181.x belong to these tests, one test each (two labs on one
//! address would answer in turn).

mod common;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use pve_ha_wizard::course::join_info::JoinInformation;
use pve_ha_wizard::i18n::Language;
use pve_ha_wizard::lab::{LabInfo, LabOptions, Pve};
use pve_ha_wizard::ui::picker::{FilePicker, IsoQuestion};
use pve_ha_wizard::ui::{Storage, Wizard, WizardOptions};

/// The file dialog, as a teacher who picks `file` uses it.
#[derive(Debug)]
struct Picks(Option<std::path::PathBuf>);

impl FilePicker for Picks {
    fn pick_iso(
        &self,
        _question: IsoQuestion,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<std::path::PathBuf>> + Send>>
    {
        let file = self.0.clone();
        Box::pin(async move { file })
    }
}

fn options(subnet: u8) -> WizardOptions {
    WizardOptions {
        language: Language::En,
        language_fixed: true,
        storage: Storage::Memory,
        lab: LabOptions {
            address_base: Ipv4Addr::new(127, 0, subnet, 11),
            auth_failure_delay: Duration::from_millis(20),
            ..LabOptions::default()
        },
        course: common::fast_options(),
        probe_timeout: Duration::from_secs(5),
        picker: std::sync::Arc::new(Picks(None)),
    }
}

fn harness(runtime: &tokio::runtime::Runtime, options: WizardOptions) -> Harness<'static, Wizard> {
    let wizard = Wizard::new(runtime.handle().clone(), options);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 2400.0))
        .build_ui_state(|ui, wizard: &mut Wizard| wizard.ui(ui), wizard);
    harness.run_steps(2);
    harness
}

/// Steps the window until `done` holds, failing after a minute with `what`.
fn step_until(
    h: &mut Harness<'_, Wizard>,
    what: &str,
    done: impl Fn(&Harness<'_, Wizard>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(h) {
        if Instant::now() >= deadline {
            let shown: Vec<String> = h
                .query_all(By::new().predicate(|_| true))
                .filter_map(|n| text_of(&n))
                .collect();
            panic!("timed out waiting for {what}; the window shows: {shown:?}");
        }
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
}

fn has_label(h: &Harness<'_, Wizard>, label: &str) -> bool {
    h.query_by_label(label).is_some()
}

fn has_label_containing(h: &Harness<'_, Wizard>, part: &str) -> bool {
    h.query_all_by_label_contains(part).next().is_some()
}

fn click_button(h: &mut Harness<'_, Wizard>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run_steps(2);
}

/// Replaces the text of the field named `label`.
fn type_into(h: &mut Harness<'_, Wizard>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

/// Applies the page's step and waits until it reports "Done." (or fails with its message).
fn apply_and_wait(h: &mut Harness<'_, Wizard>, button: &str, step: &str) {
    click_button(h, button);
    step_until(h, step, |h| has_label(h, "Done.") || has_label(h, "failed"));
    assert!(
        has_label(h, "Done."),
        "step {step} should be done; the page shows an error instead"
    );
    // The step reports "Done." before the course comes back to the window; until then the
    // page still shows Cancel, and Next waits.
    step_until(h, "the course back", |h| {
        h.query_by_role_and_label(Role::Button, "Cancel").is_none()
    });
}

/// Types each lab node's address and `password(number)` on the connect page, as a teacher
/// does for their own nodes.
fn type_own_nodes(h: &mut Harness<'_, Wizard>, info: &LabInfo, password: impl Fn(usize) -> String) {
    for (index, node) in info.nodes.iter().enumerate() {
        let number = index + 1;
        let address = node.address.to_string();
        type_into(h, &format!("Address of node {number}"), &address);
        type_into(h, &format!("Password of node {number}"), &password(number));
    }
}

/// "My Proxmox nodes" with the lab's nodes and password, every certificate trusted, step 0
/// done.
fn connect_own_nodes(h: &mut Harness<'_, Wizard>, info: &LabInfo) {
    click_button(h, "My Proxmox nodes");
    type_own_nodes(h, info, |_| info.password.clone());
    click_button(h, "Check the certificates");
    trust_all(h);
    apply_and_wait(h, "Apply", "connect");
}

/// Waits until every node's fingerprint is shown with its Trust box.
fn wait_for_fingerprints(h: &mut Harness<'_, Wizard>) {
    step_until(h, "three fingerprints", |h| {
        (1..=3).all(|n| has_label(h, &format!("Trust the certificate of node {n}")))
    });
}

/// Confirms every node's certificate, once all are shown.
fn trust_all(h: &mut Harness<'_, Wizard>) {
    wait_for_fingerprints(h);
    for number in 1..=3 {
        h.get_by_label(&format!("Trust the certificate of node {number}"))
            .click();
        h.run_steps(1);
    }
}

/// Starts the practice lab from the first page and connects to its nodes, each certificate
/// trusted as shown.
fn connect_practice_lab(h: &mut Harness<'_, Wizard>) {
    click_button(h, "Practice lab");
    step_until(h, "the connect page", |h| {
        h.query_by_role_and_label(Role::Button, "Check the certificates")
            .is_some()
    });
    click_button(h, "Check the certificates");
    trust_all(h);
    apply_and_wait(h, "Apply", "connect");
}

/// Every fingerprint shown, and how many times.
fn fingerprints_shown(h: &Harness<'_, Wizard>) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    // A label's text is its accessible value.
    let by = By::new().predicate(|node| {
        node.value()
            .is_some_and(|l| l.len() == 95 && l.matches(':').count() == 31)
    });
    for node in h.query_all(by) {
        if let Some(label) = node.accesskit_node().value() {
            *seen.entry(label).or_insert(0) += 1;
        }
    }
    seen
}

/// The text a node shows: a label's is its value, a button's its label.
fn text_of(node: &egui_kittest::Node<'_>) -> Option<String> {
    let node = node.accesskit_node();
    node.value().or_else(|| node.label())
}

/// The value of the field named `label`.
fn field_value(h: &Harness<'_, Wizard>, label: &str) -> String {
    h.get_by_label(label).value().unwrap_or_default()
}

/// The whole course in the practice lab: certificates confirmed one by one, host names checked,
/// a bad cluster name refused as typed, the cluster created, the nodes joined with quorum, the
/// NAS scanned and added, an ISO image uploaded, the VM created and put under HA, then its node
/// switched off — and the VM is shown running on another node.
#[test]
fn practice_lab_course_through_the_window_to_a_failover() {
    course_through_the_window_to_a_failover(140, Pve::Pve9);
}

/// The same course on Proxmox VE 8.4 nodes (HA groups instead of rules).
#[test]
fn practice_lab_course_on_pve_8_through_the_window_to_a_failover() {
    course_through_the_window_to_a_failover(156, Pve::Pve8);
}

fn course_through_the_window_to_a_failover(subnet: u8, pve: Pve) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let iso_dir = tempfile::tempdir().unwrap();
    let iso = iso_dir.path().join("tinycore.iso");
    std::fs::write(&iso, vec![0x5a_u8; 3 * 1024 * 1024]).unwrap();
    let mut options = options(subnet);
    // A minute of Proxmox VE's time per second: the failover takes seconds.
    options.lab.time_scale = 60.0;
    options.lab.pve = pve;
    options.picker = std::sync::Arc::new(Picks(Some(iso.clone())));
    let mut h = harness(&runtime, options);

    click_button(&mut h, "Practice lab");
    step_until(&mut h, "the connect page", |h| {
        h.query_by_role_and_label(Role::Button, "Check the certificates")
            .is_some()
    });
    assert!(
        h.get_by_role_and_label(Role::Button, "Apply")
            .accesskit_node()
            .is_disabled(),
        "nothing may be applied before the certificates are confirmed"
    );
    click_button(&mut h, "Check the certificates");
    wait_for_fingerprints(&mut h);
    // Each node shows the probed fingerprint and the one the lab gives: three distinct texts
    // means each pair is equal.
    let shown = fingerprints_shown(&h);
    assert_eq!(
        shown.len(),
        3,
        "each probed fingerprint should equal the one the lab gives: {shown:?}"
    );
    trust_all(&mut h);
    apply_and_wait(&mut h, "Apply", "connect");
    assert!(has_label_containing(&h, "is trusted from now on"));

    click_button(&mut h, "Next");
    apply_and_wait(&mut h, "Apply", "hostnames");
    // The table follows the check's events.
    step_until(&mut h, "the table of nodes", |h| has_label(h, "pve3"));
    for name in ["pve1", "pve2", "pve3"] {
        assert!(has_label(&h, name), "the table should list {name}");
    }
    assert!(has_label_containing(&h, "Every node has its own name"));
    // The picture of the cluster, from here on: three nodes, still apart.
    assert!(has_label(&h, "3 separate nodes: no cluster yet."));
    assert!(has_label_containing(&h, "Node pve2 (127.0."));
    assert!(has_label_containing(&h, "): online, in no cluster"));

    click_button(&mut h, "Next");
    type_into(&mut h, "Cluster name", "aula 3");
    assert!(
        has_label_containing(&h, "“aula 3” cannot be a cluster name"),
        "a bad name should be refused as it is typed"
    );
    assert!(
        h.get_by_role_and_label(Role::Button, "Apply")
            .accesskit_node()
            .is_disabled()
    );
    type_into(&mut h, "Cluster name", "aula3");
    assert!(has_label(&h, "“aula3” is a valid cluster name."));
    apply_and_wait(&mut h, "Apply", "create cluster");

    click_button(&mut h, "Next");
    apply_and_wait(&mut h, "Apply", "join");
    step_until(&mut h, "the members and quorum", |h| {
        has_label(h, "Cluster “aula3” has quorum: 3 of 3 members online.")
    });
    assert!(has_label(&h, "Cluster aula3: 3 of 3 votes online, quorate"));
    assert!(has_label_containing(
        &h,
        "): online, member of the cluster with 1 vote"
    ));
    for (from, to) in [("pve1", "pve2"), ("pve2", "pve3"), ("pve1", "pve3")] {
        assert!(
            has_label(&h, &format!("Link between {from} and {to}: up")),
            "the picture links {from} and {to}"
        );
    }
    let text = h
        .get_by_label("Join information text")
        .value()
        .expect("the join information is shown");
    let decoded = JoinInformation::decode(&text).expect("the text decodes as the web UI's");
    assert_eq!(decoded.cluster_name(), Some("aula3"));
    // The copy leaves in the output of the frame that handled the click.
    h.get_by_role_and_label(Role::Button, "Copy").click();
    let mut copied = false;
    for _ in 0..3 {
        h.step();
        copied |= h
            .output()
            .platform_output
            .commands
            .iter()
            .any(|c| matches!(c, egui::OutputCommand::CopyText(copied) if *copied == text));
    }
    assert!(
        copied,
        "Copy should put the join information on the clipboard"
    );

    type_into(&mut h, "Pasted join information", "hola, soc el node 1!");
    assert!(has_label_containing(&h, "This is not join information"));
    type_into(&mut h, "Pasted join information", &text);
    assert!(has_label_containing(
        &h,
        "Join information of cluster “aula3”"
    ));

    // Step 4: the lab's NAS is filled in; a bad export is refused as typed, the scan finds
    // the right one.
    click_button(&mut h, "Next");
    type_into(&mut h, "Export", "mnt/pool");
    assert!(
        h.get_by_role_and_label(Role::Button, "Apply")
            .accesskit_node()
            .is_disabled(),
        "a relative export cannot be applied"
    );
    click_button(&mut h, "Scan for exports");
    step_until(&mut h, "the scanned export", |h| {
        field_value(h, "Export") == "/mnt/pool/proxmox"
    });
    assert!(has_label_containing(&h, "The server exports"));
    apply_and_wait(&mut h, "Apply", "NAS");
    step_until(&mut h, "the NAS in the picture", |h| {
        has_label_containing(h, "seen by 3 nodes: pve1, pve2, pve3")
    });

    // Step 5: a practice image can be made; the file picked is the one uploaded.
    click_button(&mut h, "Next");
    click_button(&mut h, "Make a practice ISO image");
    step_until(&mut h, "the practice image", |h| {
        field_value(h, "ISO file").ends_with("practice-tinycore.iso")
    });
    click_button(&mut h, "Choose a file…");
    step_until(&mut h, "the picked file", |h| {
        field_value(h, "ISO file") == iso.display().to_string()
    });
    assert!(has_label(&h, "It will be stored as NAS:iso/tinycore.iso."));
    apply_and_wait(&mut h, "Apply", "ISO");
    assert!(
        has_label_containing(&h, "100 % · 3.1 of 3.1 MB"),
        "the progress bar should end full"
    );
    assert!(
        has_label(
            &h,
            "NAS:iso/tinycore.iso is on NAS, shared by the nodes, and checked by its checksum: every node can use it."
        ),
        "where the image went, truly"
    );

    // Step 6: numbers are checked as typed.
    click_button(&mut h, "Next");
    type_into(&mut h, "Memory in MiB", "lots");
    assert!(has_label_containing(
        &h,
        "“lots” is not a whole number of MiB"
    ));
    type_into(&mut h, "Memory in MiB", "256");
    assert!(has_label_containing(&h, "256 MiB of memory"));
    apply_and_wait(&mut h, "Apply", "VM");
    step_until(&mut h, "the VM in the picture", |h| {
        has_label_containing(h, "VM 100 ") && has_label_containing(h, ": running")
    });

    // Step 7: under HA, and the status as the web UI shows it.
    click_button(&mut h, "Next");
    apply_and_wait(&mut h, "Apply", "HA");
    step_until(&mut h, "the HA status", |h| has_label(h, "HA status"));
    let service = h
        .query_all_by_label_contains("vm:100 (")
        .filter_map(|n| text_of(&n))
        .find(|l| l.ends_with(", started)"))
        .expect("the service line shows vm:100 started");
    let home = service
        .split_once("vm:100 (")
        .and_then(|(_, rest)| rest.split_once(','))
        .map(|(node, _)| node.to_owned())
        .unwrap();

    // Step 8: the lab's speed can change here, between watches; the page says which clock its
    // times are in. Then switch the VM's node off and watch the VM come back elsewhere.
    click_button(&mut h, "Next");
    let scaled = "This practice lab runs 60 times faster than real nodes";
    assert!(has_label_containing(&h, scaled));
    click_button(&mut h, "Real time");
    assert!(!has_label_containing(&h, "times faster than real nodes"));
    click_button(&mut h, "×60");
    assert!(has_label_containing(&h, scaled));
    click_button(&mut h, "Watch the cluster");
    assert!(
        h.get_by_role_and_label(Role::Button, "Real time")
            .accesskit_node()
            .is_disabled(),
        "the speed is changed between watches"
    );
    step_until(&mut h, "the map of the nodes", |h| {
        has_label(h, &format!("Switch off {home}"))
    });
    // The cards come with the members; the service, with the watch's first reading.
    step_until(&mut h, "the service on its node's card", |h| {
        has_label(h, "vm:100 (started)")
    });
    h.get_by_label(&format!("Switch off {home}")).click();
    h.run_steps(2);
    step_until(&mut h, "the recovery", |h| {
        has_label_containing(h, "vm:100 runs again, on")
    });
    let recovered = h
        .query_all_by_label_contains("vm:100 runs again, on")
        .filter_map(|n| text_of(&n))
        .next()
        .unwrap();
    assert!(
        recovered.ends_with(&format!("after {home} was lost.")),
        "{recovered}"
    );
    assert!(
        !recovered.contains(&format!("on {home}:")),
        "the VM should run on another node: {recovered}"
    );
    assert!(has_label(&h, &format!("Switch on {home}")));
    assert!(has_label(&h, "offline"));
    // The picture shows the node dark, its links down, the votes left, and the VM moved.
    step_until(&mut h, "the lost node in the picture", |h| {
        has_label_containing(h, &format!("Node {home} (")) && has_label_containing(h, "): offline")
    });
    assert!(has_label(&h, "Cluster aula3: 2 of 3 votes online, quorate"));
    assert!(has_label_containing(&h, ": down"));
    let vm = h
        .query_all_by_label_contains("VM 100 ")
        .filter_map(|n| text_of(&n))
        .find(|l| l.contains("HA state started"))
        .expect("the VM in the picture, started by HA");
    assert!(!vm.contains(&format!(" on {home}:")), "{vm}");
    // The timeline draws the loss and the recovery, each mark named for screen readers.
    let marked = |h: &Harness<'_, Wizard>, part: &str| {
        h.query_all_by_label_contains(part)
            .any(|n| n.accesskit_node().role() == Role::Image)
    };
    assert!(marked(&h, &format!("node {home} is gone")));
    assert!(marked(&h, "vm:100 runs again, on"));
    click_button(&mut h, "Stop watching");
    step_until(&mut h, "the watch to stop", |h| {
        has_label(h, "Watch the cluster")
    });
}

/// A wrong password comes back as a translated message on the connect page; with the right
/// one, the same page succeeds.
#[test]
fn wrong_password_is_shown_and_retry_works() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let lab = runtime.block_on(common::start_lab(141, &[], false));
    let info = lab.info();
    let mut h = harness(&runtime, options(142));

    click_button(&mut h, "My Proxmox nodes");
    assert!(
        has_label_containing(&h, "No keychain can be used"),
        "without a keychain the page should say passwords stay in memory"
    );
    type_own_nodes(&mut h, &info, |number| {
        let wrong = number == 1;
        if wrong {
            "wrong".to_owned()
        } else {
            info.password.clone()
        }
    });
    click_button(&mut h, "Check the certificates");
    trust_all(&mut h);
    click_button(&mut h, "Apply");
    step_until(&mut h, "the login error", |h| has_label(h, "Apply again"));
    let node = format!("{}:8006", info.nodes[0].address);
    assert!(
        has_label(
            &h,
            &format!(
                "{node} refused the login of root@pam. Check the user (with its realm, such as root@pam) and the password."
            )
        ),
        "the refused login should be explained on the page"
    );

    type_into(&mut h, "Password of node 1", &info.password);
    apply_and_wait(&mut h, "Apply again", "connect after the retry");
    runtime.block_on(lab.shutdown());
}

/// The language buttons change every text at once.
#[test]
fn language_switch_changes_the_texts() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut h = harness(&runtime, options(143));
    assert!(
        h.query_by_role_and_label(Role::Button, "Practice lab")
            .is_some()
    );

    h.get_by_label("Valencià").click();
    h.run_steps(2);
    assert!(
        h.query_by_role_and_label(Role::Button, "Laboratori de pràctiques")
            .is_some()
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "Practice lab")
            .is_none()
    );

    h.get_by_label("Español").click();
    h.run_steps(2);
    assert!(
        h.query_by_role_and_label(Role::Button, "Laboratorio de prácticas")
            .is_some()
    );
    assert!(has_label(&h, "Idioma:"));
}

/// Waits until the file at `path` exists and contains `part` (the controller writes it).
fn wait_for_file(path: &std::path::Path, part: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains(part) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{} should contain {part:?}: {text}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Own nodes: the profile and the trusted certificates are saved (never a password), and the
/// next start resumes at the step reached, with every node trusted already.
#[test]
fn own_nodes_resume_where_the_teacher_left() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let lab = runtime.block_on(common::start_lab(144, &[], false));
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let with_dir = || WizardOptions {
        storage: Storage::Directory(dir.path().to_owned()),
        ..options(145)
    };

    let mut h = harness(&runtime, with_dir());
    connect_own_nodes(&mut h, &info);
    click_button(&mut h, "Next");
    let profile = wait_for_file(&dir.path().join("profile.toml"), "step = \"hostnames\"");
    assert!(
        profile.contains(&info.nodes[2].address.to_string()),
        "{profile}"
    );
    assert!(
        !profile.contains(&info.password),
        "the profile must hold no password"
    );
    let known = wait_for_file(&dir.path().join("known-nodes.toml"), "pve3");
    assert!(
        !known.contains(&info.password),
        "the trusted list must hold no password"
    );
    drop(h);

    let mut h = harness(&runtime, with_dir());
    step_until(&mut h, "the step reached last time", |h| {
        has_label_containing(h, "This step only reads")
    });
    click_button(&mut h, "Back");
    assert_eq!(
        h.get_by_label("Address of node 1").value().as_deref(),
        Some(info.nodes[0].address.to_string().as_str())
    );
    assert_eq!(
        h.query_all_by_label_contains("is trusted already").count(),
        3,
        "every node's certificate should be trusted already"
    );
    // Passwords were not kept (no keychain here): the page asks for them in its own words.
    click_button(&mut h, "Apply");
    step_until(&mut h, "the missing password", |h| {
        has_label(h, "Apply again")
    });
    assert!(
        has_label_containing(&h, "Type it in the node's Password field"),
        "a missing password should be asked for on the page"
    );
    for number in 1..=3 {
        type_into(
            &mut h,
            &format!("Password of node {number}"),
            &info.password,
        );
    }
    click_button(&mut h, "Apply again");
    step_until(&mut h, "the connect step", |h| {
        has_label(h, "Already done: nothing to change.") || has_label(h, "failed")
    });
    assert!(
        has_label(&h, "Already done: nothing to change."),
        "nodes trusted before should connect with no question"
    );

    // The fields of the later pages come back too.
    let nas_page = "Step 4 · Add the NAS as shared storage";
    h.get_by_label(nas_page).click();
    h.run_steps(2);
    type_into(&mut h, "NFS server", "192.168.1.99");
    h.get_by_label("Step 5 · Upload an ISO image").click();
    h.run_steps(2);
    wait_for_file(&dir.path().join("profile.toml"), "192.168.1.99");
    drop(h);
    let mut h = harness(&runtime, with_dir());
    step_until(&mut h, "the ISO page reached last time", |h| {
        has_label(h, "ISO file")
    });
    h.get_by_label(nas_page).click();
    h.run_steps(2);
    assert_eq!(
        h.get_by_label("NFS server").value().as_deref(),
        Some("192.168.1.99")
    );
    runtime.block_on(lab.shutdown());
}

/// A node that asks for a second factor gets a TOTP field on the connect page; with the code,
/// the same page succeeds.
#[test]
fn totp_field_appears_when_a_node_asks_for_it() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let lab = runtime.block_on(common::start_lab(146, &[], true));
    let info = lab.info();
    let mut h = harness(&runtime, options(147));

    click_button(&mut h, "My Proxmox nodes");
    type_own_nodes(&mut h, &info, |_| info.password.clone());
    click_button(&mut h, "Check the certificates");
    trust_all(&mut h);
    assert!(h.query_by_label("TOTP code of node 1").is_none());
    click_button(&mut h, "Apply");
    // Each node asks in turn; the page asks for its code, and the retry goes one node further.
    for number in 1..=3 {
        step_until(&mut h, "the TOTP field", |h| {
            h.query_by_label(&format!("TOTP code of node {number}"))
                .is_some()
        });
        assert!(
            has_label_containing(&h, "asks for a second factor"),
            "the page should say why the step stopped"
        );
        let code = lab.totp_code().expect("the lab has a second factor");
        type_into(&mut h, &format!("TOTP code of node {number}"), &code);
        click_button(&mut h, "Apply again");
        step_until(&mut h, "the next answer", |h| {
            has_label(h, "Done.") || has_label(h, "failed")
        });
    }
    assert!(
        has_label(&h, "Done."),
        "with the codes, every node connects"
    );
    // A node that took its code keeps its session: asked once for the password (a challenge),
    // once more with the code, and not again when the next nodes are retried — by then its
    // code would have expired.
    let logins = lab
        .requests_seen("pve1")
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/access/ticket")
        .count();
    assert_eq!(logins, 3, "node 1 logs in only until it has its session");
    runtime.block_on(lab.shutdown());
}

/// A failed check shows each problem with its fix, and the step can be applied again.
#[test]
fn failed_check_shows_the_problems_and_their_fixes() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut opts = options(148);
    opts.lab.scenarios = vec![pve_ha_wizard::lab::Scenario::DuplicateHostname];
    let mut h = harness(&runtime, opts);

    connect_practice_lab(&mut h);
    click_button(&mut h, "Next");
    click_button(&mut h, "Apply");
    step_until(&mut h, "the failed check", |h| has_label(h, "Apply again"));
    assert!(has_label_containing(&h, "are both called"));
    assert!(has_label_containing(&h, "How to fix it: Give"));
    assert!(has_label_containing(&h, "must be fixed first"));
    assert!(
        h.get_by_role_and_label(Role::Button, "Next")
            .accesskit_node()
            .is_disabled(),
        "a failed step must not lead on"
    );
}

/// A node whose certificate changed since it was trusted is refused before any password is
/// sent; checking it again on its row and confirming the new fingerprint lets the step through.
#[test]
fn changed_certificate_is_refused_and_nothing_is_sent() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let with_dir = || WizardOptions {
        storage: Storage::Directory(dir.path().to_owned()),
        ..options(147)
    };
    // Trusted once…
    let lab = runtime.block_on(common::start_lab(158, &[], false));
    let first = lab.info();
    let mut h = harness(&runtime, with_dir());
    connect_own_nodes(&mut h, &first);
    wait_for_file(&dir.path().join("known-nodes.toml"), "pve3");
    drop(h);
    runtime.block_on(lab.shutdown());

    // …then the nodes come back with new certificates (as after a reinstall).
    let lab = runtime.block_on(common::start_lab(158, &[], false));
    let info = lab.info();
    let mut h = harness(&runtime, with_dir());
    step_until(&mut h, "the nodes of last time", |h| {
        h.query_all_by_label_contains("is trusted already").count() == 3
    });
    // The passwords were not kept (no keychain here); the addresses were.
    for number in 1..=3 {
        type_into(
            &mut h,
            &format!("Password of node {number}"),
            &info.password,
        );
    }
    click_button(&mut h, "Apply");
    step_until(&mut h, "the refusal", |h| has_label(h, "Apply again"));
    assert!(
        has_label_containing(&h, "is not the one you trusted"),
        "the changed certificate should be explained on the page"
    );
    assert!(has_label_containing(
        &h,
        "press “Check this certificate again”"
    ));
    for node in &info.nodes {
        assert!(
            lab.requests_seen(&node.name)
                .iter()
                .all(|r| !r.carried_password),
            "no password may reach {} behind a changed certificate",
            node.name
        );
    }

    // One at a time: each answer changes the page's layout under the next button.
    for number in 1..=3 {
        click_button(
            &mut h,
            &format!("Check the certificate of node {number} again"),
        );
        let trust = format!("Trust the certificate of node {number}");
        step_until(&mut h, "the new fingerprint", |h| has_label(h, &trust));
    }
    trust_all(&mut h);
    assert_eq!(
        fingerprints_shown(&h).len(),
        3,
        "each new fingerprint should equal the one the lab gives"
    );
    apply_and_wait(&mut h, "Apply again", "connect with the new certificates");
    runtime.block_on(lab.shutdown());
}

/// The window works from the keyboard alone: Tab reaches "Practice lab", Enter starts it.
#[test]
fn keyboard_alone_starts_the_practice_lab() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut h = harness(&runtime, options(157));
    let mut reached = false;
    for _ in 0..20 {
        h.key_press(egui::Key::Tab);
        h.run_steps(1);
        if h.get_by_role_and_label(Role::Button, "Practice lab")
            .is_focused()
        {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab should reach the Practice lab button");
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    step_until(&mut h, "the connect page", |h| {
        h.query_by_role_and_label(Role::Button, "Check the certificates")
            .is_some()
    });
}

/// The other way through the course: two nodes without a NAS, the VM's disk on ZFS replicated
/// to the other node.
#[test]
fn two_node_practice_lab_replicates_the_vm_disk() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut options = options(149);
    // The nodes' schedulers look for due jobs every minute of the lab's clock.
    options.lab.time_scale = 100.0;
    let mut h = harness(&runtime, options);

    click_button(&mut h, "Two nodes without a NAS: replication");
    step_until(&mut h, "the connect page", |h| {
        h.query_by_role_and_label(Role::Button, "Check the certificates")
            .is_some()
    });
    assert!(
        !has_label(&h, "Step 4 · Add the NAS as shared storage"),
        "without a NAS there is no NAS step"
    );
    click_button(&mut h, "Check the certificates");
    step_until(&mut h, "two fingerprints", |h| {
        has_label(h, "Trust the certificate of node 2")
    });
    for number in 1..=2 {
        h.get_by_label(&format!("Trust the certificate of node {number}"))
            .click();
        h.run_steps(1);
    }
    apply_and_wait(&mut h, "Apply", "connect");
    for step in ["hostnames", "create cluster", "join"] {
        click_button(&mut h, "Next");
        apply_and_wait(&mut h, "Apply", step);
    }
    click_button(&mut h, "Next");
    assert!(has_label_containing(&h, "a 2 GiB disk on local-zfs"));
    apply_and_wait(&mut h, "Apply", "VM on ZFS");

    click_button(&mut h, "Next");
    step_until(&mut h, "the target filled in", |h| {
        h.get_by_label("Replication target node").value().as_deref() == Some("pve2")
    });
    type_into(&mut h, "Replication schedule", "every now and then");
    assert!(has_label_containing(
        &h,
        "is not a schedule Proxmox VE understands"
    ));
    type_into(&mut h, "Replication schedule", "*/30");
    assert!(has_label(
        &h,
        "The VM's disk will be copied to pve2, by the schedule */30."
    ));
    apply_and_wait(&mut h, "Apply", "replication");
    assert!(has_label_containing(&h, "the disk is on pve2 too"));
}

/// Cancel while the window waits on a node gone silent: pve1's cable is pulled as it receives
/// the request that creates the cluster, so no answer comes. Cancel ends the step at once and
/// the page says so; with the cable back, the cluster pve1 made alone is found made.
#[test]
fn cancel_ends_a_step_waiting_on_a_silent_node() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let lab = runtime.block_on(common::start_lab(137, &[], false));
    let info = lab.info();
    let mut h = harness(&runtime, options(138));
    connect_own_nodes(&mut h, &info);
    click_button(&mut h, "Next");
    apply_and_wait(&mut h, "Apply", "hostnames");
    click_button(&mut h, "Next");
    type_into(&mut h, "Cluster name", "aula3");
    lab.fault_when_received("pve1", ("POST", "/cluster/config"), "pve1", "network-down")
        .unwrap();
    click_button(&mut h, "Apply");
    // From the moment the fault strikes, the step waits for that answer alone.
    let panel = |info: &LabInfo| {
        runtime
            .block_on(common::control(info, "GET", "/state", None))
            .1
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while panel(&info)["nodes"][0]["network"] != "down" {
        assert!(Instant::now() < deadline, "the fault never struck");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    click_button(&mut h, "Cancel");
    step_until(&mut h, "the cancel shown", |h| {
        has_label_containing(h, "Cancelled.")
            && h.query_by_role_and_label(Role::Button, "Cancel").is_none()
    });

    runtime.block_on(common::control(
        &info,
        "POST",
        "/nodes/pve1/network-up",
        None,
    ));
    // pve1's task goes on without the wizard.
    runtime.block_on(async {
        let client = common::logged_in(&info, 0).await;
        common::until(
            Duration::from_secs(60),
            "pve1 never made its cluster",
            || async {
                client
                    .cluster_status()
                    .await
                    .is_ok_and(|status| status.in_cluster("aula3"))
            },
        )
        .await;
    });
    click_button(&mut h, "Apply again");
    step_until(&mut h, "the create step again", |h| {
        has_label(h, "Already done: nothing to change.") || has_label(h, "failed")
    });
    assert!(has_label(&h, "Already done: nothing to change."));
    runtime.block_on(lab.shutdown());
}

/// Step 1 finds pve2's name on Debian's 127.0.1.1: "Fix /etc/hosts for me" shows the change line
/// by line, and only "Write it" writes it; step 1 is checked again and passes.
#[test]
fn hosts_are_fixed_after_the_change_is_shown() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let scenario = pve_ha_wizard::lab::Scenario::HostsLoopback;
    let lab = runtime.block_on(common::start_lab(181, &[scenario], false));
    let info = lab.info();
    let mut h = harness(&runtime, options(138));
    connect_own_nodes(&mut h, &info);
    click_button(&mut h, "Next");
    click_button(&mut h, "Apply");
    // The button is there with the findings, and pressable once the check has ended.
    step_until(&mut h, "the hosts problem", |h| {
        has_label(h, "Fix /etc/hosts for me…")
            && h.query_by_role_and_label(Role::Button, "Cancel").is_none()
    });
    click_button(&mut h, "Fix /etc/hosts for me…");
    let removed = "−  127.0.1.1 pve2.lab.lliurex pve2";
    step_until(&mut h, "the change shown", |h| has_label(h, removed));
    let added = format!("+  {} pve2.lab.lliurex pve2", info.nodes[1].address);
    assert!(has_label(&h, &added), "the new line is shown");
    let read = || {
        runtime.block_on(async {
            common::logged_in(&info, 1)
                .await
                .node_hosts("pve2")
                .await
                .unwrap()
                .data
        })
    };
    assert!(
        read().contains("127.0.1.1"),
        "nothing is written before the yes"
    );

    click_button(&mut h, "Write it");
    step_until(&mut h, "step 1 again", |h| {
        has_label(h, "Done.") && h.query_by_role_and_label(Role::Button, "Cancel").is_none()
    });
    assert!(!read().contains("127.0.1.1"), "the line is written");
    assert!(!has_label(&h, "Fix /etc/hosts for me…"));
    runtime.block_on(lab.shutdown());
}

/// The connect page says why the keychain cannot keep passwords and how to fix it, and tries
/// again when asked. Run by `scripts/keychain-tests.sh` in a session whose keychain is unusable;
/// `KEYCHAIN_EXPECT_TEXT` is part of what the page must say there.
#[test]
#[ignore = "needs a session without a usable keychain: scripts/keychain-tests.sh"]
fn connect_page_says_why_the_keychain_is_not_used() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let expected = std::env::var("KEYCHAIN_EXPECT_TEXT").unwrap();
    let options = WizardOptions {
        storage: Storage::UserConfig,
        ..options(183)
    };
    let mut h = harness(&runtime, options);
    click_button(&mut h, "My Proxmox nodes");
    step_until(&mut h, "the keychain's problem", |h| {
        has_label_containing(h, &expected)
    });
    assert!(has_label_containing(&h, "Passwords stay in memory only"));
    assert!(!has_label_containing(
        &h,
        "kept in this computer's keychain"
    ));

    click_button(&mut h, "Try the keychain again");
    step_until(&mut h, "the keychain tried again", |h| {
        !h.get_by_role_and_label(Role::Button, "Try the keychain again")
            .accesskit_node()
            .is_disabled()
    });
    assert!(
        has_label_containing(&h, &expected),
        "still unusable, still said"
    );
}

/// pve1's root file system has 10 MiB free (scenario `root-full`): the ISO page refuses an
/// 11 MiB image before sending it, says why and what to do, and sent through pve2 it goes.
#[test]
fn iso_page_refuses_an_image_without_room_and_sends_it_through_another_node() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let iso_dir = tempfile::tempdir().unwrap();
    let iso = iso_dir.path().join("tinycore.iso");
    std::fs::write(&iso, vec![0x5a_u8; 11 << 20]).unwrap();
    let mut options = options(185);
    options.lab.scenarios = vec![pve_ha_wizard::lab::Scenario::RootFull];
    options.picker = std::sync::Arc::new(Picks(Some(iso.clone())));
    let mut h = harness(&runtime, options);

    connect_practice_lab(&mut h);
    for step in ["hostnames", "create cluster", "join"] {
        click_button(&mut h, "Next");
        apply_and_wait(&mut h, "Apply", step);
    }
    click_button(&mut h, "Next");
    // The lab's NAS server is filled in; Apply waits for the scan to end.
    click_button(&mut h, "Scan for exports");
    step_until(&mut h, "the scan's answer", |h| {
        has_label(h, "The server exports (pick one):")
            && h.query_by_role_and_label(Role::Button, "Apply")
                .is_some_and(|apply| !apply.accesskit_node().is_disabled())
    });
    apply_and_wait(&mut h, "Apply", "NAS");

    click_button(&mut h, "Next");
    click_button(&mut h, "Choose a file…");
    step_until(&mut h, "the picked file", |h| {
        field_value(h, "ISO file") == iso.display().to_string()
    });
    click_button(&mut h, "Apply");
    step_until(&mut h, "the refusal", |h| {
        has_label_containing(h, "free on its root file system")
    });
    assert!(has_label_containing(&h, "“Through node” on the ISO page"));
    assert!(
        !has_label_containing(&h, "100 %"),
        "nothing is sent before there is room for it"
    );
    step_until(&mut h, "the course back", |h| {
        h.query_by_role_and_label(Role::Button, "Cancel").is_none()
    });

    type_into(&mut h, "Node that receives the image", "pve 2");
    assert!(has_label_containing(&h, "is not a node name"));
    type_into(&mut h, "Node that receives the image", "pve2");
    apply_and_wait(&mut h, "Apply again", "ISO through pve2");
    assert!(has_label_containing(&h, "100 % · 11.5 of 11.5 MB"));
}

/// A VM the teacher made on pve1 with its disk on `local-lvm`, typed on the HA page: step 7
/// refuses it before adding anything, saying why it could not run on another node and what to
/// do.
#[test]
fn ha_page_refuses_a_vm_bound_to_its_node() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let lab = runtime.block_on(common::start_lab(186, &[], false));
    let info = lab.info();
    runtime.block_on(async {
        let pve1 = common::logged_in(&info, 0).await;
        common::create_own_vm(&pve1, "pve1", 120, "local-lvm:1", "none,media=cdrom").await;
    });
    let mut h = harness(&runtime, options(187));
    connect_own_nodes(&mut h, &info);
    click_button(&mut h, "Next");
    apply_and_wait(&mut h, "Apply", "hostnames");
    click_button(&mut h, "Next");
    type_into(&mut h, "Cluster name", "aula3");
    for step in ["create cluster", "join"] {
        apply_and_wait(&mut h, "Apply", step);
        click_button(&mut h, "Next");
    }
    // Steps 4 to 6 are not needed for a VM of one's own: straight to step 7.
    h.get_by_label("Step 7 · Put the VM under high availability")
        .click();
    step_until(&mut h, "the HA page", |h| {
        h.query_by_label("VM ID").is_some()
    });
    type_into(&mut h, "VM ID", "12x");
    assert!(has_label_containing(&h, "“12x” is not a VM ID"));
    type_into(&mut h, "VM ID", "120");
    click_button(&mut h, "Apply");
    step_until(&mut h, "the refusal", |h| {
        has_label_containing(
            h,
            "VM 120 keeps local-lvm:vm-120-disk-0 on a storage only pve1 has",
        )
    });
    assert!(has_label_containing(&h, "Move the disk to the NAS"));
    let resources = runtime.block_on(async {
        common::logged_in(&lab.info(), 0)
            .await
            .ha_resources()
            .await
            .unwrap()
    });
    assert!(resources.is_empty(), "nothing was added: {resources:?}");
    runtime.block_on(lab.shutdown());
}

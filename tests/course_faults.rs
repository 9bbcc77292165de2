//! The course cut off halfway by the faults a classroom has (a node switched off, its cable
//! pulled) at an exact point of a step's work: the step ends with an error that names the node,
//! nothing is left half-made, and once the fault is undone a run again completes.
//!
//! Each fault is armed in the lab to strike the moment a task logs a given line
//! (`Lab::fault_when_logged`), so no test depends on how fast the machine is.

mod common;

use std::time::Duration;

use common::*;
use pve_ha_wizard::course::{
    Course, CourseOptions, Event, Outcome, Plan, PlanHa, PlanIso, PlanVm, StepError, StepId,
};
use pve_ha_wizard::lab::{Lab, LabInfo, LabOptions};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio_util::sync::CancellationToken;

/// Longer than any of these runs takes; reaching it means the course hung.
const HANG: Duration = Duration::from_secs(300);

/// A lab at 60 times real time: a switched-on node boots in a second and a half, and a
/// ticket (two hours of lab time) still outlives every run here.
async fn fast_lab(subnet: u8) -> Lab {
    start_lab_with(
        subnet,
        LabOptions {
            time_scale: 60.0,
            ..LabOptions::default()
        },
    )
    .await
}

/// The practice course over the lab. Its clock runs 60 times faster than ours, so two nodes
/// read a moment apart differ by seconds: the clock check is not what these tests are about.
fn course(info: &LabInfo, plan: Plan) -> (Course, UnboundedReceiver<Event>) {
    let mut options = CourseOptions {
        max_clock_skew_secs: u64::MAX,
        ..fast_options()
    };
    // A node gone silent is given up on sooner than a teacher's 60 s, which no answer from the
    // lab comes near.
    options.client.request_timeout = Duration::from_secs(15);
    options.client.stall_timeout = Duration::from_secs(3);
    let (events, receiver) = pve_ha_wizard::course::Events::channel();
    let secrets = std::sync::Arc::new(pve_ha_wizard::practice::LabSecrets::new(info));
    (Course::new(plan, secrets, events, options), receiver)
}

/// Runs a course over `plan`, within [`HANG`].
async fn run_plan(info: &LabInfo, plan: Plan) -> (Result<(), (StepId, StepError)>, Vec<Event>) {
    let (mut course, mut receiver) = course(info, plan);
    tokio::time::timeout(HANG, run_all(&mut course, &mut receiver))
        .await
        .expect("the course ends, whatever the fault")
}

/// The address the course knows node `index` by (what its messages name it with).
fn address(info: &LabInfo, index: usize) -> String {
    info.nodes[index].address.to_string()
}

/// Waits, within [`HANG`], until `done` holds; `what` says what never came to be.
async fn until<Done>(what: &str, done: impl FnMut() -> Done)
where
    Done: std::future::Future<Output = bool>,
{
    common::until(HANG, what, done).await;
}

/// The control panel's view of the node called `name`.
async fn panel(info: &LabInfo, name: &str) -> serde_json::Value {
    let (_, state) = control(info, "GET", "/state", None).await;
    state["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["name"] == name))
        .cloned()
        .unwrap_or_default()
}

/// Waits until the control panel shows the node called `name` with `power` and `network`.
async fn wait_for(info: &LabInfo, name: &str, power: &str, network: &str) {
    until(
        &format!("{name} never came to {power}, {network}"),
        || async {
            let node = panel(info, name).await;
            node["power"] == power && node["network"] == network
        },
    )
    .await;
}

/// Waits until pve1 runs the cluster `escola`.
async fn pve1_in_cluster(info: &LabInfo) {
    let client = logged_in(info, 0).await;
    until("pve1 never created its cluster", || async {
        client
            .cluster_status()
            .await
            .is_ok_and(|status| status.in_cluster("escola"))
    })
    .await;
}

/// The names in the first node's corosync.conf, and whether it has quorum.
async fn first_nodes_view(info: &LabInfo) -> (Vec<String>, bool) {
    let client = logged_in(info, 0).await;
    let mut listed: Vec<String> = client
        .cluster_config_nodes()
        .await
        .expect("the node list")
        .into_iter()
        .map(|entry| entry.node)
        .collect();
    listed.sort_unstable();
    let quorate = client
        .cluster_status()
        .await
        .expect("the cluster status")
        .cluster
        .is_some_and(|c| c.quorate);
    (listed, quorate)
}

/// After a complete run: three members, each listed once, all online, with quorum.
async fn assert_whole_cluster(info: &LabInfo) {
    let (listed, quorate) = first_nodes_view(info).await;
    assert_eq!(listed, ["pve1", "pve2", "pve3"]);
    assert!(quorate, "the cluster has quorum");
    for index in 0..3 {
        let status = logged_in(info, index).await.cluster_status().await.unwrap();
        assert!(
            status.in_cluster("escola"),
            "node {index} is in the cluster"
        );
        assert!(
            status.members.iter().all(|m| m.online),
            "node {index} sees every member online: {:?}",
            status.members
        );
    }
}

/// Runs the course over `plan` with a fault armed, and checks that it stops at `step` with an
/// error naming node `index`; returns the run's events.
async fn stopped_by(lab: &Lab, plan: Plan, step: StepId, index: usize) -> Vec<Event> {
    let info = lab.info();
    let (result, events) = run_plan(&info, plan).await;
    let (stopped_at, error) = result.expect_err("the fault stops the course");
    assert_eq!(stopped_at, step, "{error}\n{events:#?}");
    assert!(
        error.to_string().contains(&address(&info, index)),
        "the error names {}: {error}",
        info.nodes[index].name
    );
    events
}

/// Arms `action` on node `index` for the moment its own task logs a line starting with `line`,
/// runs the course, and checks that it stops at `step` with an error naming that node.
async fn cut_off(lab: &Lab, index: usize, line: &str, action: &str, step: StepId) {
    let info = lab.info();
    let name = info.nodes[index].name.clone();
    lab.fault_when_logged(&name, line, &name, action).unwrap();
    stopped_by(lab, practice(&info), step, index).await;
}

/// Switches the node called `name` on, and waits until it has booted.
async fn power_on(lab: &Lab, name: &str) {
    lab.power(name, true).unwrap();
    wait_for(&lab.info(), name, "on", "up").await;
}

/// The practice plan: steps 0 to 4.
fn practice(info: &LabInfo) -> Plan {
    pve_ha_wizard::practice::plan_for(info, "escola").expect("a valid plan")
}

/// Runs the course over `plan` again, over the lab as it is now: it must complete, with a whole
/// cluster. Returns the run's events.
async fn run_to_the_end(lab: &Lab, plan: Plan) -> Vec<Event> {
    let (result, events) = run_plan(&lab.info(), plan).await;
    assert!(result.is_ok(), "the run completes: {result:?}\n{events:#?}");
    assert_whole_cluster(&lab.info()).await;
    events
}

/// pve1's creation, cut off or cancelled, goes on without the wizard: once pve1 runs the
/// cluster, the next run completes and finds step 2 already done.
async fn cluster_found_made(lab: Lab) {
    let info = lab.info();
    pve1_in_cluster(&info).await;
    let events = run_to_the_end(&lab, practice(&info)).await;
    assert_eq!(
        outcome_of(&events, StepId::CreateCluster),
        Some(Outcome::AlreadyDone)
    );
    lab.shutdown().await;
}

/// How step `step` ended in a run's events.
fn outcome_of(events: &[Event], step: StepId) -> Option<Outcome> {
    outcomes(events)
        .into_iter()
        .find_map(|(s, outcome)| (s == step).then_some(outcome))
}

/// pve3 is switched off right after the first node added it to corosync.conf: the join fails
/// naming pve3, the cluster lists a node that never came (quorum holds with two of three). Once
/// pve3 is back, the next run removes the unfinished entry and joins it afresh.
#[tokio::test]
async fn a_node_switched_off_halfway_through_its_join_joins_again() {
    let lab = fast_lab(160).await;
    cut_off(&lab, 2, "Join request OK", "power-off", StepId::JoinNodes).await;
    let info = lab.info();
    let (listed, quorate) = first_nodes_view(&info).await;
    assert_eq!(listed, ["pve1", "pve2", "pve3"], "pve3 is half-joined");
    assert!(quorate, "two of three votes keep quorum");

    power_on(&lab, "pve3").await;
    let events = run_to_the_end(&lab, practice(&lab.info())).await;
    assert_eq!(count_messages(&events, "half-joined-removing"), 1);
    lab.shutdown().await;
}

/// pve2, the first to join, is switched off at the same point: corosync.conf now expects two
/// votes and only pve1's is there, so the cluster has no quorum and nothing can remove the entry
/// over the API. The next run changes nothing and says what to type on pve1.
#[tokio::test]
async fn a_half_joined_node_that_took_quorum_is_explained() {
    let lab = fast_lab(161).await;
    cut_off(&lab, 1, "Join request OK", "power-off", StepId::JoinNodes).await;

    power_on(&lab, "pve2").await;
    let info = lab.info();
    let (result, events) = run_plan(&info, practice(&info)).await;
    match result {
        Err((StepId::JoinNodes, StepError::Precondition { problems })) => {
            let ids: Vec<_> = problems.iter().map(|p| p.message.id).collect();
            assert_eq!(ids, ["check-half-joined-no-quorum"], "{problems:#?}");
            let fix = problems[0].fix.as_ref().map(|f| f.id);
            assert_eq!(fix, Some("fix-half-joined-no-quorum"));
        }
        other => panic!("step 3 should explain the lost quorum: {other:?}\n{events:#?}"),
    }
    let (listed, quorate) = first_nodes_view(&info).await;
    assert_eq!(listed, ["pve1", "pve2"], "nothing was changed");
    assert!(!quorate);
    lab.shutdown().await;
}

/// pve1 is switched off while it creates the cluster, before corosync.conf is written: the step
/// fails naming pve1, which comes back standalone, and the next run creates the cluster.
#[tokio::test]
async fn a_cluster_creation_cut_off_by_power_off_is_done_again() {
    let lab = fast_lab(162).await;
    cut_off(
        &lab,
        0,
        "Writing corosync key",
        "power-off",
        StepId::CreateCluster,
    )
    .await;

    power_on(&lab, "pve1").await;
    let client = logged_in(&lab.info(), 0).await;
    assert!(
        client.cluster_status().await.unwrap().cluster.is_none(),
        "pve1 came back standalone"
    );
    run_to_the_end(&lab, practice(&lab.info())).await;
    lab.shutdown().await;
}

/// pve3's cable is pulled right after the first node added it: pve3 goes on alone, takes the
/// cluster's database and waits for quorum, as `finish_join` does, while the wizard cannot reach
/// it. The step fails naming pve3; once the cable is back, pve3's join finishes by itself, and
/// the next run finds the cluster whole.
#[tokio::test]
async fn a_join_whose_network_goes_down_finishes_when_it_is_back() {
    join_cut_off_by_the_network(163, 2).await;
}

/// The same for pve2, the first to join: pve1 then expects two votes and has one, so neither
/// has quorum until the cable is back; then pve2 finishes, and the next run finds it whole.
#[tokio::test]
async fn a_first_join_whose_network_goes_down_finishes_when_it_is_back() {
    join_cut_off_by_the_network(182, 1).await;
}

/// Node `index`'s cable pulled at its "Join request OK", then plugged back in.
async fn join_cut_off_by_the_network(subnet: u8, index: usize) {
    let lab = fast_lab(subnet).await;
    cut_off(
        &lab,
        index,
        "Join request OK",
        "network-down",
        StepId::JoinNodes,
    )
    .await;
    let info = lab.info();
    let name = &info.nodes[index].name;
    control(&info, "POST", &format!("/nodes/{name}/network-up"), None).await;
    joined(&lab, &info, index).await;
    let events = run_to_the_end(&lab, practice(&lab.info())).await;
    assert_eq!(count_messages(&events, "half-joined-removing"), 0);
    lab.shutdown().await;
}

/// The practice plan with step 5: an ISO image of `size` bytes, for the NAS.
fn plan_with_iso(info: &LabInfo, dir: &tempfile::TempDir, size: usize) -> Plan {
    let image = dir.path().join("tinycore.iso");
    std::fs::write(&image, vec![5u8; size]).unwrap();
    pve_ha_wizard::practice::plan_for(info, "escola")
        .unwrap()
        .with_iso(PlanIso::new(&image).unwrap())
        .unwrap()
}

/// The practice plan with steps 5 and 6: a small ISO image and a VM on the NAS.
fn plan_with_vm(info: &LabInfo, dir: &tempfile::TempDir) -> Plan {
    plan_with_iso(info, dir, 40_000)
        .with_vm(PlanVm::new("tiny", 512, 2, None).unwrap())
        .unwrap()
}

/// The practice plan to step 7: the VM under HA.
fn plan_with_ha(info: &LabInfo, dir: &tempfile::TempDir) -> Plan {
    plan_with_vm(info, dir).with_ha(PlanHa::default()).unwrap()
}

/// The cluster has one VM, the plan's, running and unlocked, and the NAS one disk: the VM's own.
async fn assert_one_vm_with_its_disk(client: &pve_ha_wizard::api::Client, plan: &Plan) {
    let vms: Vec<_> = client
        .cluster_resources(Some("vm"))
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == "qemu")
        .collect();
    assert_eq!(vms.len(), 1, "one VM: {vms:?}");
    assert_eq!(vms[0].name.as_deref(), Some("tiny"));
    assert_eq!(vms[0].lock, None);
    assert_eq!(vms[0].status.as_deref(), Some("running"));
    let vmid = vms[0].vmid.unwrap();
    // HA may have moved it to another node.
    let node = vms[0].node.as_deref().unwrap();
    let storage = &plan.storage.as_ref().unwrap().id;
    let disks: Vec<String> = client
        .storage_content(node, storage, Some("images"))
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.volid)
        .collect();
    let config = client.vm_config(node, vmid).await.unwrap();
    let referenced: Vec<String> = config.disks().into_iter().map(|(_, volid)| volid).collect();
    assert_eq!(disks, referenced, "one disk on the NAS, the VM's own");
}

/// pve1 is switched off the moment its `qmcreate` task has made the VM's disk, before the
/// configuration that names it is written: VM 100 is left locked `create`, its disk on the NAS
/// unreferenced. The step fails naming pve1; once pve1 is back, the next run removes the
/// half-created VM with its disk, and creates and starts the VM: one VM, one disk, its own.
#[tokio::test]
async fn a_vm_creation_cut_off_by_power_off_leaves_nothing_behind() {
    let lab = fast_lab(164).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_vm(&lab.info(), &dir);
    lab.fault_when_logged(
        "pve1",
        "scsi0: successfully created disk",
        "pve1",
        "power-off",
    )
    .unwrap();
    stopped_by(&lab, plan.clone(), StepId::Vm, 0).await;

    power_on(&lab, "pve1").await;
    let info = lab.info();
    let events = run_to_the_end(&lab, plan.clone()).await;
    assert_eq!(count_messages(&events, "vm-unfinished-removing"), 1);
    assert_one_vm_with_its_disk(&logged_in(&info, 0).await, &plan).await;
    lab.shutdown().await;
}

/// Runs a course over `plan` within [`HANG`], handing each event as it comes to `act` with the
/// course's cancel token: a test cancels there (as the window's Cancel or Ctrl+C does) or arms a
/// fault, before the course goes on.
async fn run_watching(
    info: &LabInfo,
    plan: Plan,
    mut act: impl FnMut(&Event, &CancellationToken),
) -> (Result<(), (StepId, StepError)>, Vec<Event>) {
    let (mut course, mut receiver) = course(info, plan);
    let cancel = course.cancel_token();
    let mut events = Vec::new();
    let run = async {
        let run = course.run_all();
        tokio::pin!(run);
        loop {
            tokio::select! {
                result = &mut run => break result,
                Some(event) = receiver.recv() => {
                    act(&event, &cancel);
                    events.push(event);
                }
            }
        }
    };
    let result = tokio::time::timeout(HANG, run)
        .await
        .expect("the course ends");
    while let Ok(event) = receiver.try_recv() {
        events.push(event);
    }
    (result, events)
}

/// Runs a course over `plan` and cancels it as soon as it shows a log line of node `node`
/// starting with `line`.
async fn run_cancelled_at(
    info: &LabInfo,
    plan: Plan,
    node: &str,
    line: &str,
) -> (Result<(), (StepId, StepError)>, Vec<Event>) {
    run_watching(info, plan, |event, cancel| {
        if matches!(event, Event::TaskLog { node: n, line: l, .. } if n == node && l.starts_with(line))
        {
            cancel.cancel();
        }
    })
    .await
}

/// Whether `event` is the message `id`.
fn is_message(event: &Event, id: &str) -> bool {
    matches!(event, Event::Info { message, .. } if message.id == id)
}

/// Cancel while pve3 joins: the wizard stops following, pve3 finishes its join by itself (a
/// task runs on the node, whoever watches it), and the next run finds the cluster whole.
#[tokio::test]
async fn a_join_cancelled_halfway_is_finished_by_the_node() {
    let lab = fast_lab(165).await;
    let info = lab.info();
    let (result, events) =
        run_cancelled_at(&info, practice(&info), "pve3", "Join request OK").await;
    assert!(
        matches!(result, Err((StepId::JoinNodes, StepError::Cancelled))),
        "{result:?}\n{events:#?}"
    );
    joined(&lab, &info, 2).await;
    let events = run_to_the_end(&lab, practice(&lab.info())).await;
    assert_eq!(count_messages(&events, "half-joined-removing"), 0);
    lab.shutdown().await;
}

/// Cancel while the VM is created: its `qmcreate` task goes on and creates it, and the next
/// run only starts it: one VM, one disk.
#[tokio::test]
async fn a_vm_creation_cancelled_halfway_is_finished_by_the_node() {
    let lab = fast_lab(166).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_vm(&lab.info(), &dir);
    let info = lab.info();
    let (result, events) = run_cancelled_at(
        &info,
        plan.clone(),
        "pve1",
        "scsi0: successfully created disk",
    )
    .await;
    assert!(
        matches!(result, Err((StepId::Vm, StepError::Cancelled))),
        "{result:?}\n{events:#?}"
    );
    let info = lab.info();
    let client = logged_in(&info, 0).await;
    until("the VM was never created", || async {
        let resources = client.cluster_resources(Some("vm")).await.unwrap();
        resources
            .iter()
            .any(|r| r.name.as_deref() == Some("tiny") && r.lock.is_none())
    })
    .await;
    let events = run_to_the_end(&lab, plan.clone()).await;
    assert_eq!(count_messages(&events, "vm-unfinished-removing"), 0);
    assert_one_vm_with_its_disk(&client, &plan).await;
    lab.shutdown().await;
}

/// pve1's cable is pulled the moment its `qmcreate` task has made the disk: without quorum
/// /etc/pve is read-only, so the worker cannot write the configuration, frees the disk, and
/// cannot remove the lock-only configuration either. The step fails naming pve1; with the cable
/// back, the next run removes the half-created VM and creates it: one VM, one disk.
#[tokio::test]
async fn a_vm_creation_cut_off_by_the_network_leaves_nothing_behind() {
    let lab = fast_lab(167).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_vm(&lab.info(), &dir);
    let info = lab.info();
    lab.fault_when_logged(
        "pve1",
        "scsi0: successfully created disk",
        "pve1",
        "network-down",
    )
    .unwrap();
    stopped_by(&lab, plan.clone(), StepId::Vm, 0).await;

    control(&info, "POST", "/nodes/pve1/network-up", None).await;
    let events = run_to_the_end(&lab, plan.clone()).await;
    assert_eq!(count_messages(&events, "vm-unfinished-removing"), 1);
    assert_one_vm_with_its_disk(&logged_in(&lab.info(), 0).await, &plan).await;
    lab.shutdown().await;
}

/// pve2 is switched off the moment pve1 receives the request that adds the NAS: the storage is
/// added for the cluster (two of three votes keep quorum), pve2 never mounts it, and the step
/// fails naming pve2. Once pve2 is back it mounts the NAS, and the next run completes.
#[tokio::test]
async fn a_node_switched_off_while_the_nas_is_added_mounts_it_when_back() {
    let lab = fast_lab(168).await;
    let info = lab.info();
    lab.fault_when_received("pve1", ("POST", "/storage"), "pve2", "power-off")
        .unwrap();
    stopped_by(&lab, practice(&info), StepId::Storage, 1).await;

    power_on(&lab, "pve2").await;
    run_to_the_end(&lab, practice(&lab.info())).await;
    lab.shutdown().await;
}

/// pve1's cable is pulled while it creates the cluster: creating one needs no other machine, so
/// the node goes on alone while the wizard cannot follow, and the step fails naming pve1. With
/// the cable back, the next run finds the cluster made.
#[tokio::test]
async fn a_cluster_creation_cut_off_by_the_network_is_finished_by_the_node() {
    let lab = fast_lab(169).await;
    cut_off(
        &lab,
        0,
        "Writing corosync key",
        "network-down",
        StepId::CreateCluster,
    )
    .await;
    let info = lab.info();
    control(&info, "POST", "/nodes/pve1/network-up", None).await;
    cluster_found_made(lab).await;
}

/// Cancel while pve1 creates the cluster: its task goes on, and the next run finds the cluster
/// made.
#[tokio::test]
async fn a_cluster_creation_cancelled_halfway_is_finished_by_the_node() {
    let lab = fast_lab(170).await;
    let info = lab.info();
    let (result, events) =
        run_cancelled_at(&info, practice(&info), "pve1", "Writing corosync key").await;
    assert!(
        matches!(result, Err((StepId::CreateCluster, StepError::Cancelled))),
        "{result:?}\n{events:#?}"
    );
    cluster_found_made(lab).await;
}

/// pve2's cable is pulled the moment pve1 receives the request that adds the NAS: pve1 and
/// pve3 keep quorum and add the storage for the cluster, pve2 can neither mount it nor be
/// asked, and the step fails naming pve2. With the cable back pve2 mounts it, and the next run
/// completes.
#[tokio::test]
async fn a_node_cut_off_while_the_nas_is_added_mounts_it_when_back() {
    let lab = fast_lab(171).await;
    let info = lab.info();
    lab.fault_when_received("pve1", ("POST", "/storage"), "pve2", "network-down")
        .unwrap();
    stopped_by(&lab, practice(&info), StepId::Storage, 1).await;

    control(&info, "POST", "/nodes/pve2/network-up", None).await;
    run_to_the_end(&lab, practice(&info)).await;
    lab.shutdown().await;
}

/// Cancel as the NAS is added: the request that adds it is one call, which the node carries out
/// whole or not at all; the run stops there or after the mounts, and the next run completes
/// with the storage once.
#[tokio::test]
async fn adding_the_nas_cancelled_leaves_it_whole_or_absent() {
    let lab = fast_lab(172).await;
    let info = lab.info();
    let (result, events) = run_watching(&info, practice(&info), |event, cancel| {
        if is_message(event, "adding-storage") {
            cancel.cancel();
        }
    })
    .await;
    assert!(
        matches!(
            result,
            Ok(()) | Err((StepId::Storage, StepError::Cancelled))
        ),
        "{result:?}\n{events:#?}"
    );
    run_to_the_end(&lab, practice(&info)).await;
    let storages = logged_in(&info, 0).await.storages().await.unwrap();
    let nas: Vec<_> = storages.iter().filter(|s| s.storage == "NAS").collect();
    assert_eq!(nas.len(), 1, "{storages:?}");
    lab.shutdown().await;
}

/// The ISO images on the NAS, as `(volume, size)`, listed by the node at `index`.
async fn isos(info: &LabInfo, index: usize) -> Vec<(String, u64)> {
    let name = &info.nodes[index].name;
    logged_in(info, index)
        .await
        .storage_content(name, "NAS", Some("iso"))
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.volid, v.size))
        .collect()
}

/// The ISO of [`plan_with_iso`], whole.
fn whole_iso(size: usize) -> Vec<(String, u64)> {
    vec![("NAS:iso/tinycore.iso".to_owned(), size as u64)]
}

/// pve1 is switched off while its `imgcopy` task copies the ISO onto the NAS: `cp` writes the
/// file in place, so the NAS keeps it cut short under its final name. The step fails naming
/// pve1; once pve1 is back, the next run warns of the other size and sends the image again,
/// which replaces it: one ISO, whole.
#[tokio::test]
async fn an_iso_copy_cut_off_by_power_off_is_replaced_whole() {
    const SIZE: usize = 3 << 20;
    let lab = fast_lab(173).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_iso(&lab.info(), &dir, SIZE);
    lab.fault_when_writing("pve1", "template/iso/tinycore.iso", "pve1", "power-off")
        .unwrap();
    stopped_by(&lab, plan.clone(), StepId::Iso, 0).await;
    let info = lab.info();
    let left = isos(&info, 1).await;
    assert!(
        left.len() == 1 && left[0].1 < SIZE as u64,
        "a cut-short copy: {left:?}"
    );

    power_on(&lab, "pve1").await;
    let events = run_to_the_end(&lab, plan).await;
    assert_eq!(finding_ids(&events), ["check-iso-other-size"]);
    assert_eq!(isos(&lab.info(), 0).await, whole_iso(SIZE));
    lab.shutdown().await;
}

/// pve1's cable is pulled as the ISO begins to arrive: no byte moves and no answer comes, so the
/// upload ends as stalled, naming pve1. With the cable back, nothing half-sent is anywhere, and
/// the next run sends the image whole.
#[tokio::test]
async fn an_upload_cut_off_by_the_network_leaves_nothing_half_sent() {
    const SIZE: usize = 3 << 20;
    let lab = fast_lab(174).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_iso(&lab.info(), &dir, SIZE);
    let upload = ("POST", "/nodes/pve1/storage/NAS/upload");
    lab.fault_when_received("pve1", upload, "pve1", "network-down")
        .unwrap();
    stopped_by(&lab, plan.clone(), StepId::Iso, 0).await;
    let info = lab.info();

    control(&info, "POST", "/nodes/pve1/network-up", None).await;
    until("the half-sent upload stayed in /var/tmp", || async {
        lab.spooled_uploads() == 0
    })
    .await;
    assert_eq!(isos(&info, 0).await, []);
    run_to_the_end(&lab, plan).await;
    assert_eq!(isos(&info, 0).await, whole_iso(SIZE));
    lab.shutdown().await;
}

/// Cancel while the ISO is on its way: the node drops what arrived, nothing is on the NAS, and
/// the next run sends it whole.
#[tokio::test]
async fn an_upload_cancelled_halfway_leaves_nothing() {
    // Large enough to be still on its way when the first progress is shown.
    const SIZE: usize = 32 << 20;
    let lab = fast_lab(175).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_iso(&lab.info(), &dir, SIZE);
    let info = lab.info();
    let (result, events) = run_watching(&info, plan.clone(), |event, cancel| {
        if matches!(event, Event::Transfer { .. }) {
            cancel.cancel();
        }
    })
    .await;
    assert!(
        matches!(result, Err((StepId::Iso, StepError::Cancelled))),
        "{result:?}\n{events:#?}"
    );
    until("the cancelled upload stayed in /var/tmp", || async {
        lab.spooled_uploads() == 0
    })
    .await;
    assert_eq!(isos(&info, 0).await, []);
    run_to_the_end(&lab, plan).await;
    assert_eq!(isos(&info, 0).await, whole_iso(SIZE));
    lab.shutdown().await;
}

/// The HA resources of the cluster, as pve1 lists them.
async fn ha_sids(info: &LabInfo) -> Vec<String> {
    let client = logged_in(info, 0).await;
    let resources = client.ha_resources().await.unwrap();
    resources.into_iter().map(|r| r.sid).collect()
}

/// pve1 is switched off as the request that puts the VM under HA reaches it: it never handles
/// it, and the VM, not yet under HA, goes down with pve1. The step fails naming pve1; once pve1
/// is back the next run starts the VM and puts it under HA: one VM, one HA resource.
#[tokio::test]
async fn ha_cut_off_by_power_off_is_added_once_when_back() {
    let lab = fast_lab(176).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_ha(&lab.info(), &dir);
    lab.fault_when_received(
        "pve1",
        ("POST", "/cluster/ha/resources"),
        "pve1",
        "power-off",
    )
    .unwrap();
    stopped_by(&lab, plan.clone(), StepId::Ha, 0).await;

    power_on(&lab, "pve1").await;
    let info = lab.info();
    let events = run_to_the_end(&lab, plan.clone()).await;
    assert_eq!(outcome_of(&events, StepId::Vm), Some(Outcome::Done));
    assert_one_vm_with_its_disk(&logged_in(&info, 0).await, &plan).await;
    assert_eq!(ha_sids(&info).await, ["vm:100"]);
    lab.shutdown().await;
}

/// pve1's cable is pulled as the request that puts the VM under HA reaches it: alone, pve1 has
/// no quorum and cannot change the HA configuration, and its answer is lost. The step fails
/// naming pve1; with the cable back, the next run puts the VM under HA: one HA resource.
#[tokio::test]
async fn ha_cut_off_by_the_network_is_added_once_when_back() {
    let lab = fast_lab(177).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_ha(&lab.info(), &dir);
    let info = lab.info();
    lab.fault_when_received(
        "pve1",
        ("POST", "/cluster/ha/resources"),
        "pve1",
        "network-down",
    )
    .unwrap();
    stopped_by(&lab, plan.clone(), StepId::Ha, 0).await;

    control(&info, "POST", "/nodes/pve1/network-up", None).await;
    run_to_the_end(&lab, plan.clone()).await;
    assert_one_vm_with_its_disk(&logged_in(&info, 0).await, &plan).await;
    assert_eq!(ha_sids(&info).await, ["vm:100"]);
    lab.shutdown().await;
}

/// Cancel while the wizard waits for the HA manager to start the VM: the resource is added and
/// the manager goes on without the wizard; the next run finds it started.
#[tokio::test]
async fn ha_cancelled_while_waiting_is_finished_by_the_manager() {
    let lab = fast_lab(178).await;
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_with_ha(&lab.info(), &dir);
    let info = lab.info();
    let (result, events) = run_watching(&info, plan.clone(), |event, cancel| {
        if is_message(event, "ha-waiting") {
            cancel.cancel();
        }
    })
    .await;
    // The first look may already find it started.
    assert!(
        matches!(result, Ok(()) | Err((StepId::Ha, StepError::Cancelled))),
        "{result:?}\n{events:#?}"
    );
    let client = logged_in(&info, 0).await;
    until("the HA manager never started the VM", || async {
        client
            .ha_status()
            .await
            .unwrap()
            .iter()
            .any(|e| e.sid.as_deref() == Some("vm:100") && e.state.as_deref() == Some("started"))
    })
    .await;
    let events = run_to_the_end(&lab, plan.clone()).await;
    assert_eq!(outcome_of(&events, StepId::Ha), Some(Outcome::AlreadyDone));
    assert_eq!(ha_sids(&info).await, ["vm:100"]);
    lab.shutdown().await;
}

/// Logins (`POST /access/ticket`) that reached pve1.
fn logins(lab: &Lab) -> usize {
    lab.requests_seen("pve1")
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/access/ticket")
        .count()
}

/// Two hours pass while the wizard watches (a laptop closed over lunch): pve1 refuses the
/// expired ticket, the watch logs in again with the kept password and goes on, and it still sees
/// a node go down.
#[tokio::test]
async fn a_watch_outlives_its_ticket() {
    let lab = fast_lab(179).await;
    let info = lab.info();
    let (mut course, mut receiver) = course(&info, practice(&info));
    let (result, events) = tokio::time::timeout(HANG, run_all(&mut course, &mut receiver))
        .await
        .expect("the course ends");
    assert!(result.is_ok(), "{result:?}\n{events:#?}");

    let before = logins(&lab);
    lab.advance_clock(Duration::from_secs(2 * 3600 + 60));
    let cancel = course.cancel_token();
    let watch = course.watch(false, Duration::from_millis(100));
    tokio::pin!(watch);
    let mut switched_off = false;
    let end = tokio::time::timeout(HANG, async {
        loop {
            tokio::select! {
                end = &mut watch => break end,
                Some(event) = receiver.recv() => {
                    if matches!(&event, Event::NodeChanged { node, online: false, .. } if node == "pve3") {
                        cancel.cancel();
                    }
                }
                // Once the watch has logged in again, a node goes down.
                () = tokio::time::sleep(Duration::from_millis(20)), if !switched_off => {
                    if logins(&lab) > before {
                        lab.power("pve3", false).unwrap();
                        switched_off = true;
                    }
                }
            }
        }
    })
    .await
    .expect("the watch sees pve3 go down");
    assert!(
        matches!(end, Ok(pve_ha_wizard::course::WatchEnd::Stopped)),
        "{end:?}"
    );
    assert_eq!(logins(&lab), before + 1, "one new login, after the expiry");
    lab.shutdown().await;
}

/// Cancel while a request waits on a node gone silent: pve1's cable is pulled as it receives
/// the request that adds the NAS, so its answer never comes. Cancel ends the step at once, not
/// when the request gives up; with the cable back, the next run completes.
#[tokio::test]
async fn cancel_ends_a_wait_on_a_silent_node_at_once() {
    let lab = fast_lab(180).await;
    let info = lab.info();
    lab.fault_when_received("pve1", ("POST", "/storage"), "pve1", "network-down")
        .unwrap();
    let (mut course, mut receiver) = course(&info, practice(&info));
    let cancel = course.cancel_token();
    let panel = info.clone();
    // From the moment the fault strikes, the course waits for that answer and nothing else.
    tokio::spawn(async move {
        wait_for(&panel, "pve1", "on", "down").await;
        cancel.cancel();
    });
    let (result, events) = tokio::time::timeout(HANG, run_all(&mut course, &mut receiver))
        .await
        .expect("the course ends");
    assert!(
        matches!(result, Err((StepId::Storage, StepError::Cancelled))),
        "{result:?}\n{events:#?}"
    );
    control(&info, "POST", "/nodes/pve1/network-up", None).await;
    run_to_the_end(&lab, practice(&info)).await;
    lab.shutdown().await;
}

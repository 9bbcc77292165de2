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
    Course, CourseOptions, Event, Plan, PlanIso, PlanVm, StepError, StepId,
};
use pve_ha_wizard::lab::{Lab, LabInfo, LabOptions};
use tokio::sync::mpsc::UnboundedReceiver;

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
    let options = CourseOptions {
        max_clock_skew_secs: u64::MAX,
        ..fast_options()
    };
    let (events, receiver) = pve_ha_wizard::course::Events::channel();
    let secrets = std::sync::Arc::new(pve_ha_wizard::practice::LabSecrets::new(info));
    (Course::new(plan, secrets, events, options), receiver)
}

/// Runs the whole course, within [`HANG`].
async fn run(info: &LabInfo) -> (Result<(), (StepId, StepError)>, Vec<Event>) {
    let plan = pve_ha_wizard::practice::plan_for(info, "escola").expect("a valid plan");
    run_plan(info, plan).await
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

/// Waits until the control panel shows the node called `name` with `power` and `network`.
async fn wait_for(info: &LabInfo, name: &str, power: &str, network: &str) {
    let deadline = tokio::time::Instant::now() + HANG;
    loop {
        let (_, state) = control(info, "GET", "/state", None).await;
        let node = state["nodes"]
            .as_array()
            .and_then(|nodes| nodes.iter().find(|n| n["name"] == name))
            .cloned()
            .unwrap_or_default();
        if node["power"] == power && node["network"] == network {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{name} never came to power {power}, network {network}: {node}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
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

/// Arms `action` on node `index` for the moment its own task logs a line starting with `line`,
/// runs the course, and checks that it stops at `step` with an error naming that node.
async fn cut_off(lab: &Lab, index: usize, line: &str, action: &str, step: StepId) {
    let info = lab.info();
    let name = info.nodes[index].name.clone();
    lab.fault_when_logged(&name, line, &name, action).unwrap();
    let (result, events) = run(&info).await;
    let (stopped_at, error) = result.expect_err("the fault stops the course");
    assert_eq!(stopped_at, step, "{error}\n{events:#?}");
    assert!(
        error.to_string().contains(&address(&info, index)),
        "the error names {name}: {error}"
    );
}

/// Switches the node called `name` on, and waits until it has booted.
async fn power_on(lab: &Lab, name: &str) {
    lab.power(name, true).unwrap();
    wait_for(&lab.info(), name, "on", "up").await;
}

/// Runs the course again over the lab as it is now: it must complete, with a whole cluster.
/// Returns the run's events.
async fn run_to_the_end(lab: &Lab) -> Vec<Event> {
    let (result, events) = run(&lab.info()).await;
    assert!(result.is_ok(), "the run completes: {result:?}\n{events:#?}");
    assert_whole_cluster(&lab.info()).await;
    events
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
    let events = run_to_the_end(&lab).await;
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
    let (result, events) = run(&info).await;
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
    run_to_the_end(&lab).await;
    lab.shutdown().await;
}

/// pve3's cable is pulled right after the first node added it: pve3 goes on alone, takes the
/// cluster's database and waits for quorum, as `finish_join` does, while the wizard cannot reach
/// it. The step fails naming pve3; once the cable is back, pve3's join finishes by itself, and
/// the next run finds the cluster whole.
#[tokio::test]
async fn a_join_whose_network_goes_down_finishes_when_it_is_back() {
    let lab = fast_lab(163).await;
    cut_off(
        &lab,
        2,
        "Join request OK",
        "network-down",
        StepId::JoinNodes,
    )
    .await;
    let info = lab.info();

    control(&info, "POST", "/nodes/pve3/network-up", None).await;
    // The join's last act is pveproxy's restart with the cluster's certificate.
    let deadline = tokio::time::Instant::now() + HANG;
    while lab.info().nodes[2].fingerprint == info.nodes[2].fingerprint {
        assert!(
            tokio::time::Instant::now() < deadline,
            "pve3's join never ended"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let events = run_to_the_end(&lab).await;
    assert_eq!(count_messages(&events, "half-joined-removing"), 0);
    lab.shutdown().await;
}

/// The practice plan with steps 5 and 6: a small ISO image and a VM on the NAS.
fn plan_with_vm(info: &LabInfo, dir: &tempfile::TempDir) -> Plan {
    let image = dir.path().join("tinycore.iso");
    std::fs::write(&image, vec![5u8; 40_000]).unwrap();
    pve_ha_wizard::practice::plan_for(info, "escola")
        .unwrap()
        .with_iso(PlanIso::new(&image).unwrap())
        .unwrap()
        .with_vm(PlanVm::new("tiny", 512, 2, None).unwrap())
        .unwrap()
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
    let storage = &plan.storage.as_ref().unwrap().id;
    let disks: Vec<String> = client
        .storage_content("pve1", storage, Some("images"))
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.volid)
        .collect();
    let config = client.vm_config("pve1", vmid).await.unwrap();
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
    let info = lab.info();
    lab.fault_when_logged(
        "pve1",
        "scsi0: successfully created disk",
        "pve1",
        "power-off",
    )
    .unwrap();
    let (result, events) = run_plan(&info, plan.clone()).await;
    let (step, error) = result.expect_err("the creation cannot finish");
    assert_eq!(step, StepId::Vm, "{error}\n{events:#?}");
    assert!(error.to_string().contains(&address(&info, 0)), "{error}");

    power_on(&lab, "pve1").await;
    let info = lab.info();
    let (result, events) = run_plan(&info, plan.clone()).await;
    assert!(result.is_ok(), "the run completes: {result:?}\n{events:#?}");
    assert_eq!(count_messages(&events, "vm-unfinished-removing"), 1);

    assert_one_vm_with_its_disk(&logged_in(&info, 0).await, &plan).await;
    lab.shutdown().await;
}

/// Runs a course over `plan` and cancels it, as the window's Cancel or Ctrl+C does, as soon as
/// it shows a log line of node `node` starting with `line`; within [`HANG`].
async fn run_cancelled_at(
    info: &LabInfo,
    plan: Plan,
    node: &str,
    line: &str,
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
                    if matches!(&event, Event::TaskLog { node: n, line: l, .. }
                        if n == node && l.starts_with(line))
                    {
                        cancel.cancel();
                    }
                    events.push(event);
                }
            }
        }
    };
    let result = tokio::time::timeout(HANG, run)
        .await
        .expect("a cancelled course ends");
    while let Ok(event) = receiver.try_recv() {
        events.push(event);
    }
    (result, events)
}

/// Cancel while pve3 joins: the wizard stops following, pve3 finishes its join by itself (a
/// task runs on the node, whoever watches it), and the next run finds the cluster whole.
#[tokio::test]
async fn a_join_cancelled_halfway_is_finished_by_the_node() {
    let lab = fast_lab(165).await;
    let info = lab.info();
    let plan = pve_ha_wizard::practice::plan_for(&info, "escola").unwrap();
    let (result, events) = run_cancelled_at(&info, plan, "pve3", "Join request OK").await;
    assert!(
        matches!(result, Err((StepId::JoinNodes, StepError::Cancelled))),
        "{result:?}\n{events:#?}"
    );
    let deadline = tokio::time::Instant::now() + HANG;
    while lab.info().nodes[2].fingerprint == info.nodes[2].fingerprint {
        assert!(
            tokio::time::Instant::now() < deadline,
            "pve3's join never ended"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let events = run_to_the_end(&lab).await;
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
    let deadline = tokio::time::Instant::now() + HANG;
    loop {
        let resources = client.cluster_resources(Some("vm")).await.unwrap();
        if resources
            .iter()
            .any(|r| r.name.as_deref() == Some("tiny") && r.lock.is_none())
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the VM was never created"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (result, events) = run_plan(&info, plan.clone()).await;
    assert!(result.is_ok(), "the run completes: {result:?}\n{events:#?}");
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
    let (result, events) = run_plan(&info, plan.clone()).await;
    let (step, error) = result.expect_err("the creation cannot be followed");
    assert_eq!(step, StepId::Vm, "{error}\n{events:#?}");
    assert!(error.to_string().contains(&address(&info, 0)), "{error}");

    control(&info, "POST", "/nodes/pve1/network-up", None).await;
    let (result, events) = run_plan(&lab.info(), plan.clone()).await;
    assert!(result.is_ok(), "the run completes: {result:?}\n{events:#?}");
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
    let (result, events) = run(&info).await;
    let (step, error) = result.expect_err("pve2 cannot mount the NAS");
    assert_eq!(step, StepId::Storage, "{error}\n{events:#?}");
    assert!(error.to_string().contains(&address(&info, 1)), "{error}");

    power_on(&lab, "pve2").await;
    run_to_the_end(&lab).await;
    lab.shutdown().await;
}

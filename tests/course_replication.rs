//! Step 9 against the practice lab: two nodes without a NAS, the VM's disk on ZFS, replicated
//! to the other node on a schedule; and what replication cannot do, refused first. Subnets
//! 127.0.154.x and 127.0.155.x.

mod common;

use common::*;
use pve_ha_wizard::course::{Outcome, Plan, PlanReplication, PlanVm, StepError, StepId};
use pve_ha_wizard::lab::{Lab, LabOptions, Scenario};

/// A lab at a fast clock (the nodes' schedulers look every 0.6 s).
async fn lab(subnet: u8, scenarios: &[Scenario]) -> Lab {
    start_lab_with(
        subnet,
        LabOptions {
            time_scale: 100.0,
            scenarios: scenarios.to_vec(),
            ..Default::default()
        },
    )
    .await
}

/// The lab's plan with VM "tiny" on `storage`, replicated to `target`.
fn plan(lab: &Lab, storage: &str, target: &str) -> Plan {
    let vm = PlanVm::new("tiny", 512, 2, None)
        .unwrap()
        .on_storage(storage)
        .unwrap();
    pve_ha_wizard::practice::plan_for(&lab.info(), "escola")
        .unwrap()
        .with_vm(vm)
        .unwrap()
        .with_replication(PlanReplication::new(target, None).unwrap())
        .unwrap()
}

/// The first problem step 9 reported, and that it says how to fix it.
fn refused_with(result: &Result<(), (StepId, StepError)>) -> &'static str {
    let Err((StepId::Replication, StepError::Precondition { problems })) = result else {
        panic!("step 9 should refuse: {result:?}");
    };
    assert!(problems[0].fix.is_some(), "a problem says how to fix it");
    problems[0].message.id
}

/// Two nodes on ZFS: the VM's disk on local-zfs is copied to pve2 every 30 minutes; a second
/// run finds it done. The VM's own node as the target is refused before any job is made.
#[tokio::test]
async fn two_nodes_replicate_the_vm_disk() {
    let lab = lab(154, &[Scenario::TwoNodes]).await;
    let info = lab.info();

    let (mut course, mut events) = course_with_plan(&info, plan(&lab, "local-zfs", "pve1"));
    let (result, _) = run_all(&mut course, &mut events).await;
    assert_eq!(refused_with(&result), "check-replication-target");
    let client = logged_in(&info, 0).await;
    assert!(client.replication_jobs().await.unwrap().is_empty());

    let good = plan(&lab, "local-zfs", "pve2");
    assert_eq!(
        good.steps(),
        [
            StepId::Connect,
            StepId::Hostnames,
            StepId::CreateCluster,
            StepId::JoinNodes,
            StepId::Vm,
            StepId::Replication
        ]
    );
    let (mut course, mut events) = course_with_plan(&info, good.clone());
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Replication, Outcome::Done))
    );
    assert_eq!(count_messages(&events, "replication-synced"), 1);
    let jobs = client.replication_jobs().await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].id, "100-0");
    assert_eq!(jobs[0].schedule.as_deref(), Some("*/30"));
    let status = client.replication_status("pve1", "100-0").await.unwrap();
    assert!(status.last_sync.unwrap() > 0);
    let copies = client
        .storage_content("pve2", "local-zfs", Some("images"))
        .await
        .unwrap();
    assert_eq!(copies.len(), 1, "pve2 holds the copy");
    assert_eq!(copies[0].volid, "local-zfs:vm-100-disk-0");

    let (mut again, mut events) = course_with_plan(&info, good);
    let (result, events) = run_all(&mut again, &mut events).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Replication, Outcome::AlreadyDone))
    );
    assert_eq!(client.replication_jobs().await.unwrap().len(), 1);
    lab.shutdown().await;
}

/// A VM whose disk is on the NAS is not replicated: step 9 says why, and makes no job.
#[tokio::test]
async fn a_disk_on_the_nas_is_not_replicated() {
    let lab = lab(155, &[]).await;
    let info = lab.info();
    let (mut course, mut events) = course_with_plan(&info, plan(&lab, "NAS", "pve2"));
    let (result, events) = run_all(&mut course, &mut events).await;
    assert_eq!(refused_with(&result), "check-replication-not-zfs");
    assert!(finding_ids(&events).contains(&"check-replication-not-zfs"));
    let client = logged_in(&info, 0).await;
    assert!(client.replication_jobs().await.unwrap().is_empty());
    lab.shutdown().await;
}

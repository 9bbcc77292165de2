//! Step 7 on Proxmox VE 8 and 9: the VM under HA, and the nodes the plan prefers kept as PVE 8
//! keeps them (an HA group the resource belongs to) or as PVE 9 does (a node-affinity rule).
//! Subnets 127.0.150.x–127.0.154.x and 127.0.159.x.

mod common;

use common::*;
use pve_ha_wizard::api::Client;
use pve_ha_wizard::course::{Outcome, Plan, PlanHa, PlanIso, PlanVm, StepError, StepId};
use pve_ha_wizard::lab::{Lab, LabOptions, Pve};

/// A lab of release `pve` at a fast clock (a CRM round takes 0.1 s), and a plan up to step 7
/// that prefers `nodes`.
async fn lab_and_plan(subnet: u8, pve: Pve, nodes: &[&str]) -> (Lab, Plan, tempfile::TempDir) {
    let lab = start_lab_with(
        subnet,
        LabOptions {
            time_scale: 100.0,
            pve,
            ..Default::default()
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("tinycore.iso");
    std::fs::write(&image, vec![5u8; 40_000]).unwrap();
    let plan = pve_ha_wizard::practice::plan_for(&lab.info(), "escola")
        .unwrap()
        .with_iso(PlanIso::new(&image).unwrap())
        .unwrap()
        .with_vm(PlanVm::new("tiny", 512, 2, None).unwrap())
        .unwrap()
        .with_ha(PlanHa {
            nodes: nodes.iter().map(|n| (*n).to_owned()).collect(),
            ..PlanHa::default()
        })
        .unwrap();
    (lab, plan, dir)
}

/// Runs the plan twice: the first run does step 7, the second finds it done.
async fn run_twice(lab: &Lab, plan: &Plan) {
    let info = lab.info();
    let (mut course, mut events) = course_with_plan(&info, plan.clone());
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(outcomes(&events).last(), Some(&(StepId::Ha, Outcome::Done)));
    let (mut again, mut events) = course_with_plan(&info, plan.clone());
    let (result, events) = run_all(&mut again, &mut events).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Ha, Outcome::AlreadyDone)),
        "a second run changes nothing"
    );
}

async fn version_major(client: &Client) -> Option<u32> {
    client.version().await.unwrap().major()
}

/// PVE 8: the preferred nodes become HA group `vm100`, and the resource belongs to it.
#[tokio::test]
async fn on_pve_8_the_preferred_nodes_are_an_ha_group() {
    let (lab, plan, _dir) = lab_and_plan(150, Pve::Pve8, &["pve1", "pve2"]).await;
    run_twice(&lab, &plan).await;
    let client = logged_in(&lab.info(), 0).await;
    assert_eq!(version_major(&client).await, Some(8));
    let groups = client.ha_groups().await.unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].group, "vm100");
    assert_eq!(groups[0].nodes.as_deref(), Some("pve1,pve2"));
    let resources = client.ha_resources().await.unwrap();
    assert_eq!(resources[0].group.as_deref(), Some("vm100"));
    let error = client.ha_rules().await.unwrap_err();
    assert!(
        matches!(&error, pve_ha_wizard::api::Error::Api { status: 501, .. }),
        "PVE 8 has no HA rules: {error:?}"
    );
    lab.shutdown().await;
}

/// PVE 9: the preferred nodes become node-affinity rule `vm100` over the resource, which has no
/// group (PVE 9 refuses one).
#[tokio::test]
async fn on_pve_9_the_preferred_nodes_are_a_node_affinity_rule() {
    let (lab, plan, _dir) = lab_and_plan(151, Pve::Pve9, &["pve1", "pve3"]).await;
    run_twice(&lab, &plan).await;
    let client = logged_in(&lab.info(), 0).await;
    assert_eq!(version_major(&client).await, Some(9));
    let rules = client.ha_rules().await.unwrap();
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert_eq!(rules[0].rule, "vm100");
    assert_eq!(rules[0].kind, "node-affinity");
    assert_eq!(rules[0].nodes.as_deref(), Some("pve1,pve3"));
    assert!(rules[0].covers("vm:100"));
    assert_eq!(client.ha_resources().await.unwrap()[0].group, None);
    let error = client.ha_groups().await.unwrap_err();
    assert!(
        matches!(&error, pve_ha_wizard::api::Error::Api { message, .. } if message.contains("ha groups have been migrated to rules")),
        "{error:?}"
    );
    lab.shutdown().await;
}

/// Without preferred nodes, as in the course, PVE 8 gets the resource alone: no group.
#[tokio::test]
async fn on_pve_8_the_course_adds_the_resource_alone() {
    let (lab, plan, _dir) = lab_and_plan(152, Pve::Pve8, &[]).await;
    run_twice(&lab, &plan).await;
    let client = logged_in(&lab.info(), 0).await;
    assert!(client.ha_groups().await.unwrap().is_empty());
    let resources = client.ha_resources().await.unwrap();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].group, None);
    lab.shutdown().await;
}

/// A preferred node that is not a member is refused before anything is added.
#[tokio::test]
async fn a_preferred_node_outside_the_cluster_is_refused() {
    let (lab, plan, _dir) = lab_and_plan(153, Pve::Pve9, &["pve1", "pve7"]).await;
    let (mut course, mut events) = course_with_plan(&lab.info(), plan);
    let (result, events) = run_all(&mut course, &mut events).await;
    let Err((StepId::Ha, StepError::Precondition { problems })) = &result else {
        panic!("pve7 should be refused: {result:?}");
    };
    assert_eq!(problems[0].message.id, "check-ha-node-unknown");
    assert!(finding_ids(&events).contains(&"check-ha-node-unknown"));
    let client = logged_in(&lab.info(), 0).await;
    assert!(
        client.ha_resources().await.unwrap().is_empty(),
        "nothing was added"
    );
    lab.shutdown().await;
}

/// A VM that could not run on another node is refused before anything is added, with why:
/// its disk on `local-lvm` and its CD image on `local`, storages only pve1 has.
#[tokio::test]
async fn a_vm_bound_to_its_node_is_refused_with_why() {
    let (lab, plan, dir) = lab_and_plan(159, Pve::Pve9, &[]).await;
    let image = dir.path().join("tinycore.iso");
    let mut iso = PlanIso::new(&image).unwrap();
    iso.storage = Some("local".to_owned());
    let mut plan = plan.with_iso(iso).unwrap();
    plan.vm = plan.vm.take().map(|vm| vm.on_storage("local-lvm").unwrap());
    let (mut course, mut events) = course_with_plan(&lab.info(), plan);
    let (result, events) = run_all(&mut course, &mut events).await;
    let Err((StepId::Ha, StepError::Precondition { problems })) = &result else {
        panic!("the VM should be refused HA: {result:?}\n{events:#?}");
    };
    let ids: Vec<_> = problems.iter().map(|p| p.message.id).collect();
    assert_eq!(ids, ["check-ha-local-cdrom", "check-ha-local-disk"]);
    let client = logged_in(&lab.info(), 0).await;
    assert!(
        client.ha_resources().await.unwrap().is_empty(),
        "nothing was added"
    );
    lab.shutdown().await;
}

/// A VM the teacher made in the web UI, named in `[ha] vmid`, is put under HA in place of step
/// 6's, after the same readiness check; an ID the cluster has no VM of is refused with the VMs
/// it has.
#[tokio::test]
async fn a_vm_of_the_teachers_own_is_put_under_ha() {
    let (lab, plan, _dir) = lab_and_plan(154, Pve::Pve9, &[]).await;
    let info = lab.info();
    let mut up_to_the_vm = plan.clone();
    up_to_the_vm.ha = None;
    let (mut course, mut events) = course_with_plan(&info, up_to_the_vm);
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");

    // VM 120 on pve2, as the web UI's Create VM makes it: its disk and CD image on the NAS.
    let pve1 = logged_in(&info, 0).await;
    let cdrom = "NAS:iso/tinycore.iso,media=cdrom";
    create_own_vm(&pve1, "pve2", 120, "NAS:1", cdrom).await;

    let mut unknown = plan.clone();
    unknown.vm = None;
    unknown.ha = Some(PlanHa::default().for_vm(130).unwrap());
    let (mut course, mut events) = course_with_plan(&info, unknown);
    let (result, _) = run_all(&mut course, &mut events).await;
    let Err((StepId::Ha, StepError::Precondition { problems })) = &result else {
        panic!("VM 130 should be refused: {result:?}");
    };
    assert_eq!(problems[0].message.id, "check-ha-vm-unknown");
    assert!(
        problems[0]
            .message
            .args
            .iter()
            .any(|(name, value)| *name == "vms"
                && *value == pve_ha_wizard::i18n::Arg::from("100 (tiny), 120 (web)")),
        "{problems:?}"
    );

    let mut own = plan;
    own.vm = None;
    own.ha = Some(PlanHa::default().for_vm(120).unwrap());
    run_twice(&lab, &own).await;
    let client = logged_in(&info, 0).await;
    let resources = client.ha_resources().await.unwrap();
    let sids: Vec<_> = resources.iter().map(|r| r.sid.as_str()).collect();
    assert_eq!(sids, ["vm:120"], "VM 120 alone, not step 6's");
    lab.shutdown().await;
}

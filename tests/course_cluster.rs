//! Steps 0–3 against the practice lab over real HTTPS: from three fresh nodes to a quorate cluster.

mod common;

use common::*;
use pve_ha_wizard::api::Endpoint;
use pve_ha_wizard::course::join_info::JoinInformation;
use pve_ha_wizard::course::{Event, KnownNodes, Outcome, StepId};

/// The whole plan gives a quorate three-node cluster, and each joined node a new certificate.
#[tokio::test]
async fn lab_becomes_a_quorate_three_node_cluster() {
    let lab = start_lab(101, &[], false).await;
    let before = lab.info();
    let (mut course, mut events) = course_for(&before, "escola");
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(
        result.is_ok(),
        "the course should succeed: {result:?}\n{events:#?}"
    );
    assert_eq!(
        outcomes(&events),
        vec![
            (StepId::Connect, Outcome::Done),
            (StepId::Hostnames, Outcome::Done),
            (StepId::CreateCluster, Outcome::Done),
            (StepId::JoinNodes, Outcome::Done),
            (StepId::Storage, Outcome::Done),
        ]
    );

    let after = lab.info();
    assert_eq!(
        after.nodes[0].fingerprint, before.nodes[0].fingerprint,
        "the first node keeps its certificate"
    );
    for i in 1..3 {
        assert_ne!(
            after.nodes[i].fingerprint, before.nodes[i].fingerprint,
            "node {i} should serve a certificate of the cluster's CA"
        );
    }
    for i in 0..3 {
        let client = logged_in(&after, i).await;
        let status = client.cluster_status().await.unwrap();
        let cluster = status
            .cluster
            .as_ref()
            .expect("every node is in the cluster");
        assert_eq!(cluster.name, "escola");
        assert!(cluster.quorate, "node {i} should see quorum");
        let mut names: Vec<_> = status.members.iter().map(|m| m.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            ["pve1", "pve2", "pve3"],
            "node {i} should list the three members"
        );
    }
    let text = events.iter().find_map(|e| match e {
        Event::JoinInformation { text, .. } => Some(text.clone()),
        _ => None,
    });
    let decoded = JoinInformation::decode(&text.expect("join information was shown")).unwrap();
    assert_eq!(decoded.ip_address, "127.0.101.11");
    assert_eq!(decoded.fingerprint, before.nodes[0].fingerprint);
    assert_eq!(decoded.cluster_name(), Some("escola"));
    lab.shutdown().await;
}

/// Run twice, the plan changes nothing the second time: every node, the joined ones with their
/// new certificates, is found trusted already.
#[tokio::test]
async fn second_run_reports_only_already_done() {
    let lab = start_lab(102, &[], false).await;
    let info = lab.info();
    let known = KnownNodes::in_memory();
    let (mut course, mut events) = course_remembering(&info, "escola", &known);
    let (result, _) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "first run: {result:?}");
    let joined = lab.info();
    for node in &joined.nodes {
        let endpoint = Endpoint::new(&node.address.to_string(), node.port).unwrap();
        assert_eq!(
            known.fingerprint(&endpoint),
            Some(node.fingerprint),
            "{} is remembered with the certificate it serves now",
            node.name
        );
    }

    let (mut again, mut events) = course_remembering(&info, "escola", &known);
    let (result, events) = run_all(&mut again, &mut events).await;
    assert!(result.is_ok(), "second run: {result:?}\n{events:#?}");
    assert_eq!(
        outcomes(&events),
        again
            .plan
            .steps()
            .into_iter()
            .map(|step| (step, Outcome::AlreadyDone))
            .collect::<Vec<_>>()
    );
    assert_eq!(count_messages(&events, "node-trusted"), 0);
    lab.shutdown().await;
}

/// Without the list of trusted nodes (another computer, or the list deleted), the plan's stale
/// fingerprints of the joined nodes are not trusted blindly: the first node vouches for the new ones.
#[tokio::test]
async fn joined_nodes_are_trusted_again_only_through_the_first_node() {
    let lab = start_lab(104, &[], false).await;
    let info = lab.info();
    let (mut course, mut events) = course_for(&info, "escola");
    let (result, _) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "first run: {result:?}");

    let (mut again, mut events) = course_for(&info, "escola");
    let (result, events) = run_all(&mut again, &mut events).await;
    assert!(result.is_ok(), "second run: {result:?}\n{events:#?}");
    assert_eq!(
        outcomes(&events),
        vec![
            (StepId::Connect, Outcome::Done),
            (StepId::Hostnames, Outcome::AlreadyDone),
            (StepId::CreateCluster, Outcome::AlreadyDone),
            (StepId::JoinNodes, Outcome::AlreadyDone),
            (StepId::Storage, Outcome::AlreadyDone),
        ]
    );
    assert_eq!(
        count_messages(&events, "cert-confirmed"),
        2,
        "both joined nodes' new certificates are confirmed through the first node"
    );
    assert_eq!(count_messages(&events, "node-trusted"), 3);
    lab.shutdown().await;
}

/// A list of trusted nodes from an earlier lab at the same addresses (new certificates at every
/// start) does not stand in the way: the plan's fingerprints are checked, and the list corrected.
#[tokio::test]
async fn stale_trusted_certificates_give_way_to_the_plan() {
    let known = KnownNodes::in_memory();
    let earlier = start_lab(105, &[], false).await;
    let (mut course, mut events) = course_remembering(&earlier.info(), "escola", &known);
    course
        .run(StepId::Connect)
        .await
        .expect("connect to the earlier lab");
    while events.try_recv().is_ok() {}
    earlier.shutdown().await;

    let lab = start_lab(105, &[], false).await;
    let info = lab.info();
    let (mut course, mut events) = course_remembering(&info, "escola", &known);
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(outcomes(&events)[0], (StepId::Connect, Outcome::Done));
    assert_eq!(count_messages(&events, "cert-known-changed"), 1);
    lab.shutdown().await;
}

/// The join information text the app shows is the web UI's, and survives a round trip.
#[tokio::test]
async fn join_information_round_trips_through_the_web_ui_format() {
    let lab = start_lab(103, &[], false).await;
    let info = lab.info();
    let (mut course, mut events) = course_for(&info, "aula3");
    course.run(StepId::Connect).await.unwrap();
    course.run(StepId::CreateCluster).await.unwrap();
    let client = logged_in(&info, 0).await;
    let join = client.cluster_config_join_info().await.unwrap();
    let information = JoinInformation::from_join_info(&join).expect("the preferred node is listed");
    let text = information.encode();
    assert_eq!(JoinInformation::decode(&text).unwrap(), information);
    assert_eq!(information.totem.cluster_name(), Some("aula3"));
    assert_eq!(
        information.peer_links.get(&0).map(String::as_str),
        Some("127.0.103.11")
    );
    while events.try_recv().is_ok() {}
    lab.shutdown().await;
}

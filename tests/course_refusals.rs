//! Every refusal of steps 0–3: each says what is wrong, and nothing changes on the nodes.

mod common;

use common::*;
use pve_ha_wizard::api::{self, ClientOptions, Credentials};
use pve_ha_wizard::course::{InputError, Plan, StepError, StepId};
use pve_ha_wizard::fingerprint::Fingerprint;
use pve_ha_wizard::lab::Scenario;
use pve_ha_wizard::secrets::Secret;

/// A plan whose pin is wrong fails before the handshake ends: the node never saw a request, so
/// no password reached it.
#[tokio::test]
async fn wrong_fingerprint_is_refused_before_any_password_is_sent() {
    let lab = start_lab(110, &[], false).await;
    let info = lab.info();
    let mut plan = pve_ha_wizard::practice::plan_for(&info, "escola").unwrap();
    let wrong: Fingerprint = info.nodes[1].fingerprint; // another node's certificate
    plan.nodes[0].fingerprint = wrong;
    let (mut course, mut events) = course_with_plan(&info, plan);
    let (result, _) = run_all(&mut course, &mut events).await;
    let Err((
        step,
        StepError::Api {
            source: api::Error::CertChanged { pinned, seen, .. },
            ..
        },
    )) = result
    else {
        panic!("expected a certificate mismatch, got {result:?}");
    };
    assert_eq!(step, StepId::Connect);
    assert_eq!(pinned, wrong);
    assert_eq!(
        seen, info.nodes[0].fingerprint,
        "the error names the fingerprint the node presented"
    );
    let seen_requests = lab.requests_seen("pve1");
    assert!(
        seen_requests.is_empty(),
        "pve1 must have received no request at all, got {seen_requests:?}"
    );
    assert!(
        lab.requests_seen("pve2").is_empty() && lab.requests_seen("pve3").is_empty(),
        "the course stops at the first node"
    );
    lab.shutdown().await;
}

/// A wrong password is a login failure that names the user.
#[tokio::test]
async fn wrong_password_is_a_login_failure() {
    let lab = start_lab(111, &[], false).await;
    let info = lab.info();
    let client = client_of(&info, 0, ClientOptions::default());
    let credentials = Credentials::Password {
        user: "root@pam".parse().unwrap(),
        password: Secret::new("not-the-password"),
    };
    let error = client
        .login(&credentials)
        .await
        .expect_err("a wrong password must be refused");
    assert!(
        matches!(&error, api::Error::LoginFailed { user, .. } if user == "root@pam"),
        "{error:?}"
    );
    assert!(
        !format!("{error:?} {error}").contains("not-the-password"),
        "the error must not carry the password"
    );
    lab.shutdown().await;
}

async fn check_refuses(subnet: u8, scenario: Scenario, expected: &str) {
    let lab = start_lab(subnet, &[scenario], false).await;
    let info = lab.info();
    let (mut course, mut events) = course_for(&info, "escola");
    let (result, events) = run_all(&mut course, &mut events).await;
    let Err((step, StepError::Precondition { problems })) = &result else {
        panic!("{scenario:?}: step 1 should refuse, got {result:?}");
    };
    assert_eq!(*step, StepId::Hostnames, "{scenario:?}");
    let ids: Vec<_> = problems.iter().map(|p| p.message.id).collect();
    assert!(
        ids.contains(&expected),
        "{scenario:?}: expected {expected}, got {ids:?}"
    );
    assert!(
        problems.iter().all(|p| p.fix.is_some()),
        "{scenario:?}: every problem says how to fix it"
    );
    assert!(
        finding_ids(&events).contains(&expected),
        "{scenario:?}: the finding is reported as an event"
    );
    // Nothing changed: no node is in a cluster (a standalone node whose name resolves to
    // loopback only cannot say where it is, as PVE cannot).
    for i in 0..info.nodes.len() {
        match logged_in(&info, i).await.cluster_status().await {
            Ok(status) => assert!(
                status.cluster.is_none(),
                "{scenario:?}: node {i} must still be standalone"
            ),
            Err(error) => assert!(
                matches!(error.refusal(), Some(api::Refusal::NameUnresolved { .. })),
                "{scenario:?}: node {i}: {error:?}"
            ),
        }
    }
    lab.shutdown().await;
}

/// Two nodes with the same host name are caught before the cluster exists.
#[tokio::test]
async fn duplicate_hostname_is_caught_by_step_one() {
    check_refuses(112, Scenario::DuplicateHostname, "check-duplicate-name").await;
}

/// A node whose name maps to 127.0.1.1 in /etc/hosts is caught.
#[tokio::test]
async fn loopback_in_hosts_is_caught_by_step_one() {
    check_refuses(113, Scenario::HostsLoopback, "check-hosts-loopback").await;
}

/// A joining node that holds a VM is caught.
#[tokio::test]
async fn guests_on_a_joining_node_are_caught_by_step_one() {
    check_refuses(114, Scenario::GuestOnNode, "check-guests").await;
}

/// A node on another major version is caught.
#[tokio::test]
async fn version_mismatch_is_caught_by_step_one() {
    check_refuses(115, Scenario::VersionMismatch, "check-version-mismatch").await;
}

/// A clock minutes off is caught.
#[tokio::test]
async fn clock_skew_is_caught_by_step_one() {
    check_refuses(116, Scenario::ClockSkew, "check-clock-skew").await;
}

/// Bad cluster names are refused before anything is sent.
#[tokio::test]
async fn bad_cluster_names_are_refused_before_any_call() {
    let lab = start_lab(117, &[], false).await;
    let info = lab.info();
    let nodes = pve_ha_wizard::practice::plan_for(&info, "escola")
        .unwrap()
        .nodes;
    for bad in [
        "",
        "aula 3",
        "-escola",
        "escola_1",
        "unnomdemassallarg",
        "escòla",
    ] {
        let refused = Plan::new(bad, nodes.clone());
        assert_eq!(
            refused,
            Err(InputError::ClusterName {
                name: bad.to_owned()
            }),
            "{bad:?}"
        );
    }
    // A course whose plan was altered after validation still refuses at the create step.
    let mut plan = pve_ha_wizard::practice::plan_for(&info, "escola").unwrap();
    plan.cluster_name = "no good".to_owned();
    let (mut course, _events) = course_with_plan(&info, plan);
    course.run(StepId::Connect).await.unwrap();
    let requests_before = lab.requests_seen("pve1").len();
    let result = course.run(StepId::CreateCluster).await;
    assert!(
        matches!(
            result,
            Err(StepError::Input(InputError::ClusterName { .. }))
        ),
        "{result:?}"
    );
    assert_eq!(
        lab.requests_seen("pve1").len(),
        requests_before,
        "nothing was sent for a bad name"
    );
    lab.shutdown().await;
}

/// Pasted garbage is refused as join information, with the reason.
#[test]
fn pasted_garbage_is_not_join_information() {
    use pve_ha_wizard::course::join_info::JoinInformation;
    for garbage in [
        "",
        "hola",
        "aGVsbG8gd29ybGQ=",
        "eyJpcEFkZHJlc3MiOiIxLjIuMy40In0=",
    ] {
        let result = JoinInformation::decode(garbage);
        assert!(
            matches!(result, Err(InputError::JoinInformation { .. })),
            "{garbage:?}: {result:?}"
        );
    }
}

/// A node whose name mapped to 127.0.1.1 from boot has no cluster file system, so no pveproxy:
/// nothing answers on its port. Step 0 says so, and what to fix, and logs in nowhere else first
/// than the nodes before it.
#[tokio::test]
async fn loopback_in_hosts_from_boot_is_caught_by_step_zero() {
    let lab = start_lab(118, &[Scenario::HostsLoopbackAtBoot], false).await;
    let info = lab.info();
    let (mut course, mut events) = course_for(&info, "escola");
    let (result, _) = run_all(&mut course, &mut events).await;
    let Err((step, error)) = &result else {
        panic!("step 0 should fail, got {result:?}");
    };
    assert_eq!(*step, StepId::Connect);
    assert!(
        matches!(error, StepError::Api { source: api::Error::Refused { host }, .. } if host == "127.0.118.12:8006"),
        "{error:?}"
    );
    let message = pve_ha_wizard::i18n::words::step_error(error);
    assert_eq!(message.id, "err-refused");
    // The node running pveproxy answers; nothing changed there.
    let status = logged_in(&info, 0).await.cluster_status().await.unwrap();
    assert!(status.cluster.is_none());
    lab.shutdown().await;
}

/// The same mapping made while the node ran: PVE answers `/cluster/status` with 500 and fails
/// a create there inside its task; the client reads both as the unresolved name.
#[tokio::test]
async fn loopback_in_hosts_fails_where_pve_looks_the_name_up() {
    let lab = start_lab(119, &[Scenario::HostsLoopback], false).await;
    let info = lab.info();
    let second = logged_in(&info, 1).await;
    let error = second.cluster_status().await.unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. } if message == "address lookup for 'pve2' did not find any IP address"),
        "{error:?}"
    );
    let upid = second
        .cluster_config_create(&api::CreateClusterParams {
            clustername: "escola".into(),
            link0: None,
        })
        .await
        .unwrap();
    let error = second
        .wait_task(&upid, &api::TaskWait::default(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(
        error.refusal(),
        Some(api::Refusal::NameUnresolved {
            name: "pve2".into()
        })
    );
    assert_eq!(
        pve_ha_wizard::i18n::words::api_error("pve2", &error).id,
        "err-name-unresolved"
    );
    lab.shutdown().await;
}

/// "Fix it for me": the wizard shows pve2's /etc/hosts change (Debian's 127.0.1.1 line on the
/// node's own address) and writes it with the digest it read; a file changed meanwhile is
/// refused and kept. Written, the course goes through.
#[tokio::test]
async fn the_hosts_line_is_fixed_through_the_api_unless_it_changed_meanwhile() {
    let lab = start_lab(129, &[Scenario::HostsLoopback], false).await;
    let info = lab.info();
    let (mut course, mut events) = course_for(&info, "escola");
    course.run(StepId::Connect).await.unwrap();
    let fixes = course.hosts_fixes().await.unwrap();
    assert_eq!(fixes.len(), 1, "{fixes:?}");
    let fix = &fixes[0];
    assert_eq!(fix.name, "pve2");
    let address = info.nodes[1].address.to_string();
    let (removed, added) = fix.changes();
    assert_eq!(removed, ["127.0.1.1 pve2.lab.lliurex pve2"]);
    assert_eq!(added, [format!("{address} pve2.lab.lliurex pve2")]);

    // Someone edits the file in the web UI meanwhile: the write is refused, nothing is lost.
    let client = logged_in(&info, 1).await;
    let edited = format!("{}# edited by hand\n", fix.before);
    client
        .node_hosts_write("pve2", &edited, None)
        .await
        .unwrap();
    let error = course.apply_hosts_fix(fix).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("detected modified configuration"),
        "{error}"
    );
    assert_eq!(client.node_hosts("pve2").await.unwrap().data, edited);

    let fixes = course.hosts_fixes().await.unwrap();
    course.apply_hosts_fix(&fixes[0]).await.unwrap();
    assert!(course.hosts_fixes().await.unwrap().is_empty());
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    lab.shutdown().await;
}

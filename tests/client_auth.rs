//! The client's authentication against the lab: tickets and their renewal, TOTP, API tokens.

mod common;

use std::time::Duration;

use common::*;
use pve_ha_wizard::api::{self, ClientOptions, Credentials, LoginOutcome};
use pve_ha_wizard::secrets::Secret;

fn password(info: &pve_ha_wizard::lab::LabInfo) -> Credentials {
    Credentials::Password {
        user: info.user.parse().unwrap(),
        password: Secret::new(info.password.clone()),
    }
}

fn logins(lab: &pve_ha_wizard::lab::Lab, node: &str) -> usize {
    lab.requests_seen(node)
        .iter()
        .filter(|r| r.path.ends_with("/access/ticket"))
        .count()
}

/// A ticket older than `renew_after` is renewed before the next call.
#[tokio::test]
async fn ticket_is_renewed_before_it_expires() {
    let lab = start_lab(120, &[], false).await;
    let info = lab.info();
    let options = ClientOptions {
        renew_after: Duration::ZERO,
        ..ClientOptions::default()
    };
    let client = client_of(&info, 0, options);
    client.login(&password(&info)).await.unwrap();
    assert_eq!(logins(&lab, "pve1"), 1);
    client.version().await.unwrap();
    client.version().await.unwrap();
    assert_eq!(
        logins(&lab, "pve1"),
        3,
        "each call renewed the ticket first"
    );
    lab.shutdown().await;
}

/// A ticket the node no longer accepts (its two hours are over) is replaced by a new login, and
/// the call goes through.
#[tokio::test]
async fn expired_ticket_leads_to_a_new_login() {
    let lab = start_lab(121, &[], false).await;
    let info = lab.info();
    let client = client_of(&info, 0, ClientOptions::default());
    client.login(&password(&info)).await.unwrap();
    lab.advance_clock(Duration::from_secs(2 * 3600 + 60));
    let version = client
        .version()
        .await
        .expect("the client logs in again by itself");
    assert!(version.major().is_some());
    assert_eq!(logins(&lab, "pve1"), 2, "one new login after expiry");
    lab.shutdown().await;
}

/// With TOTP set up, login takes two steps; a wrong code is refused.
#[tokio::test]
async fn totp_second_factor() {
    let lab = start_lab(122, &[], true).await;
    let info = lab.info();
    assert!(
        info.totp_secret.is_some(),
        "a lab with TFA tells its TOTP secret"
    );
    let client = client_of(&info, 0, ClientOptions::default());
    let LoginOutcome::NeedsTotp(challenge) = client.login(&password(&info)).await.unwrap() else {
        panic!("the node should ask for a second factor");
    };
    assert!(challenge.totp_offered);
    let error = client.login_totp(&challenge, "000000").await;
    let wrong = lab.totp_code().unwrap() == "000000";
    if !wrong {
        assert!(
            matches!(error, Err(api::Error::TotpRequired { .. })),
            "{error:?}"
        );
        let LoginOutcome::NeedsTotp(challenge) = client.login(&password(&info)).await.unwrap()
        else {
            panic!("the node should ask again");
        };
        client
            .login_totp(&challenge, &lab.totp_code().unwrap())
            .await
            .expect("the right code is accepted");
    }
    client.version().await.expect("logged in");
    lab.shutdown().await;
}

/// pve-access-control's other ways: the code given at once (`otp=totp:CODE`) logs in in one
/// step; a code in `otp` beside a challenge, or a bare code, is the same 401 as any failure.
#[tokio::test]
async fn totp_in_one_step_and_failures_in_one_word() {
    let lab = start_lab(126, &[], true).await;
    let info = lab.info();
    let client = client_of(&info, 0, ClientOptions::default());
    let login = |otp: String| {
        let client = &client;
        let password = info.password.clone();
        async move {
            client
                .post::<serde_json::Value, _>(
                    "/access/ticket",
                    &[
                        ("username", "root@pam".to_owned()),
                        ("password", password),
                        ("otp", otp),
                    ],
                )
                .await
        }
    };
    let answer = login(format!("totp:{}", lab.totp_code().unwrap()))
        .await
        .unwrap();
    assert!(answer.get("NeedTFA").is_none(), "{answer}");
    assert!(answer["cap"].is_object(), "a full ticket: {answer}");
    let bare = login(lab.totp_code().unwrap()).await.unwrap_err();
    assert!(
        matches!(&bare, api::Error::SessionRejected { message, .. } if message == "authentication failure"),
        "{bare:?}"
    );
    lab.shutdown().await;
}

/// An API token needs no ticket and no CSRF token, also for writes.
#[tokio::test]
async fn api_token_authenticates_reads_and_writes() {
    let lab = start_lab(123, &[], false).await;
    let info = lab.info();
    let admin = logged_in(&info, 0).await;
    let user = info.user.parse().unwrap();
    let token = admin
        .access_user_token_create(&user, "wizard", false, Some("pve-ha-wizard tests"))
        .await
        .unwrap();
    assert_eq!(token.full_tokenid, "root@pam!wizard");

    let client = client_of(&info, 0, ClientOptions::default());
    client
        .login(&Credentials::Token {
            user,
            token_name: "wizard".into(),
            secret: token.value,
        })
        .await
        .unwrap();
    client.version().await.expect("a token reads");
    let upid = client
        .cluster_config_create(&pve_ha_wizard::api::CreateClusterParams {
            clustername: "token".into(),
            link0: None,
        })
        .await
        .expect("a token writes without a CSRF token");
    assert_eq!(upid.task_type(), "clustercreate");
    // The task list gives the token's user and name apart (pve-manager `Tasks.pm`).
    let tasks: Vec<serde_json::Value> = client
        .get("/nodes/pve1/tasks", &[("source", "all")])
        .await
        .unwrap();
    let task = tasks
        .iter()
        .find(|t| t["upid"] == upid.to_string())
        .expect("the token's task is listed");
    assert_eq!(
        (&task["user"], &task["tokenid"]),
        (&serde_json::json!("root@pam"), &serde_json::json!("wizard"))
    );
    let bad = client_of(&info, 0, ClientOptions::default());
    bad.login(&Credentials::Token {
        user: info.user.parse().unwrap(),
        token_name: "wizard".into(),
        secret: Secret::new("nope"),
    })
    .await
    .unwrap();
    let error = bad
        .version()
        .await
        .expect_err("a wrong token secret is refused");
    assert!(
        matches!(error, api::Error::SessionRejected { .. }),
        "{error:?}"
    );
    lab.shutdown().await;
}

/// PVE's 400 with per-parameter errors reaches the caller intact.
#[tokio::test]
async fn parameter_errors_keep_their_per_parameter_messages() {
    let lab = start_lab(124, &[], false).await;
    let info = lab.info();
    let client = logged_in(&info, 0).await;
    let error = client
        .cluster_config_create(&pve_ha_wizard::api::CreateClusterParams {
            clustername: "no good".into(),
            link0: None,
        })
        .await
        .expect_err("the lab validates against the schema");
    let api::Error::Api { status, errors, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 400);
    assert!(errors.contains_key("clustername"), "{errors:?}");
    lab.shutdown().await;
}

/// A probe learns the fingerprint without any HTTP request.
#[tokio::test]
async fn probe_reads_the_fingerprint_without_a_request() {
    let lab = start_lab(125, &[], false).await;
    let info = lab.info();
    let endpoint =
        api::Endpoint::new(&info.nodes[2].address.to_string(), info.nodes[2].port).unwrap();
    let probe = api::Client::probe(&endpoint, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(probe.fingerprint, info.nodes[2].fingerprint);
    assert!(
        !probe.system_trusted,
        "a lab certificate is not signed by a public CA"
    );
    assert!(
        lab.requests_seen("pve3").is_empty(),
        "a probe sends no request"
    );
    lab.shutdown().await;
}

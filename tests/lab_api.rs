//! The practice lab behaves as Proxmox VE does: its answers, its refusals and their wording,
//! and what a join changes — checked over real HTTPS with the client, on subnets below 100.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::*;
use pve_ha_wizard::api::{
    self, ClientOptions, CreateClusterParams, JoinClusterParams, TaskWait, Upid,
};
use pve_ha_wizard::fingerprint::Fingerprint;
use pve_ha_wizard::lab::{LabInfo, Pve, Scenario};
use pve_ha_wizard::secrets::Secret;
use serde_json::{Value, json};

fn wait() -> TaskWait {
    TaskWait {
        poll_interval: Duration::from_millis(20),
        timeout: Duration::from_secs(30),
        ..TaskWait::default()
    }
}

/// Waits for a task, returning its log and how it ended.
async fn finish(client: &api::Client, upid: &Upid) -> (Vec<String>, Result<(), String>) {
    let mut log = Vec::new();
    let result = client
        .wait_task(upid, &wait(), |line| log.push(line.to_owned()))
        .await;
    let result = match result {
        Ok(_) => Ok(()),
        Err(api::Error::TaskFailed { message, .. }) => Err(message),
        Err(other) => panic!("waiting for {upid}: {other:?}"),
    };
    (log, result)
}

async fn create(info: &LabInfo, name: &str) {
    let first = logged_in(info, 0).await;
    let upid = first
        .cluster_config_create(&CreateClusterParams {
            clustername: name.into(),
            link0: None,
        })
        .await
        .unwrap();
    let (log, result) = finish(&first, &upid).await;
    assert_eq!(result, Ok(()), "{log:?}");
    assert_eq!(log.last().map(String::as_str), Some("TASK OK"));
}

fn join_params(info: &LabInfo, fingerprint: Fingerprint, password: &str) -> JoinClusterParams {
    JoinClusterParams {
        hostname: info.nodes[0].address.to_string(),
        fingerprint,
        password: Secret::new(password),
        link0: None,
        force: false,
    }
}

/// Joins node `index` through node 0 and returns the task's log and result. When the node's
/// certificate changes under way, the new one is trusted only as node 0 vouches for it.
async fn join(
    info: &LabInfo,
    index: usize,
    params: &JoinClusterParams,
) -> (Vec<String>, Result<(), String>) {
    let mut joining = logged_in(info, index).await;
    let upid = joining.cluster_config_join(params).await.unwrap();
    assert_eq!(upid.task_type(), "clusterjoin");
    assert_eq!(upid.node(), info.nodes[index].name);
    loop {
        let mut log = Vec::new();
        match joining
            .wait_task(&upid, &wait(), |line| log.push(line.to_owned()))
            .await
        {
            Ok(_) => return (log, Ok(())),
            Err(api::Error::TaskFailed { message, .. }) => return (log, Err(message)),
            Err(api::Error::CertChanged { seen, .. }) => {
                let first = logged_in(info, 0).await;
                let certificates = first
                    .node_certificates_info(&info.nodes[index].name)
                    .await
                    .unwrap();
                let vouched =
                    api::CertificateInfo::served(&certificates).and_then(|c| c.fingerprint);
                assert_eq!(
                    vouched,
                    Some(seen),
                    "the member vouches for the new certificate"
                );
                joining = joining.with_pin(seen).unwrap();
                joining.login(&password_of(info)).await.unwrap();
            }
            // pveproxy restarting closes the connection of a request that raced it.
            Err(api::Error::Transport { .. }) => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            Err(other) => panic!("waiting for {upid}: {other:?}"),
        }
    }
}

fn password_of(info: &LabInfo) -> api::Credentials {
    api::Credentials::Password {
        user: info.user.parse().unwrap(),
        password: Secret::new(info.password.clone()),
    }
}

/// Create, then join: the joined node serves a certificate from the cluster's CA, its old
/// tickets stop working, and every member gives the same cluster view.
#[tokio::test]
async fn a_join_replaces_certificate_and_keys() {
    let lab = start_lab(10, &[], false).await;
    let before = lab.info();
    let old_session = logged_in(&before, 1).await;
    create(&before, "escola").await;
    let params = join_params(&before, before.nodes[0].fingerprint, &before.password);
    let (log, result) = join(&before, 1, &params).await;
    assert_eq!(result, Ok(()), "{log:?}");
    assert!(
        log.contains(&"successfully added node 'pve2' to cluster.".to_owned()),
        "{log:?}"
    );

    let after = lab.info();
    assert_ne!(
        after.nodes[1].fingerprint, before.nodes[1].fingerprint,
        "a new certificate"
    );
    assert_eq!(
        after.nodes[0].fingerprint, before.nodes[0].fingerprint,
        "the first node keeps its own"
    );

    // The old pin no longer matches: the client says so before sending anything.
    let error = old_session
        .version()
        .await
        .expect_err("the certificate changed");
    assert!(
        matches!(error, api::Error::CertChanged { seen, .. } if seen == after.nodes[1].fingerprint),
        "{error:?}"
    );

    // The first node vouches for the new certificate, and it is signed by the cluster's CA.
    let first = logged_in(&after, 0).await;
    let certificates = first.node_certificates_info("pve2").await.unwrap();
    let served = api::CertificateInfo::served(&certificates).unwrap();
    assert_eq!(served.fingerprint, Some(after.nodes[1].fingerprint));
    let own = first.node_certificates_info("pve1").await.unwrap();
    assert_eq!(
        served.issuer, own[0].subject,
        "issued by pve1's CA, the cluster's: {certificates:?}"
    );

    // A ticket from before the join is void: the node refuses it, and the client logs in anew.
    let repinned = old_session.with_pin(after.nodes[1].fingerprint).unwrap();
    let seen_before = lab.requests_seen("pve2").len();
    repinned.version().await.expect("a new login makes it work");
    let paths: Vec<String> = lab.requests_seen("pve2")[seen_before..]
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        ["GET /version", "POST /access/ticket", "GET /version"],
        "the old ticket was refused"
    );
    let fresh = client_of(&after, 1, ClientOptions::default());
    let error = fresh
        .get::<Value, _>("/version", &())
        .await
        .expect_err("no ticket yet");
    assert!(
        matches!(&error, api::Error::SessionRejected { message, .. } if message == "No ticket"),
        "{error:?}"
    );
    let status = repinned.cluster_status().await.unwrap();
    assert_eq!(
        status.cluster.as_ref().map(|c| c.name.as_str()),
        Some("escola")
    );
    assert_eq!(status.members.len(), 2);
    assert_eq!(status.local().map(|m| m.name.as_str()), Some("pve2"));

    // The join information lists both, with their current fingerprints.
    let join_info = first.cluster_config_join_info().await.unwrap();
    let fingerprints: BTreeMap<_, _> = join_info
        .nodelist
        .iter()
        .map(|n| (n.name.clone(), n.pve_fp))
        .collect();
    assert_eq!(fingerprints["pve2"], after.nodes[1].fingerprint);
    assert_eq!(join_info.totem.cluster_name(), Some("escola"));
    lab.shutdown().await;
}

/// A join with the wrong fingerprint, or the wrong password, fails in the task with PVE's words,
/// and changes nothing.
#[tokio::test]
async fn a_join_with_wrong_fingerprint_or_password_fails_as_pve_does() {
    let lab = start_lab(11, &[], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let (log, result) = join(
        &info,
        1,
        &join_params(&info, info.nodes[2].fingerprint, &info.password),
    )
    .await;
    assert_eq!(
        result,
        Err(format!(
            "fingerprint '{}' not verified, abort!",
            info.nodes[0].fingerprint
        )),
        "{log:?}"
    );
    let (_, result) = join(
        &info,
        1,
        &join_params(&info, info.nodes[0].fingerprint, "wrong"),
    )
    .await;
    assert_eq!(result, Err("401 authentication failure".to_owned()));
    let status = logged_in(&info, 0).await.cluster_status().await.unwrap();
    assert_eq!(status.members.len(), 1, "nobody joined");
    assert_eq!(lab.info().nodes[1].fingerprint, info.nodes[1].fingerprint);
    lab.shutdown().await;
}

/// Creates the cluster on node 0 and joins node `index`, which must fail as PVE's join fails, with
/// `line` in the task's log.
async fn refused_join(subnet: u8, scenario: Scenario, index: usize, error: &str, line: &str) {
    let lab = start_lab(subnet, &[scenario], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let params = join_params(&info, info.nodes[0].fingerprint, &info.password);
    if scenario == Scenario::DuplicateHostname {
        assert_eq!(info.nodes[2].name, "pve2");
        assert_eq!(
            join(&info, 1, &params).await.1,
            Ok(()),
            "the first pve2 joins"
        );
    }
    let (log, result) = join(&info, index, &params).await;
    assert_eq!(result, Err(error.to_owned()), "{scenario:?}: {log:?}");
    assert!(log.iter().any(|l| l == line), "{scenario:?}: {log:?}");
    lab.shutdown().await;
}

/// Each scenario the course warns about makes a join that ignores it fail, in PVE's words.
#[tokio::test]
async fn joins_that_ignore_a_warning_fail_as_pve_fails() {
    let check_failed = "Check if node may join a cluster failed!";
    refused_join(
        12,
        Scenario::GuestOnNode,
        2,
        check_failed,
        "* this host already contains virtual guests",
    )
    .await;
    // `PVE::Cluster::Setup::join` looks its own address up first.
    let unresolved = "address lookup for 'pve2' did not find any IP address";
    refused_join(
        13,
        Scenario::HostsLoopback,
        1,
        unresolved,
        &format!("TASK ERROR: {unresolved}"),
    )
    .await;
    refused_join(
        14,
        Scenario::DuplicateHostname,
        2,
        "Cluster join aborted!",
        "An error occurred on the cluster node: can't add existing node 'pve2'",
    )
    .await;
}

/// PVE lets a node whose clock is minutes off join, but then the members refuse its tickets:
/// its web UI cannot show the other nodes.
#[tokio::test]
async fn a_clock_minutes_off_breaks_tickets_across_members() {
    let lab = start_lab(18, &[Scenario::ClockSkew], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let params = join_params(&info, info.nodes[0].fingerprint, &info.password);
    assert_eq!(
        join(&info, 2, &params).await.1,
        Ok(()),
        "PVE does not refuse the join"
    );
    let info = lab.info();
    let skewed = logged_in(&info, 2).await;
    skewed.node_status("pve3").await.expect("its own status");
    let error = skewed
        .get::<Value, _>("/nodes/pve1/status", &())
        .await
        .expect_err("pve1 refuses a ticket from seven minutes ahead");
    assert!(
        matches!(&error, api::Error::SessionRejected { .. }),
        "{error:?}"
    );
    // The other way round, pve1's tickets merely look seven minutes old to pve3.
    let first = logged_in(&info, 0).await;
    first
        .node_status("pve3")
        .await
        .expect("pve3 accepts pve1's ticket");
    lab.shutdown().await;
}

/// A node already in a cluster cannot join another; the join information needs a cluster.
#[tokio::test]
async fn cluster_refusals_keep_pve_wording() {
    let lab = start_lab(15, &[], false).await;
    let info = lab.info();
    let first = logged_in(&info, 0).await;
    let error = first
        .cluster_config_join_info()
        .await
        .expect_err("no cluster yet");
    assert!(
        matches!(&error, api::Error::Api { status: 424, message, .. } if message == "node is not in a cluster, no join info available!"),
        "{error:?}"
    );
    create(&info, "escola").await;
    let error = first
        .cluster_config_create(&CreateClusterParams {
            clustername: "altre".into(),
            link0: None,
        })
        .await
        .expect_err("already in a cluster");
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. } if message == "cluster config '/etc/pve/corosync.conf' already exists"),
        "{error:?}"
    );
    // pve1 cannot join through itself.
    let upid = first
        .cluster_config_join(&join_params(
            &info,
            info.nodes[0].fingerprint,
            &info.password,
        ))
        .await
        .unwrap();
    let (log, result) = finish(&first, &upid).await;
    assert_eq!(
        result,
        Err("Check if node may join a cluster failed!".to_owned())
    );
    assert!(
        log.iter()
            .any(|l| l.contains("is this node already in a cluster?!")),
        "{log:?}"
    );
    lab.shutdown().await;
}

/// Requests are checked against the schema: unknown parameters, bad values, booleans as PVE
/// takes them; unknown paths are 501; a write needs the CSRF token.
#[tokio::test]
async fn requests_are_validated_like_pve() {
    let lab = start_lab(16, &[], false).await;
    let info = lab.info();
    let client = logged_in(&info, 0).await;
    let error = client
        .post::<Value, _>(
            "/cluster/config/join",
            &[
                ("hostname", "x"),
                ("fingerprint", "AA"),
                ("password", "p"),
                ("force", "true"),
                ("colour", "red"),
            ],
        )
        .await
        .expect_err("four problems");
    let api::Error::Api {
        status,
        errors,
        message,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 400);
    assert!(
        message.starts_with("Parameter verification failed."),
        "{message}"
    );
    assert_eq!(
        errors["fingerprint"],
        "value does not match the regex pattern"
    );
    assert_eq!(
        errors["force"],
        "type check ('boolean') failed - got 'true'"
    );
    assert!(errors["colour"].contains("does not allow additional properties"));
    assert_eq!(errors.len(), 3, "{errors:?}");

    // pve-common's formats, in their words: a storage ID's length before its characters, and a
    // VM ID written plainly.
    let error = client
        .get::<Value, _>("/nodes/pve1/storage/n/status", &())
        .await
        .expect_err("too short");
    assert!(
        matches!(&error, api::Error::Api { status: 400, errors, .. } if errors["storage"] == "invalid format - storage ID 'n' cannot be shorter than 2 characters"),
        "{error:?}"
    );
    let error = client
        .get::<Value, _>("/nodes/pve1/qemu/0100/status/current", &())
        .await
        .expect_err("not written plainly");
    assert!(
        matches!(&error, api::Error::Api { status: 400, errors, .. } if errors["vmid"] == "invalid format - value does not look like a valid VM ID"),
        "{error:?}"
    );

    let error = client
        .get::<Value, _>("/cluster/nowhere", &())
        .await
        .expect_err("no such path");
    assert!(
        matches!(&error, api::Error::Api { status: 501, message, .. } if message == "Method 'GET /cluster/nowhere' not implemented"),
        "{error:?}"
    );
    let error = client
        .get::<Value, _>("/nodes/pve1/tasks/garbage/status", &())
        .await
        .expect_err("not a UPID");
    assert!(
        matches!(&error, api::Error::Api { status: 400, errors, .. } if errors["upid"] == "unable to parse worker upid"),
        "{error:?}"
    );
    let error = client
        .get::<Value, _>("/nodes/pve7/status", &())
        .await
        .expect_err("no such node");
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. } if message.starts_with("hostname lookup 'pve7' failed")),
        "{error:?}"
    );
    let next: String = client.get("/cluster/nextid", &()).await.unwrap();
    assert_eq!(next, "100", "Perl gives the id as a string");
    lab.shutdown().await;
}

/// Task status and log in PVE's shapes, reachable through any member by node name.
#[tokio::test]
async fn tasks_have_pve_shapes() {
    let lab = start_lab(17, &[], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let first = logged_in(&info, 0).await;
    let tasks: Vec<Value> = first.get("/nodes/pve1/tasks", &()).await.unwrap();
    let upid: Upid = tasks[0]["upid"].as_str().unwrap().parse().unwrap();
    assert_eq!(upid.task_type(), "clustercreate");
    assert_eq!(upid.task_id(), "escola");
    assert_eq!(upid.user(), "root@pam");
    let status = first.task_status(&upid).await.unwrap();
    assert!(status.stopped());
    assert_eq!(status.exitstatus.as_deref(), Some("OK"));
    let page = first.task_log(&upid, 1, 2).await.unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page[0].n, 2, "lines are numbered from 1");
    assert_eq!(tasks[0]["status"], "OK", "the list has the index's status");

    // The filters of pve-manager's Tasks.pm.
    let later = (tasks[0]["starttime"].as_u64().unwrap() + 1).to_string();
    for (filter, expected) in [
        (vec![("typefilter", "clustercreate")], 1),
        (vec![("typefilter", "qmstart")], 0),
        (vec![("userfilter", "ROOT")], 1),
        (vec![("userfilter", "alumne")], 0),
        (vec![("statusfilter", "ok")], 1),
        (vec![("statusfilter", "error,warning")], 0),
        (vec![("errors", "1")], 0),
        (vec![("vmid", "100")], 0),
        (vec![("start", "1")], 0),
        (vec![("limit", "0")], 0),
        (vec![("since", later.as_str())], 0),
        (vec![("until", later.as_str())], 1),
        (vec![("source", "active")], 0),
        (vec![("source", "all")], 1),
    ] {
        let listed: Vec<Value> = first.get("/nodes/pve1/tasks", &filter).await.unwrap();
        assert_eq!(listed.len(), expected, "{filter:?}: {listed:?}");
    }
    lab.shutdown().await;
}

/// `POST /storage` as pve-storage does it: the share is mounted on the answering node first, and
/// a share that cannot be mounted leaves nothing in `storage.cfg`.
#[tokio::test]
async fn nfs_storage_is_checked_by_mounting_it() {
    let lab = start_lab(20, &[], false).await;
    let info = lab.info();
    let nas = info.nas.clone().expect("the lab has a NAS");
    assert_eq!(nas.server.to_string(), "127.0.20.20");
    let client = logged_in(&info, 0).await;

    let exports = client.scan_nfs("pve1", "127.0.20.20").await.unwrap();
    assert_eq!(
        exports.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
        nas.exports
    );
    let error = client.scan_nfs("pve1", "127.0.20.99").await.unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. }
            if message == "command '/sbin/showmount --no-headers --exports 127.0.20.99' failed: exit code 1"),
        "{error:?}"
    );

    let add = |server: &'static str, export: &'static str| {
        let client = &client;
        async move {
            client
                .post::<Value, _>(
                    "/storage",
                    &[
                        ("storage", "NAS"),
                        ("type", "nfs"),
                        ("server", server),
                        ("export", export),
                        ("content", "images,iso"),
                    ],
                )
                .await
        }
    };
    let error = add("127.0.20.99", "/mnt/pool/proxmox").await.unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. }
            if message == "create storage failed: storage 'NAS' is not online"),
        "{error:?}"
    );
    let error = add("127.0.20.20", "/mnt/pool/other").await.unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. }
            if message.starts_with("create storage failed: mount error: mount.nfs: mounting 127.0.20.20:/mnt/pool/other failed")),
        "{error:?}"
    );
    let ids = |storages: Vec<api::StorageEntry>| -> Vec<String> {
        storages.into_iter().map(|s| s.storage).collect()
    };
    assert_eq!(
        ids(client.storages().await.unwrap()),
        ["local", "local-lvm"],
        "a refused share leaves nothing behind"
    );

    let created = add("127.0.20.20", "/mnt/pool/proxmox").await.unwrap();
    assert_eq!(created["storage"], "NAS");
    assert_eq!(created["type"], "nfs");
    let error = add("127.0.20.20", "/mnt/pool/proxmox").await.unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { message, .. }
            if message == "create storage failed: storage ID 'NAS' already defined"),
        "{error:?}"
    );
    let status = client.storage_status("pve1", "NAS").await.unwrap();
    assert!(status.active && status.shared && status.total.unwrap_or(0) > 0);
    let error = client.storage_status("pve1", "nas2").await.unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 400, errors, .. } if errors["storage"] == "No such storage."),
        "{error:?}"
    );
    let error = client
        .post::<Value, _>(
            "/storage",
            &[("storage", "1nas"), ("type", "nfs"), ("content", "isos")],
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 400, errors, .. }
            if errors["storage"] == "invalid format - storage ID '1nas' contains illegal characters"
            && errors["content"] == "invalid format - invalid content type 'isos'"),
        "{error:?}"
    );
    lab.shutdown().await;
}

/// `storage.cfg` lives in the cluster's file system: a node that joins sees the cluster's
/// storages, and loses those it had alone.
#[tokio::test]
async fn storage_configuration_is_the_clusters() {
    let lab = start_lab(21, &[], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let first = logged_in(&info, 0).await;
    let _: Value = first
        .post(
            "/storage",
            &[
                ("storage", "NAS"),
                ("type", "nfs"),
                ("server", "127.0.21.20"),
                ("export", "/mnt/pool/proxmox"),
                ("content", "images,iso"),
            ],
        )
        .await
        .unwrap();
    let second = logged_in(&info, 1).await;
    assert!(
        second.storage_status("pve2", "NAS").await.is_err(),
        "a standalone node does not see the cluster's storage"
    );
    let params = join_params(&info, info.nodes[0].fingerprint, &info.password);
    let (log, result) = join(&info, 1, &params).await;
    assert_eq!(result, Ok(()), "{log:?}");
    let second = logged_in(&lab.info(), 1).await;
    let status = second.storage_status("pve2", "NAS").await.unwrap();
    assert!(status.active, "the joined node mounts the shared storage");
    lab.shutdown().await;
}

/// qemu-server's refusals: before the task a storage that is not there or holds no VM disks;
/// inside it a CD image that is not there (and nothing is left); an ID taken, a VM started twice.
#[tokio::test]
async fn vms_are_refused_as_qemu_server_refuses_them() {
    let lab = start_lab(22, &[], false).await;
    let info = lab.info();
    let client = logged_in(&info, 0).await;
    let vm = |ide2: &str| api::NewVm {
        ide2: ide2.into(),
        boot: "order=scsi0;ide2;net0".into(),
        ..tiny_vm("local-lvm:2")
    };
    // No CD, the disk on `scsi0`.
    let on = |scsi0: &str| api::NewVm {
        scsi0: scsi0.into(),
        ..vm("none,media=cdrom")
    };
    let upid = client
        .create_vm("pve1", &vm("local:iso/missing.iso,media=cdrom"))
        .await
        .unwrap();
    let (_, result) = finish(&client, &upid).await;
    assert_eq!(
        result,
        Err("unable to create VM 100 - volume local:iso/missing.iso does not exist".to_owned())
    );
    let error = client.create_vm("pve1", &on("local:2")).await.unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 400, errors, .. }
            if errors["storage"] == "storage 'local' does not support vm images"),
        "{error:?}"
    );
    let error = client.create_vm("pve1", &on("nope:2")).await.unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. }
            if message == "storage 'nope' does not exist"),
        "{error:?}"
    );
    let upid = client
        .create_vm("pve1", &vm("none,media=cdrom"))
        .await
        .unwrap();
    let (log, result) = finish(&client, &upid).await;
    assert_eq!(result, Ok(()), "{log:?}");
    assert!(
        log.iter()
            .any(|l| l == "scsi0: successfully created disk 'local-lvm:vm-100-disk-0,size=2G'"),
        "{log:?}"
    );
    // What qemu-server's `create_vm` writes beside the given keys; `creation-qemu` is the
    // release's QEMU (pve-qemu 11.0.0 on 9.2).
    let config: Value = client
        .get("/nodes/pve1/qemu/100/config", &())
        .await
        .unwrap();
    assert!(
        config.get("lock").is_none(),
        "the lock goes once created: {config}"
    );
    let meta = config["meta"].as_str().unwrap();
    assert!(meta.starts_with("creation-qemu=11.0.0,ctime="), "{meta}");
    for (key, prefix) in [("smbios1", "uuid="), ("vmgenid", "")] {
        let uuid = config[key].as_str().unwrap().trim_start_matches(prefix);
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{key}: {uuid}");
    }
    let error = client
        .create_vm("pve1", &vm("none,media=cdrom"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { message, .. }
            if message == "unable to create VM 100 - VM 100 already exists on node 'pve1'"),
        "{error:?}"
    );
    let next: String = client.get("/cluster/nextid", &()).await.unwrap();
    assert_eq!(next, "101");
    let upid = client.start_vm("pve1", 100).await.unwrap();
    assert_eq!(
        finish(&client, &upid).await,
        (vec!["TASK OK".to_owned()], Ok(())),
        "a start prints nothing of its own (`start VM …` goes to syslog)"
    );
    let upid = client.start_vm("pve1", 100).await.unwrap();
    assert_eq!(
        finish(&client, &upid).await.1,
        Err("VM 100 already running".to_owned())
    );
    let resources = client.cluster_resources(Some("vm")).await.unwrap();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].status.as_deref(), Some("running"));
    lab.shutdown().await;
}

/// The control panel switches nodes off and on: an off node does not answer, the others see it
/// offline, and without a majority there is no quorum.
#[tokio::test]
async fn switched_off_nodes_stop_answering_and_take_quorum_with_them() {
    let lab = start_lab_with(
        23,
        pve_ha_wizard::lab::LabOptions {
            time_scale: 300.0,
            ..Default::default()
        },
    )
    .await;
    let info = lab.info();
    create(&info, "escola").await;
    for index in 1..3 {
        let params = join_params(&info, info.nodes[0].fingerprint, &info.password);
        let (log, result) = join(&lab.info(), index, &params).await;
        assert_eq!(result, Ok(()), "{log:?}");
    }
    let (status, _) = control(&info, "POST", "/nodes/pve3/power-off", Some("wrong")).await;
    assert_eq!(status, 401, "the panel needs its token");

    let (status, state) = control(&info, "POST", "/nodes/pve3/power-off", None).await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["nodes"][2]["power"], "off");
    let after = lab.info();
    let third = client_of(&after, 2, ClientOptions::default());
    let error = third.login(&password_of(&after)).await.unwrap_err();
    assert!(
        matches!(
            error,
            api::Error::Transport { .. } | api::Error::Connect { .. }
        ),
        "a node that is off does not answer: {error:?}"
    );
    let first = logged_in(&after, 0).await;
    let status = first.cluster_status().await.unwrap();
    assert!(
        status.cluster.as_ref().unwrap().quorate,
        "two of three keep quorum"
    );
    let pve3 = status.members.iter().find(|m| m.name == "pve3").unwrap();
    assert!(!pve3.online);
    let error = first
        .get::<Value, _>("/nodes/pve3/status", &())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 595, .. }),
        "{error:?}"
    );

    control(&info, "POST", "/nodes/pve2/network-down", None).await;
    let status = first.cluster_status().await.unwrap();
    assert!(
        !status.cluster.as_ref().unwrap().quorate,
        "one of three has no quorum"
    );
    let error = first
        .post::<Value, _>(
            "/storage",
            &[("storage", "more"), ("type", "dir"), ("path", "/srv/more")],
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { message, .. } if message.contains("no quorum")),
        "{error:?}"
    );

    control(&info, "POST", "/nodes/pve2/network-up", None).await;
    // Switched on, it boots (90 s of lab time) before it answers.
    let (_, state) = control(&info, "POST", "/nodes/pve3/power-on", None).await;
    assert_eq!(state["nodes"][2]["power"], "booting");
    let booting = client_of(&lab.info(), 2, ClientOptions::default());
    assert!(
        booting.login(&password_of(&info)).await.is_err(),
        "no answer while booting"
    );
    let state = until_state(&info, 2000, 5, |s| s["nodes"][2]["power"] == "on")
        .await
        .expect("pve3 boots");
    assert_eq!(state["nodes"][0]["quorate"], true);
    let status = first.cluster_status().await.unwrap();
    assert!(status.members.iter().all(|m| m.online));
    lab.shutdown().await;
}

/// VM 100 "tiny" with a 1 GiB disk, `scsi0` as given (`NAS:1`), no CD.
fn tiny_vm(scsi0: &str) -> api::NewVm {
    api::NewVm {
        vmid: 100,
        name: "tiny".into(),
        memory: 512,
        cores: 1,
        ostype: "l26".into(),
        scsihw: "virtio-scsi-single".into(),
        scsi0: scsi0.into(),
        ide2: "none,media=cdrom".into(),
        net0: "virtio,bridge=vmbr0".into(),
        boot: "order=scsi0;net0".into(),
    }
}

/// Every node of the lab in cluster "escola", created on the first.
async fn form_cluster(lab: &pve_ha_wizard::lab::Lab) {
    let info = lab.info();
    create(&info, "escola").await;
    for index in 1..info.nodes.len() {
        let params = join_params(&info, info.nodes[0].fingerprint, &info.password);
        let (log, result) = join(&lab.info(), index, &params).await;
        assert_eq!(result, Ok(()), "{log:?}");
    }
}

/// A three-node cluster of the given Proxmox VE release at a fast clock, with VM 100 on the
/// NAS under HA, running on pve1.
async fn ha_lab_of(subnet: u8, time_scale: f64, pve: Pve) -> pve_ha_wizard::lab::Lab {
    let lab = pve_ha_wizard::lab::Lab::start(pve_ha_wizard::lab::LabOptions {
        address_base: std::net::Ipv4Addr::new(127, 0, subnet, 11),
        auth_failure_delay: Duration::from_millis(20),
        time_scale,
        pve,
        ..Default::default()
    })
    .await
    .unwrap();
    form_cluster(&lab).await;
    let first = logged_in(&lab.info(), 0).await;
    let server = format!("127.0.{subnet}.20");
    let _: Value = first
        .post(
            "/storage",
            &[
                ("storage", "NAS"),
                ("type", "nfs"),
                ("server", server.as_str()),
                ("export", "/mnt/pool/proxmox"),
                ("content", "images,iso"),
            ],
        )
        .await
        .unwrap();
    let vm = tiny_vm("NAS:1");
    let upid = first.create_vm("pve1", &vm).await.unwrap();
    assert_eq!(finish(&first, &upid).await.1, Ok(()));
    let upid = first.start_vm("pve1", 100).await.unwrap();
    assert_eq!(finish(&first, &upid).await.1, Ok(()));
    let _: Value = first
        .post(
            "/cluster/ha/resources",
            &[
                ("sid", "vm:100"),
                ("max_restart", "1"),
                ("max_relocate", "1"),
            ],
        )
        .await
        .unwrap();
    lab
}

/// Polls `/cluster/ha/status/current` through `client` until `test` holds for the service.
async fn until_service(client: &api::Client, test: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..400 {
        let entries: Vec<Value> = client.get("/cluster/ha/status/current", &()).await.unwrap();
        if let Some(service) = entries.iter().find(|e| e["type"] == "service")
            && test(service)
        {
            return service.clone();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the HA service never reached the expected state");
}

/// Where VM 100 runs, by node name.
async fn running_on(client: &api::Client) -> Vec<String> {
    client
        .cluster_resources(Some("vm"))
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.status.as_deref() == Some("running"))
        .filter_map(|r| r.node)
        .collect()
}

/// The node a VM runs on is switched off: the master notices, fences it once its lock has
/// expired, and recovers the VM on another node — about two and a half minutes of PVE time.
#[tokio::test]
async fn a_vm_under_ha_recovers_on_another_node() {
    let (lab, info, second) = ha_lab_started(24).await;
    let service = until_service(&second, |s| s["state"] == "started").await;
    assert_eq!(service["node"], "pve1");
    assert_eq!(service["status"], "vm:100 (pve1, started)");
    let entries: Vec<Value> = second.get("/cluster/ha/status/current", &()).await.unwrap();
    let kinds: Vec<&str> = entries.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "quorum", "master", "fencing", "lrm", "lrm", "lrm", "service"
        ]
    );

    let took = failover_time(&info, &second, "pve1").await;
    assert!(
        (120..=200).contains(&took),
        "recovery took {took} s of PVE time: {:?}",
        ha_states(&info).await
    );
    let service = until_service(&second, |s| s["state"] == "started").await;
    // The LRM of the new node starts it in its next round.
    for _ in 0..200 {
        if running_on(&second).await == [service["node"].as_str().unwrap()] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(
        running_on(&second).await,
        [service["node"].as_str().unwrap()]
    );

    // Back on, pve1 does not run the VM a second time.
    control(&info, "POST", "/nodes/pve1/power-on", None).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(running_on(&second).await.len(), 1, "a VM never runs twice");
    lab.shutdown().await;
}

/// Without quorum nothing is recovered, and the isolated node stops its VM (watchdog): the VM
/// never runs on two nodes at once.
#[tokio::test]
async fn without_quorum_nothing_is_recovered() {
    let (lab, info, _) = ha_lab_started(25).await;
    control(&info, "POST", "/nodes/pve2/power-off", None).await;
    control(&info, "POST", "/nodes/pve3/power-off", None).await;
    // Five minutes of PVE time.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (_, state) = control(&info, "GET", "/state", None).await;
    assert_eq!(state["nodes"][0]["quorate"], false);
    assert_eq!(
        state["nodes"][0]["running"],
        serde_json::json!([]),
        "the node without quorum reset itself: {state}"
    );
    let history = state["ha_history"].as_array().unwrap();
    assert!(
        history.iter().all(|c| c["state"] != "recovery"),
        "nothing is recovered without quorum: {history:?}"
    );
    lab.shutdown().await;
}

/// A call that must be refused: method, path, parameters, and PVE's status and message.
type Refusal<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], u16, &'a str);

/// Makes each call and checks it is refused with that status and message (`""`: any message).
async fn assert_refused(client: &api::Client, refusals: &[Refusal<'_>]) {
    for &(method, path, params, status, message) in refusals {
        let result: Result<Value, api::Error> = match method {
            "GET" => client.get(path, params).await,
            "PUT" => client.put(path, params).await,
            "DELETE" => client.delete(path, params).await,
            _ => client.post(path, params).await,
        };
        match result {
            Err(api::Error::Api {
                status: got,
                message: said,
                ..
            }) => {
                assert_eq!(got, status, "{method} {path} {params:?}: {said}");
                assert!(
                    message.is_empty() || said == message,
                    "{method} {path} {params:?}: {said:?}, not {message:?}"
                );
            }
            other => panic!("{method} {path} {params:?} should be refused: {other:?}"),
        }
    }
}

/// PVE 9: groups have been migrated to rules; node-affinity rules are checked as pve-ha-manager
/// checks them, and a recovered VM goes to the rule's node of the highest priority.
#[tokio::test]
async fn pve_9_has_rules_and_recovery_follows_them() {
    let (lab, info, first) = ha_lab_first(26, Pve::Pve9).await;
    let rule = |resources: &'static str, nodes: &'static str| {
        [
            ("rule", "tiny"),
            ("type", "node-affinity"),
            ("resources", resources),
            ("nodes", nodes),
        ]
    };
    let migrated = "ha groups have been migrated to rules";
    assert_refused(
        &first,
        &[
            (
                "POST",
                "/cluster/ha/groups",
                &[("group", "aula"), ("nodes", "pve1")],
                500,
                &format!("cannot create group: {migrated}"),
            ),
            (
                "GET",
                "/cluster/ha/groups",
                &[],
                500,
                &format!("cannot index groups: {migrated}"),
            ),
            (
                "PUT",
                "/cluster/ha/resources/vm:100",
                &[("group", "aula")],
                500,
                &format!("invalid parameter 'group': {migrated}"),
            ),
            (
                "POST",
                "/cluster/ha/rules",
                &rule("vm:101", "pve1"),
                500,
                "create ha rule failed: cannot use unmanaged resource(s) vm:101.",
            ),
            (
                "POST",
                "/cluster/ha/rules",
                &rule("vm:100", "pve1,pve9"),
                500,
                "create ha rule failed: cannot use non-existent node(s) pve9.",
            ),
            (
                "POST",
                "/cluster/ha/rules",
                &[("rule", "tiny"), ("resources", "vm:100")],
                400,
                "",
            ),
        ],
    )
    .await;
    let _: Value = first
        .post("/cluster/ha/rules", &rule("vm:100", "pve1:2,pve3:1"))
        .await
        .unwrap();
    let rules: Vec<Value> = first.get("/cluster/ha/rules", &()).await.unwrap();
    assert_eq!(rules[0]["nodes"], "pve1:2,pve3:1");
    assert_eq!(rules[0]["affinity"], "positive");
    assert_eq!(rules[0]["order"], 1);
    assert_refused(
        &first,
        &[(
            "POST",
            "/cluster/ha/rules",
            &rule("vm:100", "pve1"),
            500,
            "create ha rule failed: HA rule 'tiny' already defined",
        )],
    )
    .await;

    let second = logged_in(&info, 1).await;
    let service = until_service(&second, |s| s["state"] == "started").await;
    assert_eq!(service["failback"], 1, "PVE 9 shows failback");
    control(&info, "POST", "/nodes/pve1/power-off", None).await;
    let service = until_service(&second, |s| s["state"] == "started" && s["node"] != "pve1").await;
    assert_eq!(
        service["node"], "pve3",
        "pve3 is the rule's other node, though pve2 is first"
    );
    // pve1 back, of the rule's highest priority: the VM goes back to it (failback), live.
    control(&info, "POST", "/nodes/pve1/power-on", None).await;
    until_service(&second, |s| s["state"] == "started" && s["node"] == "pve1").await;
    let states: Vec<String> = ha_states(&info)
        .await
        .into_iter()
        .map(|(_, s, _)| s)
        .collect();
    assert!(
        states.ends_with(&["migrate".to_owned(), "started".to_owned()]),
        "{states:?}"
    );
    lab.shutdown().await;
}

/// PVE 8: `/version` says 8.4, groups are created, used and kept while used, and there are
/// no rules.
#[tokio::test]
async fn pve_8_has_groups() {
    let (lab, _, first) = ha_lab_first(27, Pve::Pve8).await;
    let version = first.version().await.unwrap();
    assert_eq!(
        (version.version.as_str(), version.release.as_str()),
        ("8.4.21", "8.4")
    );
    let _: Value = first
        .post(
            "/cluster/ha/groups",
            &[
                ("group", "aula"),
                ("nodes", "pve2:1,pve3"),
                ("restricted", "1"),
            ],
        )
        .await
        .unwrap();
    assert_refused(
        &first,
        &[
            ("GET", "/cluster/ha/rules", &[], 501, ""),
            (
                "POST",
                "/cluster/ha/resources",
                &[("sid", "vm:100"), ("failback", "0")],
                400,
                "",
            ),
            (
                "POST",
                "/cluster/ha/groups",
                &[("group", "aula"), ("nodes", "pve1")],
                500,
                "create ha group failed: ha group ID 'aula' already defined",
            ),
            (
                "PUT",
                "/cluster/ha/resources/vm:100",
                &[("group", "other")],
                500,
                "HA group 'other' does not exist",
            ),
        ],
    )
    .await;
    let _: Value = first
        .put("/cluster/ha/resources/vm:100", &[("group", "aula")])
        .await
        .unwrap();
    let groups: Vec<Value> = first.get("/cluster/ha/groups", &()).await.unwrap();
    assert_eq!(groups[0]["nodes"], "pve2:1,pve3");
    assert_eq!(groups[0]["restricted"], 1);
    assert_eq!(groups[0]["type"], "group");
    let service = until_service(&first, |s| s["group"] == "aula").await;
    assert!(
        service.get("failback").is_none(),
        "PVE 8 has no failback: {service}"
    );
    assert_refused(
        &first,
        &[(
            "DELETE",
            "/cluster/ha/groups/aula",
            &[],
            500,
            "delete ha group failed: ha group is used by service 'vm:100'",
        )],
    )
    .await;
    lab.shutdown().await;
}

/// Two nodes on ZFS, no NAS: a VM's disk on `local-zfs` is replicated to the other node by the
/// schedule, on the lab's clock; what replication cannot do is refused in pve-manager's words.
#[tokio::test]
async fn replication_copies_zfs_disks_on_schedule() {
    let lab = pve_ha_wizard::lab::Lab::start(pve_ha_wizard::lab::LabOptions {
        address_base: std::net::Ipv4Addr::new(127, 0, 28, 11),
        auth_failure_delay: Duration::from_millis(20),
        time_scale: 300.0,
        scenarios: vec![Scenario::TwoNodes],
        ..Default::default()
    })
    .await
    .unwrap();
    let info = lab.info();
    assert_eq!(info.nodes.len(), 2);
    assert!(info.nas.is_none(), "two nodes only, no NAS");
    form_cluster(&lab).await;
    let first = logged_in(&lab.info(), 0).await;
    let storages: Vec<String> = first
        .storages()
        .await
        .unwrap()
        .into_iter()
        .map(|s| format!("{}:{}", s.storage, s.kind))
        .collect();
    assert_eq!(storages, ["local:dir", "local-zfs:zfspool"]);
    let vm = tiny_vm("local-zfs:1");
    let upid = first.create_vm("pve1", &vm).await.unwrap();
    assert_eq!(finish(&first, &upid).await.1, Ok(()));
    let job = |id: &'static str, target: &'static str, schedule: &'static str| {
        [
            ("id", id),
            ("type", "local"),
            ("target", target),
            ("schedule", schedule),
        ]
    };
    assert_refused(
        &first,
        &[
            (
                "POST",
                "/cluster/replication",
                &job("100-0", "pve2", "*/x"),
                400,
                "",
            ),
            (
                "POST",
                "/cluster/replication",
                &job("100-0", "pve1", "*/30"),
                500,
                "Source and target must not be identical",
            ),
            (
                "POST",
                "/cluster/replication",
                &job("100-0", "pve9", "*/30"),
                500,
                "Target 'pve9' does not exist.",
            ),
            (
                "POST",
                "/cluster/replication",
                &job("101-0", "pve2", "*/30"),
                500,
                "Guest '101' does not exist.",
            ),
        ],
    )
    .await;
    let _: Value = first
        .post("/cluster/replication", &job("100-0", "pve2", "*/30"))
        .await
        .unwrap();
    assert_refused(
        &first,
        &[(
            "POST",
            "/cluster/replication",
            &job("100-1", "pve2", "*/30"),
            500,
            "replication job for guest '100' to target 'pve2' already exists",
        )],
    )
    .await;
    let jobs: Vec<Value> = first.get("/cluster/replication", &()).await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(
        (
            &jobs[0]["id"],
            &jobs[0]["guest"],
            &jobs[0]["target"],
            &jobs[0]["schedule"]
        ),
        (
            &Value::from("100-0"),
            &Value::from(100),
            &Value::from("pve2"),
            &Value::from("*/30")
        )
    );

    let status_path = "/nodes/pve1/replication/100-0/status";
    let mut status = Value::Null;
    for _ in 0..400 {
        status = first.get(status_path, &()).await.unwrap();
        if status["last_sync"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(status["last_sync"].as_u64().unwrap() > 0, "{status}");
    assert_eq!(status["fail_count"], 0);
    let next = status["next_sync"].as_u64().unwrap();
    assert_eq!(
        (next + 3600) % 1800,
        0,
        "*/30 runs at :00 and :30 local time"
    );
    let log: Vec<Value> = first
        .get("/nodes/pve1/replication/100-0/log", &())
        .await
        .unwrap();
    let lines: Vec<&str> = log.iter().filter_map(|l| l["t"].as_str()).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("100-0: full sync 'local-zfs:vm-100-disk-0' (__replicate_100-0_")),
        "{lines:?}"
    );
    let copies = first
        .storage_content("pve2", "local-zfs", Some("images"))
        .await
        .unwrap();
    assert_eq!(copies.len(), 1, "the disk is on pve2 too");
    assert_eq!(copies[0].volid, "local-zfs:vm-100-disk-0");

    // Deleted, the job is removed by pve1's scheduler in its next run, with pve2's copy.
    first.delete_replication_job("100-0").await.unwrap();
    let jobs: Vec<Value> = first.get("/cluster/replication", &()).await.unwrap();
    assert_eq!(jobs[0]["remove_job"], "full", "marked for removal");
    for _ in 0..400 {
        let jobs: Vec<Value> = first.get("/cluster/replication", &()).await.unwrap();
        if jobs.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(first.replication_jobs().await.unwrap().is_empty());
    let copies = first
        .storage_content("pve2", "local-zfs", Some("images"))
        .await
        .unwrap();
    assert!(copies.is_empty(), "the copy went with the job: {copies:?}");

    lab.shutdown().await;
}

/// [`ha_lab_of`] at time scale 300 with a client of pve1, before HA started the service.
async fn ha_lab_first(subnet: u8, pve: Pve) -> (pve_ha_wizard::lab::Lab, LabInfo, api::Client) {
    let lab = ha_lab_of(subnet, 300.0, pve).await;
    let info = lab.info();
    let first = logged_in(&info, 0).await;
    (lab, info, first)
}

/// [`ha_lab_of`] (PVE 9) at time scale 300 once the service runs, with a client of pve2.
async fn ha_lab_started(subnet: u8) -> (pve_ha_wizard::lab::Lab, LabInfo, api::Client) {
    ha_lab_started_of(subnet, Pve::Pve9).await
}

/// [`ha_lab_started`] of a given Proxmox VE release.
async fn ha_lab_started_of(
    subnet: u8,
    pve: Pve,
) -> (pve_ha_wizard::lab::Lab, LabInfo, api::Client) {
    let lab = ha_lab_of(subnet, 300.0, pve).await;
    let info = lab.info();
    let client = logged_in(&info, 1).await;
    until_service(&client, |s| s["state"] == "started").await;
    (lab, info, client)
}

/// The CRM states of VM 100's service so far, oldest first, from the control panel's history.
async fn ha_states(info: &LabInfo) -> Vec<(u64, String, String)> {
    let (_, state) = control(info, "GET", "/state", None).await;
    state["ha_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["time"].as_u64().unwrap(),
                c["state"].as_str().unwrap().to_owned(),
                c["node"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A request as the web UI sends it, which must succeed.
async fn ha_request(
    client: &api::Client,
    method: &str,
    path: &str,
    params: &[(&str, &str)],
) -> Value {
    match method {
        "PUT" => client.put(path, params).await.unwrap(),
        _ => client.post(path, params).await.unwrap(),
    }
}

/// The requested state and the commands move the service along PVE's state machine: stop,
/// start, migrate (live), relocate (stopped, moved, started), disable.
#[tokio::test]
async fn ha_requests_stop_start_migrate_and_relocate() {
    let (lab, info, client) = ha_lab_started(29).await;
    let resource = "/cluster/ha/resources/vm:100";

    ha_request(&client, "PUT", resource, &[("state", "stopped")]).await;
    let service = until_service(&client, |s| s["crm_state"] == "stopped").await;
    assert_eq!(service["state"], "stopped");
    assert!(running_on(&client).await.is_empty(), "the LRM stopped it");
    ha_request(&client, "PUT", resource, &[("state", "started")]).await;
    until_service(&client, |s| s["state"] == "started" && s["node"] == "pve1").await;

    let answer = ha_request(
        &client,
        "POST",
        &format!("{resource}/migrate"),
        &[("node", "pve2")],
    )
    .await;
    assert_eq!(answer["requested-node"], "pve2", "PVE 9 says what it moves");
    until_service(&client, |s| s["state"] == "started" && s["node"] == "pve2").await;
    assert_eq!(running_on(&client).await, ["pve2"]);
    ha_request(
        &client,
        "POST",
        &format!("{resource}/relocate"),
        &[("node", "pve3")],
    )
    .await;
    until_service(&client, |s| s["state"] == "started" && s["node"] == "pve3").await;
    assert_eq!(running_on(&client).await, ["pve3"]);

    ha_request(&client, "PUT", resource, &[("state", "disabled")]).await;
    let service = until_service(&client, |s| s["crm_state"] == "stopped").await;
    assert_eq!(service["state"], "disabled", "as the web UI words it");
    let states: Vec<String> = ha_states(&info)
        .await
        .into_iter()
        .map(|(_, s, _)| s)
        .collect();
    for expected in [
        "request_stop",
        "stopped",
        "request_start",
        "migrate",
        "relocate",
    ] {
        assert!(
            states.iter().any(|s| s == expected),
            "{expected} in {states:?}"
        );
    }
    lab.shutdown().await;
}

/// A start that fails is retried on its node `max_restart` times, then moved to another node
/// (`max_relocate`); with no relocation left the service is in `error`, which takes no request
/// until it is disabled.
#[tokio::test]
async fn failed_starts_are_retried_relocated_then_in_error() {
    let (lab, info, client) = ha_lab_started(30).await;
    let resource = "/cluster/ha/resources/vm:100";
    ha_request(&client, "PUT", resource, &[("state", "stopped")]).await;
    until_service(&client, |s| s["crm_state"] == "stopped").await;

    control(&info, "POST", "/nodes/pve1/start-fail", None).await;
    ha_request(&client, "PUT", resource, &[("state", "started")]).await;
    let service = until_service(&client, |s| s["state"] == "started").await;
    assert_eq!(service["node"], "pve2", "moved on after pve1 failed");
    assert_eq!(running_on(&client).await, ["pve2"]);
    let history = ha_states(&info).await;
    let moves: Vec<&(u64, String, String)> =
        history.iter().filter(|(_, s, _)| s == "migrate").collect();
    assert_eq!(moves.len(), 1, "{history:?}");
    assert_eq!(moves[0].2, "pve1");
    // Started on pve1, one retry there (max_restart 1), then the move: at least two LRM rounds
    // (a slow machine only makes rounds later).
    let started = history
        .iter()
        .rev()
        .find(|(t, s, n)| s == "started" && n == "pve1" && *t < moves[0].0)
        .unwrap();
    let retried_for = moves[0].0 - started.0;
    assert!(retried_for >= 20, "{retried_for} s: {history:?}");

    ha_request(
        &client,
        "PUT",
        resource,
        &[("state", "stopped"), ("max_relocate", "0")],
    )
    .await;
    until_service(&client, |s| s["crm_state"] == "stopped").await;
    control(&info, "POST", "/nodes/pve2/start-fail", None).await;
    ha_request(&client, "PUT", resource, &[("state", "started")]).await;
    let service = until_service(&client, |s| s["crm_state"] == "error").await;
    assert_eq!(service["node"], "pve2");
    assert_refused(
        &client,
        &[(
            "PUT",
            resource,
            &[("state", "started")],
            500,
            "service 'vm:100' in error state, must be disabled and fixed first",
        )],
    )
    .await;
    ha_request(&client, "PUT", resource, &[("state", "disabled")]).await;
    let service = until_service(&client, |s| s["crm_state"] == "stopped").await;
    assert_eq!(service["state"], "disabled");
    control(&info, "POST", "/nodes/pve2/start-ok", None).await;
    ha_request(&client, "PUT", resource, &[("state", "started")]).await;
    until_service(&client, |s| s["state"] == "started" && s["node"] == "pve2").await;
    lab.shutdown().await;
}

/// The `conditional` shutdown policy: a reboot freezes the services until the node is back; a
/// shutdown stops them and lets another node take over, without waiting for a lock to expire.
#[tokio::test]
async fn a_clean_reboot_freezes_and_a_shutdown_hands_over() {
    let (lab, info, client) = ha_lab_started(31).await;

    control(&info, "POST", "/nodes/pve1/reboot", None).await;
    until_service(&client, |s| s["crm_state"] == "freeze").await;
    let down = until_state(&info, 400, 10, |s| s["nodes"][0]["power"] == "booting")
        .await
        .is_some();
    assert!(down, "pve1 goes down once its services are frozen");
    assert!(
        running_on(&client).await.is_empty(),
        "a frozen VM runs nowhere"
    );
    let service = until_service(&client, |s| s["state"] == "started").await;
    assert_eq!(service["node"], "pve1", "back on the rebooted node");
    let states: Vec<String> = ha_states(&info)
        .await
        .into_iter()
        .map(|(_, s, _)| s)
        .collect();
    assert!(!states.iter().any(|s| s == "fence"), "{states:?}");

    let (_, state) = control(&info, "POST", "/nodes/pve1/shutdown", None).await;
    let asked_at = state["now"].as_u64().unwrap();
    let service = until_service(&client, |s| s["state"] == "started" && s["node"] != "pve1").await;
    let history = ha_states(&info).await;
    let tail: Vec<&str> = history
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(|(_, s, _)| s.as_str())
        .collect();
    assert_eq!(tail, ["fence", "recovery", "started"], "{history:?}");
    let took = history.last().unwrap().0 - asked_at;
    // The fence delay, and no agent lock to wait for: a power-off waits 120 s for that lock.
    assert!(
        (60..120).contains(&took),
        "taken over {took} s after the shutdown: {history:?}"
    );
    assert_eq!(
        running_on(&client).await,
        [service["node"].as_str().unwrap()]
    );
    lab.shutdown().await;
}

/// With `shutdown_policy=migrate` (Datacenter > Options > HA Settings), a rebooting node first
/// hands its services over live, and takes them back once it is up again: nothing is fenced,
/// frozen or stopped.
#[tokio::test]
async fn the_migrate_policy_moves_services_away_and_back() {
    let (lab, info, client) = ha_lab_started(32).await;
    ha_request(
        &client,
        "PUT",
        "/cluster/options",
        &[("ha", "shutdown_policy=migrate")],
    )
    .await;
    let options: Value = client.get("/cluster/options", &()).await.unwrap();
    assert_eq!(options["ha"]["shutdown_policy"], "migrate");

    control(&info, "POST", "/nodes/pve1/reboot", None).await;
    let service = until_service(&client, |s| s["state"] == "started" && s["node"] != "pve1").await;
    assert_eq!(
        running_on(&client).await,
        [service["node"].as_str().unwrap()]
    );
    until_service(&client, |s| s["state"] == "started" && s["node"] == "pve1").await;
    let states: Vec<String> = ha_states(&info)
        .await
        .into_iter()
        .map(|(_, s, _)| s)
        .collect();
    assert_eq!(
        states.iter().filter(|s| *s == "migrate").count(),
        2,
        "away and back: {states:?}"
    );
    assert!(
        !states
            .iter()
            .any(|s| matches!(s.as_str(), "fence" | "freeze" | "request_stop")),
        "{states:?}"
    );
    lab.shutdown().await;
}

/// `--pve 9` is pve-manager 9.2.11 throughout, and `--pve 8` is 8.4.21: `/version`, and the
/// totem `pvecm create` writes (`token_coefficient` since pve-cluster 9.1.0; none on 8, whose
/// schema refuses the parameter); a standalone node's totem is `null`.
#[tokio::test]
async fn each_mode_is_one_release() {
    for (subnet, pve, version, release, coefficient, kernel_series) in [
        (40, Pve::Pve9, "9.2.11", "9.2", Some("125"), "7.0."),
        (41, Pve::Pve8, "8.4.21", "8.4", None, "6.8."),
    ] {
        let lab = start_lab_with(
            subnet,
            pve_ha_wizard::lab::LabOptions {
                pve,
                ..Default::default()
            },
        )
        .await;
        let info = lab.info();
        let first = logged_in(&info, 0).await;
        let answer = first.version().await.unwrap();
        assert_eq!(
            (answer.version.as_str(), answer.release.as_str()),
            (version, release)
        );
        let repoid = answer.repoid.unwrap_or_default();
        assert!(
            repoid.len() == 16 && repoid.chars().all(|c| c.is_ascii_hexdigit()),
            "{repoid}"
        );
        // The release's default kernel, as uname and pve-manager's `get_current_kernel_info`
        // put it: `kversion` is "sysname release version", as in a real 9.1.2 node's answer
        // ("Linux 6.17.4-1-pve #1 SMP PREEMPT_DYNAMIC PMX 6.17.4-1 (2025-12-03T15:42Z)").
        let status: Value = first.get("/nodes/pve1/status", &()).await.unwrap();
        let kernel = &status["current-kernel"];
        let kernel_release = kernel["release"].as_str().unwrap();
        let build = kernel_release.trim_end_matches("-pve");
        assert!(
            kernel_release.starts_with(kernel_series) && kernel_release.ends_with("-pve"),
            "{pve:?}: {kernel}"
        );
        let kernel_version = kernel["version"].as_str().unwrap();
        assert!(
            kernel_version.starts_with(&format!("#1 SMP PREEMPT_DYNAMIC PMX {build} (20"))
                && kernel_version.ends_with("Z)"),
            "{kernel_version}"
        );
        assert_eq!(
            status["kversion"].as_str().unwrap(),
            format!("Linux {kernel_release} {kernel_version}")
        );
        let totem: Value = first.get("/cluster/config/totem", &()).await.unwrap();
        assert_eq!(totem, Value::Null, "standalone: no corosync.conf");
        if pve == Pve::Pve8 {
            assert_refused(
                &first,
                &[(
                    "POST",
                    "/cluster/config",
                    &[("clustername", "escola"), ("token-coefficient", "200")],
                    400,
                    "",
                )],
            )
            .await;
        }
        create(&info, "escola").await;
        let totem: Value = first.get("/cluster/config/totem", &()).await.unwrap();
        assert_eq!(
            totem["token_coefficient"].as_str(),
            coefficient,
            "{pve:?}: {totem}"
        );
        let join: Value = first.get("/cluster/config/join", &()).await.unwrap();
        assert_eq!(join["totem"], totem);
        lab.shutdown().await;
    }
}

/// Without quorum /etc/pve is read only: each write fails where its code path fails in PVE
/// (`check_cfs_quorum` or the `cfs_lock_*` of its file), and reads still answer.
#[tokio::test]
async fn no_quorum_no_writes() {
    let (lab, info, first) = ha_lab_first(42, Pve::Pve9).await;
    let plain = api::NewVm {
        vmid: 101,
        name: "plain".into(),
        ..tiny_vm("NAS:1")
    };
    let upid = first.create_vm("pve1", &plain).await.unwrap();
    assert_eq!(finish(&first, &upid).await.1, Ok(()));
    let upid = first.start_vm("pve1", 101).await.unwrap();
    assert_eq!(finish(&first, &upid).await.1, Ok(()));
    control(&info, "POST", "/nodes/pve2/network-down", None).await;
    control(&info, "POST", "/nodes/pve3/network-down", None).await;
    let domain_ha = "cfs-lock 'domain-ha' error: no quorum!";
    assert_refused(
        &first,
        &[
            (
                "PUT",
                "/cluster/ha/resources/vm:100",
                &[("max_restart", "2")],
                500,
                &format!("update resources config failed: {domain_ha}"),
            ),
            (
                "POST",
                "/cluster/ha/resources",
                &[("sid", "vm:101")],
                500,
                "cluster not ready - no quorum?",
            ),
            (
                "POST",
                "/cluster/ha/resources/vm:100/migrate",
                &[("node", "pve2")],
                500,
                domain_ha,
            ),
            (
                "DELETE",
                "/cluster/ha/resources/vm:100",
                &[],
                500,
                &format!("delete resource failed: {domain_ha}"),
            ),
            (
                "POST",
                "/storage",
                &[("storage", "local2"), ("type", "dir"), ("path", "/srv")],
                500,
                "create storage failed: cfs-lock 'file-storage_cfg' error: no quorum!",
            ),
            (
                "PUT",
                "/cluster/options",
                &[("ha", "shutdown_policy=migrate")],
                500,
                "cfs-lock 'file-datacenter_cfg' error: no quorum!",
            ),
        ],
    )
    .await;
    let resources: Vec<Value> = first.get("/cluster/ha/resources", &()).await.unwrap();
    assert_eq!(
        resources.len(),
        1,
        "reads still answer, and nothing changed"
    );
    // Stopping an HA-managed VM is an HA request, and ha-manager cannot queue it.
    let upid: String = first
        .post("/nodes/pve1/qemu/100/status/stop", &())
        .await
        .unwrap();
    let (log, result) = finish(&first, &upid.parse::<Upid>().unwrap()).await;
    assert_eq!(
        result,
        Err("command 'ha-manager crm-command stop vm:100 0' failed: exit code 255".to_owned())
    );
    assert!(log.iter().any(|l| l == domain_ha), "{log:?}");
    // A VM outside HA stops without quorum: `vm_stop` does not check it.
    let upid: String = first
        .post("/nodes/pve1/qemu/101/status/stop", &())
        .await
        .unwrap();
    assert_eq!(
        finish(&first, &upid.parse::<Upid>().unwrap()).await.1,
        Ok(())
    );
    lab.shutdown().await;
}

/// Polls the control panel's `/state` up to `tries` times, `pause_ms` apart, until `test`
/// holds; the state it held for.
async fn until_state(
    info: &LabInfo,
    tries: usize,
    pause_ms: u64,
    test: impl Fn(&Value) -> bool,
) -> Option<Value> {
    for _ in 0..tries {
        let (_, state) = control(info, "GET", "/state", None).await;
        if test(&state) {
            return Some(state);
        }
        tokio::time::sleep(Duration::from_millis(pause_ms)).await;
    }
    None
}

/// Polls `/cluster/ha/status/current` until the `fencing` entry is `armed_state`; its status
/// line then (or at the last try).
async fn until_fencing(client: &api::Client, armed_state: &str) -> String {
    let mut words = String::new();
    for _ in 0..400 {
        let entries: Vec<Value> = client.get("/cluster/ha/status/current", &()).await.unwrap();
        let fencing = entries.iter().find(|e| e["id"] == "fencing").unwrap();
        words = fencing["status"].as_str().unwrap().to_owned();
        if fencing["armed-state"] == armed_state {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    words
}

/// The lab's clock, from its control panel.
async fn lab_now(info: &LabInfo) -> u64 {
    control(info, "GET", "/state", None).await.1["now"]
        .as_u64()
        .unwrap()
}

/// Stopping an HA-managed VM goes through the HA manager as qemu-server does: an `hastop`
/// task, the resource's requested state `stopped`, and HA leaves it stopped; `hastart` brings
/// it back. `status/current` and `/cluster/resources` carry the HA state.
#[tokio::test]
async fn power_actions_on_an_ha_vm_go_through_ha() {
    let (lab, info, client) = ha_lab_started(43).await;
    let status: Value = client
        .get("/nodes/pve1/qemu/100/status/current", &())
        .await
        .unwrap();
    assert_eq!(
        status["ha"],
        serde_json::json!({"managed": 1, "state": "started"})
    );

    let upid: api::Upid = client
        .post("/nodes/pve1/qemu/100/status/stop", &())
        .await
        .unwrap();
    assert_eq!(upid.task_type(), "hastop");
    let (log, result) = finish(&client, &upid).await;
    assert_eq!(result, Ok(()));
    assert_eq!(
        log.first().map(String::as_str),
        Some("Requesting HA stop for VM 100")
    );
    until_service(&client, |s| s["state"] == "stopped").await;
    let resource: Value = client
        .get("/cluster/ha/resources/vm:100", &())
        .await
        .unwrap();
    assert_eq!(resource["state"], "stopped");
    // Four rounds later HA has not started it again.
    let since = lab_now(&info).await;
    while lab_now(&info).await < since + 40 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let status: Value = client
        .get("/nodes/pve1/qemu/100/status/current", &())
        .await
        .unwrap();
    assert_eq!(status["status"], "stopped");
    let resources: Vec<Value> = client
        .get("/cluster/resources", &[("type", "vm")])
        .await
        .unwrap();
    assert_eq!(resources[0]["hastate"], "stopped");

    let upid = client.start_vm("pve1", 100).await.unwrap();
    assert_eq!(upid.task_type(), "hastart");
    let (log, _) = finish(&client, &upid).await;
    assert_eq!(
        log.first().map(String::as_str),
        Some("Requesting HA start for VM 100")
    );
    until_service(&client, |s| s["state"] == "started").await;
    lab.shutdown().await;
}

/// An upload for another member is taken by the node it was sent to, which runs the
/// `imgcopy` task and copies the file there with scp (the method has no `proxyto`); a disk on
/// the NAS with no format given is raw, as pve-storage's NFS plugin defaults.
#[tokio::test]
async fn an_upload_for_another_node_is_copied_there() {
    let (lab, _, first) = ha_lab_first(44, Pve::Pve9).await;
    let config: Value = first.get("/nodes/pve1/qemu/100/config", &()).await.unwrap();
    assert_eq!(config["scsi0"], "NAS:100/vm-100-disk-0.raw,size=1G");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.iso");
    let bytes = vec![7u8; 64 * 1024];
    std::fs::write(&path, &bytes).unwrap();
    let sha256 = sha256_hex(&bytes);
    let upload_for = |node: &str| {
        let (node, sha256, path) = (node.to_owned(), sha256.clone(), path.clone());
        let size = bytes.len() as u64;
        async move {
            api::Upload {
                node,
                storage: "NAS".to_owned(),
                content: "iso".to_owned(),
                filename: "tiny.iso".to_owned(),
                file: tokio::fs::File::open(&path).await.unwrap(),
                size,
                sha256,
            }
        }
    };
    let upid = first
        .upload(
            upload_for("pve2").await,
            |_| {},
            &tokio_util::sync::CancellationToken::new(),
        )
        .await
        .unwrap();
    assert_eq!((upid.task_type(), upid.node()), ("imgcopy", "pve1"));
    let (log, result) = finish(&first, &upid).await;
    assert_eq!(result, Ok(()), "{log:?}");
    assert!(log.contains(&"target node: pve2".to_owned()), "{log:?}");
    assert!(
        log.iter()
            .any(|l| l.starts_with("command: /usr/bin/scp -o BatchMode=yes -o HostKeyAlias=pve2 ")),
        "{log:?}"
    );
    let content: Vec<Value> = first
        .get("/nodes/pve2/storage/NAS/content", &[("content", "iso")])
        .await
        .unwrap();
    assert!(
        content.iter().any(|v| v["volid"] == "NAS:iso/tiny.iso"),
        "{content:?}"
    );
    // A target that cannot be reached fails before the task, where the node asks it over ssh
    // for its storage.
    control(&lab.info(), "POST", "/nodes/pve3/network-down", None).await;
    let error = first
        .upload(
            upload_for("pve3").await,
            |_| {},
            &tokio_util::sync::CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. }
            if message.starts_with("can't activate storage 'NAS' on node 'pve3': command '/usr/bin/ssh ")
                && message.ends_with(" -- /usr/sbin/pvesm status --storage NAS' failed: exit code 255")),
        "{error:?}"
    );
    lab.shutdown().await;
}

/// VM 100 migrated to `node` through HA, and started there.
async fn migrated_to(client: &api::Client, node: &str) {
    ha_request(
        client,
        "POST",
        "/cluster/ha/resources/vm:100/migrate",
        &[("node", node)],
    )
    .await;
    until_service(client, |s| s["state"] == "started" && s["node"] == node).await;
}

/// The lab time from the switch-off of `node` (with VM 100 on it) to VM 100 `started` on
/// another node after `fence` and `recovery`, from the control panel's history.
async fn failover_time(info: &LabInfo, client: &api::Client, node: &str) -> u64 {
    let (_, state) = control(info, "POST", &format!("/nodes/{node}/power-off"), None).await;
    let off_at = state["now"].as_u64().unwrap();
    until_service(client, |s| s["state"] == "started" && s["node"] != node).await;
    let history = ha_states(info).await;
    let tail: Vec<&str> = history
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(|(_, s, _)| s.as_str())
        .collect();
    assert_eq!(tail, ["fence", "recovery", "started"], "{history:?}");
    history.last().unwrap().0 - off_at
}

/// pve-ha-manager's timing: a node that is not the master is fenced once its agent lock
/// expired (120 s after its last renewal, up to one 20 s round before the switch-off); when the master's own node is lost, a new master first waits for the
/// manager lock (120 s) and then gives the lost node a fresh fence delay, since it does not
/// inherit the old master's `last_online` (upstream's test-basic5: about 160 s).
#[tokio::test]
async fn losing_the_masters_node_takes_a_fresh_fence_delay() {
    let (lab, info, _) = ha_lab_started(50).await;
    // Through pve3, which stays up.
    let client = logged_in(&info, 2).await;
    let status: Value = client
        .get("/cluster/ha/status/manager_status", &())
        .await
        .unwrap();
    assert_eq!(status["manager_status"]["master_node"], "pve1");
    migrated_to(&client, "pve2").await;
    let not_master = failover_time(&info, &client, "pve2").await;
    assert!(
        (100..=160).contains(&not_master),
        "a non-master's node: {not_master} s"
    );
    control(&info, "POST", "/nodes/pve2/power-on", None).await;
    let service = until_service(&client, |s| s["state"] == "started").await;
    if service["node"] != "pve1" {
        migrated_to(&client, "pve1").await;
    }
    let master = failover_time(&info, &client, "pve1").await;
    assert!(
        (150..=200).contains(&master),
        "the master's node: {master} s"
    );
    let status: Value = client
        .get("/cluster/ha/status/manager_status", &())
        .await
        .unwrap();
    assert_ne!(status["manager_status"]["master_node"], "pve1");
    let (_, state) = control(&info, "GET", "/state", None).await;
    assert_ne!(state["ha_node_status"]["pve1"], "online", "{state}");
    assert_eq!(state["ha_node_status"]["pve3"], "online", "{state}");
    println!("failover: {not_master} s (not the master's node), {master} s (the master's)");
    lab.shutdown().await;
}

/// A node whose LRM holds its agent lock and that loses quorum is reset by its watchdog: every
/// guest on it stops, HA-managed or not, it boots again and rejoins once it can; meanwhile the
/// HA VM is recovered elsewhere, and it never runs twice.
#[tokio::test]
async fn a_node_without_quorum_is_reset_by_its_watchdog() {
    let (lab, info, client) = ha_lab_started(51).await;
    let first = logged_in(&info, 0).await;
    let mut vm = tiny_vm("NAS:1");
    vm.vmid = 101;
    vm.name = "plain".into();
    let upid = first.create_vm("pve1", &vm).await.unwrap();
    assert_eq!(finish(&first, &upid).await.1, Ok(()));
    let upid = first.start_vm("pve1", 101).await.unwrap();
    assert_eq!(finish(&first, &upid).await.1, Ok(()));
    let (_, state) = control(&info, "GET", "/state", None).await;
    assert_eq!(state["nodes"][0]["running"], serde_json::json!([100, 101]));
    let uptime = state["nodes"][0]["uptime"].as_u64().unwrap();
    assert!(uptime > 300, "{state}");

    let (_, state) = control(&info, "POST", "/nodes/pve1/network-down", None).await;
    let down_at = state["now"].as_u64().unwrap();
    // Reset, it boots again at once.
    let reset = until_state(&info, 2000, 5, |s| s["nodes"][0]["power"] == "booting")
        .await
        .expect("the watchdog resets pve1");
    assert_eq!(reset["nodes"][0]["running"], serde_json::json!([]));
    let reset_at = reset["now"].as_u64().expect("the watchdog resets pve1");
    // 60 s after the watchdog's last update, which was up to one round before.
    assert!(
        (40..=100).contains(&(reset_at - down_at)),
        "reset {} s after losing quorum",
        reset_at - down_at
    );
    let back = until_state(&info, 2000, 5, |s| s["nodes"][0]["power"] == "on")
        .await
        .expect("pve1 boots again");
    assert!(back["nodes"][0]["uptime"].as_u64().unwrap() < 60, "{back}");
    assert_eq!(back["nodes"][0]["quorate"], false);
    assert_eq!(back["nodes"][0]["running"], serde_json::json!([]));
    let service = until_service(&client, |s| s["state"] == "started" && s["node"] != "pve1").await;
    control(&info, "POST", "/nodes/pve1/network-up", None).await;
    until_state(&info, 400, 5, |s| s["nodes"][0]["quorate"] == true).await;
    let entries: Vec<Value> = client.get("/cluster/ha/status/current", &()).await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["id"] == "lrm:pve1" && e["status"].as_str().unwrap().contains("pve1 (")),
        "{entries:?}"
    );
    assert_eq!(
        running_on(&client).await,
        [service["node"].as_str().unwrap()],
        "the HA VM runs once"
    );
    lab.shutdown().await;
}

/// The words of a status line after the node name, without the time: `(active, watchdog
/// active, Wed Dec  2 …)` → `["active", "watchdog active"]`.
fn status_words(entries: &[Value], id: &str) -> Vec<String> {
    let entry = entries.iter().find(|e| e["id"] == id).unwrap();
    let status = entry["status"].as_str().unwrap();
    let inner = status.split_once(" (").unwrap().1.trim_end_matches(')');
    let mut words: Vec<String> = inner.split(", ").map(str::to_owned).collect();
    words.pop();
    words
}

/// `/cluster/ha/status/current` as Status.pm draws it: PVE 9 (pve-ha-manager 5.2) has the
/// `fencing` entry and each LRM's watchdog; PVE 8 (4.0.7) has neither. An LRM that shut down
/// cleanly keeps its last timestamp; manager_status carries each service's full record;
/// disarm-ha and arm-ha (PVE 9) release and take back the watchdogs.
#[tokio::test]
async fn ha_status_entries_are_pve_ha_managers() {
    for (subnet, pve) in [(52, Pve::Pve9), (53, Pve::Pve8)] {
        let (lab, info, client) = ha_lab_started_of(subnet, pve).await;
        let entries: Vec<Value> = client.get("/cluster/ha/status/current", &()).await.unwrap();
        let ids: Vec<&str> = entries.iter().filter_map(|e| e["id"].as_str()).collect();
        let (lrm1, lrm2) = (
            status_words(&entries, "lrm:pve1"),
            status_words(&entries, "lrm:pve2"),
        );
        if pve == Pve::Pve9 {
            assert_eq!(
                ids,
                [
                    "quorum",
                    "master",
                    "fencing",
                    "lrm:pve1",
                    "lrm:pve2",
                    "lrm:pve3",
                    "service:vm:100"
                ]
            );
            let fencing = entries.iter().find(|e| e["id"] == "fencing").unwrap();
            assert_eq!(fencing["status"], "armed (CRM watchdog active)");
            assert_eq!(fencing["armed-state"], "armed");
            assert_eq!(fencing["node"], "pve1");
            assert_eq!(lrm1, ["active", "watchdog active"]);
            assert_eq!(lrm2, ["idle", "watchdog standby"]);
        } else {
            assert_eq!(
                ids,
                [
                    "quorum",
                    "master",
                    "lrm:pve1",
                    "lrm:pve2",
                    "lrm:pve3",
                    "service:vm:100"
                ]
            );
            assert_eq!(lrm1, ["active"]);
            assert_eq!(lrm2, ["idle"]);
        }
        assert_eq!(status_words(&entries, "master"), ["active"]);
        let service = entries.iter().find(|e| e["type"] == "service").unwrap();
        assert_eq!(service["failback"].is_null(), pve == Pve::Pve8);

        let status: Value = client
            .get("/cluster/ha/status/manager_status", &())
            .await
            .unwrap();
        let record = &status["manager_status"]["service_status"]["vm:100"];
        assert_eq!(record["state"], "started");
        assert_eq!(record["node"], "pve1");
        assert_eq!(record["running"], 1);
        assert!(record["uid"].is_string(), "{record}");
        assert_eq!(status["lrm_status"]["pve1"]["mode"], "active");
        assert_eq!(status["lrm_status"]["pve1"]["state"], "active");

        // pve3 shuts down cleanly: its LRM line keeps the time of its last status.
        control(&info, "POST", "/nodes/pve3/shutdown", None).await;
        until_state(&info, 400, 5, |s| s["nodes"][2]["power"] == "off").await;
        let off_at = lab_now(&info).await;
        while lab_now(&info).await < off_at + 60 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let entries: Vec<Value> = client.get("/cluster/ha/status/current", &()).await.unwrap();
        let lrm3 = entries.iter().find(|e| e["id"] == "lrm:pve3").unwrap();
        let last = lrm3["timestamp"].as_u64().unwrap();
        assert!(last <= off_at && last + 60 > off_at, "{lrm3}");
        assert_eq!(
            status_words(&entries, "lrm:pve3")[0],
            "old timestamp - dead?"
        );

        if pve == Pve::Pve9 {
            ha_request(
                &client,
                "POST",
                "/cluster/ha/status/disarm-ha",
                &[("resource-mode", "freeze")],
            )
            .await;
            assert_eq!(
                until_fencing(&client, "disarmed").await,
                "disarmed, resource mode: freeze (CRM watchdog released)"
            );
            ha_request(&client, "POST", "/cluster/ha/status/arm-ha", &[]).await;
            assert_eq!(
                until_fencing(&client, "armed").await,
                "armed (CRM watchdog active)"
            );
        }
        lab.shutdown().await;
    }
}

/// A forced join does what `addnode` and `finish_join` do: a member of the same name is
/// overwritten and keeps its nodeid; a joining node's own guests are set aside with its
/// database; an address given as a link that a member already uses is refused.
#[tokio::test]
async fn forced_joins_as_pve_does_them() {
    let lab = start_lab(46, &[Scenario::DuplicateHostname], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let params = join_params(&info, info.nodes[0].fingerprint, &info.password);
    assert_eq!(
        join(&info, 1, &params).await.1,
        Ok(()),
        "the first pve2 joins"
    );
    let forced = JoinClusterParams {
        force: true,
        ..params.clone()
    };
    let (log, result) = join(&info, 2, &forced).await;
    assert_eq!(result, Ok(()), "{log:?}");
    let first = logged_in(&info, 0).await;
    let nodes: Vec<Value> = first.get("/cluster/config/nodes", &()).await.unwrap();
    let pve2: Vec<&Value> = nodes.iter().filter(|n| n["node"] == "pve2").collect();
    let [entry] = pve2.as_slice() else {
        panic!("one pve2 in corosync.conf: {nodes:?}");
    };
    assert_eq!(entry["nodeid"], "2", "the entry keeps its nodeid: {entry}");
    assert_eq!(entry["ring0_addr"], info.nodes[2].address.to_string());
    lab.shutdown().await;

    let lab = start_lab(47, &[Scenario::GuestOnNode], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let params = JoinClusterParams {
        force: true,
        ..join_params(&info, info.nodes[0].fingerprint, &info.password)
    };
    let (log, result) = join(&info, 2, &params).await;
    assert_eq!(result, Ok(()), "{log:?}");
    assert!(
        log.contains(&"WARNING : detected error but forced to continue!".to_owned()),
        "{log:?}"
    );
    let first = logged_in(&lab.info(), 0).await;
    let guests: Vec<Value> = first
        .get("/cluster/resources", &[("type", "vm")])
        .await
        .unwrap();
    assert!(
        guests.is_empty(),
        "VM 100 went with the old database: {guests:?}"
    );

    let taken = info.nodes[0].address.to_string();
    let params = JoinClusterParams {
        link0: Some(taken.clone()),
        ..params
    };
    let (log, result) = join(&info, 1, &params).await;
    assert_eq!(result, Err("Cluster join aborted!".to_owned()), "{log:?}");
    let line = format!(
        "An error occurred on the cluster node: corosync: address '{taken}' already used on link ring0_addr by node 'pve1'"
    );
    assert!(log.contains(&line), "{log:?}");
    lab.shutdown().await;
}

/// The parameters are checked where a method runs (pveproxy forwards before the handler
/// validates): pve1 (9.2) forwards a VM create for pve3 (8.4), whose schema has no
/// `ha-managed`. On 9.2 `ha-managed` adds the new VM to HA and stays out of its configuration.
#[tokio::test]
async fn a_forwarded_call_meets_the_targets_schema() {
    let lab = start_lab(54, &[Scenario::VersionMismatch], false).await;
    form_cluster(&lab).await;
    let first = logged_in(&lab.info(), 0).await;
    let new_vm = |vmid: &'static str| {
        [
            ("vmid", vmid),
            ("memory", "512"),
            ("ide2", "none,media=cdrom"),
            ("ha-managed", "1"),
        ]
    };
    let error = first
        .post::<Value, _>("/nodes/pve3/qemu", &new_vm("200"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 400, errors, .. }
            if errors.get("ha-managed").is_some_and(|e| e.contains("not defined in schema"))),
        "{error:?}"
    );
    let upid: String = first
        .post("/nodes/pve2/qemu", &new_vm("201"))
        .await
        .unwrap();
    let (log, result) = finish(&first, &upid.parse::<Upid>().unwrap()).await;
    assert_eq!(result, Ok(()), "{log:?}");
    assert!(log.contains(&"Add as HA resource".to_owned()), "{log:?}");
    let config: Value = first.get("/nodes/pve2/qemu/201/config", &()).await.unwrap();
    assert!(config.get("ha-managed").is_none(), "{config}");
    let resource: Value = first
        .get("/cluster/ha/resources/vm:201", &())
        .await
        .unwrap();
    assert_eq!(resource["state"], "stopped", "{resource}");
    lab.shutdown().await;
}

/// A join by host name is looked up as the joining node looks names up: its /etc/hosts first
/// (a stale line sends it to the wrong address), then the network's DNS.
#[tokio::test]
async fn a_join_by_name_goes_where_the_joining_node_resolves_it() {
    let lab = start_lab(55, &[], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let by_name = |hostname: &str| JoinClusterParams {
        hostname: hostname.into(),
        ..join_params(&info, info.nodes[0].fingerprint, &info.password)
    };
    let (_, result) = join(&info, 1, &by_name("pve9")).await;
    assert_eq!(
        result,
        Err("500 Can't connect to pve9:8006 (Name or service not known)".to_owned())
    );
    let second = logged_in(&info, 1).await;
    let hosts: Value = second.get("/nodes/pve2/hosts", &()).await.unwrap();
    let stale = format!(
        "{}\n127.0.0.254 pve1.lab.lan pve1\n",
        hosts["data"].as_str().unwrap()
    );
    let _: Value = second
        .post(
            "/nodes/pve2/hosts",
            &[
                ("data", stale.as_str()),
                ("digest", hosts["digest"].as_str().unwrap()),
            ],
        )
        .await
        .unwrap();
    let (_, result) = join(&info, 1, &by_name("pve1")).await;
    assert_eq!(
        result,
        Err("500 Can't connect to pve1:8006 (Connection refused)".to_owned()),
        "/etc/hosts comes before DNS"
    );
    let (log, result) = join(&info, 2, &by_name("pve1")).await;
    assert_eq!(result, Ok(()), "pve3's resolver finds pve1 in DNS: {log:?}");
    lab.shutdown().await;
}

/// The Migrate dialog's preconditions, as qemu-server gives them: a disk on `local-lvm`, a USB
/// device and a serial port of the node bind the VM to it; a socket and an empty CD drive do
/// not; a mapped PCI device blocks no offline move but is missing on every other member (the
/// lab has no resource mappings). Every other member has its entry, empty or not.
#[tokio::test]
async fn migrate_preconditions_name_what_binds_a_vm_to_its_node() {
    let lab = start_lab(57, &[], false).await;
    let info = lab.info();
    create(&info, "escola").await;
    let params = join_params(&info, info.nodes[0].fingerprint, &info.password);
    for index in [1, 2] {
        let (log, result) = join(&lab.info(), index, &params).await;
        assert_eq!(result, Ok(()), "{log:?}");
    }
    let client = logged_in(&lab.info(), 0).await;
    let upid: Upid = client
        .post(
            "/nodes/pve1/qemu",
            &[
                ("vmid", "100"),
                ("name", "bound"),
                ("memory", "512"),
                ("scsi0", "local-lvm:2"),
                ("ide2", "none,media=cdrom"),
                ("usb0", "host=1234:5678"),
                ("serial0", "socket"),
                ("serial1", "/dev/ttyS0"),
                ("hostpci0", "mapping=gpu"),
            ],
        )
        .await
        .unwrap();
    let (log, result) = finish(&client, &upid).await;
    assert_eq!(result, Ok(()), "{log:?}");

    let found: Value = client
        .get("/nodes/pve1/qemu/100/migrate", &())
        .await
        .unwrap();
    assert_eq!(found["running"], 0);
    assert_eq!(found["allowed_nodes"], json!([]));
    let missing = json!({ "unavailable-resources": ["hostpci0"] });
    assert_eq!(
        found["not_allowed_nodes"],
        json!({ "pve2": missing, "pve3": missing })
    );
    assert_eq!(found["local_resources"], json!(["serial1", "usb0"]));
    assert_eq!(found["mapped-resources"], json!(["hostpci0"]));
    assert_eq!(found["has-dbus-vmstate"], 1);
    let disks = found["local_disks"].as_array().unwrap();
    assert_eq!(disks.len(), 1, "{disks:?}");
    assert_eq!(disks[0]["volid"], "local-lvm:vm-100-disk-0");
    assert_eq!(disks[0]["size"], 2u64 << 30);
    assert_eq!(disks[0]["cdrom"], 0);
    assert_eq!(disks[0]["drivename"], "scsi0");

    // The client reads it as the course uses it.
    let read = client.migrate_preconditions("pve1", 100).await.unwrap();
    assert!(read.allowed_nodes.is_empty());
    assert_eq!(read.local_resources, ["serial1", "usb0"]);
    assert_eq!(
        read.not_allowed_nodes["pve2"].unavailable_resources,
        ["hostpci0"]
    );
    lab.shutdown().await;
}

/// The lab's speed changes while it runs, as the window's speed buttons change it: its clock
/// goes on from where it was, never back and never ahead by more than the new pace allows, and
/// then runs at that pace; a speed out of range is refused.
#[tokio::test]
async fn the_lab_changes_speed_without_a_jump() {
    let lab = start_lab(59, &[], false).await;
    let info = lab.info();
    let clock = || async {
        let (_, state) = control(&info, "GET", "/state", None).await;
        state["now"].as_u64().unwrap()
    };
    let mut previous = lab.time_scale();
    for scale in [3600.0, 1.0] {
        let real = std::time::Instant::now();
        let before = clock().await;
        lab.set_time_scale(scale).unwrap();
        let after = clock().await;
        // At most the faster pace times the real time between the two readings, and a second.
        let allowed = (real.elapsed().as_secs_f64() * previous.max(scale)) as u64 + 1;
        previous = scale;
        assert!(
            before <= after && after <= before + allowed,
            "×{scale}: {before} then {after}"
        );
        assert_eq!(lab.time_scale(), scale);
    }
    lab.set_time_scale(3600.0).unwrap();
    let start = clock().await;
    until(
        Duration::from_secs(300),
        "an hour of lab time never passed",
        || async { clock().await >= start + 3600 },
    )
    .await;
    assert!(lab.set_time_scale(0.5).is_err());
    assert!(lab.set_time_scale(f64::NAN).is_err());
    lab.shutdown().await;
}

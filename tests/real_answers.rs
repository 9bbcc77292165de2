//! The client against answers that real Proxmox VE nodes gave, as they were published.
//!
//! Each body in `tests/fixtures/real-pve/` is served unchanged (or, when only the `data` part was
//! published, wrapped in `{"data": …}` as pveproxy sends it) by a small HTTPS server, and read
//! through the client's own method for that endpoint: the same TLS pin, the same envelope
//! unpacking, the same types and helpers the course uses. Where each body comes from, and for
//! which version, is in `tests/fixtures/real-pve/SOURCES.md`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use pve_ha_wizard::api::{Client, ClientOptions, Endpoint, NewVm, Upid};
use pve_ha_wizard::fingerprint::Fingerprint;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// How a sample was published.
#[derive(Clone, Copy)]
enum Shape {
    /// The whole HTTP body, `{"data": …}` included (curl, a client's debug log).
    Envelope,
    /// Only the `data` part (`pvesh get … --output-format json`, a client's decoded value).
    Data,
}

/// A node that answers `path` (below `/api2/json`) with the published body, and 501 otherwise.
struct Replay {
    client: Client,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Replay {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn replay(answers: &[(&str, &str, Shape)]) -> Replay {
    let answers: Arc<HashMap<String, String>> = Arc::new(
        answers
            .iter()
            .map(|(path, body, shape)| {
                let body = match shape {
                    Shape::Envelope => (*body).to_owned(),
                    Shape::Data => format!("{{\"data\":{body}}}"),
                };
                (format!("/api2/json{path}"), body)
            })
            .collect(),
    );

    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
        .expect("a self-signed certificate");
    let der: CertificateDer<'static> = certified.cert.der().clone();
    let pin = Fingerprint::of_der(&der);
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(vec![der], key)
    .expect("the certificate and its key");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = TlsAcceptor::from(Arc::new(config));

    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = listener.local_addr().expect("its address").port();
    let server = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let answers = Arc::clone(&answers);
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                let service = hyper::service::service_fn(move |request: Request<_>| {
                    let answers = Arc::clone(&answers);
                    async move {
                        let (status, body) = match answers.get(request.uri().path()) {
                            Some(body) => (StatusCode::OK, body.clone()),
                            None => (StatusCode::NOT_IMPLEMENTED, r#"{"data":null}"#.to_owned()),
                        };
                        let response = Response::builder()
                            .status(status)
                            .header("content-type", "application/json;charset=UTF-8")
                            .body(Full::new(Bytes::from(body)))
                            .expect("a response");
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });

    let endpoint = Endpoint::new("127.0.0.1", port).expect("a loopback endpoint");
    let client = Client::new(endpoint, pin, ClientOptions::default()).expect("a client");
    Replay { client, server }
}

/// `GET /version` of a PVE 9.1.4 node, as curl printed it.
#[tokio::test]
async fn version_of_pve_9_1_4() {
    let node = replay(&[(
        "/version",
        include_str!("fixtures/real-pve/version-9.1.4.json"),
        Shape::Envelope,
    )])
    .await;
    let version = node.client.version().await.expect("it parses");
    assert_eq!(version.version, "9.1.4");
    assert_eq!(version.release, "9.1");
    assert_eq!(version.repoid.as_deref(), Some("5ac30304265fbd8e"));
    assert_eq!(version.major(), Some(9));
}

/// `GET /nodes/{node}/status` of a PVE 9.1.2 node (an Intel N100), as its API answered.
#[tokio::test]
async fn node_status_of_pve_9_1_2() {
    let node = replay(&[(
        "/nodes/pve/status",
        include_str!("fixtures/real-pve/node-status-9.1.2.json"),
        Shape::Envelope,
    )])
    .await;
    let status = node.client.node_status("pve").await.expect("it parses");
    assert_eq!(status.pveversion, "pve-manager/9.1.2/9d436f37a0ac4172");
    assert_eq!(status.uptime, Some(1_480_737));
    assert_eq!(
        status.kversion.as_deref(),
        Some("Linux 6.17.4-1-pve #1 SMP PREEMPT_DYNAMIC PMX 6.17.4-1 (2025-12-03T15:42Z)")
    );
}

/// `GET /cluster/config/join` of a two-node PVE 8 cluster: corosync's values come as strings
/// (`"nodeid": "1"`, `"quorum_votes": "1"`, the whole totem section).
#[tokio::test]
async fn join_information_of_a_pve_8_cluster() {
    let node = replay(&[(
        "/cluster/config/join",
        include_str!("fixtures/real-pve/cluster-config-join-8.x.json"),
        Shape::Data,
    )])
    .await;
    let info = node
        .client
        .cluster_config_join_info()
        .await
        .expect("it parses");
    assert_eq!(info.preferred_node, "pmxcdev02");
    assert_eq!(
        info.config_digest.as_deref(),
        Some("111418c98000acfda99059d29cd89123583020a0")
    );
    assert_eq!(info.nodelist.len(), 2);

    let preferred = info.preferred().expect("the preferred node is listed");
    assert_eq!(preferred.name, "pmxcdev02");
    assert_eq!(preferred.nodeid, Some(2));
    assert_eq!(preferred.quorum_votes, Some(1));
    assert_eq!(preferred.pve_addr, "10.10.10.76");
    let fingerprint: Fingerprint =
        "F9:E8:D7:C6:B5:A4:93:82:71:60:5F:4E:3D:2C:1B:0A:F9:E8:D7:C6:B5:A4:93:82:71:60:5F:4E:3D:2C:1B:0A"
            .parse()
            .unwrap();
    assert_eq!(preferred.pve_fp, fingerprint);
    assert_eq!(
        preferred.links().get(&0).map(String::as_str),
        Some("10.10.10.76")
    );
    assert_eq!(preferred.links().len(), 1);

    let first = &info.nodelist[0];
    assert_eq!(first.name, "pmx01");
    assert_eq!(first.nodeid, Some(1));
    assert_eq!(
        first.links().get(&0).map(String::as_str),
        Some("10.10.10.75")
    );

    assert_eq!(info.totem.cluster_name(), Some("devcluster"));
    assert_eq!(info.totem.link_numbers(), vec![0]);
    assert!(info.totem.is_plausible());
}

/// `GET /cluster/status` of a four-node quorate cluster, as a client library serves it to its
/// tests (names and addresses anonymised there).
#[tokio::test]
async fn cluster_status_of_a_four_node_cluster() {
    let node = replay(&[(
        "/cluster/status",
        include_str!("fixtures/real-pve/cluster-status-go-proxmox.json"),
        Shape::Envelope,
    )])
    .await;
    let status = node.client.cluster_status().await.expect("it parses");
    let cluster = status.cluster.as_ref().expect("the cluster entry");
    assert_eq!(cluster.name, "clustername");
    assert!(cluster.quorate);
    assert_eq!(cluster.version, Some(4));
    assert_eq!(cluster.nodes, Some(4));
    assert!(status.in_cluster("clustername"));

    assert_eq!(status.members.len(), 4);
    assert!(status.members.iter().all(|member| member.online));
    assert_eq!(status.members.iter().filter(|m| m.local).count(), 1);
    let local = status.local().expect("the answering node");
    assert_eq!(local.name, "node1");
    assert_eq!(local.nodeid, Some(1));
    assert_eq!(local.ip.as_deref(), Some("192.168.1.1"));
}

/// Two `lrm` entries of `GET /cluster/ha/status/current` on a live PVE 9.2.18 cluster, one of
/// them the placeholder PVE writes when it cannot read an LRM's status (empty node).
#[tokio::test]
async fn ha_status_entries_of_pve_9_2_18() {
    let node = replay(&[(
        "/cluster/ha/status/current",
        include_str!("fixtures/real-pve/ha-status-current-9.2.18-excerpt.json"),
        Shape::Data,
    )])
    .await;
    let entries = node.client.ha_status().await.expect("it parses");
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|entry| entry.kind == "lrm"));
    assert!(entries.iter().all(|entry| entry.sid.is_none()));

    assert_eq!(entries[0].node.as_deref(), Some("dedicated-zap106363-1"));
    assert_eq!(
        entries[0].status.as_deref(),
        Some("dedicated-zap106363-1 (idle, watchdog standby, Thu Sep 17 15:39:24 2026)")
    );
    assert_eq!(entries[1].id, "lrm:");
    assert_eq!(entries[1].node.as_deref(), Some(""));
    assert_eq!(
        entries[1].status.as_deref(),
        Some(" (unable to read lrm status)")
    );
}

/// `GET /nodes/{node}/tasks/{upid}/status` of a `qmstart` that ended with a warning (PVE 7,
/// older than the versions the course supports, kept for its exit status).
#[tokio::test]
async fn task_status_with_warnings() {
    let upid = "UPID:dahu-2:00007323:001036A5:6419CAF8:qmstart:100:root@pam:";
    let fixture = include_str!("fixtures/real-pve/task-status-7.x-warnings.json");
    let expected = ("dahu-2", "qmstart", "100", "root@pam", 1_679_411_960);
    ended_with_warnings(upid, fixture, expected).await;
}

/// A real task's UPID, parsed as `(node, type, id, user, start time)`, and its status, served as
/// published: stopped with `WARNINGS: 1`, which PVE counts as a success.
async fn ended_with_warnings(text: &str, fixture: &str, expected: (&str, &str, &str, &str, u64)) {
    let upid: Upid = text.parse().expect("a real UPID parses");
    let (node, kind, id, user, start) = expected;
    assert_eq!(
        (upid.node(), upid.task_type(), upid.task_id(), upid.user()),
        (node, kind, id, user)
    );
    // The answer's `starttime` is the UPID's hex start time.
    assert_eq!(upid.start_time(), start);

    let replayed = replay(&[(
        &format!("/nodes/{node}/tasks/{text}/status"),
        fixture,
        Shape::Envelope,
    )])
    .await;
    let status = replayed.client.task_status(&upid).await.expect("it parses");
    assert!(status.stopped());
    assert_eq!(status.exitstatus.as_deref(), Some("WARNINGS: 1"));
    assert_eq!(status.failure(), None, "PVE counts warnings as success");
}

/// `GET /nodes/{node}/storage/{storage}/status` of a shared Ceph RBD storage, from a client's
/// debug log of September 2023 (the node's name was redacted there).
#[tokio::test]
async fn storage_status_of_a_shared_rbd_storage() {
    let node = replay(&[(
        "/nodes/pve/storage/ssd/status",
        include_str!("fixtures/real-pve/storage-status-rbd-2023-09.json"),
        Shape::Envelope,
    )])
    .await;
    let status = node
        .client
        .storage_status("pve", "ssd")
        .await
        .expect("it parses");
    assert_eq!(status.kind, "rbd");
    assert!(status.active);
    assert!(status.enabled);
    assert!(status.shared);
    assert_eq!(status.total, Some(838_554_492_992));
    assert_eq!(status.avail, Some(793_174_016_000));
}

/// `GET /cluster/resources?type=storage` of a single node with an NFS backup share, as `pvesh`
/// printed it (PVE 8.2 or later: `local` offers the `import` content type).
#[tokio::test]
async fn cluster_resources_of_type_storage() {
    let node = replay(&[(
        "/cluster/resources",
        include_str!("fixtures/real-pve/cluster-resources-storage-8.2-or-later.json"),
        Shape::Data,
    )])
    .await;
    let resources = node
        .client
        .cluster_resources(Some("storage"))
        .await
        .expect("it parses");
    assert_eq!(resources.len(), 3);
    assert!(resources.iter().all(|r| r.kind == "storage"));
    assert!(resources.iter().all(|r| !r.is_guest()));
    assert!(resources.iter().all(|r| r.vmid.is_none()));
    assert!(
        resources
            .iter()
            .all(|r| r.status.as_deref() == Some("available"))
    );
    assert!(
        resources
            .iter()
            .all(|r| r.node.as_deref() == Some("enterprise"))
    );
    let ids: Vec<&str> = resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "storage/enterprise/truenas-backups",
            "storage/enterprise/local",
            "storage/enterprise/local-lvm",
        ]
    );
}

/// `GET /nodes/{node}/storage/{storage}/content` of a Proxmox Backup Server datastore: two
/// backups of one VM, their volume IDs PBS snapshot paths.
#[tokio::test]
async fn storage_content_of_a_pbs_datastore() {
    let node = replay(&[(
        "/nodes/pve/storage/datastore/content",
        include_str!("fixtures/real-pve/storage-content-pbs-backups.json"),
        Shape::Data,
    )])
    .await;
    let volumes = node
        .client
        .storage_content("pve", "datastore", Some("backup"))
        .await
        .expect("it parses");
    assert_eq!(volumes.len(), 2);
    assert!(volumes.iter().all(|v| v.content == "backup"));
    assert!(volumes.iter().all(|v| v.vmid == Some(931)));
    assert_eq!(
        volumes[0].volid,
        "datastore:backup/vm/931/2023-12-14T04:34:34Z"
    );
    assert_eq!(volumes[0].size, 273_804_166_061);
    assert_eq!(volumes[1].size, 273_804_166_059);
}

/// `GET /nodes/{node}/qemu/{vmid}/config` of a UEFI VM created by QEMU 10.0.2 (PVE 9.0), with a
/// cloud-init drive: `memory` comes as a string, `cores` and `kvm` as numbers.
#[tokio::test]
async fn vm_config_of_pve_9_0() {
    let node = replay(&[(
        "/nodes/pve/qemu/111/config",
        include_str!("fixtures/real-pve/vm-config-9.0.json"),
        Shape::Data,
    )])
    .await;
    let config = node.client.vm_config("pve", 111).await.expect("it parses");
    // The cloud-init drive (`media=cdrom`) is not a disk; the EFI vars volume is.
    assert_eq!(
        config.disks(),
        vec![
            ("efidisk0".to_owned(), "local-zfs:vm-111-disk-0".to_owned()),
            ("scsi0".to_owned(), "local-zfs:vm-111-disk-1".to_owned()),
        ]
    );
}

/// `GET /nodes/{node}/tasks/{upid}/log` of an ISO upload's `imgcopy` task (PVE 7, early 2022;
/// not stated), the keys of each line in no fixed order.
#[tokio::test]
async fn task_log_of_an_upload() {
    // The published log has no UPID; this one is made up for the request (the node is the
    // log's own "target node").
    let text = "UPID:i7:0000A1B2:00C0FFEE:61D0A000:imgcopy::root@pam:";
    let upid: Upid = text.parse().expect("a UPID");
    let node = replay(&[(
        &format!("/nodes/i7/tasks/{text}/log"),
        include_str!("fixtures/real-pve/task-log-imgcopy-7.x.json"),
        Shape::Data,
    )])
    .await;
    let lines = node.client.task_log(&upid, 0, 50).await.expect("it parses");
    assert_eq!(lines.len(), 7);
    assert!(lines.iter().zip(1..).all(|(line, n)| line.n == n));
    assert_eq!(lines[1].t, "target node: i7");
    assert_eq!(lines[3].t, "file size is: 43018");
    assert_eq!(lines[6].t, "TASK OK");
}

/// `GET /nodes/{node}/status` of a PVE 8.4.14 node, as `pvesh` printed it (keys sorted).
#[tokio::test]
async fn node_status_of_pve_8_4_14() {
    let node = replay(&[(
        "/nodes/proxmox/status",
        include_str!("fixtures/real-pve/node-status-8.4.14.json"),
        Shape::Data,
    )])
    .await;
    let status = node.client.node_status("proxmox").await.expect("it parses");
    assert_eq!(status.pveversion, "pve-manager/8.4.14/b502d23c55afcba1");
    assert_eq!(status.uptime, Some(23_433));
    assert_eq!(
        status.kversion.as_deref(),
        Some("Linux 6.8.12-15-pve #1 SMP PREEMPT_DYNAMIC PMX 6.8.12-15 (2025-09-12T11:02Z)")
    );
}

/// `GET /nodes` of the same PVE 8.4.14 node: a standalone node lists itself, with the
/// fingerprint of its certificate and a float `cpu`.
#[tokio::test]
async fn node_list_of_pve_8_4_14() {
    let node = replay(&[(
        "/nodes",
        include_str!("fixtures/real-pve/nodes-8.4.14.json"),
        Shape::Data,
    )])
    .await;
    let nodes = node.client.nodes().await.expect("it parses");
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0].node, "proxmox");
    assert_eq!(nodes[0].status, "online");
    assert_eq!(nodes[0].uptime, Some(22_924));
    let fingerprint = nodes[0]
        .ssl_fingerprint
        .expect("the certificate's fingerprint");
    assert_eq!(
        fingerprint.to_string(),
        "0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9"
    );
}

/// `GET /storage` of the same PVE 8.4.14 node: a ZFS pool, a USB disk mounted as a directory
/// (`is_mountpoint` a string) and `local` disabled, with `disable` an integer.
#[tokio::test]
async fn storage_configuration_of_pve_8_4_14() {
    let node = replay(&[(
        "/storage",
        include_str!("fixtures/real-pve/storage-8.4.14.json"),
        Shape::Data,
    )])
    .await;
    let storages = node.client.storages().await.expect("it parses");
    let names: Vec<_> = storages.iter().map(|s| s.storage.as_str()).collect();
    assert_eq!(names, ["local-zfs", "usb-storage-01", "local"]);
    let usb = &storages[1];
    assert_eq!(usb.kind, "dir");
    assert!(usb.holds("iso"), "the USB disk holds ISO images");
    assert!(!usb.holds("images"));
    assert_eq!(usb.nodes.as_deref(), Some("proxmox"));
    assert!(!usb.disable);
    assert!(storages[2].disable, "local is disabled");
    assert_eq!(storages[0].kind, "zfspool");
    assert!(storages[0].holds("images"));
}

/// `GET /version` of a PVE 9.2.10 node, as curl printed it.
#[tokio::test]
async fn version_of_pve_9_2_10() {
    let node = replay(&[(
        "/version",
        include_str!("fixtures/real-pve/version-9.2.10.json"),
        Shape::Envelope,
    )])
    .await;
    let version = node.client.version().await.expect("it parses");
    assert_eq!(version.version, "9.2.10");
    assert_eq!(version.release, "9.2");
    assert_eq!(version.repoid.as_deref(), Some("43df2e01f27a1a19"));
    assert_eq!(version.major(), Some(9));
}

/// `GET /nodes/{node}/status` of a PVE 9.2.2 node (an i5-12500T on kernel 7.0), as its API
/// answered.
#[tokio::test]
async fn node_status_of_pve_9_2_2() {
    let node = replay(&[(
        "/nodes/pve/status",
        include_str!("fixtures/real-pve/node-status-9.2.2.json"),
        Shape::Envelope,
    )])
    .await;
    let status = node.client.node_status("pve").await.expect("it parses");
    assert_eq!(status.pveversion, "pve-manager/9.2.2/b9984c6d90a4bd80");
    assert_eq!(status.uptime, Some(199_252));
    assert_eq!(
        status.kversion.as_deref(),
        Some("Linux 7.0.2-6-pve #1 SMP PREEMPT_DYNAMIC PMX 7.0.2-6 (2026-05-20T08:55Z)")
    );
    let rootfs = status.rootfs.as_ref().expect("the root file system");
    assert_eq!(rootfs.total, Some(72_722_055_168));
    assert_eq!(rootfs.avail, Some(63_503_400_960));
}

/// `GET /cluster/resources` of the same PVE 9.2.2 node, unfiltered: guests (one under HA), the
/// node, two storages and PVE 9's SDN zone of type `network`.
#[tokio::test]
async fn cluster_resources_of_pve_9_2_2() {
    let node = replay(&[(
        "/cluster/resources",
        include_str!("fixtures/real-pve/cluster-resources-9.2.2.json"),
        Shape::Envelope,
    )])
    .await;
    let resources = node
        .client
        .cluster_resources(None)
        .await
        .expect("it parses");
    let ids: Vec<&str> = resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "qemu/100",
            "lxc/101",
            "qemu/110",
            "qemu/9000",
            "qemu/9001",
            "lxc/9002",
            "qemu/9003",
            "node/pve",
            "storage/pve/local-lvm",
            "storage/pve/local",
            "network/pve/zone/localnetwork",
        ]
    );
    assert!(resources.iter().all(|r| r.node.as_deref() == Some("pve")));
    assert!(resources.iter().all(|r| r.lock.is_none()));
    let guests: Vec<u64> = resources
        .iter()
        .filter(|r| r.is_guest())
        .filter_map(|r| r.vmid)
        .collect();
    assert_eq!(guests, [100_u64, 101, 110, 9000, 9001, 9002, 9003]);
    assert!(
        resources
            .iter()
            .filter(|r| !r.is_guest())
            .all(|r| r.vmid.is_none())
    );

    let vm = &resources[0];
    assert_eq!(vm.kind, "qemu");
    assert_eq!(vm.name.as_deref(), Some("PruebaLucas"));
    assert_eq!(vm.status.as_deref(), Some("running"));
    assert_eq!(resources[1].kind, "lxc");
    assert_eq!(resources[2].status.as_deref(), Some("stopped"));

    let member = &resources[7];
    assert_eq!(member.kind, "node");
    assert_eq!(member.status.as_deref(), Some("online"));
    let zone = &resources[10];
    assert_eq!(zone.kind, "network");
    assert_eq!(zone.status.as_deref(), Some("ok"));
    assert!(zone.name.is_none());
}

/// `GET /nodes/{node}/qemu/{vmid}/status/current` of a stopped VM under the HA manager (PVE
/// 9.2.2): `ha` is an object, next to the fields the client reads.
#[tokio::test]
async fn vm_status_of_an_ha_managed_vm_on_pve_9_2_2() {
    let node = replay(&[(
        "/nodes/pve/qemu/100/status/current",
        include_str!("fixtures/real-pve/vm-status-current-9.2.2.json"),
        Shape::Envelope,
    )])
    .await;
    let status = node.client.vm_status("pve", 100).await.expect("it parses");
    assert_eq!(status.status, "stopped");
    assert!(!status.is_running());
    assert_eq!(status.name.as_deref(), Some("PruebaLucas"));
}

/// `GET /nodes/{node}/qemu/{vmid}/config` of the same VM (created by QEMU 11.0.0 on PVE 9.2.2),
/// with its CD drive: `memory` a string, `cores` a number.
#[tokio::test]
async fn vm_config_of_pve_9_2_2() {
    let node = replay(&[(
        "/nodes/pve/qemu/100/config",
        include_str!("fixtures/real-pve/vm-config-9.2.2.json"),
        Shape::Envelope,
    )])
    .await;
    let config = node.client.vm_config("pve", 100).await.expect("it parses");
    // `ide2` holds the installer ISO (`media=cdrom`): not a disk.
    assert_eq!(
        config.disks(),
        vec![("scsi0".to_owned(), "local-lvm:vm-100-disk-0".to_owned())]
    );
}

/// `GET /nodes/{node}/tasks/{upid}/status` of a container reboot that ended with a warning, on
/// PVE 9.2.2, started with an API token (the token's name is in the UPID's user field).
#[tokio::test]
async fn task_status_of_pve_9_2_2_with_warnings() {
    let upid = "UPID:pve:0008380E:0131F1BF:6A84EA54:vzreboot:101:root@pam!pruebalucas:";
    let fixture = include_str!("fixtures/real-pve/task-status-9.2.2-warnings.json");
    let expected = (
        "pve",
        "vzreboot",
        "101",
        "root@pam!pruebalucas",
        1_787_095_636,
    );
    ended_with_warnings(upid, fixture, expected).await;
}

/// `POST /nodes/{node}/qemu` on PVE 9.2.2: the answer is the `qmcreate` task's UPID.
#[tokio::test]
async fn create_vm_answer_of_pve_9_2_2() {
    let node = replay(&[(
        "/nodes/pve/qemu",
        include_str!("fixtures/real-pve/vm-create-upid-9.2.2.json"),
        Shape::Envelope,
    )])
    .await;
    // The settings the capture sent; `ostype` and `boot` added, as `NewVm` requires them (the
    // replay answers whatever the form holds).
    let vm = NewVm {
        vmid: 115,
        name: "VM-Postman".to_owned(),
        memory: 2048,
        cores: 2,
        ostype: "l26".to_owned(),
        scsihw: "virtio-scsi-pci".to_owned(),
        scsi0: "local-lvm:20".to_owned(),
        ide2: "local:iso/debian-13.6.0-amd64-netinst.iso,media=cdrom".to_owned(),
        net0: "virtio,bridge=vmbr0".to_owned(),
        boot: "order=scsi0;ide2;net0".to_owned(),
    };
    let upid = node.client.create_vm("pve", &vm).await.expect("it parses");
    assert_eq!(
        upid.as_str(),
        "UPID:pve:001097E8:023BC1F1:6A8792D0:qmcreate:115:root@pam!pruebalucas:"
    );
    assert_eq!(upid.node(), "pve");
    assert_eq!(upid.task_type(), "qmcreate");
    assert_eq!(upid.task_id(), "115");
    assert_eq!(upid.user(), "root@pam!pruebalucas");
    assert_eq!(upid.start_time(), 1_787_269_840);
}

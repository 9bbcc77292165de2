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
use pve_ha_wizard::api::{Client, ClientOptions, Endpoint, Upid};
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
    let text = "UPID:dahu-2:00007323:001036A5:6419CAF8:qmstart:100:root@pam:";
    let upid: Upid = text.parse().expect("a real UPID parses");
    assert_eq!(upid.node(), "dahu-2");
    assert_eq!(upid.task_type(), "qmstart");
    assert_eq!(upid.task_id(), "100");
    assert_eq!(upid.user(), "root@pam");
    // The answer's `starttime` is the UPID's hex start time.
    assert_eq!(upid.start_time(), 1_679_411_960);

    let node = replay(&[(
        &format!("/nodes/dahu-2/tasks/{text}/status"),
        include_str!("fixtures/real-pve/task-status-7.x-warnings.json"),
        Shape::Envelope,
    )])
    .await;
    let status = node.client.task_status(&upid).await.expect("it parses");
    assert!(status.stopped());
    assert_eq!(status.exitstatus.as_deref(), Some("WARNINGS: 1"));
    assert_eq!(status.failure(), None, "PVE counts warnings as success");
}

//! Uploads to the practice lab over real HTTPS: streamed, checked by checksum, and nothing left
//! behind when they fail or are cancelled.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use common::*;
use pve_ha_wizard::api::{self, Client, TaskWait, Upload};
use pve_ha_wizard::lab::Lab;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

const EXPORT: &str = "/mnt/pool/proxmox";

/// A lab whose first node has the NAS as storage "NAS" (no cluster needed for one node).
async fn lab_with_nas(subnet: u8) -> (Lab, Client) {
    let lab = start_lab(subnet, &[], false).await;
    let client = logged_in(&lab.info(), 0).await;
    with_nas(lab, client).await
}

/// [`lab_with_nas`] at 300 times real time (a boot takes a moment), with a client that calls
/// a transfer stalled after two seconds without progress.
async fn fast_lab_with_nas(subnet: u8) -> (Lab, Client) {
    let lab = start_lab_with(
        subnet,
        pve_ha_wizard::lab::LabOptions {
            time_scale: 300.0,
            ..Default::default()
        },
    )
    .await;
    let options = api::ClientOptions {
        stall_timeout: Duration::from_secs(2),
        ..api::ClientOptions::default()
    };
    let client = client_of(&lab.info(), 0, options);
    let credentials = api::Credentials::Password {
        user: lab.info().user.parse().unwrap(),
        password: pve_ha_wizard::secrets::Secret::new(lab.info().password.clone()),
    };
    client.login(&credentials).await.unwrap();
    with_nas(lab, client).await
}

async fn with_nas(lab: Lab, client: Client) -> (Lab, Client) {
    let info = lab.info();
    let server = info.nas.as_ref().unwrap().server.to_string();
    let _: Value = client
        .post(
            "/storage",
            &[
                ("storage", "NAS"),
                ("type", "nfs"),
                ("server", server.as_str()),
                ("export", EXPORT),
                ("content", "images,iso"),
            ],
        )
        .await
        .unwrap();
    (lab, client)
}

/// A file of `size` pseudo-random bytes, and its SHA-256.
fn sample(dir: &tempfile::TempDir, name: &str, size: usize) -> (std::path::PathBuf, String) {
    let mut bytes = vec![0u8; size];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for byte in &mut bytes {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
    let path = dir.path().join(name);
    std::fs::write(&path, &bytes).unwrap();
    (path, sha256_hex(&bytes))
}

async fn upload_of(path: &std::path::Path, node: &str, name: &str, sha256: &str) -> Upload {
    let file = tokio::fs::File::open(path).await.unwrap();
    let size = file.metadata().await.unwrap().len();
    Upload {
        node: node.to_owned(),
        storage: "NAS".to_owned(),
        content: "iso".to_owned(),
        filename: name.to_owned(),
        file,
        size,
        sha256: sha256.to_owned(),
    }
}

fn wait() -> TaskWait {
    TaskWait {
        poll_interval: Duration::from_millis(20),
        timeout: Duration::from_secs(60),
        ..TaskWait::default()
    }
}

/// Whether pve1 is on (or comes on while the control panel is asked a while).
async fn pve1_is_on(info: &pve_ha_wizard::lab::LabInfo) -> bool {
    for _ in 0..2000 {
        let (_, state) = control(info, "GET", "/state", None).await;
        if state["nodes"][0]["power"] == "on" {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    false
}

/// Whether the NAS holds nothing, as pve1 lists it.
async fn nas_is_empty(client: &Client) -> bool {
    client
        .storage_content("pve1", "NAS", None)
        .await
        .unwrap()
        .is_empty()
}

async fn spool_empties(lab: &Lab) {
    for _ in 0..100 {
        if lab.spooled_uploads() == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{} upload(s) left in the spool", lab.spooled_uploads());
}

#[tokio::test]
async fn an_iso_arrives_whole_and_verified() {
    let (lab, client) = lab_with_nas(30).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, sha256) = sample(&dir, "tiny.iso", 3 * 1024 * 1024 + 17);
    let sent = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&sent);
    let upid = client
        .upload(
            upload_of(&path, "pve1", "Tiny Core.iso", &sha256).await,
            move |bytes| seen.store(bytes, Ordering::Relaxed),
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    assert_eq!(upid.task_type(), "imgcopy");
    let mut log = Vec::new();
    client
        .wait_task(&upid, &wait(), |line| log.push(line.to_owned()))
        .await
        .unwrap();
    assert_eq!(sent.load(Ordering::Relaxed), 3 * 1024 * 1024 + 17);
    assert!(
        log.iter()
            .any(|l| l == "calculating checksum...OK, checksum verified"),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|l| l == "target file: /mnt/pve/NAS/template/iso/Tiny_Core.iso"),
        "the name is normalized as PVE does: {log:?}"
    );

    let content = client
        .storage_content("pve1", "NAS", Some("iso"))
        .await
        .unwrap();
    assert_eq!(content.len(), 1, "{content:?}");
    assert_eq!(content[0].volid, "NAS:iso/Tiny_Core.iso");
    assert_eq!(content[0].size, 3 * 1024 * 1024 + 17);
    let stored = lab
        .nas_file(EXPORT, "template/iso/Tiny_Core.iso")
        .expect("the NAS holds the file");
    assert_eq!(
        std::fs::read(stored).unwrap(),
        std::fs::read(&path).unwrap()
    );
    spool_empties(&lab).await;
    lab.shutdown().await;
}

#[tokio::test]
async fn a_wrong_checksum_fails_the_task_and_keeps_nothing() {
    let (lab, client) = lab_with_nas(31).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sample(&dir, "tiny.iso", 200_000);
    let wrong = "0".repeat(64);
    // The client refuses to finish sending a file that does not match its checksum …
    let error = client
        .upload(
            upload_of(&path, "pve1", "tiny.iso", &wrong).await,
            |_| {},
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, api::Error::UploadMismatch { .. }),
        "{error:?}"
    );
    spool_empties(&lab).await;

    // … and the node refuses a file whose checksum is not the one announced (curl-like client).
    let form = reqwest::multipart::Form::new()
        .text("content", "iso")
        .text("checksum-algorithm", "sha256")
        .text("checksum", wrong.clone())
        .part(
            "filename",
            reqwest::multipart::Part::bytes(std::fs::read(&path).unwrap()).file_name("tiny.iso"),
        );
    let upid: String = client
        .post_multipart("/nodes/pve1/storage/NAS/upload", form)
        .await
        .unwrap();
    let upid: api::Upid = upid.parse().unwrap();
    let mut log = Vec::new();
    let error = client
        .wait_task(&upid, &wait(), |line| log.push(line.to_owned()))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::TaskFailed { message, .. } if message.starts_with("checksum mismatch: got '")),
        "{error:?} {log:?}"
    );
    assert!(nas_is_empty(&client).await);
    spool_empties(&lab).await;
    lab.shutdown().await;
}

#[tokio::test]
async fn a_cancelled_upload_leaves_nothing() {
    let (lab, client) = lab_with_nas(32).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, sha256) = sample(&dir, "big.iso", 64 * 1024 * 1024);
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let error = client
        .upload(
            upload_of(&path, "pve1", "big.iso", &sha256).await,
            move |sent| {
                if sent > 4 * 1024 * 1024 {
                    stop.cancel();
                }
            },
            &cancel,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, api::Error::Cancelled), "{error:?}");
    spool_empties(&lab).await;
    assert!(lab.nas_file(EXPORT, "template/iso/big.iso").is_none());
    lab.shutdown().await;
}

/// The name and the storage are checked before anything is kept.
#[tokio::test]
async fn uploads_are_refused_as_pve_refuses_them() {
    let (lab, client) = lab_with_nas(33).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, sha256) = sample(&dir, "notes.txt", 1000);
    let error = client
        .upload(
            upload_of(&path, "pve1", "notes.txt", &sha256).await,
            |_| {},
            &CancellationToken::new(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 400, errors, .. } if errors["filename"] == "wrong file extension"),
        "{error:?}"
    );
    let mut upload = upload_of(&path, "pve1", "x.iso", &sha256).await;
    upload.storage = "local-lvm".to_owned();
    let error = client
        .upload(upload, |_| {}, &CancellationToken::new())
        .await
        .unwrap_err();
    // pve-storage's order: the storage type comes before its content types.
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. } if message == "can't upload to storage type 'lvmthin'"),
        "{error:?}"
    );
    let mut upload = upload_of(&path, "pve1", "x.iso", &sha256).await;
    upload.storage = "nope".to_owned();
    let error = client
        .upload(upload, |_| {}, &CancellationToken::new())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. } if message == "storage 'nope' does not exist"),
        "{error:?}"
    );
    spool_empties(&lab).await;
    lab.shutdown().await;
}

/// A cable pulled, or the node switched off, while an ISO is on its way: the client ends with
/// its own error (the transfer stalled, naming the node) instead of hanging; once the node is
/// back nothing half-sent is anywhere, and the upload, sent again, arrives whole.
#[tokio::test]
async fn an_upload_cut_off_stalls_and_keeps_nothing() {
    for (subnet, fault, undo) in [
        (34, "network-down", "network-up"),
        (35, "power-off", "power-on"),
    ] {
        let (lab, client) = fast_lab_with_nas(subnet).await;
        let client = Arc::new(client);
        let info = lab.info();
        let dir = tempfile::tempdir().unwrap();
        let (path, sha256) = sample(&dir, "big.iso", 64 * 1024 * 1024);
        let (first_bytes, mut moving) = tokio::sync::watch::channel(0u64);
        let sending = {
            let client = Arc::clone(&client);
            let upload = upload_of(&path, "pve1", "big.iso", &sha256).await;
            tokio::spawn(async move {
                client
                    .upload(
                        upload,
                        move |bytes| {
                            first_bytes.send_replace(bytes);
                        },
                        &CancellationToken::new(),
                    )
                    .await
            })
        };
        moving.wait_for(|&bytes| bytes > 0).await.unwrap();
        control(&info, "POST", &format!("/nodes/pve1/{fault}"), None).await;
        let error = sending.await.unwrap().unwrap_err();
        assert!(
            matches!(&error, api::Error::Stalled { idle_secs: 2.., .. }),
            "{fault}: {error:?}"
        );
        let message = pve_ha_wizard::i18n::words::api_error("pve1", &error);
        assert_eq!(message.id, "err-stalled");

        control(&info, "POST", &format!("/nodes/pve1/{undo}"), None).await;
        assert!(pve1_is_on(&info).await, "pve1 is back after {undo}");
        spool_empties(&lab).await;
        let client = logged_in(&lab.info(), 0).await;
        assert!(
            nas_is_empty(&client).await,
            "{fault}: nothing half-sent on the NAS"
        );
        let upid = client
            .upload(
                upload_of(&path, "pve1", "big.iso", &sha256).await,
                |_| {},
                &CancellationToken::new(),
            )
            .await
            .unwrap();
        client.wait_task(&upid, &wait(), |_| {}).await.unwrap();
        let content = client
            .storage_content("pve1", "NAS", Some("iso"))
            .await
            .unwrap();
        assert_eq!(content.len(), 1, "{content:?}");
        lab.shutdown().await;
    }
}

/// A task dies with its node: a download under way when the node is switched off leaves no
/// image on the storage, and once the node is back its status reads `unexpected status`, as
/// PVE reads a task log without an end line.
#[tokio::test]
async fn a_download_dies_with_its_node() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let (lab, client) = fast_lab_with_nas(36).await;
    let info = lab.info();
    // A web server that sends the start of an image and then nothing more.
    let listener = tokio::net::TcpListener::bind(("127.0.36.40", 0))
        .await
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let (asked, mut requested) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buffer = [0u8; 4096];
        let _ = stream.read(&mut buffer).await;
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(&[0u8; 4096]).await;
        asked.send_replace(true);
        std::future::pending::<()>().await;
        drop(stream);
    });
    let upid = client
        .download_url(
            "pve1",
            "NAS",
            &api::DownloadUrl {
                url: format!("http://127.0.36.40:{port}/big.iso"),
                filename: "big.iso".to_owned(),
                content: "iso".to_owned(),
                checksum: None,
                checksum_algorithm: None,
            },
        )
        .await
        .unwrap();
    requested.wait_for(|&asked| asked).await.unwrap();
    control(&info, "POST", "/nodes/pve1/power-off", None).await;
    control(&info, "POST", "/nodes/pve1/power-on", None).await;
    assert!(pve1_is_on(&info).await, "pve1 boots");
    let client = logged_in(&lab.info(), 0).await;
    let status = client.task_status(&upid).await.unwrap();
    assert_eq!(status.exitstatus.as_deref(), Some("unexpected status"));
    assert!(
        nas_is_empty(&client).await,
        "no image from a download that died"
    );
    lab.shutdown().await;
}

/// A node's root file system holds `local` and pveproxy's `/var/tmp`: the node's status, its
/// `/nodes` entry and `local` report the same file system, and an image stored on `local`
/// takes its room there.
#[tokio::test]
async fn local_and_var_tmp_share_the_root_file_system() {
    let lab = start_lab(37, &[], false).await;
    let client = logged_in(&lab.info(), 0).await;
    let root = |status: &serde_json::Value| {
        (
            status["rootfs"]["total"].as_u64(),
            status["rootfs"]["avail"].as_u64(),
        )
    };
    let before: serde_json::Value = client.get("/nodes/pve1/status", &()).await.unwrap();
    let local: serde_json::Value = client
        .get("/nodes/pve1/storage/local/status", &())
        .await
        .unwrap();
    assert_eq!(
        root(&before),
        (local["total"].as_u64(), local["avail"].as_u64())
    );

    let dir = tempfile::tempdir().unwrap();
    let (path, sha256) = sample(&dir, "small.iso", 3 << 20);
    let upload = Upload {
        storage: "local".to_owned(),
        ..upload_of(&path, "pve1", "small.iso", &sha256).await
    };
    let upid = client
        .upload(upload, |_| {}, &CancellationToken::new())
        .await
        .unwrap();
    client.wait_task(&upid, &wait(), |_| {}).await.unwrap();
    let (total, free) = root(&before);
    let free_after = free.map(|f| f - (3 << 20));
    let after: serde_json::Value = client.get("/nodes/pve1/status", &()).await.unwrap();
    assert_eq!(root(&after), (total, free_after));
    let nodes: serde_json::Value = client.get("/nodes", &()).await.unwrap();
    let listed = nodes[0]["maxdisk"].as_u64().zip(nodes[0]["disk"].as_u64());
    assert_eq!(listed.map(|(size, used)| size - used), free_after);
    lab.shutdown().await;
}

/// A qcow2 header: the magic, the version, the backing file's offset, and the incompatible
/// features (qemu's docs/interop/qcow2.txt), then padding.
fn qcow2(version: u32, backing_file_offset: u64, incompatible_features: u64) -> Vec<u8> {
    let mut header = b"QFI\xfb".to_vec();
    header.extend(version.to_be_bytes());
    header.extend(backing_file_offset.to_be_bytes());
    header.resize(72, 0);
    header.extend(incompatible_features.to_be_bytes());
    header.resize(64 * 1024, 0);
    header
}

/// An "ISO" that is a qcow2 image with a backing file, or with its data in another file, is
/// refused by the import task as pve-storage's `assert_iso_content` refuses it, and nothing is
/// kept; a raw image goes through.
#[tokio::test]
async fn an_iso_that_is_a_qcow2_image_with_a_backing_file_is_refused() {
    let (lab, client) = lab_with_nas(38).await;
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, refusal) in [
        (
            "backed.iso",
            qcow2(3, 0x200, 0),
            "backing file not allowed for untrusted image '/var/tmp/pveupload-",
        ),
        ("data-file.iso", qcow2(3, 0, 1 << 2), "/var/tmp/pveupload-"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let upid = client
            .upload(
                upload_of(&path, "pve1", name, &sha256_hex(&bytes)).await,
                |_| {},
                &CancellationToken::new(),
            )
            .await
            .unwrap();
        let error = client.wait_task(&upid, &wait(), |_| {}).await.unwrap_err();
        assert!(
            matches!(&error, api::Error::TaskFailed { message, .. } if message.starts_with(refusal)),
            "{name}: {error:?}"
        );
        if name == "data-file.iso" {
            assert!(
                matches!(&error, api::Error::TaskFailed { message, .. } if message.ends_with(": 'data-file' references are not allowed!")),
                "{error:?}"
            );
        }
        spool_empties(&lab).await;
    }
    assert!(nas_is_empty(&client).await, "nothing refused is kept");

    // A qcow2 image of its own (version 2, no backing file) is no ISO either, but PVE only looks
    // for what an untrusted image must not reference: it is stored.
    let path = dir.path().join("plain.iso");
    let bytes = qcow2(2, 0, 0);
    std::fs::write(&path, &bytes).unwrap();
    let upid = client
        .upload(
            upload_of(&path, "pve1", "plain.iso", &sha256_hex(&bytes)).await,
            |_| {},
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    client.wait_task(&upid, &wait(), |_| {}).await.unwrap();
    lab.shutdown().await;
}

//! Step 4 against the practice lab: the NAS as storage shared by every node, and its refusals.

mod common;

use common::*;
use pve_ha_wizard::course::{Outcome, PlanStorage, StepError, StepId};
use std::time::Duration;

/// The plan's NAS becomes a storage active on every node, holding disks and ISO images.
#[tokio::test]
async fn the_nas_is_active_on_every_node() {
    let lab = start_lab(106, &[], false).await;
    let info = lab.info();
    let (mut course, mut events) = course_for(&info, "escola");
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Storage, Outcome::Done))
    );
    assert!(finding_ids(&events).contains(&"check-nas-exports"));

    let after = lab.info();
    for (index, node) in after.nodes.iter().enumerate() {
        let client = logged_in(&after, index).await;
        let nas = client
            .storages()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.storage == "NAS")
            .expect("every member has the cluster's storage.cfg");
        assert_eq!(nas.kind, "nfs");
        assert!(nas.holds("images") && nas.holds("iso"), "{nas:?}");
        let status = client.storage_status(&node.name, "NAS").await.unwrap();
        assert!(status.active, "{} should have the NAS mounted", node.name);
    }
    lab.shutdown().await;
}

/// What is wrong with the NAS is found before anything is changed, and said with how to fix it.
#[tokio::test]
async fn a_wrong_export_or_server_is_refused_before_anything_changes() {
    let lab = start_lab(107, &[], false).await;
    let info = lab.info();
    for (server, export, problem) in [
        (
            "127.0.107.20",
            "/mnt/pool/other",
            "check-nas-export-missing",
        ),
        ("127.0.107.99", "/mnt/pool/proxmox", "check-nas-unreachable"),
    ] {
        let plan = pve_ha_wizard::practice::plan_for(&info, "escola")
            .unwrap()
            .with_storage(PlanStorage::new("NAS", server, export).unwrap());
        let (mut course, mut events) = course_with_plan(&info, plan);
        let (result, events) = run_all(&mut course, &mut events).await;
        let Err((StepId::Storage, StepError::Precondition { problems })) = &result else {
            panic!("{server}:{export} should be refused: {result:?}");
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message.id, problem);
        assert!(problems[0].fix.is_some(), "a problem says how to fix it");
        assert!(finding_ids(&events).contains(&problem));

        let client = logged_in(&lab.info(), 0).await;
        let ids: Vec<String> = client
            .storages()
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.storage)
            .collect();
        assert_eq!(ids, ["local", "local-lvm"], "nothing was added");
    }
    lab.shutdown().await;
}

/// A storage of the same ID with other settings is not overwritten.
#[tokio::test]
async fn a_taken_storage_id_is_refused() {
    let lab = start_lab(108, &[], false).await;
    let info = lab.info();
    let plan = pve_ha_wizard::practice::plan_for(&info, "escola")
        .unwrap()
        .with_storage(PlanStorage::new("local", "127.0.108.20", "/mnt/pool/proxmox").unwrap());
    let (mut course, mut events) = course_with_plan(&info, plan);
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(
        matches!(
            &result,
            Err((StepId::Storage, StepError::Precondition { .. }))
        ),
        "{result:?}"
    );
    assert!(finding_ids(&events).contains(&"check-storage-taken"));
    lab.shutdown().await;
}

/// Step 5 uploads the plan's ISO image to the NAS, with progress; run again, it is already there.
#[tokio::test]
async fn the_iso_reaches_the_nas_once() {
    let lab = start_lab(109, &[], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("Tiny Core.iso");
    let bytes: Vec<u8> = (0..5_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&image, &bytes).unwrap();
    let plan = pve_ha_wizard::practice::plan_for(&info, "escola")
        .unwrap()
        .with_iso(pve_ha_wizard::course::PlanIso::new(&image).unwrap())
        .unwrap();
    let (mut course, mut events) = course_with_plan(&info, plan.clone());
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Iso, Outcome::Done))
    );
    let last_transfer = events.iter().rev().find_map(|e| match e {
        pve_ha_wizard::course::Event::Transfer { progress, .. } => {
            Some((progress.sent, progress.total))
        }
        _ => None,
    });
    assert_eq!(last_transfer, Some((5_000_000, 5_000_000)));
    let stored = lab
        .nas_file("/mnt/pool/proxmox", "template/iso/Tiny_Core.iso")
        .expect("the image is on the NAS");
    assert_eq!(std::fs::read(stored).unwrap(), bytes);
    assert_eq!(count_messages(&events, "iso-stored"), 1, "said shared");

    let (mut again, mut events) = course_with_plan(&info, plan);
    let (result, events) = run_all(&mut again, &mut events).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Iso, Outcome::AlreadyDone))
    );
    lab.shutdown().await;
}

/// With the SHA-256 published beside the image, the file is read once (no hashing pass) and sent
/// with it. An image that is not the published one fails the last chunk: the step says so, the
/// node keeps nothing, and with the right SHA-256 the next run stores it.
#[tokio::test]
async fn an_iso_goes_with_its_published_sha256_and_a_wrong_one_keeps_nothing() {
    let lab = start_lab(184, &[], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("tinycore.iso");
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i * 13 % 251) as u8).collect();
    std::fs::write(&image, &bytes).unwrap();
    let published = sha256_hex(&bytes).to_ascii_uppercase();
    let with_sha256 = |sum: &str| {
        let iso = pve_ha_wizard::course::PlanIso::new(&image)
            .unwrap()
            .with_sha256(Some(sum))
            .unwrap();
        pve_ha_wizard::practice::plan_for(&info, "escola")
            .unwrap()
            .with_iso(iso)
            .unwrap()
    };

    let (mut course, mut events) = course_with_plan(&info, with_sha256(&"0".repeat(64)));
    let (result, events) = run_all(&mut course, &mut events).await;
    let Err((
        StepId::Iso,
        StepError::Input(pve_ha_wizard::course::InputError::IsoMismatch {
            published: true, ..
        }),
    )) = &result
    else {
        panic!("not the published image: {result:?}");
    };
    assert_eq!(count_messages(&events, "iso-hashing"), 0, "no hashing pass");
    assert_eq!(count_messages(&events, "iso-checksum-published"), 1);
    until(
        Duration::from_secs(30),
        "the cut upload dropped",
        || async { lab.spooled_uploads() == 0 },
    )
    .await;
    assert!(
        lab.nas_file("/mnt/pool/proxmox", "template/iso/tinycore.iso")
            .is_none(),
        "nothing kept"
    );

    let (mut course, mut events) = course_with_plan(&info, with_sha256(&published));
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(count_messages(&events, "iso-hashing"), 0, "read once");
    let stored = lab
        .nas_file("/mnt/pool/proxmox", "template/iso/tinycore.iso")
        .expect("the image is on the NAS");
    assert_eq!(std::fs::read(stored).unwrap(), bytes);
    lab.shutdown().await;
}

/// Step 6 creates the VM with its disk on the NAS and the ISO in its CD drive, and starts it;
/// run again, it is already running.
#[tokio::test]
async fn the_vm_runs_from_the_nas() {
    let lab = start_lab(110, &[], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("tinycore.iso");
    std::fs::write(&image, vec![1u8; 100_000]).unwrap();
    let plan = pve_ha_wizard::practice::plan_for(&info, "escola")
        .unwrap()
        .with_iso(pve_ha_wizard::course::PlanIso::new(&image).unwrap())
        .unwrap()
        .with_vm(pve_ha_wizard::course::PlanVm::new("tiny", 512, 2, None).unwrap())
        .unwrap();
    let (mut course, mut events) = course_with_plan(&info, plan.clone());
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(outcomes(&events).last(), Some(&(StepId::Vm, Outcome::Done)));

    let client = logged_in(&lab.info(), 0).await;
    let status = client.vm_status("pve1", 100).await.unwrap();
    assert!(status.is_running());
    assert_eq!(status.name.as_deref(), Some("tiny"));
    let config: serde_json::Value = client
        .get("/nodes/pve1/qemu/100/config", &())
        .await
        .unwrap();
    assert_eq!(config["scsi0"], "NAS:100/vm-100-disk-0.qcow2,size=2G");
    // qemu-server keeps the image's size in the drive (`create_disks`).
    assert_eq!(
        config["ide2"],
        "NAS:iso/tinycore.iso,media=cdrom,size=100000"
    );
    assert!(
        config["net0"]
            .as_str()
            .is_some_and(|n| n.starts_with("virtio=BC:24:11:") && n.ends_with(",bridge=vmbr0")),
        "{config}"
    );
    let disks = client
        .storage_content("pve2", "NAS", Some("images"))
        .await
        .unwrap();
    assert_eq!(disks.len(), 1, "every node sees the disk on the NAS");
    assert_eq!(disks[0].vmid, Some(100));

    let (mut again, mut events) = course_with_plan(&info, plan);
    let (result, events) = run_all(&mut again, &mut events).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Vm, Outcome::AlreadyDone))
    );
    lab.shutdown().await;
}

/// Serves `body` over plain HTTP on a loopback address until the test ends; returns its base URL.
async fn serve_file(address: &str, body: Vec<u8>) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind((address, 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let body = std::sync::Arc::new(body);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let body = std::sync::Arc::clone(&body);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    format!("http://{address}:{port}")
}

/// With `url` instead of `file`, the node downloads the image itself and checks its SHA-256;
/// a wrong checksum keeps nothing.
#[tokio::test]
async fn the_node_downloads_the_iso_and_checks_it() {
    use sha2::Digest as _;
    let lab = start_lab(111, &[], false).await;
    let info = lab.info();
    let bytes: Vec<u8> = (0..2_000_000u32).map(|i| (i % 253) as u8).collect();
    let sha256: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let base = serve_file("127.0.111.40", bytes.clone()).await;
    let with_iso = |url: &str, sum: &str| {
        pve_ha_wizard::practice::plan_for(&info, "escola")
            .unwrap()
            .with_iso(pve_ha_wizard::course::PlanIso::from_url(url, Some(sum)).unwrap())
            .unwrap()
    };

    let wrong = with_iso(&format!("{base}/wrong.iso"), &"0".repeat(64));
    let (mut course, mut events) = course_with_plan(&info, wrong);
    let (result, events) = run_all(&mut course, &mut events).await;
    let Err((StepId::Iso, StepError::Api { source, .. })) = &result else {
        panic!("a wrong checksum fails step 5: {result:?}");
    };
    assert!(
        matches!(source, pve_ha_wizard::api::Error::TaskFailed { message, .. } if message.starts_with("checksum mismatch")),
        "{source:?}\n{events:#?}"
    );
    assert!(
        lab.nas_file("/mnt/pool/proxmox", "template/iso/wrong.iso")
            .is_none()
    );

    let plan = with_iso(&format!("{base}/tinycore.iso"), &sha256);
    let (mut course, mut events) = course_with_plan(&info, plan.clone());
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Iso, Outcome::Done))
    );
    let stored = lab
        .nas_file("/mnt/pool/proxmox", "template/iso/tinycore.iso")
        .expect("the node downloaded the image to the NAS");
    assert_eq!(std::fs::read(stored).unwrap(), bytes);

    let (mut again, mut events) = course_with_plan(&info, plan);
    let (result, events) = run_all(&mut again, &mut events).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Iso, Outcome::AlreadyDone))
    );
    lab.shutdown().await;
}

/// Step 7 puts the VM under HA and waits until the manager has it started; run again, it is
/// already so. The lab's clock runs 100 times faster (a CRM round takes 0.1 s).
#[tokio::test]
async fn the_vm_goes_under_ha() {
    let lab = start_lab_with(
        112,
        pve_ha_wizard::lab::LabOptions {
            time_scale: 100.0,
            ..Default::default()
        },
    )
    .await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("tinycore.iso");
    std::fs::write(&image, vec![3u8; 50_000]).unwrap();
    let plan = pve_ha_wizard::practice::plan_for(&info, "escola")
        .unwrap()
        .with_iso(pve_ha_wizard::course::PlanIso::new(&image).unwrap())
        .unwrap()
        .with_vm(pve_ha_wizard::course::PlanVm::new("tiny", 512, 2, None).unwrap())
        .unwrap()
        .with_ha(pve_ha_wizard::course::PlanHa::default())
        .unwrap();
    let (mut course, mut events) = course_with_plan(&info, plan.clone());
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(outcomes(&events).last(), Some(&(StepId::Ha, Outcome::Done)));
    let lines: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            pve_ha_wizard::course::Event::Info { message, .. }
                if message.id == "ha-status-line" =>
            {
                Some(format!("{:?}", message.args))
            }
            _ => None,
        })
        .collect();
    assert!(
        lines.iter().any(|l| l.contains("vm:100 (pve1, started)")),
        "{lines:?}"
    );

    let (mut again, mut events) = course_with_plan(&info, plan);
    let (result, events) = run_all(&mut again, &mut events).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        outcomes(&events).last(),
        Some(&(StepId::Ha, Outcome::AlreadyDone))
    );
    lab.shutdown().await;
}

/// An image on a node's own storage (`local`, a directory) is said to serve that node only,
/// not every node as on the NAS.
#[tokio::test]
async fn an_iso_on_local_storage_is_said_to_serve_its_node_only() {
    let lab = start_lab(127, &[], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("tinycore.iso");
    std::fs::write(&image, vec![7u8; 100_000]).unwrap();
    let mut iso = pve_ha_wizard::course::PlanIso::new(&image).unwrap();
    iso.storage = Some("local".to_owned());
    let plan = pve_ha_wizard::practice::plan_for(&info, "escola")
        .unwrap()
        .with_iso(iso)
        .unwrap();
    let (mut course, mut events) = course_with_plan(&info, plan);
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    assert_eq!(count_messages(&events, "iso-stored-local"), 1);
    assert_eq!(count_messages(&events, "iso-stored"), 0);
    lab.shutdown().await;
}

/// pve1's root file system, where it would keep the upload in /var/tmp, has 10 MiB free: the
/// ISO step refuses an 11 MiB image before sending a byte, says how to make room, and through
/// pve2, which has room, the image goes.
#[tokio::test]
async fn an_image_that_does_not_fit_in_var_tmp_is_refused_before_it_is_sent() {
    let lab = start_lab(128, &[pve_ha_wizard::lab::Scenario::RootFull], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("tinycore.iso");
    std::fs::write(&image, vec![7u8; 11 << 20]).unwrap();
    let iso = pve_ha_wizard::course::PlanIso::new(&image).unwrap();
    let plan = pve_ha_wizard::practice::plan_for(&info, "escola").unwrap();
    let (mut course, mut events) =
        course_with_plan(&info, plan.clone().with_iso(iso.clone()).unwrap());
    let (result, events) = run_all(&mut course, &mut events).await;
    let Err((StepId::Iso, StepError::Precondition { problems })) = &result else {
        panic!("the image should be refused: {result:?}\n{events:#?}");
    };
    let ids: Vec<_> = problems.iter().map(|p| p.message.id).collect();
    assert_eq!(ids, ["check-iso-no-room-tmp"]);
    assert!(
        !lab.requests_seen("pve1")
            .iter()
            .any(|r| r.path.ends_with("/upload")),
        "nothing was sent"
    );

    let mut through_pve2 = iso;
    through_pve2.node = Some("pve2".to_owned());
    let (mut course, mut events) = course_with_plan(&info, plan.with_iso(through_pve2).unwrap());
    let (result, events) = run_all(&mut course, &mut events).await;
    assert!(result.is_ok(), "{result:?}\n{events:#?}");
    lab.shutdown().await;
}

/// Without a published SHA-256, the image is hashed while the nodes are connected, not after:
/// the image is a named pipe, so the course's opening it shows, and the first node's password
/// is asked only once the pipe has a reader, so the course is still in step 0 when it opens it.
#[tokio::test]
async fn the_image_is_hashed_while_the_nodes_are_connected() {
    use std::os::unix::fs::OpenOptionsExt as _;
    let lab = start_lab(188, &[], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("tinycore.iso");
    let made = std::process::Command::new("mkfifo")
        .arg(&image)
        .status()
        .unwrap();
    assert!(made.success());

    /// The lab's passwords, asked in step 0; the first is given once someone reads the pipe, or
    /// after 30 s without a reader, when a writer is left to serve a later one.
    struct OnceHashing {
        lab: pve_ha_wizard::practice::LabSecrets,
        image: std::path::PathBuf,
        waited: std::sync::Once,
        reader_seen: std::sync::atomic::AtomicBool,
    }
    impl OnceHashing {
        fn wait_for_a_reader(&self) {
            use std::io::Write as _;
            // Opening a pipe to write without blocking fails (ENXIO) until it has a reader.
            const O_NONBLOCK: i32 = 0o4000; // Linux's, asm-generic/fcntl.h
            for _ in 0..3000 {
                let writer = std::fs::OpenOptions::new()
                    .write(true)
                    .custom_flags(O_NONBLOCK)
                    .open(&self.image);
                if let Ok(mut writer) = writer {
                    writer.write_all(b"tiny").ok();
                    self.reader_seen
                        .store(true, std::sync::atomic::Ordering::SeqCst);
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            let image = self.image.clone();
            std::thread::spawn(move || {
                if let Ok(mut writer) = std::fs::OpenOptions::new().write(true).open(image) {
                    writer.write_all(b"tiny").ok();
                }
            });
        }
    }
    impl pve_ha_wizard::course::SecretSource for OnceHashing {
        fn password(
            &self,
            node: &pve_ha_wizard::course::PlanNode,
        ) -> Option<pve_ha_wizard::secrets::Secret> {
            self.waited.call_once(|| self.wait_for_a_reader());
            self.lab.password(node)
        }
        fn totp_code(&self, node: &pve_ha_wizard::course::PlanNode) -> Option<String> {
            self.lab.totp_code(node)
        }
    }
    let secrets = std::sync::Arc::new(OnceHashing {
        lab: pve_ha_wizard::practice::LabSecrets::new(&info),
        image: image.clone(),
        waited: std::sync::Once::new(),
        reader_seen: std::sync::atomic::AtomicBool::new(false),
    });
    let plan = pve_ha_wizard::practice::plan_for(&info, "escola")
        .unwrap()
        .with_iso(pve_ha_wizard::course::PlanIso::new(&image).unwrap())
        .unwrap();
    let (events, _receiver) = pve_ha_wizard::course::Events::channel();
    let mut course = pve_ha_wizard::course::Course::new(
        plan,
        std::sync::Arc::clone(&secrets) as _,
        events,
        fast_options(),
    );
    // Step 5 then fails, the NAS not being there yet: what matters is when the image was read.
    let result = course.run_steps(&[StepId::Connect, StepId::Iso]).await;
    assert!(matches!(result, Err((StepId::Iso, _))), "{result:?}");
    assert!(
        secrets
            .reader_seen
            .load(std::sync::atomic::Ordering::SeqCst),
        "the image was not being read while step 0 connected"
    );
    lab.shutdown().await;
}

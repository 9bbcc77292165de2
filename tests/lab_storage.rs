//! Storage configuration as pve-storage checks it, over HTTPS: what `check_config` refuses
//! before anything is locked or written.

mod common;

use common::*;
use pve_ha_wizard::api;
use serde_json::Value;

/// An NFS storage with no content is refused before anything is locked, and nothing is
/// written; a directory may hold nothing (its plugin allows `none`) (pve-storage `src/PVE/Storage/Plugin.pm`, `decode_value`).
#[tokio::test]
async fn a_storage_must_hold_something() {
    let lab = start_lab(45, &[], false).await;
    let info = lab.info();
    let client = logged_in(&info, 0).await;
    let server = info.nas.as_ref().unwrap().server.to_string();
    let error = client
        .post::<Value, _>(
            "/storage",
            &[
                ("storage", "NAS"),
                ("type", "nfs"),
                ("server", server.as_str()),
                ("export", "/mnt/pool/proxmox"),
                ("content", ""),
            ],
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&error, api::Error::Api { status: 500, message, .. }
            if message == "storage does not support content type 'none'"),
        "{error:?}"
    );
    let storages: Vec<Value> = client.get("/storage", &()).await.unwrap();
    assert!(
        storages.iter().all(|s| s["storage"] != "NAS"),
        "nothing written: {storages:?}"
    );
    let _: Value = client
        .post(
            "/storage",
            &[
                ("storage", "empty"),
                ("type", "dir"),
                ("path", "/srv/empty"),
                ("content", ""),
            ],
        )
        .await
        .expect("a directory may hold nothing");
    lab.shutdown().await;
}

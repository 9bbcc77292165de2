//! Storage configuration as pve-storage checks it, over HTTPS: what `check_config` refuses
//! before anything is locked or written.

mod common;

use common::*;
use pve_ha_wizard::api;
use serde_json::Value;

/// A storage with no content is refused before anything is locked, and nothing is written (pve-storage `src/PVE/Storage/Plugin.pm`, `decode_value`).
#[tokio::test]
async fn a_storage_must_hold_something() {
    let lab = start_lab(45, &[], false).await;
    let info = lab.info();
    let client = logged_in(&info, 0).await;
    let error = client
        .post::<Value, _>(
            "/storage",
            &[
                ("storage", "NAS"),
                ("type", "dir"),
                ("path", "/srv/nas"),
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
    lab.shutdown().await;
}

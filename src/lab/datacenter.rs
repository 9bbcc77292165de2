//! `/cluster/options`: the cluster's `datacenter.cfg`. The lab keeps what it is given; the HA
//! manager reads its `ha` property (`shutdown_policy=…`).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::state::World;

/// What an HA service does when its node shuts down cleanly (`ha: shutdown_policy=…`).
pub(crate) fn shutdown_policy(world: &World, node: usize) -> String {
    world
        .config_of(node)
        .and_then(|c| c.datacenter.get("ha"))
        .and_then(|ha| {
            ha.split(',')
                .find_map(|part| part.strip_prefix("shutdown_policy="))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "conditional".to_owned())
}

/// A property string (`shutdown_policy=migrate`) as an object, as `GET` returns it.
fn parsed(value: &str) -> Value {
    let object: Map<String, Value> = value
        .split(',')
        .filter_map(|part| part.split_once('='))
        .map(|(k, v)| (k.to_owned(), json!(v)))
        .collect();
    Value::Object(object)
}

/// `GET /cluster/options`: datacenter.cfg as its parser returns it (property strings as
/// objects), and the tags the user may set (`allowed-tags`: none in a fresh lab), as pve-manager's
/// `PVE/API2/Cluster.pm` (`get_options`) answers.
pub(crate) fn read(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let options = world
        .config_of(call.via)
        .map(|c| c.datacenter.clone())
        .unwrap_or_default();
    let mut object: Map<String, Value> = options
        .into_iter()
        .map(|(key, value)| {
            let value = match key.as_str() {
                "ha" | "migration" | "bwlimit" | "next-id" | "u2f" | "webauthn" | "notify"
                | "crs" | "tag-style" | "registered-tags" | "user-tag-access" => parsed(&value),
                _ => json!(value),
            };
            (key, value)
        })
        .collect();
    object.insert("allowed-tags".to_owned(), json!([]));
    Ok(Answer::data(Value::Object(object)))
}

/// `PUT /cluster/options` (it writes `/etc/pve/datacenter.cfg`: without quorum, `quorum.rs` refuses).
pub(crate) fn update(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let Some(options) = world.config_of_mut(call.via).map(|c| &mut c.datacenter) else {
        return Err(ApiError::failed("node not found"));
    };
    for key in call
        .param("delete")
        .unwrap_or_default()
        .split([',', ';', ' '])
    {
        options.remove(key);
    }
    let given: BTreeMap<String, String> = call
        .params
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "delete" | "digest"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    options.extend(given);
    Ok(Answer::data(Value::Null))
}

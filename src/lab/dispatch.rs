//! From a request to an answer, in pve-manager's order: authenticate (pveproxy does it before it
//! reads the body or looks for the method: `auth_handler` in pve-manager `PVE/HTTPServer.pm`), find
//! the method in the schema, check privileges, validate the parameters, then route — to another
//! member of the cluster when the path names another node, as pveproxy forwards it.

use std::collections::BTreeMap;
use std::sync::Arc;

use hyper::header::{AUTHORIZATION, COOKIE, HeaderMap};
use serde_json::json;

use super::auth::{self, Identity};
use super::http::{Answer, ApiError};
use super::state::Shared;
use super::{
    cluster, datacenter, ha_api, ha_config, ha_status, migrate, nodes, qemu, replication, schema,
    storage,
};

/// A validated call.
pub(crate) struct Call<'a> {
    pub shared: &'a Arc<Shared>,
    /// The node the request reached.
    pub via: usize,
    /// The node it is about: `{node}` resolved through the cluster, else `via`.
    pub node: usize,
    pub params: BTreeMap<String, String>,
    /// Who calls; `None` only for `POST /access/ticket`.
    pub identity: Option<Identity>,
    /// The method and the schema's path (`/cluster/ha/resources/{sid}`).
    pub method: &'a str,
    pub template: &'static str,
    /// Whether pveproxy forwarded it to `node` (it runs there).
    pub forwarded: bool,
}

impl Call<'_> {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }

    /// A boolean parameter (validated as 0 or 1).
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.param(name).map(|v| v == "1")
    }

    pub fn user(&self) -> &str {
        self.identity
            .as_ref()
            .map_or("root@pam", Identity::upid_user)
    }
}

pub(crate) async fn dispatch(
    shared: &Arc<Shared>,
    via: usize,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    identity: Option<Identity>,
    mut params: BTreeMap<String, String>,
) -> Result<Answer, ApiError> {
    let Some((info, path_params)) = schema::find(shared.world().pve_of(via), method, path) else {
        return Err(ApiError::not_implemented(method, path));
    };
    // `rest_handler`: a token may call only what allows tokens, within its privileges.
    if let Some(Identity::Token { privsep, .. }) = &identity {
        if !info.allows_token() {
            return Err(ApiError::status(
                403,
                format!("URI '{path}' not available with API token, need proper ticket."),
            ));
        }
        // A token with separated privileges has no ACL entries in a fresh lab.
        if *privsep && !info.needs_no_privilege() {
            let what = info.privilege().unwrap_or_default();
            return Err(ApiError::status(
                403,
                format!("Permission check failed {what}"),
            ));
        }
    }
    params.extend(path_params);
    let node = match info.template.starts_with("/nodes/{node}") {
        true => {
            let name = params.get("node").map(String::as_str).unwrap_or_default();
            shared.world().resolve(via, name).ok_or_else(|| {
                ApiError::failed(format!(
                    "hostname lookup '{name}' failed - failed to get address info for: {name}: Name or service not known"
                ))
            })?
        }
        false => via,
    };
    // pveproxy forwards a method with `proxyto => 'node'` to the member's address; a member
    // that is off or unplugged cannot be reached (PVE's proxy answers 595). Of the lab's
    // methods only the upload has no `proxyto` (pve-docs' API tree, 8.4 and 9): the node that
    // received the file runs it (pve-storage `src/PVE/API2/Storage/Status.pm`).
    let forwarded = node != via && !super::upload::is_upload(method, path);
    if forwarded && !shared.world().sees(via, node) {
        return Err(ApiError::status(
            595,
            "Errors during connection establishment, proxy handshake: No route to host",
        ));
    }
    // A forwarded request is checked again where it lands, by that node's clock: a member whose
    // clock is minutes off refuses the tickets of the others (and they refuse its own).
    if forwarded && matches!(identity, Some(Identity::Ticket(_))) {
        authenticate_request(shared, node, method, path, headers)?;
    }
    // The parameters are checked where the method runs: pveproxy decides to forward before
    // `$handler->handle` validates them (pve-manager `PVE/HTTPServer.pm`, `rest_handler`), so
    // a forwarded call meets the schema of the target's release.
    let info = match forwarded {
        true => schema::find(shared.world().pve_of(node), method, path)
            .map(|(info, _)| info)
            .ok_or_else(|| ApiError::not_implemented(method, path))?,
        false => info,
    };
    let errors = schema::validate(info, &params);
    if !errors.is_empty() {
        return Err(ApiError::parameters(errors));
    }
    let call = Call {
        shared,
        via,
        node,
        params,
        identity,
        method,
        template: &info.template,
        forwarded,
    };
    // Without quorum /etc/pve is read only: a write fails where PVE's code path fails — for
    // most methods before anything else (`quorum.rs`).
    if super::quorum::checked_first(method, &info.template) {
        super::quorum::check(&shared.world(), &call)?;
    }
    let answer = route(call).await?;
    // Debug builds (every test, the window's tour) check each answer against its method's
    // `returns` schema: a wrong shape fails there, not on a teacher's cluster.
    if cfg!(debug_assertions)
        && let Some(returns) = info.info.get("returns")
    {
        let problems = super::schema_returns::check(returns, &answer.data);
        if !problems.is_empty() {
            return Err(ApiError::failed(format!(
                "practice lab: the answer of {method} {} does not match its schema: {}",
                info.template,
                problems.join("; ")
            )));
        }
    }
    Ok(answer)
}

async fn route(call: Call<'_>) -> Result<Answer, ApiError> {
    match (call.method, call.template) {
        ("POST", "/access/ticket") => login(&call),
        ("POST", "/access/users/{userid}/token/{tokenid}") => create_token(&call),
        ("GET", "/version" | "/nodes/{node}/version") => nodes::version(&call),
        ("GET", "/nodes") => nodes::list(&call),
        ("GET", "/nodes/{node}/status") => nodes::status(&call),
        ("GET", "/nodes/{node}/dns") => nodes::dns(&call),
        ("GET", "/nodes/{node}/hosts") => nodes::hosts(&call),
        ("POST", "/nodes/{node}/hosts") => nodes::write_hosts(&call),
        ("GET", "/nodes/{node}/time") => nodes::time(&call),
        ("GET", "/nodes/{node}/network") => nodes::network(&call),
        ("GET", "/nodes/{node}/certificates/info") => nodes::certificates(&call),
        ("GET", "/nodes/{node}/tasks") => nodes::tasks(&call),
        ("GET", "/nodes/{node}/tasks/{upid}/status") => nodes::task_status(&call),
        ("GET", "/nodes/{node}/tasks/{upid}/log") => nodes::task_log(&call),
        ("GET", "/cluster/status") => cluster::status(&call),
        ("GET", "/cluster/resources") => cluster::resources(&call),
        ("GET", "/cluster/nextid") => cluster::next_id(&call),
        ("GET", "/cluster/config") => cluster::index(),
        ("POST", "/cluster/config") => cluster::create(&call),
        ("GET", "/cluster/config/apiversion") => Ok(Answer::data(json!(cluster::JOIN_API_VERSION))),
        ("GET", "/cluster/config/nodes") => cluster::config_nodes(&call),
        ("DELETE", "/cluster/config/nodes/{node}") => cluster::delete_node(&call),
        ("GET", "/cluster/config/totem") => cluster::totem(&call),
        ("GET", "/cluster/config/join") => cluster::join_info(&call),
        ("POST", "/cluster/config/join") => cluster::join(&call),
        ("GET", "/storage") => storage::list(&call),
        ("POST", "/storage") => storage::create(&call),
        ("GET", "/storage/{storage}") => storage::read(&call),
        ("DELETE", "/storage/{storage}") => storage::delete(&call),
        ("GET", "/nodes/{node}/scan/nfs") => storage::scan_nfs(&call),
        ("GET", "/nodes/{node}/storage") => storage::node_list(&call),
        ("GET", "/nodes/{node}/storage/{storage}/status") => storage::node_status(&call),
        ("GET", "/nodes/{node}/storage/{storage}/content") => storage::content(&call),
        ("POST", "/nodes/{node}/storage/{storage}/upload") => storage::upload(&call),
        ("POST", "/nodes/{node}/storage/{storage}/download-url") => storage::download_url(&call),
        ("GET", "/cluster/ha/resources") => ha_api::resources(&call),
        ("POST", "/cluster/ha/resources") => ha_api::create(&call),
        ("GET", "/cluster/ha/resources/{sid}") => ha_api::resource(&call),
        ("PUT", "/cluster/ha/resources/{sid}") => ha_api::update(&call),
        ("DELETE", "/cluster/ha/resources/{sid}") => ha_api::delete(&call),
        ("POST", "/cluster/ha/resources/{sid}/migrate") => ha_api::motion(&call, "migrate"),
        ("POST", "/cluster/ha/resources/{sid}/relocate") => ha_api::motion(&call, "relocate"),
        ("GET", "/cluster/ha/groups") => ha_config::groups(&call),
        ("POST", "/cluster/ha/groups") => ha_config::create_group(&call),
        ("GET", "/cluster/ha/groups/{group}") => ha_config::group(&call),
        ("PUT", "/cluster/ha/groups/{group}") => ha_config::update_group(&call),
        ("DELETE", "/cluster/ha/groups/{group}") => ha_config::delete_group(&call),
        ("GET", "/cluster/ha/rules") => ha_config::rules(&call),
        ("POST", "/cluster/ha/rules") => ha_config::create_rule(&call),
        ("GET", "/cluster/ha/rules/{rule}") => ha_config::rule(&call),
        ("DELETE", "/cluster/ha/rules/{rule}") => ha_config::delete_rule(&call),
        ("GET", "/cluster/ha/status/current") => ha_status::current(&call),
        ("GET", "/cluster/ha/status/manager_status") => ha_status::manager_status(&call),
        ("POST", "/cluster/ha/status/disarm-ha") => ha_status::arm(&call, true),
        ("POST", "/cluster/ha/status/arm-ha") => ha_status::arm(&call, false),
        ("GET", "/cluster/options") => datacenter::read(&call),
        ("PUT", "/cluster/options") => datacenter::update(&call),
        ("GET", "/cluster/replication") => replication::list(&call),
        ("POST", "/cluster/replication") => replication::create(&call),
        ("GET", "/cluster/replication/{id}") => replication::read(&call),
        ("PUT", "/cluster/replication/{id}") => replication::update(&call),
        ("DELETE", "/cluster/replication/{id}") => replication::delete(&call),
        ("GET", "/nodes/{node}/replication") => replication::node_status(&call),
        ("GET", "/nodes/{node}/replication/{id}/status") => replication::job_status(&call),
        ("GET", "/nodes/{node}/replication/{id}/log") => replication::job_log(&call),
        ("GET", "/nodes/{node}/qemu") => qemu::list(&call),
        ("POST", "/nodes/{node}/qemu") => qemu::create(&call),
        ("DELETE", "/nodes/{node}/qemu/{vmid}") => qemu::destroy(&call),
        ("GET", "/nodes/{node}/qemu/{vmid}/config") => qemu::config(&call),
        ("GET", "/nodes/{node}/qemu/{vmid}/migrate") => migrate::precondition(&call),
        ("GET", "/nodes/{node}/qemu/{vmid}/status/current") => qemu::status(&call),
        ("POST", "/nodes/{node}/qemu/{vmid}/status/start") => qemu::change_power(&call, "start"),
        ("POST", "/nodes/{node}/qemu/{vmid}/status/stop") => qemu::change_power(&call, "stop"),
        ("POST", "/nodes/{node}/qemu/{vmid}/status/shutdown") => {
            qemu::change_power(&call, "shutdown")
        }
        (method, template) => Err(ApiError::not_implemented(method, template)),
    }
}

/// The calls pveproxy lets through without authentication (`auth_handler`'s list).
fn needs_no_auth(method: &str, path: &str) -> bool {
    matches!(
        (method, path),
        ("GET", "/access/domains")
            | ("GET" | "POST", "/access/ticket")
            | (
                "POST",
                "/access/vncticket" | "/access/openid/login" | "/access/openid/auth-url"
            )
    )
}

/// Who sent the request, as pveproxy's `auth_handler` finds out before anything else — for
/// any path, known or not, and before the body is read: the `PVEAuthCookie` cookie, else that
/// cookie in the Authorization header, else an API token; a ticket's writes need the CSRF token
/// (uploads and tokens do not). `None` for the calls that need no authentication.
pub(crate) fn authenticate_request(
    shared: &Shared,
    via: usize,
    method: &str,
    path: &str,
    headers: &HeaderMap,
) -> Result<Option<Identity>, ApiError> {
    if needs_no_auth(method, path) {
        return Ok(None);
    }
    let world = shared.world();
    let now = world.node_now(via);
    let config = world
        .config_of(via)
        .ok_or_else(|| ApiError::failed("node not found"))?;
    let authorization = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let ticket = cookie_ticket(headers).or_else(|| {
        authorization
            .strip_prefix("PVEAuthCookie=")
            .map(str::to_owned)
    });
    let Some(ticket) = ticket else {
        let Some((tokenid, secret)) = auth::parse_token_header(authorization) else {
            return Err(ApiError::unauthorized("No ticket"));
        };
        let token = config
            .tokens
            .get(tokenid)
            .filter(|token| token.secret == secret)
            .ok_or_else(|| ApiError::unauthorized("Authentication failed!"))?;
        return Ok(Some(Identity::Token {
            tokenid: tokenid.to_owned(),
            privsep: token.privsep,
        }));
    };
    let user = auth::verify_ticket(&config.auth_key, &ticket, now)
        .ok_or_else(|| ApiError::unauthorized("Authentication failed!"))?;
    if method != "GET" && !super::upload::is_upload(method, path) {
        let csrf = headers
            .get("CSRFPreventionToken")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !auth::verify_csrf_token(&config.csrf_key, csrf, &user, now) {
            return Err(ApiError::unauthorized(
                "Permission denied - invalid csrf token",
            ));
        }
    }
    Ok(Some(Identity::Ticket(user)))
}

fn cookie_ticket(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("PVEAuthCookie="))
        .map(|value| {
            percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned()
        })
}

/// `POST /access/ticket`: a password (or a ticket to renew), then a TOTP code when asked for.
/// `POST /access/ticket` as pve-access-control's `create_ticket` answers: every failure of the
/// login, whatever its cause, is 401 `authentication failure` (against user enumeration).
fn login(call: &Call<'_>) -> Result<Answer, ApiError> {
    let settings = &call.shared.settings;
    let refused = || ApiError::status(401, "authentication failure");
    let mut username = call.param("username").unwrap_or_default().to_owned();
    if let Some(realm) = call.param("realm")
        && !username.contains('@')
    {
        username = format!("{username}@{realm}");
    }
    let password = call.param("password").unwrap_or_default();
    let world = call.shared.world();
    let now = world.node_now(call.via);
    let config = world.config_of(call.via).ok_or_else(refused)?;

    if let Some(challenge) = call.param("tfa-challenge") {
        // "TFA response should be in 'password', not 'otp' …", caught as every other failure.
        if call.param("otp").is_some() {
            return Err(refused());
        }
        let code = password.strip_prefix("totp:").unwrap_or_default();
        let secret = settings.totp_secret.as_deref().ok_or_else(refused)?;
        let answered = auth::verify_tfa_challenge(&config.auth_key, challenge, &username, now)
            && auth::verify_totp(secret, code, now);
        if !answered {
            return Err(refused());
        }
        return Ok(full_login(&world, call.via, &username, now));
    }
    // A valid ticket as the password renews it, without a second factor.
    if auth::verify_ticket(&config.auth_key, password, now).is_some_and(|user| user == username) {
        return Ok(full_login(&world, call.via, &username, now));
    }
    if username != "root@pam" || password != settings.password {
        return Err(refused());
    }
    if let Some(secret) = settings.totp_secret.as_deref() {
        // One step: the second factor as `otp` (`totp:CODE`), checked at once
        // (`authenticate_2nd_new` with the response and no challenge).
        if let Some(otp) = call.param("otp") {
            let code = otp.strip_prefix("totp:").ok_or_else(refused)?;
            if !auth::verify_totp(secret, code, now) {
                return Err(refused());
            }
            return Ok(full_login(&world, call.via, &username, now));
        }
        let mut answer = json!({
            "username": username,
            "ticket": auth::tfa_challenge(&config.auth_key, &username, now),
            "CSRFPreventionToken": auth::csrf_token(&config.csrf_key, &username, now),
            "NeedTFA": 1,
        });
        if let (Some(cluster), Some(object)) = (&config.cluster, answer.as_object_mut()) {
            object.insert("clustername".to_owned(), json!(cluster.name));
        }
        return Ok(Answer::data(answer));
    }
    Ok(full_login(&world, call.via, &username, now))
}

fn full_login(world: &super::state::World, via: usize, username: &str, now: u64) -> Answer {
    let Some(config) = world.config_of(via) else {
        return Answer::data(json!(null));
    };
    let mut data = json!({
        "username": username,
        "ticket": auth::ticket(&config.auth_key, username, now),
        "CSRFPreventionToken": auth::csrf_token(&config.csrf_key, username, now),
        "cap": root_capabilities(),
    });
    if let (Some(cluster), Some(object)) = (&config.cluster, data.as_object_mut()) {
        object.insert("clustername".to_owned(), json!(cluster.name));
    }
    Answer::data(data)
}

/// What `cap` says of root: every privilege everywhere.
fn root_capabilities() -> serde_json::Value {
    let all = |privileges: &[&str]| -> serde_json::Value {
        privileges
            .iter()
            .map(|p| ((*p).to_owned(), json!(1)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    json!({
        "access": all(&["Group.Allocate", "Permissions.Modify", "User.Modify"]),
        "dc": all(&["Sys.Audit", "Sys.Modify", "SDN.Audit", "SDN.Allocate"]),
        "nodes": all(&["Sys.Audit", "Sys.Console", "Sys.Modify", "Sys.PowerMgmt", "Sys.Syslog", "Permissions.Modify"]),
        "storage": all(&["Datastore.Allocate", "Datastore.AllocateSpace", "Datastore.AllocateTemplate", "Datastore.Audit", "Permissions.Modify"]),
        "vms": all(&["VM.Allocate", "VM.Audit", "VM.Config.CDROM", "VM.Config.Disk", "VM.PowerMgmt", "VM.Migrate", "Permissions.Modify"]),
    })
}

/// `POST /access/users/{userid}/token/{tokenid}`: a new API token, its secret shown once.
fn create_token(call: &Call<'_>) -> Result<Answer, ApiError> {
    let userid = call.param("userid").unwrap_or_default();
    let tokenid = call.param("tokenid").unwrap_or_default();
    if userid != "root@pam" {
        return Err(ApiError::failed(format!("no such user ('{userid}')")));
    }
    let full = format!("{userid}!{tokenid}");
    let privsep = call.flag("privsep").unwrap_or(true);
    let mut world = call.shared.world();
    let config = world
        .config_of_mut(call.via)
        .ok_or_else(|| ApiError::failed("node not found"))?;
    if config.tokens.contains_key(&full) {
        return Err(ApiError::parameter("tokenid", "Token already exists."));
    }
    let secret = auth::token_secret();
    config.tokens.insert(
        full.clone(),
        super::state::Token {
            secret: secret.clone(),
            privsep,
        },
    );
    let mut info = json!({ "privsep": u8::from(privsep), "expire": 0 });
    if let (Some(comment), Some(object)) = (call.param("comment"), info.as_object_mut()) {
        object.insert("comment".to_owned(), json!(comment));
    }
    Ok(Answer::data(json!({
        "full-tokenid": full,
        "info": info,
        "value": secret,
    })))
}

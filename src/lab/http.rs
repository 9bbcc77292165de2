//! pveproxy's side of the wire: TLS with the node's current certificate, HTTP/1.1, the
//! `/api2/json` envelope, and errors with PVE's status lines.

use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use super::SeenRequest;
use super::state::{Link, Shared};
use super::{dispatch, upload};

/// pve-http-server refuses bodies over 512 KiB (uploads aside).
const MAX_BODY: usize = 512 * 1024;

/// An answer: `data`, and `total` for lists that page (task logs).
#[derive(Debug)]
pub(crate) struct Answer {
    pub data: Value,
    pub total: Option<usize>,
}

impl Answer {
    pub fn data(data: Value) -> Self {
        Self { data, total: None }
    }
}

/// A failure, as PVE reports it: a status, a message, and per-parameter errors for 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub message: String,
    pub errors: BTreeMap<String, String>,
    /// Refused by pveproxy's authentication, before any handler: the answer is the status
    /// line alone, with no body.
    pub before_handler: bool,
}

impl ApiError {
    /// A handler's `die "…\n"`: 500 with the message.
    pub fn failed(message: impl Into<String>) -> Self {
        Self::status(500, message)
    }

    pub fn status(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            errors: BTreeMap::new(),
            before_handler: false,
        }
    }

    /// 401 from pveproxy's `auth_handler` (pve-http-server `AnyEvent.pm`, `handle_request`:
    /// `HTTP::Response->new(HTTP_UNAUTHORIZED, $err)`, no content).
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self {
            before_handler: true,
            ..Self::status(401, message)
        }
    }

    /// 400 `Parameter verification failed.` with the per-parameter messages.
    pub fn parameters(errors: BTreeMap<String, String>) -> Self {
        Self {
            status: 400,
            message: "Parameter verification failed.".to_owned(),
            errors,
            before_handler: false,
        }
    }

    /// 400 for one parameter, as handlers raise it with `raise_param_exc`.
    pub fn parameter(name: &str, message: impl Into<String>) -> Self {
        Self::parameters(BTreeMap::from([(name.to_owned(), message.into())]))
    }

    pub fn not_implemented(method: &str, path: &str) -> Self {
        Self::status(501, format!("Method '{method} {path}' not implemented"))
    }
}

/// The node's pveproxy restarted since this connection was opened.
#[derive(Debug, thiserror::Error)]
#[error("pveproxy restarted")]
struct Restarted;

/// Accepts connections for one node until the lab stops.
pub(crate) async fn serve(
    shared: Arc<Shared>,
    index: usize,
    listener: TcpListener,
    acceptor: TlsAcceptor,
) {
    loop {
        let accepted = tokio::select! {
            () = shared.cancel.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            continue;
        };
        tokio::spawn(connection(
            Arc::clone(&shared),
            index,
            stream,
            acceptor.clone(),
        ));
    }
}

async fn connection(shared: Arc<Shared>, index: usize, stream: TcpStream, acceptor: TlsAcceptor) {
    // A node that is off or unplugged does not answer.
    let Some((mut restarts, link)) = shared
        .world()
        .node(index)
        .filter(|node| node.reachable())
        .map(|node| (node.restarts.subscribe(), node.link.subscribe()))
    else {
        return;
    };
    // A client that refuses the certificate (a pinned client, a wrong fingerprint) stops here,
    // before it sent anything.
    let Ok(tls) = acceptor.accept(Wire::new(stream, link)).await else {
        return;
    };
    let cancel = shared.cancel.clone();
    let generation = *restarts.borrow_and_update();
    let service = hyper::service::service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move {
            // A request that raced pveproxy's restart on an old connection is not served: the
            // connection just ends, as the old worker's does.
            let current = shared.world().node(index).map(|n| *n.restarts.borrow());
            if current != Some(generation) {
                return Err(Restarted);
            }
            Ok(handle(&shared, index, request).await)
        }
    });
    let connection =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        // pveproxy restarted (new certificate): finish the request under way, then hang up.
        _ = restarts.changed() => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
        () = cancel.cancelled() => {}
    }
}

/// A connection's wire: while the node is off or unplugged nothing passes either way, so a
/// request or an upload under way stalls as over a pulled cable; once the node is reachable
/// again the connection goes on, unless the node was switched off meanwhile: a machine that
/// booted again knows nothing of it and resets it.
struct Wire<S> {
    inner: S,
    link: watch::Receiver<Link>,
    /// The boot the connection was opened in.
    boot: u64,
    /// Wakes the connection when the link changes, while it waits.
    waiting: Option<Pin<Box<dyn Future<Output = bool> + Send>>>,
}

impl<S> Wire<S> {
    fn new(inner: S, mut link: watch::Receiver<Link>) -> Self {
        let boot = link.borrow_and_update().boot;
        Self {
            inner,
            link,
            boot,
            waiting: None,
        }
    }

    /// Ready when bytes may pass; an error once the connection is gone.
    fn open(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        loop {
            let link = *self.link.borrow_and_update();
            if link.boot != self.boot && link.reachable {
                return Poll::Ready(Err(std::io::ErrorKind::ConnectionReset.into()));
            }
            if link.reachable {
                self.waiting = None;
                return Poll::Ready(Ok(()));
            }
            let waiting = self.waiting.get_or_insert_with(|| {
                let mut link = self.link.clone();
                Box::pin(async move { link.changed().await.is_ok() })
            });
            let changed = std::task::ready!(waiting.as_mut().poll(cx));
            self.waiting = None;
            if !changed {
                // The lab is gone.
                return Poll::Ready(Err(std::io::ErrorKind::BrokenPipe.into()));
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Wire<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        std::task::ready!(this.open(cx))?;
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Wire<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        std::task::ready!(this.open(cx))?;
        Pin::new(&mut this.inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        std::task::ready!(this.open(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        std::task::ready!(this.open(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

async fn handle(
    shared: &Arc<Shared>,
    index: usize,
    request: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str().to_owned();
    let full_path = parts.uri.path().to_owned();
    let Some(path) = full_path.strip_prefix("/api2/json") else {
        return error_response(&ApiError::not_implemented(&method, &full_path));
    };
    // pveproxy authenticates before it reads the body or looks for the method: an unknown
    // path without a ticket is 401, not 501.
    let identity =
        match dispatch::authenticate_request(shared, index, &method, path, &parts.headers) {
            Ok(identity) => identity,
            Err(error) => {
                note_request(shared, index, &method, path, false);
                strike_received(shared, index, &method, path).await;
                return refused(shared, &error).await;
            }
        };
    let upload = upload::is_upload(&method, path);
    let params = if upload {
        // A fault armed on receiving an upload strikes as its body begins to arrive, where a
        // pulled cable or a switch turned off catches a teacher's ISO.
        strike_received(shared, index, &method, path).await;
        receive_upload(shared, index, &parts, body).await
    } else {
        match Limited::new(body, MAX_BODY).collect().await {
            Ok(collected) => parse_params(
                &method,
                parts.uri.query(),
                &parts.headers,
                &collected.to_bytes(),
            ),
            Err(_) => Err(ApiError::status(501, "for data too large")),
        }
    };
    let spooled = params
        .as_ref()
        .ok()
        .and_then(|p| p.get("tmpfilename").cloned());
    let carried_password = params.as_ref().is_ok_and(|p| p.contains_key("password"));
    note_request(shared, index, &method, path, carried_password);
    if !upload {
        strike_received(shared, index, &method, path).await;
    }
    let reply = match params {
        Ok(params) => {
            dispatch::dispatch(
                shared,
                index,
                &method,
                path,
                &parts.headers,
                identity,
                params,
            )
            .await
        }
        Err(error) => Err(error),
    };
    // An upload no task took (the call was refused) is removed, as pveproxy removes it.
    let untaken = spooled.and_then(|spooled| {
        let mut world = shared.world();
        let taken = world.uploads.get(&spooled).is_some_and(|u| u.taken);
        (!taken).then(|| world.uploads.remove(&spooled)).flatten()
    });
    if let Some(untaken) = untaken {
        let _ = tokio::fs::remove_file(&untaken.file).await;
    }
    // Never the parameters: they may hold a password.
    tracing::debug!(node = index, method, path, status = ?reply.as_ref().map_err(|e| e.status).err(), "lab request");
    match reply {
        Ok(answer) => {
            let mut body = json!({ "data": answer.data });
            if let (Some(total), Some(object)) = (answer.total, body.as_object_mut()) {
                object.insert("total".to_owned(), json!(total));
            }
            json_response(StatusCode::OK, &body)
        }
        Err(error) => refused(shared, &error).await,
    }
}

/// Keeps what reached the node, as pveproxy's access log does (refused requests too).
fn note_request(shared: &Shared, index: usize, method: &str, path: &str, carried_password: bool) {
    let mut world = shared.world();
    if let Some(node) = world.node_mut(index) {
        node.seen.push(SeenRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            carried_password,
        });
    }
}

/// Strikes the faults armed on node `index` receiving `method path`. A node that one switches
/// off never handles the request: it waits, silent, until the connection is dropped.
async fn strike_received(shared: &Shared, index: usize, method: &str, path: &str) {
    let received = super::state::Strike::Received(method.to_owned(), path.to_owned());
    let on = {
        let mut world = shared.world();
        world.strike(index, &received);
        world.node(index).is_some_and(|n| n.online)
    };
    if !on {
        std::future::pending::<()>().await;
    }
}

/// A failure's answer; pve-http-server delays every refused authentication (3 s), against guessing.
async fn refused(shared: &Shared, error: &ApiError) -> Response<Full<Bytes>> {
    if error.status == 401 {
        tokio::time::sleep(shared.settings.auth_failure_delay).await;
    }
    error_response(error)
}

/// An upload, as pveproxy takes it: authenticated before the body is read, then streamed to the
/// spool directory.
async fn receive_upload(
    shared: &Arc<Shared>,
    index: usize,
    parts: &hyper::http::request::Parts,
    body: Incoming,
) -> Result<BTreeMap<String, String>, ApiError> {
    let (dir, room) = {
        let world = shared.world();
        (world.spool(), world.root_free(index))
    };
    let spool = upload::Spool {
        dir: &dir,
        node: index,
        room,
    };
    let (params, received) =
        upload::receive(spool, parts.uri.query(), &parts.headers, body).await?;
    if let Some(spooled) = params.get("tmpfilename") {
        shared.world().uploads.insert(spooled.clone(), received);
    }
    Ok(params)
}

/// Query and body parameters; bodies form-encoded or JSON, as PVE accepts them.
fn parse_params(
    method: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<BTreeMap<String, String>, ApiError> {
    let bad = || ApiError::status(400, "unable to parse request parameters");
    let mut params = BTreeMap::new();
    if let Some(query) = query {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).map_err(|_| bad())?;
        params.extend(pairs);
    }
    if body.is_empty() {
        return Ok(params);
    }
    if !matches!(method, "POST" | "PUT") {
        return Err(ApiError::status(
            501,
            format!("Unexpected content for method '{method}'"),
        ));
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("application/json") {
        let object: serde_json::Map<String, Value> =
            serde_json::from_slice(body).map_err(|_| bad())?;
        for (key, value) in object {
            let text = match value {
                Value::Null => continue,
                Value::String(text) => text,
                Value::Bool(flag) => u8::from(flag).to_string(),
                other => other.to_string(),
            };
            params.insert(key, text);
        }
    } else if content_type.starts_with("application/x-www-form-urlencoded")
        || content_type.is_empty()
    {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|_| bad())?;
        params.extend(pairs);
    } else {
        return Err(ApiError::status(
            501,
            format!("Unexpected content for method '{method}'"),
        ));
    }
    Ok(params)
}

fn json_response(status: StatusCode, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
}

/// PVE puts the message in the status line too (its first line; `Bad Request` style text when it
/// cannot), and since pve-http-server 5.2 in the body's `message`.
fn error_response(error: &ApiError) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = if error.before_handler {
        let mut response = Response::new(Full::new(Bytes::new()));
        *response.status_mut() = status;
        response
    } else {
        error_body(error, status)
    };
    let first_line = error.message.lines().next().unwrap_or_default().trim();
    if let Ok(reason) = hyper::ext::ReasonPhrase::try_from(Bytes::from(first_line.to_owned())) {
        response.extensions_mut().insert(reason);
    }
    // pve-http-server keeps no connection open after an error (`response`: keep_alive = 0
    // for a code of 400 and up).
    response.headers_mut().insert(
        hyper::header::CONNECTION,
        hyper::header::HeaderValue::from_static("close"),
    );
    response
}

/// PVE's JSON error body: `{"data":null,"message":"…\n","errors":{…}}`.
fn error_body(error: &ApiError, status: StatusCode) -> Response<Full<Bytes>> {
    let message = format!("{}\n", error.message.trim_end());
    let mut body = json!({ "data": null, "message": message });
    if !error.errors.is_empty()
        && let Some(object) = body.as_object_mut()
    {
        object.insert("errors".to_owned(), json!(error.errors));
    }
    json_response(status, &body)
}

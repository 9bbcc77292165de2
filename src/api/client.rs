//! The transport: one HTTPS client per node, pinned TLS, the session, and the `{data}` envelope.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use super::auth::{self, Credentials, LoginAnswer, LoginOutcome, TfaChallenge, Ticket, Userid};
use super::endpoint::Endpoint;
use super::error::Error;
use super::tls;
use crate::fingerprint::Fingerprint;
use crate::secrets::Secret;

/// How long an upload may take at most: a day, so that only the user ends a slow one.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// Tunables of a client.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// How long one request may take.
    pub request_timeout: Duration,
    /// How long to wait for a TCP and TLS connection.
    pub connect_timeout: Duration,
    /// Renew the ticket once it is this old (it lives two hours; the web UI renews much earlier).
    pub renew_after: Duration,
    /// An upload that moves no byte (and gets no answer) for this long has stalled: the node
    /// went silent, switched off or unplugged.
    pub stall_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            renew_after: Duration::from_secs(60 * 60),
            stall_timeout: Duration::from_secs(30),
        }
    }
}

/// What a probe learns about a node without sending any credential.
#[derive(Clone, Debug)]
pub struct Probe {
    /// The SHA-256 fingerprint of the node's certificate, for the user to compare.
    pub fingerprint: Fingerprint,
    /// Whether the certificate chains to a CA of the system store (e.g. an ACME certificate).
    pub system_trusted: bool,
}

enum Session {
    None,
    Ticket {
        ticket: Ticket,
        user: Userid,
        /// Kept to log in again when the ticket expired or the node's key changed (a join).
        password: Option<Secret>,
    },
    Token {
        header: Secret,
    },
}

/// A client of one Proxmox VE node.
pub struct Client {
    http: reqwest::Client,
    endpoint: Endpoint,
    pin: Fingerprint,
    base_url: String,
    options: ClientOptions,
    session: Arc<Mutex<Session>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("pin", &self.pin)
            .finish_non_exhaustive()
    }
}

/// What a request sends as its parameters.
enum Params<'a, P: Serialize + ?Sized> {
    Query(&'a P),
    Form(&'a P),
}

impl Client {
    /// A client that trusts the node by `pin` (or by the system CA store). It connects lazily.
    pub fn new(
        endpoint: Endpoint,
        pin: Fingerprint,
        options: ClientOptions,
    ) -> Result<Self, Error> {
        let config = tls::client_config(Some(pin)).map_err(|e| Error::Connect {
            host: endpoint.to_string(),
            detail: e.to_string(),
        })?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(config)
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .user_agent(concat!("pve-ha-wizard/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Connect {
                host: endpoint.to_string(),
                detail: e.to_string(),
            })?;
        Ok(Self {
            base_url: endpoint.base_url(),
            http,
            endpoint,
            pin,
            options,
            session: Arc::new(Mutex::new(Session::None)),
        })
    }

    /// Fetches the node's certificate fingerprint for the user to confirm. No HTTP request is
    /// made: the TLS handshake is stopped as soon as the certificate has been seen.
    pub async fn probe(endpoint: &Endpoint, timeout: Duration) -> Result<Probe, Error> {
        let host = endpoint.to_string();
        let connect_error = |detail: String| Error::Connect {
            host: host.clone(),
            detail,
        };
        let config = tls::client_config(None).map_err(|e| connect_error(e.to_string()))?;
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
        let server_name = rustls::pki_types::ServerName::try_from(endpoint.host().to_owned())
            .map_err(|e| connect_error(e.to_string()))?;
        let connect = tokio::net::TcpStream::connect((endpoint.host(), endpoint.port()));
        let tcp = match tokio::time::timeout(timeout, connect).await {
            Err(_) => return Err(connect_error("no answer".to_owned())),
            Ok(Err(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
                return Err(Error::Refused { host });
            }
            Ok(Err(error)) => return Err(connect_error(error.to_string())),
            Ok(Ok(tcp)) => tcp,
        };
        let result = tokio::time::timeout(timeout, connector.connect(server_name, tcp))
            .await
            .map_err(|_| connect_error("no answer".to_owned()))?;
        match result {
            Err(err) => match tls::find_pin_mismatch(&err) {
                Some(seen) => Ok(Probe {
                    fingerprint: seen.seen,
                    system_trusted: seen.system_trusted,
                }),
                None => Err(connect_error(err.to_string())),
            },
            // The verifier trusts nothing while probing, so a finished handshake is impossible.
            Ok(_) => Err(connect_error(
                "handshake finished without a certificate".to_owned(),
            )),
        }
    }

    /// The node this client talks to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The fingerprint this client trusts.
    pub fn pin(&self) -> Fingerprint {
        self.pin
    }

    /// A new client for the same node trusting a new certificate (after a join), keeping the session.
    pub fn with_pin(&self, pin: Fingerprint) -> Result<Self, Error> {
        let mut client = Self::new(self.endpoint.clone(), pin, self.options.clone())?;
        client.session = Arc::clone(&self.session);
        Ok(client)
    }

    /// Logs in. With a password, the answer may ask for a TOTP code ([`Client::login_totp`]).
    pub async fn login(&self, credentials: &Credentials) -> Result<LoginOutcome, Error> {
        match credentials {
            Credentials::Password { user, password } => {
                match self
                    .ticket_call(user, &auth::login_form(user, password))
                    .await?
                {
                    LoginAnswer::Ticket(ticket) => {
                        *self.session.lock().await = Session::Ticket {
                            ticket,
                            user: user.clone(),
                            password: Some(password.clone()),
                        };
                        Ok(LoginOutcome::LoggedIn)
                    }
                    LoginAnswer::NeedsTotp(challenge) => Ok(LoginOutcome::NeedsTotp(challenge)),
                }
            }
            Credentials::Token {
                user,
                token_name,
                secret,
            } => {
                // A token needs no login call: it goes with every request.
                let header = format!("PVEAPIToken={user}!{token_name}={}", secret.expose());
                *self.session.lock().await = Session::Token {
                    header: Secret::new(header),
                };
                Ok(LoginOutcome::LoggedIn)
            }
        }
    }

    /// Answers a TOTP challenge. The password of the first step is not kept: a session that needed
    /// a code can be renewed while its ticket is valid, but not started again without one.
    pub async fn login_totp(&self, challenge: &TfaChallenge, code: &str) -> Result<(), Error> {
        let user: Userid = challenge.username.parse().map_err(|_| Error::LoginFailed {
            host: self.endpoint.to_string(),
            user: challenge.username.clone(),
        })?;
        match self
            .ticket_call(&user, &auth::totp_form(challenge, code))
            .await
        {
            Ok(LoginAnswer::Ticket(ticket)) => {
                *self.session.lock().await = Session::Ticket {
                    ticket,
                    user,
                    password: None,
                };
                Ok(())
            }
            Ok(LoginAnswer::NeedsTotp(_)) | Err(Error::LoginFailed { .. }) => {
                Err(Error::TotpRequired {
                    host: self.endpoint.to_string(),
                    user: user.to_string(),
                })
            }
            Err(other) => Err(other),
        }
    }

    /// The clustername the node gave at login, when it is in a cluster.
    pub async fn session_clustername(&self) -> Option<String> {
        match &*self.session.lock().await {
            Session::Ticket { ticket, .. } => ticket.clustername.clone(),
            _ => None,
        }
    }

    /// `POST /access/ticket`; a 401 here means the credentials were wrong.
    async fn ticket_call(
        &self,
        user: &Userid,
        form: &[(&str, String)],
    ) -> Result<LoginAnswer, Error> {
        let response = self
            .send(Method::POST, "/access/ticket", &Params::Form(form), None)
            .await;
        let response = match response {
            Err(Error::SessionRejected { .. }) => {
                return Err(Error::LoginFailed {
                    host: self.endpoint.to_string(),
                    user: user.to_string(),
                });
            }
            other => other?,
        };
        let answer: auth::TicketResponse = self.unpack("POST", "/access/ticket", response).await?;
        auth::parse_login(answer).map_err(|e| self.decode_error("POST", "/access/ticket", e))
    }

    /// Renews the ticket when it is old enough; logs in again with the kept password when the
    /// node no longer accepts it.
    async fn ensure_fresh_session(&self) -> Result<(), Error> {
        let (user, ticket, password) = {
            let session = self.session.lock().await;
            match &*session {
                Session::Ticket {
                    ticket,
                    user,
                    password,
                } if ticket.obtained.elapsed() >= self.options.renew_after => {
                    (user.clone(), ticket.clone(), password.clone())
                }
                _ => return Ok(()),
            }
        };
        tracing::debug!(host = %self.endpoint, "renewing the session ticket");
        match self
            .ticket_call(&user, &auth::renew_form(&user, &ticket))
            .await
        {
            Ok(LoginAnswer::Ticket(fresh)) => {
                *self.session.lock().await = Session::Ticket {
                    ticket: fresh,
                    user,
                    password,
                };
                Ok(())
            }
            Ok(LoginAnswer::NeedsTotp(_)) | Err(Error::LoginFailed { .. }) => {
                self.login_again(user, password).await
            }
            Err(other) => Err(other),
        }
    }

    /// Logs in again with the kept password; without one, the session is over.
    async fn login_again(&self, user: Userid, password: Option<Secret>) -> Result<(), Error> {
        let Some(password) = password else {
            return Err(Error::SessionRejected {
                host: self.endpoint.to_string(),
                message: "the session expired".to_owned(),
            });
        };
        let credentials = Credentials::Password {
            user: user.clone(),
            password,
        };
        match self.login(&credentials).await? {
            LoginOutcome::LoggedIn => Ok(()),
            LoginOutcome::NeedsTotp(_) => Err(Error::TotpRequired {
                host: self.endpoint.to_string(),
                user: user.to_string(),
            }),
        }
    }

    /// `GET path?query`, unpacking `data`.
    pub async fn get<T: DeserializeOwned, Q: Serialize + ?Sized>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<T, Error> {
        self.call(Method::GET, path, &Params::Query(query)).await
    }

    /// `POST path` with a form body, unpacking `data`.
    pub async fn post<T: DeserializeOwned, F: Serialize + ?Sized>(
        &self,
        path: &str,
        form: &F,
    ) -> Result<T, Error> {
        self.call(Method::POST, path, &Params::Form(form)).await
    }

    /// `PUT path` with a form body, unpacking `data`.
    pub async fn put<T: DeserializeOwned, F: Serialize + ?Sized>(
        &self,
        path: &str,
        form: &F,
    ) -> Result<T, Error> {
        self.call(Method::PUT, path, &Params::Form(form)).await
    }

    /// `DELETE path?query`, unpacking `data`.
    pub async fn delete<T: DeserializeOwned, Q: Serialize + ?Sized>(
        &self,
        path: &str,
        query: &Q,
    ) -> Result<T, Error> {
        self.call(Method::DELETE, path, &Params::Query(query)).await
    }

    async fn call<T: DeserializeOwned, P: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        params: &Params<'_, P>,
    ) -> Result<T, Error> {
        self.ensure_fresh_session().await?;
        let auth = self.auth_headers(&method).await;
        let response = match self.send(method.clone(), path, params, auth).await {
            // A 401 means nothing was done: log in again once (the ticket expired, or the node
            // joined a cluster and took the cluster's key) and repeat the call.
            Err(rejected @ Error::SessionRejected { .. }) => {
                let Some((user, password)) = self.kept_password().await else {
                    return Err(rejected);
                };
                self.login_again(user, Some(password)).await?;
                let auth = self.auth_headers(&method).await;
                self.send(method.clone(), path, params, auth).await?
            }
            other => other?,
        };
        self.unpack(method_name(&method), path, response).await
    }

    async fn kept_password(&self) -> Option<(Userid, Secret)> {
        match &*self.session.lock().await {
            Session::Ticket {
                user,
                password: Some(password),
                ..
            } => Some((user.clone(), password.clone())),
            _ => None,
        }
    }

    async fn auth_headers(&self, method: &Method) -> Option<Vec<(&'static str, Secret)>> {
        match &*self.session.lock().await {
            Session::None => None,
            Session::Token { header } => Some(vec![("Authorization", header.clone())]),
            Session::Ticket { ticket, .. } => {
                let mut headers = vec![(
                    "Cookie",
                    Secret::new(format!("PVEAuthCookie={}", ticket.ticket.expose())),
                )];
                if method != Method::GET {
                    headers.push(("CSRFPreventionToken", ticket.csrf.clone()));
                }
                Some(headers)
            }
        }
    }

    /// How long an upload may go without progress.
    pub(crate) fn stall_timeout(&self) -> Duration {
        self.options.stall_timeout
    }

    /// The error of a transfer that went silent.
    pub(crate) fn stalled(&self, method: &'static str, path: &str, idle: Duration) -> Error {
        Error::Stalled {
            host: self.endpoint.to_string(),
            method,
            path: path.to_owned(),
            idle_secs: idle.as_secs(),
        }
    }

    /// `POST path` with a multipart body (a file upload), unpacking `data`. The body is a stream,
    /// so the call is not repeated: the session is renewed beforehand if it is about to expire.
    pub async fn post_multipart<T: DeserializeOwned>(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> Result<T, Error> {
        self.ensure_fresh_session().await?;
        let auth = self.auth_headers(&Method::POST).await;
        let url = format!("{}{}", self.base_url, path);
        // The client's time-out is for a request and its answer; an upload takes as long as its
        // size needs, and the user can cancel it.
        let request = self.http.post(url).multipart(form).timeout(UPLOAD_TIMEOUT);
        let response = self.execute(Method::POST, path, request, auth).await?;
        self.unpack("POST", path, response).await
    }

    /// Sends one request; maps transport failures and 401s. Other statuses are left to `unpack`.
    async fn send<P: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        params: &Params<'_, P>,
        auth: Option<Vec<(&'static str, Secret)>>,
    ) -> Result<reqwest::Response, Error> {
        let url = format!("{}{}", self.base_url, path);
        let mut request = self.http.request(method.clone(), url);
        request = match params {
            Params::Query(query) => request.query(query),
            Params::Form(form) => request.form(form),
        };
        self.execute(method, path, request, auth).await
    }

    async fn execute(
        &self,
        method: Method,
        path: &str,
        mut request: reqwest::RequestBuilder,
        auth: Option<Vec<(&'static str, Secret)>>,
    ) -> Result<reqwest::Response, Error> {
        for (name, value) in auth.iter().flatten() {
            request = request.header(*name, value.expose());
        }
        // Never log bodies: /access/* carries passwords.
        tracing::debug!(host = %self.endpoint, method = %method, path, "request");
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_error(method_name(&method), path, &e))?;
        tracing::debug!(host = %self.endpoint, method = %method, path, status = response.status().as_u16(), "response");
        if response.status() == StatusCode::UNAUTHORIZED {
            let message = reason_or_body_message(response).await;
            return Err(Error::SessionRejected {
                host: self.endpoint.to_string(),
                message,
            });
        }
        Ok(response)
    }

    /// Unpacks the `{"data": …}` envelope, or turns PVE's error answer into [`Error`].
    async fn unpack<T: DeserializeOwned>(
        &self,
        method: &'static str,
        path: &str,
        response: reqwest::Response,
    ) -> Result<T, Error> {
        let status = response.status();
        let reason = reason_phrase(&response);
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(method, path, &e))?;
        if status.is_success() {
            #[derive(serde::Deserialize)]
            struct Envelope<T> {
                data: T,
            }
            return serde_json::from_slice::<Envelope<T>>(&body)
                .map(|envelope| envelope.data)
                .map_err(|e| self.decode_error(method, path, e));
        }
        let failure: ErrorBody = serde_json::from_slice(&body).unwrap_or_default();
        let message = failure.message(reason.as_deref(), status);
        let host = self.endpoint.to_string();
        let path = path.to_owned();
        if status == StatusCode::FORBIDDEN {
            return Err(Error::Forbidden {
                host,
                method,
                path,
                message,
            });
        }
        Err(Error::Api {
            host,
            method,
            path,
            status: status.as_u16(),
            message,
            errors: failure.errors,
        })
    }

    fn transport_error(&self, method: &'static str, path: &str, error: &reqwest::Error) -> Error {
        let host = self.endpoint.to_string();
        if let Some(mismatch) = tls::find_pin_mismatch(error) {
            return Error::CertChanged {
                host,
                pinned: self.pin,
                seen: mismatch.seen,
            };
        }
        if error.is_timeout() {
            return Error::Timeout {
                host,
                method,
                path: path.to_owned(),
            };
        }
        let detail = crate::error_chain(error);
        if error.is_connect() {
            if refused(error) {
                return Error::Refused { host };
            }
            return Error::Connect { host, detail };
        }
        Error::Transport {
            host,
            method,
            path: path.to_owned(),
            detail,
        }
    }

    fn decode_error(&self, method: &'static str, path: &str, error: impl fmt::Display) -> Error {
        Error::Decode {
            host: self.endpoint.to_string(),
            method,
            path: path.to_owned(),
            detail: error.to_string(),
        }
    }
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        _ => "OTHER",
    }
}

/// Whether the connection was refused (a closed port), somewhere in the error's causes.
fn refused(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if current
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused)
        {
            return true;
        }
        cause = current.source();
    }
    false
}

/// PVE's error body: `{"data":null,"message":"…","errors":{"param":"msg"}}` (`message` since
/// pve-http-server 5.2.0; older nodes put it only in the status line).
#[derive(Default, serde::Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    errors: BTreeMap<String, String>,
}

impl ErrorBody {
    /// The message, with per-parameter errors merged in, as `expect_json` does in proxmox-client.
    fn message(&self, reason: Option<&str>, status: StatusCode) -> String {
        let mut message = self
            .message
            .as_deref()
            .or(reason)
            .or(status.canonical_reason())
            .unwrap_or("error")
            .trim_end()
            .to_owned();
        for (param, error) in &self.errors {
            message.push_str(&format!("\n{param}: {}", error.trim_end()));
        }
        message
    }
}

/// The HTTP/1 reason phrase, where PVE puts its message.
fn reason_phrase(response: &reqwest::Response) -> Option<String> {
    response
        .extensions()
        .get::<hyper::ext::ReasonPhrase>()
        .map(|reason| String::from_utf8_lossy(reason.as_bytes()).into_owned())
}

async fn reason_or_body_message(response: reqwest::Response) -> String {
    let reason = reason_phrase(&response);
    let body: ErrorBody = response
        .bytes()
        .await
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    body.message
        .or(reason)
        .unwrap_or_else(|| "authentication failure".to_owned())
        .trim_end()
        .to_owned()
}

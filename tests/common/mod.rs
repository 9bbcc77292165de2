//! Helpers for the integration tests: a practice lab per test, started in-process, and the course
//! driven over real HTTPS against it.
#![allow(dead_code)] // Each test file uses a different part.

use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::Duration;

use pve_ha_wizard::api::{Client, ClientOptions, Credentials, Endpoint, LoginOutcome};
use pve_ha_wizard::course::{
    Course, CourseOptions, Event, Events, KnownNodes, Outcome, Plan, StepError, StepId,
};
use pve_ha_wizard::lab::{Lab, LabInfo, LabOptions, Scenario};
use pve_ha_wizard::practice::{self, LabSecrets};
use pve_ha_wizard::secrets::Secret;

/// Starts a lab on its own address range, 127.0.`subnet`.11 and up, so tests run side by side.
/// Subnets 100 and up belong to the course tests; the lab's own tests use lower ones.
pub async fn start_lab(subnet: u8, scenarios: &[Scenario], tfa: bool) -> Lab {
    start_lab_with(
        subnet,
        LabOptions {
            scenarios: scenarios.to_vec(),
            tfa,
            ..LabOptions::default()
        },
    )
    .await
}

/// [`start_lab`] with more options; the address base and the login delay are the test's.
pub async fn start_lab_with(subnet: u8, options: LabOptions) -> Lab {
    Lab::start(LabOptions {
        address_base: Ipv4Addr::new(127, 0, subnet, 11),
        // PVE delays every refused login by 3 s; a test needs no such wait.
        auth_failure_delay: Duration::from_millis(20),
        ..options
    })
    .await
    .unwrap_or_else(|e| panic!("lab on 127.0.{subnet}.x should start: {e}"))
}

/// Fast task polling: lab tasks take well under a second.
pub fn fast_options() -> CourseOptions {
    let mut options = CourseOptions::default();
    options.task_wait.poll_interval = Duration::from_millis(50);
    options.task_wait.timeout = Duration::from_secs(60);
    options.quorum_timeout = Duration::from_secs(30);
    options
}

/// A course over the lab's nodes, with the lab's password.
pub fn course_for(
    info: &LabInfo,
    cluster: &str,
) -> (Course, tokio::sync::mpsc::UnboundedReceiver<Event>) {
    let plan = practice::plan_for(info, cluster).expect("the lab gives a valid plan");
    course_with_plan(info, plan)
}

/// A course over the lab's nodes that trusts what `known_nodes` lists (shared between runs).
pub fn course_remembering(
    info: &LabInfo,
    cluster: &str,
    known_nodes: &KnownNodes,
) -> (Course, tokio::sync::mpsc::UnboundedReceiver<Event>) {
    let plan = practice::plan_for(info, cluster).expect("the lab gives a valid plan");
    let options = CourseOptions {
        known_nodes: known_nodes.clone(),
        ..fast_options()
    };
    course_with_options(info, plan, options)
}

/// A course over any plan, with the lab's password.
pub fn course_with_plan(
    info: &LabInfo,
    plan: Plan,
) -> (Course, tokio::sync::mpsc::UnboundedReceiver<Event>) {
    course_with_options(info, plan, fast_options())
}

fn course_with_options(
    info: &LabInfo,
    plan: Plan,
    options: CourseOptions,
) -> (Course, tokio::sync::mpsc::UnboundedReceiver<Event>) {
    let (events, receiver) = Events::channel();
    let course = Course::new(plan, Arc::new(LabSecrets::new(info)), events, options);
    (course, receiver)
}

/// How many events carry the message `id`.
pub fn count_messages(events: &[Event], id: &str) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, Event::Info { message, .. } if message.id == id))
        .count()
}

/// Runs every step; returns the result and every event sent.
pub async fn run_all(
    course: &mut Course,
    receiver: &mut tokio::sync::mpsc::UnboundedReceiver<Event>,
) -> (Result<(), (StepId, StepError)>, Vec<Event>) {
    let result = course.run_all().await;
    let mut events = Vec::new();
    while let Ok(event) = receiver.try_recv() {
        events.push(event);
    }
    (result, events)
}

/// How each step ended, in order.
pub fn outcomes(events: &[Event]) -> Vec<(StepId, Outcome)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::StepFinished { step, outcome } => Some((*step, *outcome)),
            _ => None,
        })
        .collect()
}

/// The ids of the problems and warnings a check reported.
pub fn finding_ids(events: &[Event]) -> Vec<&'static str> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Finding { finding, .. } => Some(finding.message.id),
            _ => None,
        })
        .collect()
}

/// A client of a lab node, pinned to the fingerprint the lab gives now.
pub fn client_of(info: &LabInfo, index: usize, options: ClientOptions) -> Client {
    let node = &info.nodes[index];
    let endpoint = Endpoint::new(&node.address.to_string(), node.port).unwrap();
    Client::new(endpoint, node.fingerprint, options).unwrap()
}

/// A logged-in client of a lab node.
pub async fn logged_in(info: &LabInfo, index: usize) -> Client {
    let client = client_of(info, index, ClientOptions::default());
    let credentials = Credentials::Password {
        user: info.user.parse().unwrap(),
        password: Secret::new(info.password.clone()),
    };
    let outcome = client.login(&credentials).await.expect("login to the lab");
    assert!(
        matches!(outcome, LoginOutcome::LoggedIn),
        "the lab without --tfa should not ask for TOTP"
    );
    client
}

/// Asks the lab's control panel (plain HTTP on 127.0.0.1, bearer token); returns the status and
/// the JSON answer. `token` overrides the lab's own.
pub async fn control(
    info: &LabInfo,
    method: &str,
    path: &str,
    token: Option<&str>,
) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let address = info.control_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let token = token.unwrap_or(&info.control_token);
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or_default())
}

/// Waits until `done` holds, at most `limit` (longer than any wait of a working system);
/// `what` says what never came to be.
pub async fn until<Done>(limit: Duration, what: &str, mut done: impl FnMut() -> Done)
where
    Done: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    while !done().await {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until the node at `index` has restarted pveproxy with the cluster's certificate, the
/// last act of its join (its fingerprint differs from the one in `before`).
pub async fn joined(lab: &Lab, before: &LabInfo, index: usize) {
    until(Duration::from_secs(300), "the join never ended", || async {
        lab.info().nodes[index].fingerprint != before.nodes[index].fingerprint
    })
    .await;
}

/// The SHA-256 of `bytes` in lower-case hex, as PVE compares it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Creates VM `vmid` ("web") on `node` through `client`, as the web UI's Create VM makes one
/// (its disk `scsi0`, its CD drive `ide2`), and waits for the task: a VM of the teacher's own.
pub async fn create_own_vm(client: &Client, node: &str, vmid: u64, scsi0: &str, ide2: &str) {
    let vm = pve_ha_wizard::api::NewVm {
        vmid,
        name: "web".to_owned(),
        memory: 512,
        cores: 1,
        ostype: "l26".to_owned(),
        scsihw: "virtio-scsi-single".to_owned(),
        scsi0: scsi0.to_owned(),
        ide2: ide2.to_owned(),
        net0: "virtio,bridge=vmbr0".to_owned(),
        boot: "order=scsi0;ide2;net0".to_owned(),
    };
    let upid = client.create_vm(node, &vm).await.unwrap();
    client
        .wait_task(&upid, &Default::default(), |_| {})
        .await
        .unwrap();
}

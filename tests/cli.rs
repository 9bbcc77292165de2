//! The command line as a script uses it: exit codes, JSON events, join information on stdin.

mod common;

use std::io::Write as _;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::*;
use pve_ha_wizard::lab::{LabOptions, Pve};

/// The binary in English, with no password of the environment it runs in.
fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pve-ha-wizard"));
    command
        .env("LANG", "en_US.UTF-8")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("PVE_PASSWORD");
    command
}

/// Runs the binary; its configuration directory is a new empty one unless `envs` names one.
fn wizard(args: &[&str], stdin: &str, envs: &[(&str, &str)]) -> Output {
    let config = tempfile::tempdir().unwrap();
    let mut child = binary()
        .args(args)
        .env("XDG_CONFIG_HOME", config.path())
        .envs(envs.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The lab's plan, written as `course.toml` in `dir`.
fn write_plan(info: &pve_ha_wizard::lab::LabInfo, dir: &tempfile::TempDir) -> std::path::PathBuf {
    let plan = dir.path().join("course.toml");
    let text = pve_ha_wizard::practice::plan_for(info, "escola")
        .unwrap()
        .to_toml();
    std::fs::write(&plan, text).unwrap();
    plan
}

/// The lab's password, and `dir` as the configuration directory.
fn lab_envs(info: &pve_ha_wizard::lab::LabInfo, dir: &tempfile::TempDir) -> Vec<(String, String)> {
    vec![
        ("PVE_PASSWORD".to_owned(), info.password.clone()),
        (
            "XDG_CONFIG_HOME".to_owned(),
            dir.path().display().to_string(),
        ),
    ]
}

/// `run --plan PLAN --json`.
fn run_json(plan: &std::path::Path) -> Vec<String> {
    ["run", "--plan", &plan.display().to_string(), "--json"]
        .map(str::to_owned)
        .to_vec()
}

async fn wizard_async(args: Vec<String>, envs: Vec<(String, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        wizard(&args, "", &envs)
    })
    .await
    .unwrap()
}

/// The binary started in the background, its standard output read line by line as it comes.
struct Started {
    child: std::process::Child,
    lines: tokio::sync::mpsc::UnboundedReceiver<String>,
    stderr: std::thread::JoinHandle<String>,
}

impl Started {
    fn new(args: &[String], envs: &[(String, String)]) -> Self {
        use std::io::{BufRead as _, Read as _};
        let mut child = binary()
            .args(args)
            .envs(envs.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = tokio::sync::mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Self {
            child,
            lines,
            stderr,
        }
    }

    /// The next JSON event for which `wanted` holds; the ones before it are passed over.
    async fn event(&mut self, wanted: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        while let Some(line) = self.lines.recv().await {
            let event: serde_json::Value = serde_json::from_str(&line).unwrap();
            if wanted(&event) {
                return event;
            }
        }
        panic!("the output ended before the event looked for");
    }

    /// Ctrl+C, as a terminal sends it.
    fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the exit; its code, the rest of the output's events, and standard error.
    async fn finish(mut self) -> (Option<i32>, Vec<serde_json::Value>, String) {
        let mut child = self.child;
        let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
            .await
            .unwrap();
        let mut events = Vec::new();
        while let Some(line) = self.lines.recv().await {
            events.push(serde_json::from_str(&line).unwrap());
        }
        (status.code(), events, self.stderr.join().unwrap())
    }
}

#[test]
fn join_info_decode_refuses_garbage_with_exit_2() {
    let out = wizard(
        &["join-info", "decode"],
        "this is not join information\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Copy Information"),
        "the message says where to copy it from: {stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn join_info_decode_and_encode_round_trip() {
    let json = r#"{"ipAddress":"192.168.1.11","fingerprint":"0B:C4:1D:8F:25:6A:77:90:AB:CD:EF:01:23:45:67:89:9A:BC:DE:F0:12:34:56:78:87:65:43:21:0F:ED:CB:A9","peerLinks":{"0":"192.168.1.11"},"ring_addr":["192.168.1.11"],"totem":{"cluster_name":"escola","config_version":"1","interface":{"0":{"linknumber":"0"}},"ip_version":"ipv4-6","link_mode":"passive","secauth":"on","version":"2"}}"#;
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(json);
    let decoded = wizard(&["join-info", "decode"], &text, &[]);
    assert_eq!(
        decoded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&decoded.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&decoded.stdout).unwrap();
    assert_eq!(value["ipAddress"], "192.168.1.11");
    assert_eq!(value["totem"]["cluster_name"], "escola");
    let encoded = wizard(
        &["join-info", "encode"],
        &String::from_utf8_lossy(&decoded.stdout),
        &[],
    );
    assert_eq!(
        String::from_utf8_lossy(&encoded.stdout).trim(),
        text,
        "encode gives back the web UI's text"
    );
}

#[test]
fn bad_plan_exits_2_before_anything() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, "[cluster]\nname = \"no good\"\n").unwrap();
    let out = wizard(&["run", "--plan", plan.to_str().unwrap()], "", &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let missing = wizard(&["run", "--plan", "/nonexistent/plan.toml"], "", &[]);
    assert_eq!(missing.status.code(), Some(2));
}

/// Replication of a disk on the NAS is refused from the plan, in the user's language, with
/// what to do instead.
#[test]
fn replication_of_a_disk_on_the_nas_is_refused_from_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    let fingerprint = ["AA"; 32].join(":");
    let mut text = "[cluster]\nname = \"escola\"\n".to_owned();
    for address in ["192.168.1.11", "192.168.1.12"] {
        text.push_str(&format!(
            "[[nodes]]\naddress = \"{address}\"\nfingerprint = \"{fingerprint}\"\n"
        ));
    }
    text.push_str(
        "[storage]\nid = \"NAS\"\nserver = \"192.168.1.20\"\nexport = \"/mnt/pool/proxmox\"\n\
         [vm]\nname = \"tiny\"\nmemory_mib = 512\ndisk_gib = 2\n\
         [replication]\ntarget = \"pve2\"\n",
    );
    std::fs::write(&plan, text).unwrap();
    let plan = plan.to_str().unwrap();
    let out = wizard(&["--lang", "ca-valencia", "run", "--plan", plan], "", &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("local-zfs") && stderr.contains("NAS"),
        "the message says why and what to do: {stderr}"
    );
}

#[test]
fn messages_follow_the_language() {
    let out = wizard(&["--lang", "ca-valencia", "join-info", "decode"], "", &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("No s'ha apegat res"),
        "Valencian message expected: {stderr}"
    );
    // A LliureX session: LANGUAGE before LANG, as gettext reads them.
    let lliurex = [("LANG", "es_ES.UTF-8"), ("LANGUAGE", "ca@valencia")];
    let out = wizard(&["join-info", "decode"], "", &lliurex);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No s'ha apegat res"), "{stderr}");
}

/// `run --plan --json` over a lab of each release: one JSON object per event, exit 0; a second
/// run only says "already done".
#[tokio::test]
async fn run_plan_json_over_the_lab_twice() {
    for (subnet, pve) in [(130, Pve::Pve9), (134, Pve::Pve8)] {
        run_plan_json_twice(subnet, pve).await;
    }
}

async fn run_plan_json_twice(subnet: u8, pve: Pve) {
    let lab = start_lab_with(
        subnet,
        LabOptions {
            pve,
            ..Default::default()
        },
    )
    .await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(&info, &dir);
    let args = run_json(&plan);
    let envs = lab_envs(&info, &dir);

    let first = wizard_async(args.clone(), envs.clone()).await;
    assert_eq!(
        first.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        !stdout.contains(&info.password),
        "the password is never printed"
    );
    let events: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    for event in &events {
        assert!(
            event["step"].is_string()
                && event["status"].is_string()
                && event["message"].is_string(),
            "{event}"
        );
    }
    let finished = |events: &[serde_json::Value]| -> Vec<(String, String)> {
        events
            .iter()
            .filter(|e| e["status"] != "running")
            .map(|e| {
                (
                    e["step"].as_str().unwrap().to_owned(),
                    e["status"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        finished(&events),
        [
            ("connect", "done"),
            ("hostnames", "done"),
            ("create-cluster", "done"),
            ("join", "done"),
            ("storage", "done")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );

    let known = std::fs::read_to_string(dir.path().join("pve-ha-wizard/known-nodes.toml"))
        .expect("the trusted certificates are remembered");
    for node in &lab.info().nodes {
        assert!(
            known.contains(&node.fingerprint.to_string()),
            "{} is remembered with its certificate after the join:\n{known}",
            node.name
        );
    }
    assert!(!known.contains(&info.password), "no secret in the file");

    let second = wizard_async(args, envs).await;
    assert_eq!(
        second.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&second.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&second.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        finished(&events),
        [
            ("connect", "already-done"),
            ("hostnames", "already-done"),
            ("create-cluster", "already-done"),
            ("join", "already-done"),
            ("storage", "already-done")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    lab.shutdown().await;
}

/// Without a password the run stops with exit 1 and says where a password can come from.
#[tokio::test]
async fn run_without_password_says_where_to_put_it() {
    let lab = start_lab(131, &[], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(&info, &dir);
    let out = wizard_async(
        vec!["run".into(), "--plan".into(), plan.display().to_string()],
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PVE_PASSWORD"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    lab.shutdown().await;
}

/// `upload` sends one more ISO image to the plan's NAS and prints its volume ID; again, it says
/// the image is already there.
#[tokio::test]
async fn upload_prints_the_volume_id() {
    let lab = start_lab(132, &[], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(&info, &dir);
    let image = dir.path().join("lliurex 23.iso");
    std::fs::write(&image, vec![7u8; 300_000]).unwrap();
    let envs = lab_envs(&info, &dir);
    let plan_arg = plan.display().to_string();
    let run = wizard_async(
        vec!["run".into(), "--plan".into(), plan_arg.clone()],
        envs.clone(),
    )
    .await;
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let upload = vec![
        "upload".to_owned(),
        "--plan".to_owned(),
        plan_arg,
        image.display().to_string(),
    ];
    for round in 0..2 {
        let out = wizard_async(upload.clone(), envs.clone()).await;
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            stdout.lines().last(),
            Some("NAS:iso/lliurex_23.iso"),
            "{stdout}"
        );
    }
    let missing = wizard_async(
        vec![
            "upload".into(),
            "--plan".into(),
            plan.display().to_string(),
            dir.path().join("nowhere.iso").display().to_string(),
        ],
        envs.clone(),
    )
    .await;
    assert_eq!(
        missing.status.code(),
        Some(2),
        "a missing image is bad input"
    );

    // With the SHA-256 published beside it (in either case), read once and stored.
    let published = dir.path().join("published.iso");
    let bytes = vec![9u8; 200_000];
    std::fs::write(&published, &bytes).unwrap();
    let sum = sha256_hex(&bytes).to_ascii_uppercase();
    let with_sum = |sum: &str| {
        vec![
            "upload".to_owned(),
            "--plan".to_owned(),
            plan.display().to_string(),
            "--sha256".to_owned(),
            sum.to_owned(),
            published.display().to_string(),
        ]
    };
    let bad = wizard_async(with_sum("not-a-checksum"), envs.clone()).await;
    assert_eq!(
        bad.status.code(),
        Some(2),
        "a malformed SHA-256 is bad input"
    );
    let out = wizard_async(with_sum(&sum), envs).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().last(), Some("NAS:iso/published.iso"));
    assert!(
        !stdout.contains("Computing the checksum"),
        "no hashing pass: {stdout}"
    );
    lab.shutdown().await;
}

/// `watch --until-recovered` reports the changes of a failover and the time it took, then stops
/// with exit 0. The lab's clock runs 50 times faster, so the failover takes seconds.
#[tokio::test]
async fn watch_reports_a_failover() {
    let lab = start_lab_with(
        133,
        LabOptions {
            time_scale: 50.0,
            ..Default::default()
        },
    )
    .await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("course.toml");
    let text = pve_ha_wizard::practice::plan_for(&info, "escola")
        .unwrap()
        .with_vm(pve_ha_wizard::course::PlanVm::new("tiny", 512, 1, None).unwrap())
        .unwrap()
        .with_ha(pve_ha_wizard::course::PlanHa::default())
        .unwrap()
        .to_toml();
    std::fs::write(&plan, text).unwrap();
    let envs = lab_envs(&info, &dir);
    let plan_arg = plan.display().to_string();
    let run = wizard_async(
        vec!["run".into(), "--plan".into(), plan_arg.clone()],
        envs.clone(),
    )
    .await;
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );

    let mut watch = Started::new(
        &[
            "watch".into(),
            "--plan".into(),
            plan_arg,
            "--json".into(),
            "--until-recovered".into(),
        ],
        &envs,
    );
    // Its first look at the cluster lists the HA service; only then is a node lost.
    let first = watch.event(|e| e.get("sid").is_some()).await;
    let (_, state) = control(&info, "GET", "/state", None).await;
    let node = state["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["running"].as_array().is_some_and(|r| !r.is_empty()))
        .and_then(|n| n["name"].as_str())
        .unwrap()
        .to_owned();
    assert_eq!(first["node"], node.as_str(), "{first}");
    control(&info, "POST", &format!("/nodes/{node}/power-off"), None).await;
    let (code, events, stderr) = tokio::time::timeout(Duration::from_secs(60), watch.finish())
        .await
        .expect("the watch stops after the recovery");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        events
            .iter()
            .any(|e| e["node"] == node.as_str() && e["online"] == false),
        "{events:#?}"
    );
    // (fence and recovery last one HA round, 0.2 s at this speed: the 1 s polls may miss them)
    let recovered = events
        .iter()
        .find(|e| e.get("recovery_seconds").is_some())
        .expect("the recovery is reported");
    assert_eq!(recovered["from"], node.as_str());
    assert_ne!(recovered["to"], node.as_str());
    lab.shutdown().await;
}

/// `practice --pve 8`: the same course over Proxmox VE 8.4 nodes, to the end, exit 0.
#[tokio::test]
async fn practice_runs_the_course_on_pve_8() {
    let dir = tempfile::tempdir().unwrap();
    let output = wizard_async(
        [
            "practice",
            "--pve",
            "8",
            "--json",
            "--address-base",
            "127.0.135.11",
        ]
        .map(str::to_owned)
        .to_vec(),
        vec![(
            "XDG_CONFIG_HOME".to_owned(),
            dir.path().display().to_string(),
        )],
    )
    .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    let connected = events
        .iter()
        .filter_map(|e| e["message"].as_str())
        .any(|m| m.contains("Proxmox VE 8.4.21"));
    assert!(connected, "the nodes say 8.4: {events:#?}");
    assert!(
        events
            .iter()
            .filter(|e| e["status"] != "running")
            .all(|e| e["status"] == "done"),
        "{events:#?}"
    );
}

/// Ctrl+C while a node joins: the wizard stops following, says so, and exits 1; the node
/// finishes its join by itself (a task runs on the node, whoever watches it), and the next run
/// completes.
#[tokio::test]
async fn ctrl_c_stops_a_run_and_the_next_run_completes() {
    let lab = start_lab(136, &[], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(&info, &dir);
    let args = run_json(&plan);
    let envs = lab_envs(&info, &dir);
    let mut run = Started::new(&args, &envs);
    run.event(|e| {
        e["node"] == "pve3"
            && e["task_log"]
                .as_str()
                .is_some_and(|l| l.starts_with("Join request OK"))
    })
    .await;
    run.interrupt();
    let (code, events, stderr) = run.finish().await;
    assert_eq!(code, Some(1), "{stderr}");
    let failed = events
        .iter()
        .find(|e| e["status"] == "failed")
        .unwrap_or_else(|| panic!("the cancel is reported: {events:#?}"));
    assert_eq!(failed["step"], "join", "{failed}");
    assert!(
        failed["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Cancelled.")),
        "{failed}"
    );

    joined(&lab, &info, 2).await;
    let again = wizard_async(args, envs).await;
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    lab.shutdown().await;
}

/// `fix-hosts` shows the change and writes it on a yes; then `run` goes through step 1.
#[tokio::test]
async fn fix_hosts_asks_then_writes_and_the_course_goes_through() {
    let lab = start_lab(139, &[pve_ha_wizard::lab::Scenario::HostsLoopback], false).await;
    let info = lab.info();
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(&info, &dir);
    let envs = lab_envs(&info, &dir);
    let plan_arg = plan.display().to_string();
    let fix = tokio::task::spawn_blocking({
        let envs = envs.clone();
        let plan_arg = plan_arg.clone();
        move || {
            let envs: Vec<(&str, &str)> =
                envs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            wizard(&["fix-hosts", "--plan", &plan_arg], "y\n", &envs)
        }
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&fix.stdout);
    assert_eq!(
        fix.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&fix.stderr)
    );
    assert!(
        stdout.contains("−  127.0.1.1 pve2.lab.lliurex pve2"),
        "{stdout}"
    );
    assert!(
        stdout.contains("/etc/hosts of 127.0.139.12:8006 is written"),
        "{stdout}"
    );
    let run = wizard_async(vec!["run".into(), "--plan".into(), plan_arg], envs).await;
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    lab.shutdown().await;
}

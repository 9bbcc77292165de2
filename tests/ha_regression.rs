//! Replays pve-ha-manager's own regression suite (src/test/test-*/, converted into
//! tests/ha-regression/ by scripts/convert-ha-tests.py) on the in-process port in
//! `pve_ha_wizard::ha`, and compares the ordered service and node state transitions with
//! upstream's log.expect: same transitions, same order, each within one round (10 s).
//!
//! Writes one line per scenario to `<target>/ha-regression.txt`; set
//! `HA_REGRESSION_LOG=test-name` to print that scenario's full simulated log, or
//! `HA_REGRESSION_DUMP=<dir>` to write every scenario's log there.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use pve_ha_wizard::ha::sim::Sim;
use serde_json::Value;

const TIME_TOLERANCE: i64 = 10;

/// Commands the simulator models (first word, and second-but-one for `service`/`crm`).
fn unsupported(cmd: &str) -> bool {
    let p: Vec<&str> = cmd.split_whitespace().collect();
    let verb = p.first().copied().unwrap_or_default();
    let action = p.get(2).copied().unwrap_or_default();
    match verb {
        "power" | "network" => !matches!(action, "on" | "off"),
        "delay"
        | "skip-round"
        | "cfs"
        | "reboot"
        | "shutdown"
        | "restart-lrm"
        | "pve-manager-version" => false,
        "crm" => !matches!(
            action,
            "stop"
                | "start"
                | "enable-node-maintenance"
                | "disable-node-maintenance"
                | "disarm-ha"
                | "arm-ha"
        ),
        "service" => !matches!(
            action,
            "started"
                | "stopped"
                | "disabled"
                | "ignored"
                | "migrate"
                | "relocate"
                | "stop"
                | "add"
                | "delete"
                | "lock"
                | "unlock"
                | "manual-migrate"
                | "set-static-stats"
                | "set-dynamic-stats"
        ),
        _ => true,
    }
}

fn line_re(line: &str) -> Option<(i64, String)> {
    // "info     20    node1/crm: service 'vm:101': state changed from ..."
    let mut it = line.splitn(2, char::is_whitespace);
    let _level = it.next()?;
    let rest = it.next()?.trim_start();
    let (time, rest) = rest.split_once(char::is_whitespace)?;
    let time: i64 = time.parse().ok()?;
    let (_logger, msg) = rest.trim_start().split_once(": ")?;
    let msg = msg.trim_end();
    let is_service = msg.starts_with("service '")
        && msg.contains("': state changed from '")
        && msg.contains("' to '");
    let is_node = msg.starts_with("node '")
        && msg.contains("': state changed from '")
        && msg.contains("' => '");
    (is_service || is_node).then(|| (time, msg.to_string()))
}

fn compare(expected: &[(i64, String)], got: &[(i64, String)]) -> Option<String> {
    for i in 0..expected.len().max(got.len()) {
        match (expected.get(i), got.get(i)) {
            (Some(e), Some(g)) if e.1 == g.1 && (e.0 - g.0).abs() <= TIME_TOLERANCE => {}
            (Some(e), Some(g)) => {
                return Some(format!(
                    "#{i}: expected {} {} vs got {} {}",
                    e.0, e.1, g.0, g.1
                ));
            }
            (Some(e), None) => {
                return Some(format!("#{i}: expected {} {} vs got nothing", e.0, e.1));
            }
            (None, Some(g)) => {
                return Some(format!("#{i}: expected nothing vs got {} {}", g.0, g.1));
            }
            (None, None) => {}
        }
    }
    None
}

fn run_scenario(fixture: &Value) -> (String, String) {
    let name = fixture
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    let files: BTreeMap<String, String> = fixture
        .get("files")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let expected: Vec<(i64, String)> = fixture
        .get("expected")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| {
                    Some((
                        t.get("time")?.as_i64()?,
                        t.get("msg")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();

    let cmdlist: Value = files
        .get("cmdlist")
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or(Value::Null);
    for cmd in cmdlist
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|l| l.as_array().into_iter().flatten())
    {
        let cmd = cmd.as_str().unwrap_or_default();
        if unsupported(cmd) {
            return (name, format!("unsupported: {cmd}"));
        }
    }

    let result = catch_unwind(AssertUnwindSafe(|| Sim::new(&files).map(Sim::run_to_end)));
    let log = match result {
        Ok(Ok(log)) => log,
        Ok(Err(e)) => return (name, format!("differs: setup failed: {e}")),
        Err(_) => return (name, "differs: panicked".to_string()),
    };
    if let Some(dir) = std::env::var_os("HA_REGRESSION_DUMP") {
        let _ = std::fs::write(
            Path::new(&dir).join(format!("{name}.log")),
            log.join("\n") + "\n",
        );
    }
    if std::env::var("HA_REGRESSION_LOG").is_ok_and(|n| n == name) {
        for l in &log {
            println!("{l}");
        }
    }
    let got: Vec<(i64, String)> = log.iter().filter_map(|l| line_re(l)).collect();
    match compare(&expected, &got) {
        None => (name, "match".to_string()),
        Some(d) => (name, format!("differs: {d}")),
    }
}

fn fixtures_dir() -> PathBuf {
    // file!() is relative to the manifest dir, or absolute when the test lives elsewhere
    let me = Path::new(file!());
    let me = if me.is_absolute() {
        me.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(me)
    };
    me.parent()
        .map(|p| p.join("ha-regression"))
        .unwrap_or_default()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// A plain `main` (`harness = false`), so that the figure is the last line `cargo test` prints.
fn main() {
    let dir = fixtures_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());

    let mut report = String::new();
    let mut matched = 0;
    for p in &paths {
        let raw =
            std::fs::read_to_string(p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
        let fixture: Value =
            serde_json::from_str(&raw).unwrap_or_else(|e| panic!("parsing {}: {e}", p.display()));
        let (name, outcome) = run_scenario(&fixture);
        if outcome == "match" {
            matched += 1;
        }
        let line = format!("{name}: {outcome}");
        if outcome != "match" {
            println!("{line}");
        }
        report.push_str(&line);
        report.push('\n');
    }
    let summary = format!(
        "pve-ha-manager regression suite: {matched} of {} scenarios match",
        paths.len()
    );
    report.push_str(&summary);
    report.push('\n');
    let target = target_dir();
    std::fs::create_dir_all(&target)
        .and_then(|()| std::fs::write(target.join("ha-regression.txt"), &report))
        .unwrap_or_else(|e| panic!("writing {}/ha-regression.txt: {e}", target.display()));

    let floor: usize = std::fs::read_to_string(dir.join("FLOOR"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "{}/FLOOR should hold the last figure reached",
                dir.display()
            )
        });
    println!("{summary}");
    assert!(
        matched >= floor,
        "{matched} scenarios match, below the floor of {floor}"
    );
}

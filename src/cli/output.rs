//! Printing course events: text for people, or one JSON object per line for scripts.

use std::io::{IsTerminal as _, Write as _};

use serde_json::json;

use crate::course::{Event, Outcome, Severity};
use crate::i18n::Translator;
use crate::i18n::words;

/// Prints one event.
pub fn print_event(tr: &Translator, event: &Event, json: bool) {
    if json {
        if let Some(object) = event_json(tr, event) {
            println!("{object}");
        }
    } else {
        print_text(tr, event);
    }
}

/// The event as a JSON object; `None` for what a window draws and a terminal has said already
/// in words (the readings behind the cluster's picture).
fn event_json(tr: &Translator, event: &Event) -> Option<serde_json::Value> {
    Some(match event {
        Event::StepStarted { step } => {
            json!({"step": step.as_str(), "status": "running", "message": tr.tr(&step.title())})
        }
        Event::Info { step, message } => {
            json!({"step": step.as_str(), "status": "running", "message": tr.tr(message)})
        }
        Event::Finding { step, finding } => json!({
            "step": step.as_str(),
            "status": "running",
            "severity": severity_name(finding.severity),
            "message": tr.tr(&finding.message),
            "fix": finding.fix.as_ref().map(|fix| tr.tr(fix)),
        }),
        Event::TaskLog { step, node, line } => {
            json!({"step": step.as_str(), "status": "running", "node": node, "task_log": line, "message": line})
        }
        Event::Transfer { step, progress } => json!({
            "step": step.as_str(),
            "status": "running",
            "sent": progress.sent,
            "total": progress.total,
            "rate": progress.rate,
            "seconds_left": progress.seconds_left,
            "message": tr.tr(&words::transfer(progress)),
        }),
        Event::NodeChanged { node, online, at } => json!({
            "step": "watch",
            "status": "running",
            "time": unix(*at),
            "node": node,
            "online": online,
            "message": tr.tr(&words::node_changed(node, *online)),
        }),
        Event::ServiceChanged {
            sid,
            state,
            node,
            at,
        } => json!({
            "step": "watch",
            "status": "running",
            "time": unix(*at),
            "sid": sid,
            "state": state,
            "node": node,
            "message": tr.tr(&words::service_changed(sid, state, node)),
        }),
        Event::Recovered {
            sid,
            from,
            to,
            after,
        } => json!({
            "step": "watch",
            "status": "running",
            "sid": sid,
            "from": from,
            "to": to,
            "recovery_seconds": after.as_secs_f64(),
            "message": tr.tr(&words::recovered(sid, from, to, *after)),
        }),
        Event::JoinInformation { cluster, text } => json!({
            "step": "join",
            "status": "running",
            "cluster": cluster,
            "join_information": text,
            "message": tr.tr(&crate::msg!("join-information", cluster = cluster.as_str())),
        }),
        Event::StepFinished { step, outcome } => json!({
            "step": step.as_str(),
            "status": match outcome { Outcome::Done => "done", Outcome::AlreadyDone => "already-done" },
            "message": tr.tr(&match outcome {
                Outcome::Done => crate::msg!("status-done"),
                Outcome::AlreadyDone => crate::msg!("status-already-done"),
            }),
        }),
        Event::StepFailed { step, error } => {
            let message = words::step_error(error);
            let mut event =
                json!({"step": step.as_str(), "status": "failed", "message": tr.tr(&message)});
            if let (Some(details), Some(object)) = (&message.details, event.as_object_mut()) {
                object.insert("details".to_owned(), json!(details));
            }
            event
        }
        Event::Seen { .. } => return None,
    })
}

fn unix(at: std::time::SystemTime) -> u64 {
    at.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `HH:MM:SS` of this computer's clock, in UTC (the terminal's zone is not known here).
fn clock(at: std::time::SystemTime) -> String {
    let seconds = unix(at) % 86_400;
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Ok => "ok",
        Severity::Warning => "warning",
        Severity::Problem => "problem",
    }
}

fn print_text(tr: &Translator, event: &Event) {
    match event {
        Event::StepStarted { step } => println!("\n== {} ==", tr.tr(&step.title())),
        Event::Info { message, .. } => println!("  {}", tr.tr(message)),
        Event::Finding { finding, .. } => {
            let mark = match finding.severity {
                Severity::Ok => "ok",
                Severity::Warning => "!!",
                Severity::Problem => "XX",
            };
            println!("  [{mark}] {}", tr.tr(&finding.message));
            if let Some(fix) = &finding.fix {
                println!("       -> {}", tr.tr(fix));
            }
        }
        Event::TaskLog { node, line, .. } => println!("    {node}: {line}"),
        Event::Transfer { progress, .. } => {
            let line = tr.tr(&words::transfer(progress));
            // On a terminal the line is redrawn in place; in a log, each one stands alone.
            if std::io::stdout().is_terminal() {
                print!("\r  {line}   ");
                if progress.sent == progress.total {
                    println!();
                }
                let _ = std::io::stdout().flush();
            } else {
                println!("  {line}");
            }
        }
        Event::NodeChanged { node, online, at } => {
            println!(
                "  {} {}",
                clock(*at),
                tr.tr(&words::node_changed(node, *online))
            );
        }
        Event::ServiceChanged {
            sid,
            state,
            node,
            at,
        } => println!(
            "  {} {}",
            clock(*at),
            tr.tr(&crate::msg!(
                "watch-service",
                sid = sid.as_str(),
                state = state.as_str(),
                node = node.as_str()
            ))
        ),
        Event::Recovered {
            sid,
            from,
            to,
            after,
        } => println!("  {}", tr.tr(&words::recovered(sid, from, to, *after))),
        Event::JoinInformation { cluster, text } => {
            println!(
                "  {}",
                tr.tr(&crate::msg!("join-information", cluster = cluster.as_str()))
            );
            println!("    {text}");
        }
        Event::StepFinished { outcome, .. } => println!(
            "  {}",
            tr.tr(&match outcome {
                Outcome::Done => crate::msg!("status-done"),
                Outcome::AlreadyDone => crate::msg!("status-already-done"),
            })
        ),
        Event::StepFailed { error, .. } => {
            let message = words::step_error(error);
            eprintln!("  {}", tr.tr(&message));
            if let Some(details) = &message.details {
                eprintln!(
                    "  {}",
                    tr.tr(&crate::msg!("details-line", details = details.as_str()))
                );
            }
        }
        Event::Seen { .. } => {}
    }
}

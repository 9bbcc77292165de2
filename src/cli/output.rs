//! Printing course events: text for people, or one JSON object per line for scripts.

use serde_json::json;

use crate::course::{Event, Outcome, Severity};
use crate::i18n::Translator;

/// Prints one event.
pub fn print_event(tr: &Translator, event: &Event, json: bool) {
    if json {
        println!("{}", event_json(tr, event));
    } else {
        print_text(tr, event);
    }
}

fn event_json(tr: &Translator, event: &Event) -> serde_json::Value {
    match event {
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
        Event::StepFailed { step, message } => {
            json!({"step": step.as_str(), "status": "failed", "message": tr.tr(message)})
        }
    }
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
        Event::StepFailed { message, .. } => eprintln!("  {}", tr.tr(message)),
    }
}

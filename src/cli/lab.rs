//! `lab`: the practice lab on its own, until SIGINT or SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::cli::EXIT_BAD_INPUT;
use crate::i18n::Translator;
use crate::i18n::words;
use crate::lab::{Lab, LabInfo, LabOptions, Pve, Scenario};

/// The options of `lab`.
#[derive(Args, Debug)]
pub struct LabArgs {
    /// How many nodes.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=32))]
    nodes: u8,
    /// Address of the first node; the others follow (127.0.0.11, .12, .13 …).
    #[arg(long, default_value = "127.0.0.11", value_name = "ADDRESS")]
    address_base: std::net::Ipv4Addr,
    /// Port every node listens on.
    #[arg(long, default_value_t = 8006)]
    port: u16,
    /// A situation the course warns about (repeatable): duplicate-hostname, hosts-loopback,
    /// hosts-loopback-at-boot, guest-on-node, version-mismatch, clock-skew, two-nodes (no NAS,
    /// ZFS for replication), root-full (10 MiB free where the first node keeps uploads).
    #[arg(long = "scenario", value_name = "NAME")]
    scenarios: Vec<String>,
    /// root@pam needs a TOTP code as a second factor.
    #[arg(long)]
    tfa: bool,
    /// The Proxmox VE release the nodes run: 9 (HA rules) or 8 (HA groups).
    #[arg(long, default_value_t = 9, value_parser = clap::value_parser!(u8).range(8..=9))]
    pve: u8,
    /// How much faster than real time the lab runs: 1 = real time, 60 = a minute per second.
    #[arg(long, default_value_t = 1.0, value_name = "X")]
    time_scale: f64,
    /// Print one JSON object describing the lab as the first line, once every node accepts connections.
    #[arg(long)]
    json: bool,
    /// Also write a plan for these nodes to FILE (cluster "escola"), for `run --plan`.
    #[arg(long, value_name = "FILE")]
    write_plan: Option<PathBuf>,
}

/// `lab`: runs until SIGINT or SIGTERM.
pub async fn lab(tr: &Translator, args: LabArgs) -> ExitCode {
    let mut scenarios = Vec::new();
    for name in &args.scenarios {
        match name.parse::<Scenario>() {
            Ok(scenario) => scenarios.push(scenario),
            Err(_) => {
                let known: Vec<&str> = Scenario::ALL.iter().map(|s| s.as_str()).collect();
                eprintln!(
                    "{}",
                    tr.tr(&crate::msg!(
                        "err-scenario",
                        name = name.as_str(),
                        known = known.join(", ")
                    ))
                );
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        }
    }
    let options = LabOptions {
        nodes: usize::from(args.nodes),
        address_base: args.address_base,
        port: args.port,
        scenarios,
        tfa: args.tfa,
        time_scale: args.time_scale,
        pve: Pve::from_major(args.pve).unwrap_or_default(),
        ..LabOptions::default()
    };
    let lab = match start(tr, options).await {
        Ok(lab) => lab,
        Err(code) => return code,
    };
    let info = lab.info();
    if let Some(path) = &args.write_plan {
        let written = crate::practice::plan_for(&info, "escola")
            .ok()
            .map(|plan| std::fs::write(path, plan.to_toml()));
        if !matches!(written, Some(Ok(()))) {
            let detail = match written {
                Some(Err(error)) => error.to_string(),
                _ => String::new(),
            };
            let error = crate::course::InputError::Plan {
                file: path.display().to_string(),
                detail,
            };
            eprintln!("{}", tr.tr(&words::input_error(&error)));
            lab.shutdown().await;
            return ExitCode::FAILURE;
        }
    }
    if args.json {
        match serde_json::to_string(&info) {
            Ok(line) => println!("{line}"),
            Err(error) => eprintln!(
                "{}",
                tr.tr(&crate::msg!("err-runtime", detail = error.to_string()))
            ),
        }
    } else {
        print_for_people(tr, &info, args.write_plan.as_deref());
    }
    wait_for_stop().await;
    lab.shutdown().await;
    ExitCode::SUCCESS
}

fn print_for_people(tr: &Translator, info: &LabInfo, plan: Option<&std::path::Path>) {
    println!(
        "{}",
        tr.tr(&crate::msg!("lab-ready", nodes = info.nodes.len()))
    );
    for node in &info.nodes {
        println!("  {:<6} {}  {}", node.name, node.url, node.fingerprint);
    }
    println!(
        "{}",
        tr.tr(&crate::msg!(
            "lab-control",
            url = info.control_url.as_str(),
            token = info.control_token.as_str()
        ))
    );
    if let Some(nas) = &info.nas {
        println!(
            "{}",
            tr.tr(&crate::msg!(
                "lab-nas",
                server = nas.server.to_string(),
                exports = nas.exports.join(", ")
            ))
        );
    }
    println!(
        "{}",
        tr.tr(&crate::msg!(
            "lab-login",
            user = info.user.as_str(),
            password = info.password.as_str()
        ))
    );
    if let Some(secret) = &info.totp_secret {
        println!(
            "{}",
            tr.tr(&crate::msg!("lab-totp", secret = secret.as_str()))
        );
    }
    if let Some(plan) = plan {
        println!(
            "{}",
            tr.tr(&crate::msg!(
                "lab-plan-written",
                file = plan.display().to_string()
            ))
        );
    }
    println!("{}", tr.text("lab-stop-hint"));
}

/// Starts a lab; when it cannot start, says why and gives the exit status.
pub(crate) async fn start(tr: &Translator, options: LabOptions) -> Result<Lab, ExitCode> {
    Lab::start(options).await.map_err(|error| {
        eprintln!(
            "{}",
            tr.tr(&crate::msg!("err-lab", detail = crate::error_chain(&error)))
        );
        ExitCode::FAILURE
    })
}

/// Until SIGINT (Ctrl+C) or SIGTERM.
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                tokio::signal::ctrl_c().await.ok();
            }
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await.ok();
}

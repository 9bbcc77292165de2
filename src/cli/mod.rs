//! The command line: `lab`, `run --plan`, `practice`, `join-info`. Every message a person reads
//! here is translated.

mod docs;
mod lab;
mod output;
mod run;
mod secrets;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

use crate::i18n::{Language, Translator};

/// Exit status for bad input (plan, arguments), reported before anything was changed.
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Parser, Debug)]
#[command(name = "pve-ha-wizard", version)]
struct Cli {
    /// Language of messages: ca-valencia, es or en (default: from the system locale).
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<Language>,
    /// With no command: the window walks through the course in a practice lab by itself and
    /// saves a screenshot of each main page in DIR (for the documentation and the real-window
    /// check), then closes.
    #[arg(long, hide = true, value_name = "DIR")]
    tour: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Start the practice lab: simulated Proxmox VE nodes on this machine.
    Lab(lab::LabArgs),
    /// Take the nodes of a plan to a quorate cluster, step by step.
    Run(RunArgs),
    /// Rehearse the whole course on a practice lab started for the occasion.
    Practice(PracticeArgs),
    /// Upload one more ISO image to a cluster of a plan; prints its volume ID.
    Upload(UploadArgs),
    /// Watch a plan's cluster: nodes, where each HA service runs, every change with its time.
    Watch(WatchArgs),
    /// Map each node's name to its own address in its /etc/hosts, after showing the change.
    FixHosts(FixHostsArgs),
    /// Read or write the web UI's join information text.
    #[command(subcommand)]
    JoinInfo(JoinInfoCommand),
    /// Write the man pages and shell completions into a directory (for packaging).
    #[command(hide = true)]
    GenerateDocs(GenerateDocsArgs),
}

#[derive(Args, Debug)]
struct GenerateDocsArgs {
    /// Where to write `man/` and `completions/`.
    #[arg(value_name = "DIR")]
    out_dir: PathBuf,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// The plan (TOML): cluster name and nodes with their fingerprints; never a password.
    #[arg(long, value_name = "FILE")]
    plan: PathBuf,
    /// One JSON object per line per event, instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct WatchArgs {
    /// The plan (TOML) whose cluster to watch.
    #[arg(long, value_name = "FILE")]
    plan: PathBuf,
    /// One JSON object per line per change, instead of text.
    #[arg(long)]
    json: bool,
    /// Stop, with exit status 0, once a service lost with its node runs again on another one.
    #[arg(long)]
    until_recovered: bool,
}

#[derive(Args, Debug)]
struct FixHostsArgs {
    /// The plan (TOML) whose nodes to correct.
    #[arg(long, value_name = "FILE")]
    plan: PathBuf,
    /// Write every change without asking.
    #[arg(long)]
    yes: bool,
}

#[derive(Args, Debug)]
struct UploadArgs {
    /// The plan (TOML) whose cluster receives the image.
    #[arg(long, value_name = "FILE")]
    plan: PathBuf,
    /// The node that receives it (default: the plan's first node).
    #[arg(long, value_name = "NAME")]
    node: Option<String>,
    /// The storage it goes to (default: the plan's NAS).
    #[arg(long, value_name = "ID")]
    storage: Option<String>,
    /// The SHA-256 published with the image: the file is then read once, hashed as it is sent,
    /// and verified by the node (without it, the SHA-256 is computed first).
    #[arg(long, value_name = "HEX")]
    sha256: Option<String>,
    /// One JSON object per line per event, instead of text.
    #[arg(long)]
    json: bool,
    /// The ISO image.
    #[arg(value_name = "ISO_FILE")]
    iso_file: PathBuf,
}

#[derive(Args, Debug)]
struct PracticeArgs {
    /// One JSON object per line per event, instead of text.
    #[arg(long)]
    json: bool,
    /// First address of the lab's nodes.
    #[arg(long, default_value = "127.0.0.11", value_name = "ADDRESS")]
    address_base: std::net::Ipv4Addr,
    /// The cluster's name.
    #[arg(long, default_value = "escola", value_name = "NAME")]
    cluster_name: String,
    /// An ISO image to upload to the lab's NAS (step 5).
    #[arg(long, value_name = "ISO_FILE")]
    iso: Option<PathBuf>,
    /// The Proxmox VE release the lab's nodes run: 9 (9.2) or 8 (8.4).
    #[arg(long, default_value_t = 9, value_parser = clap::value_parser!(u8).range(8..=9))]
    pve: u8,
}

#[derive(Subcommand, Debug)]
enum JoinInfoCommand {
    /// Decode join information (standard input) to JSON (standard output).
    Decode,
    /// Encode JSON (standard input) to the web UI's join information text.
    Encode,
}

/// The command line, with its descriptions in the user's language.
fn command(tr: &Translator) -> clap::Command {
    let abouts = [
        ("lab", crate::msg!("cli-about-lab")),
        ("run", crate::msg!("cli-about-run")),
        ("practice", crate::msg!("cli-about-practice")),
        ("upload", crate::msg!("cli-about-upload")),
        ("watch", crate::msg!("cli-about-watch")),
        ("fix-hosts", crate::msg!("cli-about-fix-hosts")),
        ("join-info", crate::msg!("cli-about-join-info")),
    ];
    let mut command = Cli::command().about(tr.text("cli-about"));
    for (name, about) in abouts {
        let about = tr.tr(&about);
        command = command.mut_subcommand(name, |sub| sub.about(about));
    }
    command
}

/// Runs the command line and returns the process's exit status.
pub fn main() -> ExitCode {
    let language = language_from_args().unwrap_or_else(Language::from_environment);
    let tr = Translator::new(language);
    let matches = command(&tr).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("PVE_HA_WIZARD_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!(
                "{}",
                tr.tr(&crate::msg!("err-runtime", detail = error.to_string()))
            );
            return ExitCode::FAILURE;
        }
    };
    let Some(command) = cli.command else {
        return crate::ui::run(runtime, cli.lang, cli.tour);
    };
    runtime.block_on(async move {
        match command {
            Command::Lab(args) => lab::lab(&tr, args).await,
            Command::Run(args) => run::run_plan(&tr, &args.plan, args.json).await,
            Command::Practice(args) => {
                let lab = crate::lab::LabOptions {
                    address_base: args.address_base,
                    pve: crate::lab::Pve::from_major(args.pve).unwrap_or_default(),
                    ..crate::lab::LabOptions::default()
                };
                run::practice(&tr, lab, &args.cluster_name, args.iso.as_deref(), args.json).await
            }
            Command::Upload(args) => {
                run::upload(
                    &tr,
                    &args.plan,
                    args.node,
                    args.storage,
                    &args.iso_file,
                    args.sha256.as_deref(),
                    args.json,
                )
                .await
            }
            Command::Watch(args) => {
                run::watch(&tr, &args.plan, args.until_recovered, args.json).await
            }
            Command::FixHosts(args) => run::fix_hosts(&tr, &args.plan, args.yes).await,
            Command::JoinInfo(JoinInfoCommand::Decode) => run::join_info_decode(&tr),
            Command::JoinInfo(JoinInfoCommand::Encode) => run::join_info_encode(&tr),
            Command::GenerateDocs(args) => docs::generate(&tr, &args.out_dir),
        }
    })
}

/// `--lang` is needed before clap runs, to translate the help itself.
fn language_from_args() -> Option<Language> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().enumerate().find_map(|(i, arg)| {
        let value = arg.strip_prefix("--lang=").map(str::to_owned).or_else(|| {
            (arg == "--lang")
                .then(|| args.get(i + 1).cloned())
                .flatten()
        })?;
        value.parse().ok()
    })
}

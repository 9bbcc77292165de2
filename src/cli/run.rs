//! `run --plan`, `practice` and `join-info`.

use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::cli::EXIT_BAD_INPUT;
use crate::cli::output::print_event;
use crate::cli::secrets::CliSecrets;
use crate::course::join_info::JoinInformation;
use crate::course::{
    Course, CourseOptions, Events, KnownNodes, Plan, PlanIso, SecretSource, StepError, StepId,
};
use crate::i18n::Translator;
use crate::i18n::words;
use crate::lab::LabOptions;

/// The plan, and the certificates learned on earlier runs (a joined node's new one); on bad input,
/// the message is printed and the exit status returned.
fn load(tr: &Translator, plan_path: &Path) -> Result<(Plan, KnownNodes), ExitCode> {
    let bad_input = |message| {
        eprintln!("{}", tr.tr(&message));
        ExitCode::from(EXIT_BAD_INPUT)
    };
    let plan = Plan::load(plan_path).map_err(|e| bad_input(words::input_error(&e)))?;
    let known_nodes =
        KnownNodes::load_default().map_err(|e| bad_input(words::known_nodes_error(&e)))?;
    Ok((plan, known_nodes))
}

/// `run --plan FILE`: exit 0 when every step is done or already done, 1 when one fails, 2 on bad
/// input (before anything changed).
pub async fn run_plan(tr: &Translator, plan_path: &Path, json: bool) -> ExitCode {
    let (plan, known_nodes) = match load(tr, plan_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let secrets = Arc::new(CliSecrets::from_environment(tr));
    let steps = plan.steps();
    run_course(tr, plan, &steps, secrets, known_nodes, json).await
}

/// `upload --plan FILE [--node NAME] [--storage ID] [--sha256 HEX] ISO_FILE`: one more ISO image
/// to a cluster of the plan; prints its volume ID.
pub async fn upload(
    tr: &Translator,
    plan_path: &Path,
    node: Option<String>,
    storage: Option<String>,
    iso_file: &Path,
    sha256: Option<&str>,
    json: bool,
) -> ExitCode {
    let read = |error| {
        eprintln!("{}", tr.tr(&words::input_error(&error)));
        ExitCode::from(EXIT_BAD_INPUT)
    };
    let (plan, known_nodes) = match load(tr, plan_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let iso = match PlanIso::existing(iso_file).and_then(|iso| iso.with_sha256(sha256)) {
        Ok(iso) => PlanIso {
            node,
            storage,
            ..iso
        },
        Err(error) => return read(error),
    };
    let plan = match plan.with_iso(iso) {
        Ok(plan) => plan,
        Err(error) => return read(error),
    };
    let volid = plan
        .iso
        .as_ref()
        .and_then(|iso| Some(iso.volid(iso.storage_in(&plan)?)));
    let secrets = Arc::new(CliSecrets::from_environment(tr));
    let code = run_course(
        tr,
        plan,
        &[StepId::Connect, StepId::Iso],
        secrets,
        known_nodes,
        json,
    )
    .await;
    if code == ExitCode::SUCCESS
        && let Some(volid) = volid
    {
        match json {
            true => println!("{}", serde_json::json!({ "volid": volid })),
            false => println!("{volid}"),
        }
    }
    code
}

/// `fix-hosts --plan FILE [--yes]`: for each node whose /etc/hosts does not map its name to its
/// own address, shows the change and writes it on a yes (every change with `--yes`). Exit 0
/// when nothing is left to fix or the teacher said no, 1 when a write failed (a file changed
/// meanwhile is refused and stays as it was).
pub async fn fix_hosts(tr: &Translator, plan_path: &Path, yes: bool) -> ExitCode {
    let (plan, known_nodes) = match load(tr, plan_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    drive_connected(tr, plan, known_nodes, false, move |course| async move {
        let step = StepId::Hostnames;
        let fixes = course.hosts_fixes().await.map_err(|e| (step, e))?;
        if fixes.is_empty() {
            course.info(step, crate::msg!("hosts-fix-none"));
        }
        for fix in &fixes {
            course.info(
                step,
                crate::msg!("hosts-fix-shown", node = fix.node.as_str()),
            );
            let (removed, added) = fix.changes();
            for line in removed {
                course.info(step, crate::msg!("hosts-fix-removed", line = line));
            }
            for line in added {
                course.info(step, crate::msg!("hosts-fix-added", line = line));
            }
            if !yes {
                course.info(step, crate::msg!("hosts-fix-ask"));
            }
            if yes || answered_yes().await {
                course.apply_hosts_fix(fix).await.map_err(|e| (step, e))?;
                course.info(
                    step,
                    crate::msg!("hosts-fix-written", node = fix.node.as_str()),
                );
            } else {
                course.info(
                    step,
                    crate::msg!("hosts-fix-left", node = fix.node.as_str()),
                );
            }
        }
        Ok(())
    })
    .await
}

/// A line from standard input that says yes, in any of our languages (`y`, `yes`, `s`, `sí`).
async fn answered_yes() -> bool {
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    })
    .await;
    matches!(line, Ok(Ok(line)) if ["y", "yes", "s", "si", "sí"].contains(&line.trim().to_lowercase().as_str()))
}

/// Runs every step, printing events as they come; Ctrl+C cancels the wait in progress.
pub(crate) async fn run_course(
    tr: &Translator,
    plan: Plan,
    steps: &[StepId],
    secrets: Arc<dyn SecretSource>,
    known_nodes: KnownNodes,
    json: bool,
) -> ExitCode {
    let steps = steps.to_vec();
    drive(
        tr,
        plan,
        secrets,
        known_nodes,
        json,
        |mut course| async move { course.run_steps(&steps).await },
    )
    .await
}

/// [`drive`] with the passwords from the environment, `work` coming after step 0 connected.
async fn drive_connected<F, Work>(
    tr: &Translator,
    plan: Plan,
    known_nodes: KnownNodes,
    json: bool,
    work: F,
) -> ExitCode
where
    F: FnOnce(Course) -> Work + Send + 'static,
    Work: std::future::Future<Output = Result<(), (StepId, StepError)>> + Send + 'static,
{
    let secrets = Arc::new(CliSecrets::from_environment(tr));
    drive(
        tr,
        plan,
        secrets,
        known_nodes,
        json,
        move |mut course| async move {
            course
                .run(StepId::Connect)
                .await
                .map_err(|e| (StepId::Connect, e))?;
            work(course).await
        },
    )
    .await
}

/// Runs `work` on a course over `plan`, printing events as they come; Ctrl+C cancels the wait in
/// progress. Exit 0 when the work succeeds, 2 on bad input, 1 otherwise.
async fn drive<F, Work>(
    tr: &Translator,
    plan: Plan,
    secrets: Arc<dyn SecretSource>,
    known_nodes: KnownNodes,
    json: bool,
    work: F,
) -> ExitCode
where
    F: FnOnce(Course) -> Work,
    Work: std::future::Future<Output = Result<(), (StepId, StepError)>> + Send + 'static,
{
    let (events, mut receiver) = Events::channel();
    let options = CourseOptions {
        known_nodes,
        ..CourseOptions::default()
    };
    let course = Course::new(plan, secrets, events, options);
    let cancel = course.cancel_token();
    let engine = tokio::spawn(work(course));
    let interrupt = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            cancel.cancel();
        }
    });
    while let Some(event) = receiver.recv().await {
        print_event(tr, &event, json);
    }
    interrupt.abort();
    match engine.await {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err((_, StepError::Input(_)))) => ExitCode::from(EXIT_BAD_INPUT),
        Ok(Err(_)) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!(
                "{}",
                tr.tr(&crate::msg!("err-runtime", detail = error.to_string()))
            );
            ExitCode::FAILURE
        }
    }
}

/// `watch --plan FILE [--until-recovered]`: nodes, HA services and their changes, live.
pub async fn watch(
    tr: &Translator,
    plan_path: &Path,
    until_recovered: bool,
    json: bool,
) -> ExitCode {
    let (plan, known_nodes) = match load(tr, plan_path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if !json {
        println!("{}", tr.text("watch-start"));
    }
    drive_connected(tr, plan, known_nodes, json, move |mut course| async move {
        course
            .watch(until_recovered, std::time::Duration::from_secs(1))
            .await
            .map(|_| ())
            .map_err(|e| (StepId::Connect, e))
    })
    .await
}

/// `practice`: a lab started for the occasion, and the whole course over it.
pub async fn practice(
    tr: &Translator,
    options: LabOptions,
    cluster_name: &str,
    iso_file: Option<&Path>,
    json: bool,
) -> ExitCode {
    if let Err(error) = crate::course::plan::validate_cluster_name(cluster_name) {
        eprintln!("{}", tr.tr(&words::input_error(&error)));
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let iso = match iso_file.map(PlanIso::existing).transpose() {
        Ok(iso) => iso,
        Err(error) => {
            eprintln!("{}", tr.tr(&words::input_error(&error)));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let lab = match crate::cli::lab::start(tr, options).await {
        Ok(lab) => lab,
        Err(code) => return code,
    };
    let info = lab.info();
    if !json {
        println!(
            "{}",
            tr.tr(&crate::msg!("lab-ready", nodes = info.nodes.len()))
        );
    }
    let plan = crate::practice::plan_for(&info, cluster_name).and_then(|plan| match iso {
        Some(iso) => plan.with_iso(iso),
        None => Ok(plan),
    });
    let code = match plan {
        Ok(plan) => {
            let steps = plan.steps();
            run_course(
                tr,
                plan,
                &steps,
                Arc::new(crate::practice::LabSecrets::new(&info)),
                // The lab's certificates are new at each start: nothing worth remembering.
                KnownNodes::in_memory(),
                json,
            )
            .await
        }
        Err(error) => {
            eprintln!("{}", tr.tr(&words::input_error(&error)));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    };
    lab.shutdown().await;
    code
}

fn read_stdin(tr: &Translator) -> Option<String> {
    let mut text = String::new();
    match std::io::stdin().read_to_string(&mut text) {
        Ok(_) => Some(text),
        Err(error) => {
            eprintln!(
                "{}",
                tr.tr(&crate::msg!("err-stdin", detail = error.to_string()))
            );
            None
        }
    }
}

/// `join-info decode`: the pasted text on standard input, as JSON on standard output.
pub fn join_info_decode(tr: &Translator) -> ExitCode {
    let Some(text) = read_stdin(tr) else {
        return ExitCode::from(EXIT_BAD_INPUT);
    };
    match JoinInformation::decode(&text) {
        Ok(info) => match serde_json::to_string_pretty(&info) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!(
                    "{}",
                    tr.tr(&crate::msg!("err-runtime", detail = error.to_string()))
                );
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            eprintln!("{}", tr.tr(&words::input_error(&error)));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// `join-info encode`: JSON on standard input (as `decode` prints it), as the web UI's text.
pub fn join_info_encode(tr: &Translator) -> ExitCode {
    let Some(text) = read_stdin(tr) else {
        return ExitCode::from(EXIT_BAD_INPUT);
    };
    match serde_json::from_str::<JoinInformation>(&text) {
        Ok(info) => {
            println!("{}", info.encode());
            ExitCode::SUCCESS
        }
        Err(_) => {
            let error = crate::course::InputError::JoinInformation {
                reason: crate::course::JoinInfoProblem::NotJson,
            };
            eprintln!("{}", tr.tr(&words::input_error(&error)));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

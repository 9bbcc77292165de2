//! The controller: every piece of slow work (the lab, probes, the course's steps, the keychain,
//! files) runs here, on the app's tokio runtime. The UI sends [`Command`]s and drains
//! [`Update`]s; each update wakes the UI with `request_repaint`, and nothing else does.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};
use tokio_util::sync::CancellationToken;

use crate::api::{Client, Endpoint, NfsExport};
use crate::course::{
    Course, CourseOptions, Event, Events, HostsFix, KnownNodes, Plan, SecretSource, StepId,
};
use crate::fingerprint::Fingerprint;
use crate::i18n::Message;
use crate::i18n::words;
use crate::lab::{Lab, LabOptions};
use crate::secrets::Secret;
use crate::ui::picker::{FilePicker, IsoQuestion};
use crate::ui::profile::{self, Profile};
use crate::ui::vault::{Vault, VaultView};

/// Where the window keeps what it remembers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Storage {
    /// The user's configuration directory (profile, trusted nodes) and the OS keychain.
    UserConfig,
    /// A directory of its own (profile and trusted nodes), and no keychain: for tests.
    Directory(PathBuf),
    /// Memory only, for tests: nothing is read or written outside the process.
    Memory,
}

impl Storage {
    /// The directory of the profile and the list of trusted nodes, if on disk.
    fn directory(&self) -> Option<PathBuf> {
        match self {
            Self::UserConfig => crate::course::known_nodes::default_path()
                .and_then(|path| path.parent().map(std::path::Path::to_path_buf)),
            Self::Directory(dir) => Some(dir.clone()),
            Self::Memory => None,
        }
    }

    /// Whether the OS keychain is used.
    pub(crate) fn keychain(&self) -> bool {
        *self == Self::UserConfig
    }
}

/// Work for the controller.
pub(crate) enum Command {
    /// Read the profile and the list of trusted nodes.
    Load,
    /// Start the practice lab (or report the one already running): three nodes and a NAS, or
    /// with `two_nodes` two nodes on ZFS and no NAS.
    StartLab { two_nodes: bool, time_scale: f64 },
    /// Run the practice lab's clock this many times faster than real time, from now on.
    LabSpeed(f64),
    /// Fetch a node's certificate fingerprint, sending no credential.
    Probe { index: usize, endpoint: Endpoint },
    /// Do `job` with the course over `plan` (after step 0 when it is not connected yet): a new
    /// course when `fresh` (keeping the sessions that are still good), else the one that ran
    /// before, so earlier steps are not redone.
    Run {
        plan: Box<Plan>,
        job: Job,
        fresh: bool,
        passwords: Passwords,
        known_nodes: KnownNodes,
    },
    /// What the connect page holds for each account, for the jobs that follow.
    Typed(Vec<Typed>),
    /// Stop the job under way (a step, a scan or the watch).
    Cancel,
    /// Let the course go: the nodes are others now.
    DropCourse,
    /// Switch a node of the practice lab off or on again.
    Power { node: String, on: bool },
    /// Ask for an ISO image with the system's file dialog.
    PickIso(IsoQuestion),
    /// Make a small ISO image to rehearse step 5 with.
    PracticeIso,
    /// Store these accounts' passwords in the keychain.
    Remember(Vec<String>),
    /// Forget an account's password.
    Forget(String),
    /// Find out whether the keychain can be used now (KDE Wallet started, the wallet unlocked).
    CheckKeychain,
    /// Write the profile.
    SaveProfile(Box<Profile>),
}

/// A password and a TOTP code typed for an account (empty ones are removed).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Typed {
    pub account: String,
    pub password: Secret,
    pub totp: String,
}

/// Where a course finds the nodes' passwords.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Passwords {
    /// The practice lab's own.
    Lab,
    /// Those typed on the connect page, or in the keychain.
    Typed,
}

/// What a course is taken to the worker for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Job {
    /// Run a step.
    Step(StepId),
    /// List what an NFS server exports, as the first node sees it.
    ScanExports { server: String },
    /// Watch nodes and HA services, reading every `poll`, until cancelled.
    Watch { poll: Duration },
    /// Read the /etc/hosts corrections step 1 would need.
    HostsFixes,
    /// Write one of them, then check step 1 again.
    WriteHostsFix(Box<HostsFix>),
}

/// What comes back.
pub(crate) enum Update {
    Loaded {
        profile: Option<Box<Profile>>,
        known_nodes: Result<KnownNodes, Message>,
    },
    LabStarted {
        addresses: Vec<String>,
        fingerprints: Vec<Fingerprint>,
        /// The lab's NAS: its server and first export.
        nas: Option<(String, String)>,
    },
    LabFailed(Message),
    Probed {
        index: usize,
        endpoint: Endpoint,
        result: Result<Fingerprint, Message>,
    },
    Event(Event),
    /// The job sent with [`Command::Run`] is over.
    JobEnded,
    Exports(Result<Vec<NfsExport>, Message>),
    /// The /etc/hosts corrections left to make, or why they could not be read or written.
    HostsFixes(Result<Vec<HostsFix>, Message>),
    /// The ISO image to upload (picked, or made for practice); `None` when the dialog was closed.
    IsoChosen(Option<PathBuf>),
    /// A node of the lab switched off or on, or why not.
    Powered {
        node: String,
        result: Result<(), Message>,
    },
    Remembered(Vec<String>),
    Forgotten(String),
    /// The keychain was tried again; the vault knows how it went.
    KeychainChecked,
    /// What the window shows of the vault, as it is now.
    Vault(VaultView),
    ProfileNotSaved(String),
    /// Something to show on top of the page.
    Notice(Message),
}

/// Sends updates to the UI and wakes it.
#[derive(Clone)]
struct Notifier {
    updates: std::sync::mpsc::Sender<Update>,
    ctx: Arc<OnceLock<egui::Context>>,
}

impl Notifier {
    fn send(&self, update: Update) {
        // A closed receiver means the window is gone; nothing is left to show.
        self.updates.send(update).ok();
        if let Some(ctx) = self.ctx.get() {
            ctx.request_repaint();
        }
    }
}

/// The UI's end: send commands, drain updates.
pub(crate) struct Controller {
    commands: mpsc::UnboundedSender<Command>,
    updates: std::sync::mpsc::Receiver<Update>,
    ctx: Arc<OnceLock<egui::Context>>,
}

/// What the worker shares between commands.
struct Worker {
    notifier: Notifier,
    runtime: tokio::runtime::Handle,
    storage: Storage,
    lab_options: LabOptions,
    /// The practice lab, and whether it is the two-node one.
    lab: Mutex<Option<(bool, Lab)>>,
    /// Only one step runs at a time; its task holds the receiver.
    events: Mutex<mpsc::UnboundedReceiver<Event>>,
    /// Where courses send their events.
    events_tx: Events,
    /// The engine's tunables.
    course_options: CourseOptions,
    /// The course of the last job, with its sessions.
    course: Mutex<Option<Box<Course>>>,
    /// What stops the job under way, and its number.
    running: std::sync::Mutex<Option<(u64, CancellationToken)>>,
    /// The number of the last job.
    jobs: std::sync::atomic::AtomicU64,
    vault: Arc<Vault>,
    probe_timeout: Duration,
    picker: Arc<dyn FilePicker>,
    /// Where practice ISO images are made; removed with the window.
    practice_dir: Mutex<Option<tempfile::TempDir>>,
}

/// The size of the ISO image made for practice: large enough for the progress to show.
const PRACTICE_ISO_BYTES: usize = 32 * 1024 * 1024;

impl Controller {
    /// Starts the worker on `runtime`.
    pub(crate) fn start(
        runtime: tokio::runtime::Handle,
        storage: Storage,
        lab_options: LabOptions,
        vault: Arc<Vault>,
        probe_timeout: Duration,
        picker: Arc<dyn FilePicker>,
        course_options: CourseOptions,
    ) -> Self {
        let (commands, mut receiver) = mpsc::unbounded_channel();
        let (updates_tx, updates) = std::sync::mpsc::channel();
        let ctx = Arc::new(OnceLock::new());
        let (events, events_rx) = Events::channel();
        let worker = Arc::new(Worker {
            notifier: Notifier {
                updates: updates_tx,
                ctx: Arc::clone(&ctx),
            },
            runtime: runtime.clone(),
            storage,
            lab_options,
            lab: Mutex::new(None),
            events: Mutex::new(events_rx),
            events_tx: events,
            course_options,
            course: Mutex::new(None),
            running: std::sync::Mutex::new(None),
            jobs: std::sync::atomic::AtomicU64::new(0),
            vault,
            probe_timeout,
            picker,
            practice_dir: Mutex::new(None),
        });
        runtime.spawn(async move {
            while let Some(command) = receiver.recv().await {
                let worker = Arc::clone(&worker);
                match command {
                    // Written in the order asked: run side by side, an earlier profile could
                    // land last and take back what the teacher typed since.
                    Command::SaveProfile(profile) => worker.save_profile(profile).await,
                    // In the order clicked too: the lab ends at the speed chosen last.
                    Command::LabSpeed(scale) => worker.lab_speed(scale).await,
                    // At once: the job it stops holds the course.
                    Command::Cancel => worker.cancel(),
                    // Before the job sent after it.
                    Command::Typed(typed) => {
                        for Typed {
                            account,
                            password,
                            totp,
                        } in typed
                        {
                            worker
                                .vault
                                .set_password(account.clone(), password.expose());
                            worker.vault.set_totp(account, &totp);
                        }
                    }
                    // The job's token is made before it waits for the course, so that a
                    // Cancel sent right after it is never lost.
                    Command::Run {
                        plan,
                        job,
                        fresh,
                        passwords,
                        known_nodes,
                    } => {
                        let (number, token) = worker.start_job();
                        let run = RunJob {
                            number,
                            plan: *plan,
                            job,
                            fresh,
                            passwords,
                            known_nodes,
                            token,
                        };
                        worker
                            .runtime
                            .clone()
                            .spawn(async move { worker.run(run).await });
                    }
                    command => {
                        worker.runtime.clone().spawn(worker.handle(command));
                    }
                }
            }
        });
        Self {
            commands,
            updates,
            ctx,
        }
    }

    /// Gives the worker the context to wake (done once, on the first frame).
    pub(crate) fn attach(&self, ctx: &egui::Context) {
        self.ctx.get_or_init(|| ctx.clone());
    }

    /// Queues a command.
    pub(crate) fn send(&self, command: Command) {
        // The worker lives as long as the runtime, which outlives the window.
        self.commands.send(command).ok();
    }

    /// The next update, if any.
    pub(crate) fn try_recv(&self) -> Option<Update> {
        self.updates.try_recv().ok()
    }
}

impl Worker {
    async fn handle(self: Arc<Self>, command: Command) {
        match command {
            Command::Load => self.load().await,
            Command::StartLab {
                two_nodes,
                time_scale,
            } => self.start_lab(two_nodes, time_scale).await,
            Command::LabSpeed(scale) => self.lab_speed(scale).await,
            Command::Probe { index, endpoint } => {
                let result = Client::probe(&endpoint, self.probe_timeout)
                    .await
                    .map(|probe| probe.fingerprint)
                    .map_err(|e| words::api_error(&endpoint.to_string(), &e));
                self.notifier.send(Update::Probed {
                    index,
                    endpoint,
                    result,
                });
            }
            // Handled as they arrive.
            Command::Run { .. } | Command::Cancel | Command::Typed(_) => {}
            Command::DropCourse => *self.course.lock().await = None,
            Command::Power { node, on } => self.power(node, on).await,
            Command::PickIso(question) => {
                let picked = self.picker.pick_iso(question).await;
                self.notifier.send(Update::IsoChosen(picked));
            }
            Command::PracticeIso => self.practice_iso().await,
            Command::Remember(accounts) => {
                let vault = Arc::clone(&self.vault);
                let stored = tokio::task::spawn_blocking(move || vault.remember(&accounts))
                    .await
                    .unwrap_or_default();
                self.notifier.send(Update::Remembered(stored));
                self.send_vault();
            }
            Command::Forget(account) => {
                let vault = Arc::clone(&self.vault);
                let forgotten = account.clone();
                tokio::task::spawn_blocking(move || vault.forget(&forgotten))
                    .await
                    .ok();
                self.notifier.send(Update::Forgotten(account));
                self.send_vault();
            }
            Command::CheckKeychain => {
                let vault = Arc::clone(&self.vault);
                tokio::task::spawn_blocking(move || vault.check_keychain())
                    .await
                    .ok();
                self.send_vault();
                self.notifier.send(Update::KeychainChecked);
            }
            Command::SaveProfile(profile) => self.save_profile(profile).await,
        }
    }

    fn send_vault(&self) {
        self.notifier.send(Update::Vault(self.vault.view()));
    }

    fn profile_path(&self) -> Option<PathBuf> {
        self.storage
            .directory()
            .map(|dir| dir.join(profile::FILE_NAME))
    }

    async fn load(&self) {
        let (profile, known_nodes) = match self.storage.directory() {
            Some(dir) => tokio::task::spawn_blocking(move || {
                let known = KnownNodes::load(&dir.join(crate::course::known_nodes::FILE_NAME))
                    .map_err(|e| words::known_nodes_error(&e));
                (
                    profile::load(&dir.join(profile::FILE_NAME)).map(Box::new),
                    known,
                )
            })
            .await
            .unwrap_or_else(|e| {
                (
                    None,
                    Err(crate::msg!("err-runtime", detail = e.to_string())),
                )
            }),
            None => (None, Ok(KnownNodes::in_memory())),
        };
        self.notifier.send(Update::Loaded {
            profile,
            known_nodes,
        });
    }

    async fn save_profile(&self, profile: Box<Profile>) {
        let Some(path) = self.profile_path() else {
            return;
        };
        let written = tokio::task::spawn_blocking(move || profile::save(&path, &profile))
            .await
            .map_err(|e| e.to_string())
            .and_then(|written| written.map_err(|e| e.to_string()));
        if let Err(detail) = written {
            self.notifier.send(Update::ProfileNotSaved(detail));
        }
    }

    /// The speed buttons: the running lab's clock goes on at `scale` (nothing when no lab runs,
    /// the next one starts at the chosen speed).
    async fn lab_speed(&self, scale: f64) {
        if let Some((_, lab)) = self.lab.lock().await.as_ref()
            && let Err(error) = lab.set_time_scale(scale)
        {
            let detail = crate::error_chain(&error);
            self.notifier
                .send(Update::Notice(crate::msg!("err-lab", detail = detail)));
        }
    }

    async fn start_lab(&self, two_nodes: bool, time_scale: f64) {
        let mut lab = self.lab.lock().await;
        // A lab of the other kind gives way.
        if let Some((kind, _)) = lab.as_ref()
            && *kind != two_nodes
            && let Some((_, old)) = lab.take()
        {
            old.shutdown().await;
        }
        if lab.is_none() {
            let mut options = self.lab_options.clone();
            options.time_scale = time_scale;
            if two_nodes {
                options.nodes = 2;
                options.scenarios.push(crate::lab::Scenario::TwoNodes);
            }
            match Lab::start(options).await {
                Ok(started) => *lab = Some((two_nodes, started)),
                Err(error) => {
                    let detail = crate::error_chain(&error);
                    self.notifier
                        .send(Update::LabFailed(crate::msg!("err-lab", detail = detail)));
                    return;
                }
            }
        }
        let Some((_, running)) = lab.as_ref() else {
            return;
        };
        // One already running goes on at the speed chosen now.
        if let Err(error) = running.set_time_scale(time_scale) {
            let detail = crate::error_chain(&error);
            self.notifier
                .send(Update::LabFailed(crate::msg!("err-lab", detail = detail)));
            return;
        }
        let info = running.info();
        self.notifier.send(Update::LabStarted {
            addresses: info.nodes.iter().map(|n| n.address.to_string()).collect(),
            fingerprints: info.nodes.iter().map(|n| n.fingerprint).collect(),
            nas: info
                .nas
                .as_ref()
                .and_then(|nas| Some((nas.server.to_string(), nas.exports.first()?.clone()))),
        });
    }

    /// What a hand on the node's power button does.
    async fn power(&self, node: String, on: bool) {
        let lab = self.lab.lock().await;
        let result = match lab.as_ref() {
            Some((_, lab)) => lab.power(&node, on).map_err(|detail| {
                crate::msg!("gui-power-failed", node = node.as_str(), detail = detail)
            }),
            None => Err(crate::msg!("gui-power-no-lab")),
        };
        self.notifier.send(Update::Powered { node, result });
    }

    /// Writes a small file with an ISO image's name, kept until the window closes.
    async fn practice_iso(&self) {
        let mut dir = self.practice_dir.lock().await;
        let made = async {
            if dir.is_none() {
                *dir = Some(tempfile::tempdir()?);
            }
            let path = dir
                .as_ref()
                .map(|d| d.path().join("practice-tinycore.iso"))
                .unwrap_or_default();
            // Varied bytes, so that a checksum of the wrong part of the file would show.
            let bytes: Vec<u8> = (0..PRACTICE_ISO_BYTES)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect();
            tokio::fs::write(&path, bytes).await?;
            Ok::<_, std::io::Error>(path)
        };
        match made.await {
            Ok(path) => self.notifier.send(Update::IsoChosen(Some(path))),
            Err(error) => self.notifier.send(Update::Notice(crate::msg!(
                "gui-practice-iso-failed",
                detail = error.to_string()
            ))),
        }
    }

    /// A new job's token, which [`Command::Cancel`] cancels.
    fn start_job(&self) -> (u64, CancellationToken) {
        let number = self.jobs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = CancellationToken::new();
        if let Ok(mut running) = self.running.lock() {
            *running = Some((number, token.clone()));
        }
        (number, token)
    }

    fn cancel(&self) {
        if let Ok(running) = self.running.lock()
            && let Some((_, token)) = running.as_ref()
        {
            token.cancel();
        }
    }

    /// The course for a job: the one that ran before, over the new plan, or a new one that
    /// keeps its sessions.
    async fn course_for(&self, run: &RunJob, earlier: Option<Box<Course>>) -> Box<Course> {
        // A cancelled course may have left a request half-way: the next job starts afresh.
        let earlier = earlier.filter(|c| !c.cancel_token().is_cancelled());
        match earlier {
            Some(mut course) if !run.fresh => {
                course.plan = run.plan.clone();
                course
            }
            earlier => {
                let secrets: Arc<dyn SecretSource> = match run.passwords {
                    Passwords::Lab => match self.lab.lock().await.as_ref() {
                        Some((_, lab)) => Arc::new(crate::practice::LabSecrets::new(&lab.info())),
                        None => Arc::clone(&self.vault) as Arc<dyn SecretSource>,
                    },
                    Passwords::Typed => Arc::clone(&self.vault) as Arc<dyn SecretSource>,
                };
                let mut options = self.course_options.clone();
                options.known_nodes = run.known_nodes.clone();
                let mut course = Box::new(Course::new(
                    run.plan.clone(),
                    secrets,
                    self.events_tx.clone(),
                    options,
                ));
                // A node already logged in (with its TOTP code) stays so.
                if let Some(earlier) = earlier {
                    course.keep_sessions_of(*earlier);
                }
                course
            }
        }
    }

    /// Does a job (after step 0 if the course has no sessions yet), forwarding the events;
    /// the course is kept for the next one.
    async fn run(&self, run: RunJob) {
        let mut slot = self.course.lock().await;
        let mut course = self.course_for(&run, slot.take()).await;
        let mut events = self.events.lock().await;
        // The job's token stops it; a watch stopped leaves the course usable.
        let own = course.set_cancel_token(run.token.clone());
        let connected = !course.sessions().is_empty()
            || self
                .step(&mut course, StepId::Connect, &mut events)
                .await
                .is_ok();
        let watched = matches!(run.job, Job::Watch { .. });
        if connected {
            match run.job {
                Job::Step(StepId::Connect) => {}
                Job::Step(step) => {
                    // Its result is in its events.
                    let _ = self.step(&mut course, step, &mut events).await;
                }
                Job::ScanExports { server } => {
                    let exports = course
                        .scan_exports(&server)
                        .await
                        .map_err(|error| words::step_error(&error));
                    self.notifier.send(Update::Exports(exports));
                }
                Job::HostsFixes => self.send_hosts_fixes(&course).await,
                Job::WriteHostsFix(fix) => match course.apply_hosts_fix(&fix).await {
                    Ok(()) => {
                        // Its result is in its events.
                        let _ = self.step(&mut course, StepId::Hostnames, &mut events).await;
                        self.send_hosts_fixes(&course).await;
                    }
                    Err(error) => self
                        .notifier
                        .send(Update::HostsFixes(Err(words::step_error(&error)))),
                },
                Job::Watch { poll } => {
                    let watch = course.watch(false, poll);
                    let result = forward(watch, &mut events, &self.notifier, &self.vault).await;
                    if let Err(error) = result {
                        // Shown on top of the failover page, where the teacher is.
                        self.notifier
                            .send(Update::Notice(words::step_error(&error)));
                    }
                }
            }
        }
        if watched || !run.token.is_cancelled() {
            course.set_cancel_token(own);
        }
        *slot = Some(course);
        if let Ok(mut running) = self.running.lock()
            && running.as_ref().is_some_and(|(n, _)| *n == run.number)
        {
            *running = None;
        }
        self.notifier.send(Update::JobEnded);
    }

    /// Runs one step; what its page shows comes in its events.
    async fn step(
        &self,
        course: &mut Course,
        step: StepId,
        events: &mut mpsc::UnboundedReceiver<Event>,
    ) -> Result<crate::course::Outcome, crate::course::StepError> {
        forward(course.run(step), events, &self.notifier, &self.vault).await
    }

    async fn send_hosts_fixes(&self, course: &Course) {
        let fixes = course
            .hosts_fixes()
            .await
            .map_err(|error| words::step_error(&error));
        self.notifier.send(Update::HostsFixes(fixes));
    }
}

/// A job, as [`Command::Run`] brought it.
struct RunJob {
    number: u64,
    plan: Plan,
    job: Job,
    fresh: bool,
    passwords: Passwords,
    known_nodes: KnownNodes,
    token: CancellationToken,
}

/// Drives `work` to its end, forwarding the course's events as they come; a failure comes after
/// what the vault noted during the step (a node that asked for a TOTP code), for the window to
/// say what to type.
async fn forward<T>(
    work: impl std::future::Future<Output = T>,
    events: &mut mpsc::UnboundedReceiver<Event>,
    notifier: &Notifier,
    vault: &Vault,
) -> T {
    let send = |event: Event| {
        if matches!(event, Event::StepFailed { .. }) {
            notifier.send(Update::Vault(vault.view()));
        }
        notifier.send(Update::Event(event));
    };
    tokio::pin!(work);
    let result = loop {
        tokio::select! {
            result = &mut work => break result,
            Some(event) = events.recv() => send(event),
        }
    };
    while let Ok(event) = events.try_recv() {
        send(event);
    }
    result
}

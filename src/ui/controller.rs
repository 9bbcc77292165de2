//! The controller: every piece of slow work (the lab, probes, the course's steps, the keychain,
//! files) runs here, on the app's tokio runtime. The UI sends [`Command`]s and drains
//! [`Update`]s; each update wakes the UI with `request_repaint`, and nothing else does.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};

use crate::api::{Client, Endpoint};
use crate::course::steps::s01_hostnames::{self, NodeFacts};
use crate::course::{Course, Event, Events, KnownNodes, SecretSource, StepId};
use crate::fingerprint::Fingerprint;
use crate::i18n::Message;
use crate::lab::{Lab, LabOptions};
use crate::messages;
use crate::ui::profile::{self, Profile};
use crate::ui::vault::Vault;

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
    /// Start the practice lab (or report the one already running).
    StartLab,
    /// Fetch a node's certificate fingerprint, sending no credential.
    Probe { index: usize, endpoint: Endpoint },
    /// Run a step (after step 0 when the course is not connected yet); the course comes back.
    Run { course: Box<Course>, step: StepId },
    /// Store these accounts' passwords in the keychain.
    Remember(Vec<String>),
    /// Forget an account's password.
    Forget(String),
    /// Write the profile.
    SaveProfile(Profile),
}

/// A member of the cluster, as the first node sees it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Member {
    pub name: String,
    pub address: Option<String>,
    pub online: bool,
}

/// The cluster after the join step.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ClusterView {
    pub name: String,
    pub quorate: bool,
    pub members: Vec<Member>,
}

/// What comes back.
pub(crate) enum Update {
    Loaded {
        profile: Option<Profile>,
        known_nodes: Result<KnownNodes, Message>,
    },
    LabStarted {
        addresses: Vec<String>,
        fingerprints: Vec<Fingerprint>,
        secrets: Arc<dyn SecretSource>,
    },
    LabFailed(Message),
    Probed {
        index: usize,
        endpoint: Endpoint,
        result: Result<Fingerprint, Message>,
    },
    Event(Event),
    StepEnded(Box<Course>),
    Facts(Vec<NodeFacts>),
    Cluster(ClusterView),
    Remembered(Vec<String>),
    Forgotten(String),
    ProfileNotSaved(String),
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
    events: Events,
}

/// What the worker shares between commands.
struct Worker {
    notifier: Notifier,
    runtime: tokio::runtime::Handle,
    storage: Storage,
    lab_options: LabOptions,
    lab: Mutex<Option<Lab>>,
    /// Only one step runs at a time; its task holds the receiver.
    events: Mutex<mpsc::UnboundedReceiver<Event>>,
    vault: Arc<Vault>,
    probe_timeout: Duration,
}

impl Controller {
    /// Starts the worker on `runtime`.
    pub(crate) fn start(
        runtime: tokio::runtime::Handle,
        storage: Storage,
        lab_options: LabOptions,
        vault: Arc<Vault>,
        probe_timeout: Duration,
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
            vault,
            probe_timeout,
        });
        runtime.spawn(async move {
            while let Some(command) = receiver.recv().await {
                let worker = Arc::clone(&worker);
                worker.runtime.clone().spawn(worker.handle(command));
            }
        });
        Self {
            commands,
            updates,
            ctx,
            events,
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

    /// Where courses send their events.
    pub(crate) fn events(&self) -> Events {
        self.events.clone()
    }
}

impl Worker {
    async fn handle(self: Arc<Self>, command: Command) {
        match command {
            Command::Load => self.load().await,
            Command::StartLab => self.start_lab().await,
            Command::Probe { index, endpoint } => {
                let result = Client::probe(&endpoint, self.probe_timeout)
                    .await
                    .map(|probe| probe.fingerprint)
                    .map_err(|e| messages::api_error(&endpoint.to_string(), &e));
                self.notifier.send(Update::Probed {
                    index,
                    endpoint,
                    result,
                });
            }
            Command::Run { course, step } => self.run(course, step).await,
            Command::Remember(accounts) => {
                let vault = Arc::clone(&self.vault);
                let stored = tokio::task::spawn_blocking(move || vault.remember(&accounts))
                    .await
                    .unwrap_or_default();
                self.notifier.send(Update::Remembered(stored));
            }
            Command::Forget(account) => {
                let vault = Arc::clone(&self.vault);
                let forgotten = account.clone();
                tokio::task::spawn_blocking(move || vault.forget(&forgotten))
                    .await
                    .ok();
                self.notifier.send(Update::Forgotten(account));
            }
            Command::SaveProfile(profile) => self.save_profile(profile).await,
        }
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
                    .map_err(|e| messages::known_nodes_error(&e));
                (profile::load(&dir.join(profile::FILE_NAME)), known)
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

    async fn save_profile(&self, profile: Profile) {
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

    async fn start_lab(&self) {
        let mut lab = self.lab.lock().await;
        if lab.is_none() {
            match Lab::start(self.lab_options.clone()).await {
                Ok(started) => *lab = Some(started),
                Err(error) => {
                    let detail = crate::error_chain(&error);
                    self.notifier
                        .send(Update::LabFailed(crate::msg!("err-lab", detail = detail)));
                    return;
                }
            }
        }
        let Some(running) = lab.as_ref() else {
            return;
        };
        let info = running.info();
        self.notifier.send(Update::LabStarted {
            addresses: info.nodes.iter().map(|n| n.address.to_string()).collect(),
            fingerprints: info.nodes.iter().map(|n| n.fingerprint).collect(),
            secrets: Arc::new(crate::practice::LabSecrets::new(&info)),
        });
    }

    /// Runs `step` (after step 0 if the course has no sessions yet), forwarding its events.
    async fn run(&self, mut course: Box<Course>, step: StepId) {
        let mut events = self.events.lock().await;
        let mut steps = Vec::new();
        if step != StepId::Connect && course.sessions().is_empty() {
            steps.push(StepId::Connect);
        }
        steps.push(step);
        for current in steps {
            let result = {
                let run = course.run(current);
                tokio::pin!(run);
                loop {
                    tokio::select! {
                        result = &mut run => break result,
                        Some(event) = events.recv() => self.notifier.send(Update::Event(event)),
                    }
                }
            };
            while let Ok(event) = events.try_recv() {
                self.notifier.send(Update::Event(event));
            }
            if current == StepId::Hostnames && !course.sessions().is_empty() {
                self.send_facts(&course).await;
            }
            if current == StepId::JoinNodes {
                self.send_cluster(&course).await;
            }
            if result.is_err() {
                break;
            }
        }
        self.notifier.send(Update::StepEnded(course));
    }

    async fn send_facts(&self, course: &Course) {
        let mut facts = Vec::new();
        for session in course.sessions() {
            match s01_hostnames::facts(session).await {
                Ok(node) => facts.push(node),
                // The check itself reported what went wrong.
                Err(_) => return,
            }
        }
        self.notifier.send(Update::Facts(facts));
    }

    async fn send_cluster(&self, course: &Course) {
        let Ok(status) = course.first_cluster_status().await else {
            return;
        };
        let Some(cluster) = status.cluster else {
            return;
        };
        self.notifier.send(Update::Cluster(ClusterView {
            name: cluster.name,
            quorate: cluster.quorate,
            members: status
                .members
                .into_iter()
                .map(|m| Member {
                    name: m.name,
                    address: m.ip,
                    online: m.online,
                })
                .collect(),
        }));
    }
}

//! The window's state: which page, the nodes typed, what each step reported. Plain data that
//! draws itself with `ui(&mut self, ui)`, so tests drive it without eframe.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::course::Course;
use crate::course::steps::s01_hostnames::NodeFacts;
use crate::course::{CourseOptions, Event, Finding, KnownNodes, Outcome, SecretSource, StepId};
use crate::i18n::{Language, Message, Translator};
use crate::lab::LabOptions;
use crate::ui::controller::{ClusterView, Command, Controller, Storage, Update};
use crate::ui::nodes::{NodeForm, Trust};
use crate::ui::profile::ProfileNode;
use crate::ui::vault::Vault;

/// The cluster name offered first (the course's example school).
pub(crate) const DEFAULT_CLUSTER_NAME: &str = "escola";

/// How the window is set up.
#[derive(Clone, Debug)]
pub struct WizardOptions {
    /// The language to start in.
    pub language: Language,
    /// Whether the language was chosen on the command line (then the profile's does not win).
    pub language_fixed: bool,
    /// Where the profile, the trusted nodes and passwords are kept.
    pub storage: Storage,
    /// The practice lab the "Practice lab" button starts.
    pub lab: LabOptions,
    /// The engine's tunables (its list of trusted nodes is replaced by the window's).
    pub course: CourseOptions,
    /// How long a certificate probe may take.
    pub probe_timeout: Duration,
}

impl WizardOptions {
    /// For a teacher's desktop: the system's language unless `language` is given, the user's
    /// configuration directory and keychain.
    pub fn for_user(language: Option<Language>) -> Self {
        Self {
            language: language.unwrap_or_else(Language::from_environment),
            language_fixed: language.is_some(),
            storage: Storage::UserConfig,
            lab: LabOptions::default(),
            course: CourseOptions::default(),
            probe_timeout: Duration::from_secs(10),
        }
    }
}

/// The page shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Page {
    Start,
    Step(StepId),
}

/// Which nodes the course runs on.
pub(crate) enum Mode {
    /// The built-in lab; it supplies its own password.
    Lab { secrets: Arc<dyn SecretSource> },
    /// The teacher's own nodes.
    Own,
}

/// A step's state, as shown in the side bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    ToDo,
    Running,
    Done,
    AlreadyDone,
    Failed,
}

/// What a step reported.
pub(crate) struct StepView {
    pub status: Status,
    pub infos: Vec<Message>,
    pub findings: Vec<Finding>,
    /// `(node, line)` of the tasks' logs.
    pub log: Vec<(String, String)>,
    pub error: Option<Message>,
}

impl StepView {
    pub(crate) fn new() -> Self {
        Self {
            status: Status::ToDo,
            infos: Vec::new(),
            findings: Vec::new(),
            log: Vec::new(),
            error: None,
        }
    }

    pub(crate) fn finished(&self) -> bool {
        matches!(self.status, Status::Done | Status::AlreadyDone)
    }
}

/// The whole window.
pub struct Wizard {
    pub(crate) tr: Translator,
    pub(crate) options: WizardOptions,
    pub(crate) controller: Controller,
    pub(crate) vault: Arc<Vault>,
    pub(crate) known_nodes: KnownNodes,
    pub(crate) page: Page,
    pub(crate) mode: Option<Mode>,
    pub(crate) nodes: Vec<NodeForm>,
    pub(crate) cluster_name: String,
    pub(crate) views: BTreeMap<StepId, StepView>,
    pub(crate) course: Option<Box<Course>>,
    pub(crate) running: Option<(StepId, CancellationToken)>,
    pub(crate) lab_starting: bool,
    /// Shown on the start page (the lab would not start) or on top of every page.
    pub(crate) notice: Option<Message>,
    pub(crate) facts: Vec<NodeFacts>,
    pub(crate) cluster: Option<ClusterView>,
    pub(crate) join_text: Option<String>,
    pub(crate) pasted: String,
    /// Own nodes' profile, kept until the teacher picks "My Proxmox nodes".
    pub(crate) saved_nodes: Vec<ProfileNode>,
    pub(crate) saved_step: Option<StepId>,
    /// Per account: stored in, or forgotten from, the keychain during this session.
    pub(crate) keychain_notes: BTreeMap<String, Message>,
}

impl Wizard {
    /// A window whose work runs on `runtime`.
    pub fn new(runtime: tokio::runtime::Handle, options: WizardOptions) -> Self {
        let vault = Arc::new(Vault::new(options.storage.keychain()));
        let controller = Controller::start(
            runtime,
            options.storage.clone(),
            options.lab.clone(),
            Arc::clone(&vault),
            options.probe_timeout,
        );
        controller.send(Command::Load);
        Self {
            tr: Translator::new(options.language),
            options,
            controller,
            vault,
            known_nodes: KnownNodes::in_memory(),
            page: Page::Start,
            mode: None,
            nodes: Vec::new(),
            cluster_name: DEFAULT_CLUSTER_NAME.to_owned(),
            views: StepId::ALL.map(|s| (s, StepView::new())).into(),
            course: None,
            running: None,
            lab_starting: false,
            notice: None,
            facts: Vec::new(),
            cluster: None,
            join_text: None,
            pasted: String::new(),
            saved_nodes: Vec::new(),
            saved_step: None,
            keychain_notes: BTreeMap::new(),
        }
    }

    /// The language shown.
    pub fn language(&self) -> Language {
        self.tr.language()
    }

    pub(crate) fn set_language(&mut self, language: Language) {
        if language != self.tr.language() {
            self.tr = Translator::new(language);
            self.save_profile();
        }
    }

    pub(crate) fn view(&self, step: StepId) -> &StepView {
        // Every step has a view from the start; the fallback is never used.
        static EMPTY: std::sync::OnceLock<StepView> = std::sync::OnceLock::new();
        self.views
            .get(&step)
            .unwrap_or_else(|| EMPTY.get_or_init(StepView::new))
    }

    pub(crate) fn view_mut(&mut self, step: StepId) -> &mut StepView {
        self.views.entry(step).or_insert_with(StepView::new)
    }

    /// Applies what the controller sent since the last frame.
    pub(crate) fn drain(&mut self) {
        while let Some(update) = self.controller.try_recv() {
            self.apply_update(update);
        }
    }

    fn apply_update(&mut self, update: Update) {
        match update {
            Update::Loaded {
                profile,
                known_nodes,
            } => {
                match known_nodes {
                    Ok(known) => self.known_nodes = known,
                    Err(message) => self.notice = Some(message),
                }
                if let Some(profile) = profile {
                    self.resume(profile);
                }
                // The teacher's own nodes from last time: straight back to the step reached.
                if self.mode.is_none() && self.page == Page::Start && !self.saved_nodes.is_empty() {
                    self.choose_own_nodes();
                }
            }
            Update::LabStarted {
                addresses,
                fingerprints,
                secrets,
            } => self.lab_started(addresses, fingerprints, secrets),
            Update::LabFailed(message) => {
                self.lab_starting = false;
                self.notice = Some(message);
            }
            Update::Probed {
                index,
                endpoint,
                result,
            } => {
                let Some(node) = self.nodes.get_mut(index) else {
                    return;
                };
                // The address may have been edited while the probe ran.
                if node.endpoint().ok() != Some(endpoint) || node.trust != Trust::Probing {
                    return;
                }
                node.trust = match result {
                    Ok(fingerprint) => Trust::Seen {
                        fingerprint,
                        confirmed: false,
                    },
                    Err(message) => Trust::Failed(message),
                };
            }
            Update::Event(event) => self.apply_event(event),
            Update::StepEnded(course) => {
                let cancelled = self
                    .running
                    .take()
                    .is_some_and(|(_, token)| token.is_cancelled());
                // A cancelled course keeps its cancelled token: the next step gets a new course.
                self.course = (!cancelled).then_some(course);
            }
            Update::Facts(facts) => self.facts = facts,
            Update::Cluster(cluster) => self.cluster = Some(cluster),
            Update::Remembered(accounts) => {
                for account in accounts {
                    let note = crate::msg!("gui-remembered", account = account.as_str());
                    self.keychain_notes.insert(account, note);
                }
            }
            Update::Forgotten(account) => {
                let note = crate::msg!("gui-forgotten", account = account.as_str());
                self.keychain_notes.insert(account, note);
            }
            Update::ProfileNotSaved(detail) => {
                self.notice = Some(crate::msg!("gui-profile-not-saved", detail = detail));
            }
        }
    }

    fn apply_event(&mut self, event: Event) {
        match event {
            Event::StepStarted { step } => {
                let view = self.view_mut(step);
                *view = StepView::new();
                view.status = Status::Running;
                match step {
                    StepId::Hostnames => self.facts.clear(),
                    StepId::JoinNodes => self.cluster = None,
                    _ => {}
                }
            }
            Event::Info { step, message } => self.view_mut(step).infos.push(message),
            Event::Finding { step, finding } => self.view_mut(step).findings.push(finding),
            Event::TaskLog { step, node, line } => self.view_mut(step).log.push((node, line)),
            Event::JoinInformation { text, .. } => self.join_text = Some(text),
            Event::StepFinished { step, outcome } => {
                self.view_mut(step).status = match outcome {
                    Outcome::Done => Status::Done,
                    Outcome::AlreadyDone => Status::AlreadyDone,
                };
                if step == StepId::Connect {
                    self.remember_passwords();
                }
                self.save_profile();
            }
            Event::StepFailed { step, message } => {
                let message = self.in_window_words(message);
                let view = self.view_mut(step);
                view.status = Status::Failed;
                view.error = Some(message);
            }
        }
    }

    /// The engine's "no password" names the command line's sources (PVE_PASSWORD, a terminal);
    /// here the teacher types the password, or the TOTP code the node asked for, on the page.
    fn in_window_words(&self, message: Message) -> Message {
        if message.id != "err-missing-password" {
            return message;
        }
        let text = |name: &str| {
            message.args.iter().find_map(|(arg, value)| match value {
                crate::i18n::Arg::Text(text) if *arg == name => Some(text.clone()),
                _ => None,
            })
        };
        let (Some(node), Some(user)) = (text("node"), text("user")) else {
            return message;
        };
        let totp_asked = self
            .nodes
            .iter()
            .filter(|n| n.endpoint().is_ok_and(|e| e.to_string() == node))
            .filter_map(NodeForm::account)
            .any(|account| self.vault.totp_asked(&account));
        if totp_asked {
            crate::msg!("gui-totp-asked", node = node)
        } else {
            crate::msg!("gui-missing-password", node = node, user = user)
        }
    }
}

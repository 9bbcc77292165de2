//! The window's state: which page, the nodes typed, what each step reported. Plain data that
//! draws itself with `ui(&mut self, ui)`, so tests drive it without eframe.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::api::{DEFAULT_PORT, Endpoint, Userid};
use crate::course::plan::validate_cluster_name;
use crate::course::steps::s01_hostnames::NodeFacts;
use crate::course::{
    Course, CourseOptions, Event, Finding, InputError, KnownNodes, Outcome, Plan, PlanNode,
    SecretSource, StepId,
};
use crate::fingerprint::Fingerprint;
use crate::i18n::{Language, Message, Translator};
use crate::lab::LabOptions;
use crate::messages;
use crate::ui::controller::{ClusterView, Command, Controller, Storage, Update};
use crate::ui::profile::{Profile, ProfileNode};
use crate::ui::vault::{Vault, account_of};

/// The cluster name offered first (the course's example school).
const DEFAULT_CLUSTER_NAME: &str = "escola";

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

/// Where a node's certificate stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Trust {
    /// Not looked at yet.
    Unknown,
    /// Being fetched.
    Probing,
    /// Fetched: the teacher must compare it, then confirm.
    Seen {
        fingerprint: Fingerprint,
        confirmed: bool,
    },
    /// In the list of trusted nodes already.
    Known(Fingerprint),
    /// Could not be fetched.
    Failed(Message),
}

/// One node as typed on the connect page.
pub(crate) struct NodeForm {
    pub address: String,
    pub user: String,
    /// Typed here; handed to the vault on Apply (never saved anywhere else).
    pub password: String,
    pub remember: bool,
    pub totp: String,
    pub trust: Trust,
    /// What the practice lab says its certificate is, to compare with.
    pub lab_fingerprint: Option<Fingerprint>,
}

impl NodeForm {
    pub(crate) fn new(address: String, user: String) -> Self {
        Self {
            address,
            user,
            password: String::new(),
            remember: false,
            totp: String::new(),
            trust: Trust::Unknown,
            lab_fingerprint: None,
        }
    }

    pub(crate) fn endpoint(&self) -> Result<Endpoint, InputError> {
        let address = self.address.trim();
        Endpoint::new(address, DEFAULT_PORT).map_err(|_| InputError::Address {
            address: address.to_owned(),
        })
    }

    fn userid(&self) -> Result<Userid, InputError> {
        let user = self.user.trim();
        user.parse().map_err(|_| InputError::User {
            user: user.to_owned(),
        })
    }

    /// The fingerprint to trust, once confirmed.
    pub(crate) fn trusted_fingerprint(&self) -> Option<Fingerprint> {
        match &self.trust {
            Trust::Seen {
                fingerprint,
                confirmed: true,
            }
            | Trust::Known(fingerprint) => Some(*fingerprint),
            _ => None,
        }
    }

    /// The keychain account, when address and user are valid.
    pub(crate) fn account(&self) -> Option<String> {
        Some(account_of(&PlanNode {
            endpoint: self.endpoint().ok()?,
            fingerprint: Fingerprint::of_der(&[]),
            user: self.userid().ok()?,
        }))
    }
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
    fn new() -> Self {
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

    fn view_mut(&mut self, step: StepId) -> &mut StepView {
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

    fn lab_started(
        &mut self,
        addresses: Vec<String>,
        fingerprints: Vec<Fingerprint>,
        secrets: Arc<dyn SecretSource>,
    ) {
        self.lab_starting = false;
        self.reset_course();
        self.nodes = addresses
            .into_iter()
            .zip(fingerprints)
            .map(|(address, fingerprint)| {
                let mut node = NodeForm::new(address, "root@pam".to_owned());
                node.lab_fingerprint = Some(fingerprint);
                node
            })
            .collect();
        self.mode = Some(Mode::Lab { secrets });
        // The lab's certificates are new at each start: nothing of them is worth remembering.
        self.known_nodes = KnownNodes::in_memory();
        self.page = Page::Step(StepId::Connect);
    }

    /// "My Proxmox nodes": the nodes saved last time, or three empty rows.
    pub(crate) fn choose_own_nodes(&mut self) {
        self.reset_course();
        self.nodes = if self.saved_nodes.is_empty() {
            (0..3)
                .map(|_| NodeForm::new(String::new(), "root@pam".to_owned()))
                .collect()
        } else {
            self.saved_nodes
                .iter()
                .map(|n| NodeForm::new(n.address.clone(), n.user.clone()))
                .collect()
        };
        self.mode = Some(Mode::Own);
        self.refresh_known();
        self.page = Page::Step(self.saved_step.take().unwrap_or(StepId::Connect));
        self.save_profile();
    }

    /// Marks the nodes not looked at yet whose certificate is trusted already.
    pub(crate) fn refresh_known(&mut self) {
        for node in &mut self.nodes {
            if node.trust == Trust::Unknown
                && let Ok(endpoint) = node.endpoint()
                && let Some(fingerprint) = self.known_nodes.fingerprint(&endpoint)
            {
                node.trust = Trust::Known(fingerprint);
            }
        }
    }

    fn reset_course(&mut self) {
        if let Some((_, token)) = &self.running {
            token.cancel();
        }
        self.course = None;
        self.views = StepId::ALL.map(|s| (s, StepView::new())).into();
        self.facts.clear();
        self.cluster = None;
        self.join_text = None;
        self.keychain_notes.clear();
    }

    fn resume(&mut self, profile: Profile) {
        if !self.options.language_fixed
            && let Some(language) = profile.language.as_deref().and_then(|t| t.parse().ok())
        {
            self.tr = Translator::new(language);
        }
        if let Some(name) = profile.cluster_name {
            self.cluster_name = name;
        }
        self.saved_step = profile
            .step
            .and_then(|s| StepId::ALL.into_iter().find(|id| id.as_str() == s));
        self.saved_nodes = profile.nodes;
    }

    /// Saves where the teacher is (off the UI thread); the lab's addresses are not kept.
    pub(crate) fn save_profile(&self) {
        let (nodes, step) = match (&self.mode, self.page) {
            (Some(Mode::Own), Page::Step(step)) => (
                self.nodes
                    .iter()
                    .map(|n| ProfileNode {
                        address: n.address.trim().to_owned(),
                        user: n.user.trim().to_owned(),
                    })
                    .collect(),
                Some(step.as_str().to_owned()),
            ),
            _ => (self.saved_nodes.clone(), None),
        };
        self.controller.send(Command::SaveProfile(Profile {
            language: Some(self.tr.language().tag().to_owned()),
            step,
            cluster_name: Some(self.cluster_name.clone()),
            nodes,
        }));
    }

    pub(crate) fn go_to(&mut self, page: Page) {
        if self.page != page {
            self.page = page;
            self.save_profile();
        }
    }

    pub(crate) fn start_lab(&mut self) {
        self.lab_starting = true;
        self.notice = None;
        self.controller.send(Command::StartLab);
    }

    /// Fetches the certificate of every node not trusted or confirmed yet.
    pub(crate) fn probe_all(&mut self) {
        for (index, node) in self.nodes.iter_mut().enumerate() {
            if matches!(node.trust, Trust::Known(_) | Trust::Seen { .. }) {
                continue;
            }
            match node.endpoint() {
                Ok(endpoint) => {
                    node.trust = Trust::Probing;
                    self.controller.send(Command::Probe { index, endpoint });
                }
                Err(error) => node.trust = Trust::Failed(messages::input_error(&error)),
            }
        }
    }

    pub(crate) fn forget_password(&mut self, index: usize) {
        let Some(node) = self.nodes.get_mut(index) else {
            return;
        };
        node.password.clear();
        if let Some(account) = node.account() {
            self.controller.send(Command::Forget(account));
        }
    }

    fn remember_passwords(&self) {
        if !matches!(self.mode, Some(Mode::Own)) {
            return;
        }
        let accounts: Vec<String> = self
            .nodes
            .iter()
            .filter(|n| n.remember && !n.password.is_empty())
            .filter_map(NodeForm::account)
            .collect();
        if !accounts.is_empty() {
            self.controller.send(Command::Remember(accounts));
        }
    }

    /// The plan from the connect page: every certificate confirmed, addresses and users valid.
    fn plan(&self) -> Result<Plan, Message> {
        let mut nodes = Vec::new();
        for node in &self.nodes {
            let endpoint = node.endpoint().map_err(|e| messages::input_error(&e))?;
            let user = node.userid().map_err(|e| messages::input_error(&e))?;
            let fingerprint = node
                .trusted_fingerprint()
                .ok_or_else(|| crate::msg!("gui-confirm-first"))?;
            nodes.push(PlanNode {
                endpoint,
                fingerprint,
                user,
            });
        }
        let name = if validate_cluster_name(self.cluster_name.trim()).is_ok() {
            self.cluster_name.trim()
        } else {
            DEFAULT_CLUSTER_NAME
        };
        Plan::new(name, nodes).map_err(|e| messages::input_error(&e))
    }

    fn new_course(&self) -> Result<Box<Course>, Message> {
        let secrets: Arc<dyn SecretSource> = match &self.mode {
            Some(Mode::Lab { secrets }) => Arc::clone(secrets),
            _ => Arc::clone(&self.vault) as Arc<dyn SecretSource>,
        };
        let mut options = self.options.course.clone();
        options.known_nodes = self.known_nodes.clone();
        // Each course gets its own token: a cancelled one stays cancelled.
        options.task_wait.cancel = CancellationToken::new();
        Ok(Box::new(Course::new(
            self.plan()?,
            secrets,
            self.controller.events(),
            options,
        )))
    }

    /// Runs `step`: the connect step always with a new course (the nodes may have changed),
    /// later ones with the course that ran before, so earlier steps are not redone.
    pub(crate) fn apply(&mut self, step: StepId) {
        if self.running.is_some() {
            return;
        }
        for node in &self.nodes {
            if let Some(account) = node.account() {
                self.vault.set_password(account.clone(), &node.password);
                self.vault.set_totp(account, &node.totp);
            }
        }
        let course = match self.course.take() {
            Some(course) if step != StepId::Connect => Ok(course),
            _ => self.new_course(),
        };
        let mut course = match course {
            Ok(course) => course,
            Err(message) => {
                let view = self.view_mut(step);
                view.status = Status::Failed;
                view.error = Some(message);
                return;
            }
        };
        let name = self.cluster_name.trim();
        if validate_cluster_name(name).is_ok() {
            course.plan.cluster_name = name.to_owned();
        }
        self.running = Some((step, course.cancel_token()));
        // Shown at once; the step's own start event follows.
        let view = self.view_mut(step);
        view.status = Status::Running;
        view.error = None;
        self.controller.send(Command::Run { course, step });
    }

    pub(crate) fn cancel(&self) {
        if let Some((_, token)) = &self.running {
            token.cancel();
        }
    }

    pub(crate) fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

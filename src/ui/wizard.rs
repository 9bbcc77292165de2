//! The window's state: which page, the nodes typed, what each step reported. Plain data: the
//! controller's updates and the teacher's actions go in, commands for the controller come out,
//! so tests drive it with neither a lab nor a display.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::api::HaStatusEntry;
use crate::course::steps::s01_hostnames::NodeFacts;
use crate::course::{ClusterSeen, HostsFix, Seen, StepError};
use crate::course::{CourseOptions, Event, Finding, KnownNodes, Outcome, Progress, StepId};
use crate::i18n::{Language, Message, Translator};
use crate::lab::LabOptions;
use crate::ui::actions::Action;
use crate::ui::controller::{Command, Storage, Update};
use crate::ui::forms::{HaForm, IsoForm, ReplicationForm, StorageForm, VmForm};
use crate::ui::nodes::{NodeForm, Trust};
use crate::ui::picker::FilePicker;
use crate::ui::picture::Picture;
use crate::ui::profile::{ProfileForms, ProfileNode};
use crate::ui::vault::VaultView;

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
    /// The file dialog of the ISO page.
    pub picker: Arc<dyn FilePicker>,
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
            picker: Arc::new(crate::ui::picker::SystemPicker),
        }
    }
}

/// The page shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Page {
    Start,
    Step(StepId),
    /// Step 8: watching a node fail and the VM come back.
    Failover,
}

/// Which way through the course.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Track {
    /// Three nodes and a NAS, to a VM under high availability and its failover (sections 2–3).
    HighAvailability,
    /// Two nodes without a NAS, the VM's disk on ZFS replicated (the course's closing remarks).
    Replication,
}

impl Track {
    /// How many nodes it takes.
    pub(crate) fn nodes(self) -> usize {
        match self {
            Self::HighAvailability => 3,
            Self::Replication => 2,
        }
    }

    /// Its pages, in order.
    pub(crate) fn pages(self) -> Vec<Page> {
        let steps: &[StepId] = match self {
            Self::HighAvailability => &[
                StepId::Connect,
                StepId::Hostnames,
                StepId::CreateCluster,
                StepId::JoinNodes,
                StepId::Storage,
                StepId::Iso,
                StepId::Vm,
                StepId::Ha,
            ],
            Self::Replication => &[
                StepId::Connect,
                StepId::Hostnames,
                StepId::CreateCluster,
                StepId::JoinNodes,
                StepId::Vm,
                StepId::Replication,
            ],
        };
        let mut pages: Vec<Page> = steps.iter().copied().map(Page::Step).collect();
        if self == Self::HighAvailability {
            pages.push(Page::Failover);
        }
        pages
    }

    /// Its name in the profile.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::HighAvailability => "high-availability",
            Self::Replication => "replication",
        }
    }
}

/// What the course is away doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Work {
    Step(StepId),
    Scan,
    Watch,
    /// Reading or writing the nodes' /etc/hosts ("Fix it for me").
    Hosts,
}

/// The work under way, since when.
pub(crate) struct Running {
    pub work: Work,
    pub since: Instant,
}

/// The failover page: nodes, where each HA service is, and every change with its time.
#[derive(Default)]
pub(crate) struct Failover {
    /// Node → online.
    pub nodes: BTreeMap<String, bool>,
    /// HA service → (state, node).
    pub services: BTreeMap<String, (String, String)>,
    /// Seconds since the watch began, and what changed.
    pub timeline: Vec<(Duration, Change)>,
    pub since: Option<Instant>,
    /// The last recovery: the time from the node's loss to the service started elsewhere.
    pub recovered: Option<Message>,
    /// Nodes whose power button was pressed and not answered yet.
    pub pressing: BTreeSet<String>,
}

/// A change the watch saw, for the failover's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// A node came up or went away.
    Node { node: String, online: bool },
    /// An HA service's state (as Datacenter > HA names it) or node changed.
    Service {
        sid: String,
        state: String,
        node: String,
    },
    /// A service lost with its node runs again on another one, this long after.
    Recovered {
        sid: String,
        from: String,
        to: String,
        after: Duration,
    },
}

impl Change {
    /// The change in words.
    pub(crate) fn message(&self) -> Message {
        use crate::i18n::words;
        match self {
            Self::Node { node, online } => words::node_changed(node, *online),
            Self::Service { sid, state, node } => words::service_changed(sid, state, node),
            Self::Recovered {
                sid,
                from,
                to,
                after,
            } => words::recovered(sid, from, to, *after),
        }
    }
}

/// Which nodes the course runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The built-in lab; it supplies its own password.
    Lab,
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

/// What the window knows and shows: plain data, with no widget, controller, vault or course.
/// The controller's news come in through [`WizardState::update`], what the teacher asks for
/// through [`WizardState::act`]; both answer with the commands for the controller.
pub(crate) struct WizardState {
    pub(crate) tr: Translator,
    pub(crate) options: WizardOptions,
    /// What the window shows of the vault: why the keychain is not used, and TOTP requests.
    pub(crate) vault: VaultView,
    pub(crate) known_nodes: KnownNodes,
    pub(crate) page: Page,
    pub(crate) mode: Option<Mode>,
    pub(crate) track: Track,
    pub(crate) nodes: Vec<NodeForm>,
    pub(crate) cluster_name: String,
    pub(crate) views: BTreeMap<StepId, StepView>,
    pub(crate) running: Option<Running>,
    pub(crate) lab_starting: bool,
    /// Shown on the start page (the lab would not start) or on top of every page.
    pub(crate) notice: Option<Message>,
    pub(crate) facts: Vec<NodeFacts>,
    pub(crate) cluster: Option<ClusterSeen>,
    /// The picture of the cluster, from step 1 on.
    pub(crate) picture: Picture,
    pub(crate) join_text: Option<String>,
    pub(crate) pasted: String,
    /// Own nodes' profile, kept until the teacher picks "My Proxmox nodes".
    pub(crate) saved_nodes: Vec<ProfileNode>,
    pub(crate) saved_step: Option<StepId>,
    pub(crate) saved_forms: Option<ProfileForms>,
    pub(crate) saved_track: Track,
    /// Per account: stored in, or forgotten from, the keychain during this session.
    pub(crate) keychain_notes: BTreeMap<String, Message>,
    /// Whether the keychain is being tried again at the teacher's request.
    pub(crate) keychain_checking: bool,
    pub(crate) storage_form: StorageForm,
    pub(crate) iso_form: IsoForm,
    pub(crate) vm_form: VmForm,
    pub(crate) ha_form: HaForm,
    pub(crate) replication_form: ReplicationForm,
    /// The system's file dialog is open.
    pub(crate) picking: bool,
    /// How far the ISO's upload has come.
    pub(crate) transfer: Option<Progress>,
    pub(crate) ha_status: Vec<HaStatusEntry>,
    pub(crate) failover: Failover,
    /// The /etc/hosts corrections read for step 1, to show before any is written.
    pub(crate) hosts_fixes: Option<Result<Vec<HostsFix>, Message>>,
    /// What the pages asked for in this frame, for the app to act on after drawing.
    pub(crate) asked: Vec<Action>,
    /// Commands for the controller, made by `update` and `act`.
    pub(super) outbox: Vec<Command>,
}

impl WizardState {
    /// The window before anything was read: the start page, and the profile asked for.
    pub(crate) fn new(options: WizardOptions) -> Self {
        Self {
            tr: Translator::new(options.language),
            options,
            vault: VaultView::default(),
            known_nodes: KnownNodes::in_memory(),
            page: Page::Start,
            mode: None,
            track: Track::HighAvailability,
            nodes: Vec::new(),
            cluster_name: DEFAULT_CLUSTER_NAME.to_owned(),
            views: StepId::ALL.map(|s| (s, StepView::new())).into(),
            running: None,
            lab_starting: false,
            notice: None,
            facts: Vec::new(),
            cluster: None,
            picture: Picture::default(),
            join_text: None,
            pasted: String::new(),
            saved_nodes: Vec::new(),
            saved_step: None,
            saved_forms: None,
            saved_track: Track::HighAvailability,
            keychain_notes: BTreeMap::new(),
            keychain_checking: false,
            storage_form: StorageForm::default(),
            iso_form: IsoForm::default(),
            vm_form: VmForm::default(),
            ha_form: HaForm::default(),
            replication_form: ReplicationForm::default(),
            picking: false,
            transfer: None,
            ha_status: Vec::new(),
            failover: Failover::default(),
            hosts_fixes: None,
            asked: Vec::new(),
            outbox: vec![Command::Load],
        }
    }

    /// Queues a command for the controller.
    pub(crate) fn send(&mut self, command: Command) {
        self.outbox.push(command);
    }

    /// The commands made since the last call.
    pub(crate) fn take_commands(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.outbox)
    }

    /// Notes what the teacher asked for, to be acted on once the frame is drawn.
    pub(crate) fn ask(&mut self, action: Action) {
        self.asked.push(action);
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

    /// Takes in what the controller sent; returns the commands it leads to.
    pub(crate) fn update(&mut self, update: Update) -> Vec<Command> {
        self.take_in(update);
        self.take_commands()
    }

    fn take_in(&mut self, update: Update) {
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
                    self.resume(*profile);
                }
                // The teacher's own nodes from last time: straight back to the step reached.
                if self.mode.is_none() && self.page == Page::Start && !self.saved_nodes.is_empty() {
                    self.choose_own_nodes(self.saved_track);
                }
            }
            Update::LabStarted {
                addresses,
                fingerprints,
                nas,
            } => self.lab_started(addresses, fingerprints, nas),
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
            Update::JobEnded => self.running = None,
            Update::HostsFixes(fixes) => self.hosts_fixes = Some(fixes),
            Update::Exports(exports) => {
                // The only export offered is the one to use.
                if let Ok([only]) = exports.as_deref() {
                    self.storage_form.export = only.path.clone();
                }
                self.storage_form.exports = Some(exports);
            }
            Update::IsoChosen(path) => {
                self.picking = false;
                if let Some(path) = path {
                    self.iso_form.path = path.display().to_string();
                }
            }
            Update::Powered { node, result } => {
                self.failover.pressing.remove(&node);
                if let Err(message) = result {
                    self.notice = Some(message);
                }
            }
            Update::Notice(message) => {
                self.picking = false;
                self.notice = Some(message);
            }
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
            Update::KeychainChecked => self.keychain_checking = false,
            Update::Vault(view) => self.vault = view,
            Update::ProfileNotSaved(detail) => {
                self.notice = Some(crate::msg!("gui-profile-not-saved", detail = detail));
            }
        }
    }

    fn apply_event(&mut self, event: Event) {
        self.picture.update(&event);
        match event {
            Event::StepStarted { step } => {
                let view = self.view_mut(step);
                *view = StepView::new();
                view.status = Status::Running;
                match step {
                    StepId::Hostnames => {
                        self.facts.clear();
                        self.hosts_fixes = None;
                    }
                    StepId::JoinNodes => self.cluster = None,
                    StepId::Iso => self.transfer = None,
                    StepId::Ha => self.ha_status.clear(),
                    _ => {}
                }
            }
            Event::Info { step, message } => self.view_mut(step).infos.push(message),
            Event::Finding { step, finding } => self.view_mut(step).findings.push(finding),
            Event::TaskLog { step, node, line } => self.view_mut(step).log.push((node, line)),
            Event::Transfer { progress, .. } => self.transfer = Some(progress),
            Event::NodeChanged { node, online, .. } => {
                self.note_change(Change::Node {
                    node: node.clone(),
                    online,
                });
                self.failover.nodes.insert(node, online);
            }
            Event::ServiceChanged {
                sid, state, node, ..
            } => {
                self.note_change(Change::Service {
                    sid: sid.clone(),
                    state: state.clone(),
                    node: node.clone(),
                });
                self.failover.services.insert(sid, (state, node));
            }
            Event::Recovered {
                sid,
                from,
                to,
                after,
            } => {
                let change = Change::Recovered {
                    sid,
                    from,
                    to,
                    after,
                };
                self.failover.recovered = Some(change.message());
                self.note_change(change);
            }
            Event::JoinInformation { text, .. } => self.join_text = Some(text),
            Event::Seen { seen } => self.seen(seen),
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
            Event::StepFailed { step, error } => {
                let message = self.in_window_words(&error);
                let view = self.view_mut(step);
                view.status = Status::Failed;
                view.error = Some(message);
            }
        }
    }

    /// What the pages show of a reading, besides the picture.
    fn seen(&mut self, seen: Seen) {
        match seen {
            Seen::Hosts(facts) => self.facts = facts,
            Seen::Cluster(cluster) => {
                // The VM is made on the first node: the copy goes to another member, unless one
                // was typed.
                let first = self.facts.first().map(|f| f.name.as_str());
                if self.replication_form.target.trim().is_empty()
                    && let Some(other) = cluster
                        .members
                        .iter()
                        .skip(1)
                        .find(|m| Some(m.name.as_str()) != first)
                {
                    self.replication_form.target = other.name.clone();
                }
                if self.running.as_ref().is_some_and(|r| r.work == Work::Watch) {
                    self.failover.nodes = cluster
                        .members
                        .iter()
                        .map(|m| (m.name.clone(), m.online))
                        .collect();
                }
                self.cluster = Some(cluster);
            }
            Seen::Ha(status) => self.ha_status = status,
            Seen::Storage(_) | Seen::Vm(_) => {}
        }
    }

    /// Adds a change to the failover page's timeline, timed from the start of the watch.
    fn note_change(&mut self, change: Change) {
        let since = *self.failover.since.get_or_insert_with(Instant::now);
        self.failover.timeline.push((since.elapsed(), change));
    }

    /// The engine's errors, said as a terminal would, name the command line's ways
    /// (PVE_PASSWORD, a terminal, the plan file); here the teacher types the password or the TOTP
    /// code on the page, and checks a changed certificate again on its node's row.
    fn in_window_words(&self, error: &StepError) -> Message {
        match error {
            StepError::Api {
                node,
                source: crate::api::Error::CertChanged { pinned, seen, .. },
            } => crate::msg!(
                "gui-cert-changed",
                node = node.as_str(),
                pinned = pinned.to_string(),
                seen = seen.to_string()
            ),
            StepError::MissingSecret { node, user } => {
                let totp_asked = self
                    .nodes
                    .iter()
                    .filter(|n| n.endpoint().is_ok_and(|e| e.to_string() == *node))
                    .filter_map(NodeForm::account)
                    .any(|account| self.vault.totp_asked.contains(&account));
                if totp_asked {
                    crate::msg!("gui-totp-asked", node = node.as_str())
                } else {
                    crate::msg!(
                        "gui-missing-password",
                        node = node.as_str(),
                        user = user.as_str()
                    )
                }
            }
            error => crate::i18n::words::step_error(error),
        }
    }
}

#[cfg(test)]
mod tests;

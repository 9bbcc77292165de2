//! What the pages ask of the window: choosing the nodes, probing, running a step, the keychain,
//! the profile. Each hands slow work to the controller.

use std::time::Duration;

use crate::course::plan::validate_cluster_name;
use crate::course::{InputError, KnownNodes, Plan, PlanNode, StepId};
use crate::fingerprint::Fingerprint;
use crate::i18n::words;
use crate::i18n::{Language, Message, Translator};
use crate::secrets::Secret;
use crate::ui::controller::{Command, Job, Passwords, Typed};
use crate::ui::forms::{IsoFrom, LOCAL_ZFS};
use crate::ui::nodes::{NodeForm, Trust};
use crate::ui::picker::IsoQuestion;
use crate::ui::picture::Picture;
use crate::ui::profile::{Profile, ProfileForms, ProfileNode};
use crate::ui::wizard::{
    DEFAULT_CLUSTER_NAME, Failover, Mode, Page, Running, Status, StepView, Track, WizardState, Work,
};

/// What the teacher asks for, on a page (or the tour, as a teacher would).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    /// Start the practice lab for a way through the course.
    StartLab(Track),
    /// "My Proxmox nodes", for a way through the course.
    ChooseOwnNodes(Track),
    /// The practice lab's clock, this many times faster than real nodes.
    SetLabSpeed(f64),
    /// Try the keychain again.
    RetryKeychain,
    /// Forget the password of the node at this index.
    ForgetPassword(usize),
    /// An address or user was edited.
    NodesEdited,
    /// Fetch the certificates not trusted or confirmed yet.
    ProbeAll,
    /// Compare the certificate of the node at this index again.
    Recheck(usize),
    /// Run a step.
    Apply(StepId),
    /// Stop the work under way.
    Cancel,
    /// Show a page.
    GoTo(Page),
    /// Speak another language.
    SetLanguage(Language),
    /// List what the NAS page's server exports.
    ScanExports,
    /// Read the /etc/hosts corrections step 1 needs.
    FindHostsFixes,
    /// Write one of them.
    WriteHostsFix(Box<crate::course::HostsFix>),
    /// Watch the cluster (step 8).
    StartWatch,
    /// Press a lab node's power button.
    PressPower { node: String, on: bool },
    /// Open the desktop's file dialog for an ISO image.
    PickIso,
    /// Make a small ISO image to rehearse with.
    PracticeIso,
    /// Keep what the pages hold.
    SaveProfile,
}

impl WizardState {
    /// Does what the teacher asked; returns the commands for the controller.
    pub(crate) fn act(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::StartLab(track) => self.start_lab(track),
            Action::ChooseOwnNodes(track) => self.choose_own_nodes(track),
            Action::SetLabSpeed(scale) => self.set_lab_speed(scale),
            Action::RetryKeychain => self.retry_keychain(),
            Action::ForgetPassword(index) => self.forget_password(index),
            Action::NodesEdited => self.refresh_known(),
            Action::ProbeAll => self.probe_all(),
            Action::Recheck(index) => {
                if let Some(node) = self.nodes.get_mut(index) {
                    node.trust = Trust::Unknown;
                    self.probe_all();
                }
            }
            Action::Apply(step) => self.apply(step),
            Action::Cancel => self.cancel(),
            Action::GoTo(page) => self.go_to(page),
            Action::SetLanguage(language) => self.set_language(language),
            Action::ScanExports => self.scan_exports(),
            Action::FindHostsFixes => self.find_hosts_fixes(),
            Action::WriteHostsFix(fix) => self.write_hosts_fix(*fix),
            Action::StartWatch => self.start_watch(),
            Action::PressPower { node, on } => self.press_power(&node, on),
            Action::PickIso => self.pick_iso(),
            Action::PracticeIso => self.practice_iso(),
            Action::SaveProfile => self.save_profile(),
        }
        self.take_commands()
    }

    pub(crate) fn lab_started(
        &mut self,
        addresses: Vec<String>,
        fingerprints: Vec<Fingerprint>,
        nas: Option<(String, String)>,
    ) {
        self.lab_starting = false;
        self.reset_course();
        if let Some((server, export)) = nas {
            self.storage_form.server = server;
            self.storage_form.export = export;
        }
        self.nodes = addresses
            .into_iter()
            .zip(fingerprints)
            .map(|(address, fingerprint)| {
                let mut node = NodeForm::new(address, "root@pam".to_owned());
                node.lab_fingerprint = Some(fingerprint);
                node
            })
            .collect();
        self.mode = Some(Mode::Lab);
        // The lab's certificates are new at each start: nothing of them is worth remembering.
        self.known_nodes = KnownNodes::in_memory();
        self.page = Page::Step(StepId::Connect);
    }

    /// "My Proxmox nodes": the nodes saved last time, or empty rows.
    pub(crate) fn choose_own_nodes(&mut self, track: Track) {
        self.reset_course();
        self.track = track;
        let saved = self.saved_nodes.len() == track.nodes();
        self.nodes = if !saved {
            (0..track.nodes())
                .map(|_| NodeForm::new(String::new(), "root@pam".to_owned()))
                .collect()
        } else {
            self.saved_nodes
                .iter()
                .map(|n| NodeForm::new(n.address.clone(), n.user.clone()))
                .collect()
        };
        self.mode = Some(Mode::Own);
        if self.options.storage.keychain() {
            // Known before the page is read: the keychain may be missing, or have no wallet yet.
            self.send(Command::CheckKeychain);
        }
        if let Some(forms) = self.saved_forms.take() {
            self.restore_forms(forms);
        }
        self.refresh_known();
        let page = Page::Step(self.saved_step.take().unwrap_or(StepId::Connect));
        self.page = if track.pages().contains(&page) {
            page
        } else {
            Page::Step(StepId::Connect)
        };
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

    pub(crate) fn reset_course(&mut self) {
        self.cancel();
        self.send(Command::DropCourse);
        self.storage_form.exports = None;
        self.replication_form.target.clear();
        self.transfer = None;
        self.ha_status.clear();
        self.failover = Failover::default();
        self.views = StepId::ALL.map(|s| (s, StepView::new())).into();
        self.facts.clear();
        self.cluster = None;
        self.picture = Picture::default();
        self.join_text = None;
        self.keychain_notes.clear();
    }

    pub(crate) fn resume(&mut self, profile: Profile) {
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
        self.saved_forms = profile.forms;
        self.saved_track = match profile.track.as_deref() {
            Some("replication") => Track::Replication,
            _ => Track::HighAvailability,
        };
    }

    /// The fields of steps 4–7, for the profile.
    fn forms_profile(&self) -> ProfileForms {
        ProfileForms {
            nas_server: self.storage_form.server.clone(),
            nas_export: self.storage_form.export.clone(),
            iso_file: self.iso_form.path.clone(),
            iso_url: self.iso_form.url.clone(),
            iso_sha256: self.iso_form.sha256.clone(),
            iso_node: self.iso_form.node.clone(),
            vm_name: self.vm_form.name.clone(),
            vm_memory_mib: self.vm_form.memory_mib.clone(),
            vm_disk_gib: self.vm_form.disk_gib.clone(),
            ha_max_restart: self.ha_form.max_restart.clone(),
            ha_max_relocate: self.ha_form.max_relocate.clone(),
            ha_vmid: self.ha_form.vmid.clone(),
        }
    }

    /// Fills the fields of steps 4–7 from the profile; empty ones keep their defaults.
    fn restore_forms(&mut self, forms: ProfileForms) {
        let fields = [
            (&mut self.storage_form.server, forms.nas_server),
            (&mut self.storage_form.export, forms.nas_export),
            (&mut self.iso_form.path, forms.iso_file),
            (&mut self.iso_form.url, forms.iso_url),
            (&mut self.iso_form.sha256, forms.iso_sha256),
            (&mut self.iso_form.node, forms.iso_node),
            (&mut self.vm_form.name, forms.vm_name),
            (&mut self.vm_form.memory_mib, forms.vm_memory_mib),
            (&mut self.vm_form.disk_gib, forms.vm_disk_gib),
            (&mut self.ha_form.max_restart, forms.ha_max_restart),
            (&mut self.ha_form.max_relocate, forms.ha_max_relocate),
            (&mut self.ha_form.vmid, forms.ha_vmid),
        ];
        for (field, saved) in fields {
            if !saved.is_empty() {
                *field = saved;
            }
        }
        if self.iso_form.path.is_empty() && !self.iso_form.url.is_empty() {
            self.iso_form.from = IsoFrom::Url;
        }
    }

    /// Saves where the teacher is (off the UI thread); the lab's addresses are not kept.
    pub(crate) fn save_profile(&mut self) {
        let page = match self.page {
            // Reopened, the window offers to watch again from the HA page.
            Page::Failover => Page::Step(StepId::Ha),
            page => page,
        };
        let (nodes, step, forms, track) = match (&self.mode, page) {
            (Some(Mode::Own), Page::Step(step)) => (
                self.nodes
                    .iter()
                    .map(|n| ProfileNode {
                        address: n.address.trim().to_owned(),
                        user: n.user.trim().to_owned(),
                    })
                    .collect(),
                Some(step.as_str().to_owned()),
                Some(self.forms_profile()),
                self.track,
            ),
            _ => (
                self.saved_nodes.clone(),
                None,
                self.saved_forms.clone(),
                self.saved_track,
            ),
        };
        self.send(Command::SaveProfile(Box::new(Profile {
            language: Some(self.tr.language().tag().to_owned()),
            step,
            cluster_name: Some(self.cluster_name.clone()),
            track: Some(track.as_str().to_owned()),
            forms,
            nodes,
        })));
    }

    pub(crate) fn go_to(&mut self, page: Page) {
        if self.page != page {
            self.page = page;
            self.save_profile();
        }
    }

    pub(crate) fn start_lab(&mut self, track: Track) {
        self.lab_starting = true;
        self.notice = None;
        self.track = track;
        let two_nodes = track == Track::Replication;
        self.send(Command::StartLab {
            two_nodes,
            time_scale: self.options.lab.time_scale,
        });
    }

    /// Fetches the certificate of every node not trusted, shown or asked for yet.
    pub(crate) fn probe_all(&mut self) {
        for (index, node) in self.nodes.iter_mut().enumerate() {
            // Neither trusted, nor shown, nor on its way.
            if matches!(
                node.trust,
                Trust::Known(_) | Trust::Seen { .. } | Trust::Probing
            ) {
                continue;
            }
            match node.endpoint() {
                Ok(endpoint) => {
                    node.trust = Trust::Probing;
                    self.outbox.push(Command::Probe { index, endpoint });
                }
                Err(error) => node.trust = Trust::Failed(words::input_error(&error)),
            }
        }
    }

    pub(crate) fn forget_password(&mut self, index: usize) {
        let Some(node) = self.nodes.get_mut(index) else {
            return;
        };
        node.password.clear();
        if let Some(account) = node.account() {
            self.send(Command::Forget(account));
        }
    }

    /// Tries the keychain again, as the teacher asked after being told what it lacked.
    pub(crate) fn retry_keychain(&mut self) {
        self.keychain_checking = true;
        self.send(Command::CheckKeychain);
    }

    pub(crate) fn remember_passwords(&mut self) {
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
            self.send(Command::Remember(accounts));
        }
    }

    /// The plan from the connect page: every certificate confirmed, addresses and users valid.
    pub(crate) fn plan(&self) -> Result<Plan, Message> {
        let mut nodes = Vec::new();
        for node in &self.nodes {
            let endpoint = node.endpoint().map_err(|e| words::input_error(&e))?;
            let user = node.userid().map_err(|e| words::input_error(&e))?;
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
        Plan::new(name, nodes).map_err(|e| words::input_error(&e))
    }

    /// Runs `step`: the connect step always with a new course (the nodes may have changed),
    /// later ones with the course that ran before, so earlier steps are not redone.
    pub(crate) fn apply(&mut self, step: StepId) {
        let view = self.view_mut(step);
        view.status = Status::Running;
        view.error = None;
        if let Err(message) = self.send_job(Work::Step(step), Job::Step(step)) {
            let view = self.view_mut(step);
            view.status = Status::Failed;
            view.error = Some(message);
        }
    }

    /// Asks the first node what the NAS page's server exports.
    pub(crate) fn scan_exports(&mut self) {
        let Some(server) = self.storage_form.scannable_server() else {
            return;
        };
        self.storage_form.exports = None;
        if let Err(message) = self.send_job(Work::Scan, Job::ScanExports { server }) {
            self.storage_form.exports = Some(Err(message));
        }
    }

    /// "Fix /etc/hosts for me": reads the corrections, to show them before any is written.
    pub(crate) fn find_hosts_fixes(&mut self) {
        self.hosts_fixes = None;
        if let Err(message) = self.send_job(Work::Hosts, Job::HostsFixes) {
            self.hosts_fixes = Some(Err(message));
        }
    }

    /// Writes a correction the teacher said yes to; step 1 is checked again.
    pub(crate) fn write_hosts_fix(&mut self, fix: crate::course::HostsFix) {
        if let Err(message) = self.send_job(Work::Hosts, Job::WriteHostsFix(Box::new(fix))) {
            self.hosts_fixes = Some(Err(message));
        }
    }

    /// Starts watching the cluster for the failover page.
    pub(crate) fn start_watch(&mut self) {
        self.failover = Failover::default();
        self.notice = None;
        // Once a second, as Proxmox VE's own pages refresh; a faster practice lab is read as
        // much faster, so that no state it passes through is missed.
        let scale = match self.mode {
            Some(Mode::Lab) => self.options.lab.time_scale.max(1.0),
            _ => 1.0,
        };
        let poll = Duration::from_secs(1)
            .div_f64(scale)
            .max(Duration::from_millis(100));
        if let Err(message) = self.send_job(Work::Watch, Job::Watch { poll }) {
            self.notice = Some(message);
        }
    }

    /// The practice lab's speed: the next lab starts at it, a running one changes to it.
    pub(crate) fn set_lab_speed(&mut self, scale: f64) {
        self.options.lab.time_scale = scale;
        if matches!(self.mode, Some(Mode::Lab)) {
            self.send(Command::LabSpeed(scale));
        }
    }

    /// Presses a lab node's power button.
    pub(crate) fn press_power(&mut self, node: &str, on: bool) {
        if self.failover.pressing.insert(node.to_owned()) {
            self.send(Command::Power {
                node: node.to_owned(),
                on,
            });
        }
    }

    /// Opens the system's file dialog for an ISO image.
    pub(crate) fn pick_iso(&mut self) {
        if !self.picking {
            self.picking = true;
            self.notice = None;
            let question = IsoQuestion {
                title: self.tr.text("gui-iso-pick-title"),
                filter: self.tr.text("gui-iso-pick-filter"),
            };
            self.send(Command::PickIso(question));
        }
    }

    /// Makes a small ISO image to rehearse the upload with.
    pub(crate) fn practice_iso(&mut self) {
        if !self.picking {
            self.picking = true;
            self.notice = None;
            self.send(Command::PracticeIso);
        }
    }

    /// Hands `job` to the controller, with the plan completed from the pages.
    fn send_job(&mut self, work: Work, job: Job) -> Result<(), Message> {
        if self.running.is_some() {
            return Ok(());
        }
        let typed = self
            .nodes
            .iter()
            .filter_map(|node| {
                let account = node.account()?;
                Some(Typed {
                    account,
                    password: Secret::new(node.password.clone()),
                    totp: node.totp.clone(),
                })
            })
            .collect();
        let mut plan = self.plan()?;
        self.complete_plan(&mut plan, work)?;
        self.running = Some(Running {
            work,
            since: std::time::Instant::now(),
        });
        self.send(Command::Typed(typed));
        self.send(Command::Run {
            plan: Box::new(plan),
            job,
            // The connect step always with a new course: the nodes may have changed.
            fresh: work == Work::Step(StepId::Connect),
            passwords: match self.mode {
                Some(Mode::Lab) => Passwords::Lab,
                _ => Passwords::Typed,
            },
            known_nodes: self.known_nodes.clone(),
        });
        // What the page held is worth keeping once it is used.
        self.save_profile();
        Ok(())
    }

    /// Puts what the pages hold into the plan: the form of the step to run must be valid; the
    /// others go in when they are, for the steps that build on them.
    fn complete_plan(&self, plan: &mut Plan, work: Work) -> Result<(), Message> {
        let name = self.cluster_name.trim();
        if validate_cluster_name(name).is_ok() {
            plan.cluster_name = name.to_owned();
        }
        let own = |step: StepId| work == Work::Step(step);
        let replicated = self.track == Track::Replication;
        let storage = self.storage_form.plan_part();
        let iso = self.iso_form.plan_part();
        let vm = self.vm_form.plan_part().and_then(|vm| {
            // Without a NAS the disk stays on the node, on ZFS, where it can be replicated.
            if replicated {
                vm.on_storage(LOCAL_ZFS).map_err(|e| words::input_error(&e))
            } else {
                Ok(vm)
            }
        });
        let ha = self.ha_form.plan_part();
        let replication = self.replication_form.plan_part();
        // Each part goes in through the plan file's own checks (a VM needs its storage, HA its
        // VM…). A part that is not right yet is left out, unless it is the step asked for.
        let add = |plan: Plan, step: StepId, with: Result<Result<Plan, InputError>, Message>| {
            match with {
                Ok(Ok(next)) => Ok(next),
                Ok(Err(error)) if own(step) => Err(words::input_error(&error)),
                Err(message) if own(step) => Err(message),
                _ => Ok(plan),
            }
        };
        let mut next = Plan {
            storage: None,
            iso: None,
            vm: None,
            ha: None,
            replication: None,
            ..plan.clone()
        };
        if !replicated {
            let with = storage.map(|part| Ok(next.clone().with_storage(part)));
            next = add(next, StepId::Storage, with)?;
            let with = iso.map(|part| next.clone().with_iso(part));
            next = add(next, StepId::Iso, with)?;
        }
        let with = vm.map(|part| next.clone().with_vm(part));
        next = add(next, StepId::Vm, with)?;
        if replicated {
            let with = replication.map(|part| next.clone().with_replication(part));
            next = add(next, StepId::Replication, with)?;
        } else {
            let with = ha.map(|part| next.clone().with_ha(part));
            next = add(next, StepId::Ha, with)?;
        }
        *plan = next;
        Ok(())
    }

    pub(crate) fn cancel(&mut self) {
        if self.running.is_some() {
            self.send(Command::Cancel);
        }
    }

    pub(crate) fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

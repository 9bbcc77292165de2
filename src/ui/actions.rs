//! What the pages ask of the window: choosing the nodes, probing, running a step, the keychain,
//! the profile. Each hands slow work to the controller.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::course::plan::validate_cluster_name;
use crate::course::{Course, KnownNodes, Plan, PlanNode, SecretSource, StepId};
use crate::fingerprint::Fingerprint;
use crate::i18n::{Message, Translator};
use crate::messages;
use crate::ui::controller::Command;
use crate::ui::nodes::{NodeForm, Trust};
use crate::ui::profile::{Profile, ProfileNode};
use crate::ui::wizard::{DEFAULT_CLUSTER_NAME, Mode, Page, Status, StepView, Wizard};

impl Wizard {
    pub(crate) fn lab_started(
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

    pub(crate) fn reset_course(&mut self) {
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

    pub(crate) fn remember_passwords(&self) {
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
    pub(crate) fn plan(&self) -> Result<Plan, Message> {
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

    pub(crate) fn new_course(&self) -> Result<Box<Course>, Message> {
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

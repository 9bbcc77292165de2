//! The course engine: the steps of the course, each `check` → `apply` → `verify`, with no UI.
//!
//! The GUI and the headless `run --plan` drive the very same steps; progress leaves as [`Event`]s
//! on a channel, carrying translatable [`Message`]s rather than text.

pub mod error;
pub mod hosts_fix;
pub mod join_info;
pub mod known_nodes;
pub mod plan;
mod seen;
mod session;
pub mod steps;
mod watch;

use std::sync::Arc;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::api::{ClientOptions, TaskWait};
use crate::i18n::Message;
use crate::secrets::Secret;

pub use error::{InputError, JoinInfoProblem, StepError, Unverified};
pub use hosts_fix::HostsFix;
pub use known_nodes::{KnownNodes, KnownNodesError};
pub use plan::{IsoSource, Plan, PlanHa, PlanIso, PlanNode, PlanReplication, PlanStorage, PlanVm};
pub use seen::{ClusterSeen, MemberSeen, Seen, StorageSeen, VmSeen};
pub use session::NodeSession;
pub use watch::WatchEnd;

/// The steps, in the course's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StepId {
    /// 0: connect to every node and trust its certificate.
    Connect,
    /// 1: distinct host names and the other preconditions of a cluster.
    Hostnames,
    /// 2: create the cluster on the first node.
    CreateCluster,
    /// 3: join the other nodes and wait for quorum.
    JoinNodes,
    /// 4: the NAS as storage shared by every node.
    Storage,
    /// 5: an installer image on the NAS.
    Iso,
    /// 6: a VM on the NAS, started.
    Vm,
    /// 7: the VM under the HA manager.
    Ha,
    /// 9 (optional; 8 is `watch`): the VM's ZFS disk replicated to another node.
    Replication,
}

impl StepId {
    /// Every step, in order.
    pub const ALL: [StepId; 9] = [
        Self::Connect,
        Self::Hostnames,
        Self::CreateCluster,
        Self::JoinNodes,
        Self::Storage,
        Self::Iso,
        Self::Vm,
        Self::Ha,
        Self::Replication,
    ];

    /// The stable id used in JSON output and saved progress.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Hostnames => "hostnames",
            Self::CreateCluster => "create-cluster",
            Self::JoinNodes => "join",
            Self::Storage => "storage",
            Self::Iso => "iso",
            Self::Vm => "vm",
            Self::Ha => "ha",
            Self::Replication => "replication",
        }
    }

    /// The step's title.
    pub fn title(self) -> Message {
        match self {
            Self::Connect => crate::msg!("step-connect"),
            Self::Hostnames => crate::msg!("step-hostnames"),
            Self::CreateCluster => crate::msg!("step-create-cluster"),
            Self::JoinNodes => crate::msg!("step-join"),
            Self::Storage => crate::msg!("step-storage"),
            Self::Iso => crate::msg!("step-iso"),
            Self::Vm => crate::msg!("step-vm"),
            Self::Ha => crate::msg!("step-ha"),
            Self::Replication => crate::msg!("step-replication"),
        }
    }
}

/// How serious a check's finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// As it should be.
    Ok,
    /// Worth knowing; the step may go on.
    Warning,
    /// Must be fixed before the step can run.
    Problem,
}

/// One result of a check, with how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// How serious.
    pub severity: Severity,
    /// What was found.
    pub message: Message,
    /// What to do about it.
    pub fix: Option<Message>,
}

impl Finding {
    /// A check that passed.
    pub fn ok(message: Message) -> Self {
        Self {
            severity: Severity::Ok,
            message,
            fix: None,
        }
    }
    /// A warning, with what to do.
    pub fn warning(message: Message, fix: Message) -> Self {
        Self {
            severity: Severity::Warning,
            message,
            fix: Some(fix),
        }
    }
    /// A problem, with how to fix it.
    pub fn problem(message: Message, fix: Message) -> Self {
        Self {
            severity: Severity::Problem,
            message,
            fix: Some(fix),
        }
    }
}

/// How a step ended well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The change was made and read back.
    Done,
    /// Nothing to do: it was already so.
    AlreadyDone,
}

/// What a check concluded.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// Nothing to do.
    AlreadyDone,
    /// Ready to apply (findings hold no problem).
    Ready,
}

/// How far a transfer has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes sent so far.
    pub sent: u64,
    /// Bytes in all.
    pub total: u64,
    /// Bytes per second, over the transfer so far.
    pub rate: u64,
    /// Seconds left at that rate, when it can be told.
    pub seconds_left: Option<u64>,
}

/// Progress of the course, for a face to show.
#[derive(Clone, Debug)]
pub enum Event {
    /// A step begins.
    StepStarted {
        /// The step.
        step: StepId,
    },
    /// Something the step is doing or learned.
    Info {
        /// The step.
        step: StepId,
        /// What, translatable.
        message: Message,
    },
    /// A result of a check.
    Finding {
        /// The step.
        step: StepId,
        /// The finding.
        finding: Finding,
    },
    /// A line of a running task's log.
    TaskLog {
        /// The step.
        step: StepId,
        /// The node the task runs on.
        node: String,
        /// The line, as PVE wrote it.
        line: String,
    },
    /// How far a transfer (an upload) has come.
    Transfer {
        /// The step.
        step: StepId,
        /// How far.
        progress: Progress,
    },
    /// A node came up or went away (watching).
    NodeChanged {
        /// The node.
        node: String,
        /// Now online.
        online: bool,
        /// When it was seen.
        at: std::time::SystemTime,
    },
    /// An HA service changed state or node (watching).
    ServiceChanged {
        /// `vm:100`.
        sid: String,
        /// The state the HA manager reports (`started`, `fence`, `recovery`, …).
        state: String,
        /// Where it is.
        node: String,
        /// When it was seen.
        at: std::time::SystemTime,
    },
    /// A service lost with its node runs again on another one (watching).
    Recovered {
        /// `vm:100`.
        sid: String,
        /// The node it was lost with.
        from: String,
        /// The node it runs on now.
        to: String,
        /// From the node's loss to the service started again.
        after: std::time::Duration,
    },
    /// The cluster's join information, as the web UI's "Copy Information" gives it.
    JoinInformation {
        /// The cluster.
        cluster: String,
        /// The text to copy.
        text: String,
    },
    /// A step ended well.
    StepFinished {
        /// The step.
        step: StepId,
        /// How.
        outcome: Outcome,
    },
    /// A step failed; the error is also returned to whoever ran it.
    StepFailed {
        /// The step.
        step: StepId,
        /// Why: each face says it in its own words, with how to fix it.
        error: Arc<StepError>,
    },
    /// What the course read of the cluster, for a face to draw.
    Seen {
        /// The reading.
        seen: Seen,
    },
}

/// Where events go. A face that stopped listening does not stop the course.
#[derive(Clone, Debug)]
pub struct Events(mpsc::UnboundedSender<Event>);

impl Events {
    /// A sender and the receiver a face reads.
    pub fn channel() -> (Self, mpsc::UnboundedReceiver<Event>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Self(tx), rx)
    }

    /// Sends an event.
    pub fn send(&self, event: Event) {
        // A closed receiver means the face is gone; the work in flight may still finish.
        self.0.send(event).ok();
    }
}

/// Where the course gets passwords and TOTP codes. Never from the plan.
///
/// Calls may block (a keychain over D-Bus, a terminal prompt): the engine makes them off the
/// async threads.
pub trait SecretSource: Send + Sync {
    /// The password of the node's user.
    fn password(&self, node: &PlanNode) -> Option<Secret>;
    /// A current TOTP code, asked only when the node wants one.
    fn totp_code(&self, node: &PlanNode) -> Option<String>;
}

/// Tunables of the engine.
#[derive(Clone, Debug)]
pub struct CourseOptions {
    /// For every client.
    pub client: ClientOptions,
    /// How long a task may run, and how often to ask.
    pub task_wait: TaskWait,
    /// How long to wait for quorum after the joins.
    pub quorum_timeout: std::time::Duration,
    /// Clocks further apart than this are a problem (corosync and tickets need them close).
    pub max_clock_skew_secs: u64,
    /// How long the HA manager may take to start a service it was given.
    pub ha_timeout: std::time::Duration,
    /// How long a new replication job may take to make its first copy (nodes look every
    /// minute; a full copy of a small disk takes seconds).
    pub replication_timeout: std::time::Duration,
    /// The certificates trusted so far; in memory unless a face loads the user's list.
    pub known_nodes: KnownNodes,
}

impl Default for CourseOptions {
    fn default() -> Self {
        Self {
            client: ClientOptions::default(),
            task_wait: TaskWait::default(),
            quorum_timeout: std::time::Duration::from_secs(120),
            max_clock_skew_secs: 10,
            ha_timeout: std::time::Duration::from_secs(300),
            replication_timeout: std::time::Duration::from_secs(300),
            known_nodes: KnownNodes::in_memory(),
        }
    }
}

/// One run of the course over a plan: the plan, the connections made so far, and the event sink.
pub struct Course {
    /// The plan.
    pub plan: Plan,
    /// Connected nodes, in plan order (filled by the connect step).
    pub(crate) sessions: Vec<NodeSession>,
    /// Sessions of an earlier course over the same nodes, for the connect step to keep.
    pub(crate) earlier_sessions: Vec<NodeSession>,
    pub(crate) events: Events,
    pub(crate) secrets: Arc<dyn SecretSource>,
    pub(crate) options: CourseOptions,
    pub(crate) cancel: CancellationToken,
    /// The SHA-256 of the image to upload, being computed since the course knew it would be needed.
    pub(crate) iso_digest: Option<steps::s05_iso::Digest>,
}

impl Course {
    /// A course over `plan`, not yet connected.
    pub fn new(
        plan: Plan,
        secrets: Arc<dyn SecretSource>,
        events: Events,
        options: CourseOptions,
    ) -> Self {
        let cancel = options.task_wait.cancel.clone();
        Self {
            plan,
            sessions: Vec::new(),
            earlier_sessions: Vec::new(),
            events,
            secrets,
            options,
            cancel,
            iso_digest: None,
        }
    }

    /// Cancels whatever the course is waiting for.
    pub fn cancel_token(&self) -> CancellationToken {
        self.cancel.clone()
    }

    /// From now on `token` cancels whatever the course waits for (a face's job); returns the
    /// token it replaces.
    pub fn set_cancel_token(&mut self, token: CancellationToken) -> CancellationToken {
        self.options.task_wait.cancel = token.clone();
        std::mem::replace(&mut self.cancel, token)
    }

    /// The connected nodes, in plan order.
    pub fn sessions(&self) -> &[NodeSession] {
        &self.sessions
    }

    pub(crate) fn info(&self, step: StepId, message: Message) {
        self.events.send(Event::Info { step, message });
    }

    pub(crate) fn finding(&self, step: StepId, finding: Finding) {
        self.events.send(Event::Finding { step, finding });
    }

    /// The sessions, or the error saying that the connect step must run first.
    pub(crate) fn connected(&self) -> Result<&[NodeSession], StepError> {
        if self.sessions.len() == self.plan.nodes.len() && !self.sessions.is_empty() {
            Ok(&self.sessions)
        } else {
            Err(StepError::OutOfOrder {
                needs: StepId::Connect,
            })
        }
    }

    /// The first node's session: it creates the cluster and vouches for the others.
    pub(crate) fn first_session(&self) -> Result<&NodeSession, StepError> {
        self.connected()?.first().ok_or(StepError::OutOfOrder {
            needs: StepId::Connect,
        })
    }

    /// The session of the node called `node_name`.
    pub(crate) fn session_of(&self, node_name: &str) -> Result<&NodeSession, StepError> {
        self.connected()?
            .iter()
            .find(|s| s.node_name == node_name)
            .ok_or_else(|| StepError::UnknownNode {
                name: node_name.to_owned(),
            })
    }

    /// `/cluster/status` as the first node sees it.
    pub async fn first_cluster_status(&self) -> Result<crate::api::ClusterStatus, StepError> {
        let first = self.first_session()?;
        first
            .client
            .cluster_status()
            .await
            .map_err(|e| StepError::api(first.label(), e))
    }

    /// The names of the cluster's members, as the first node sees them.
    pub(crate) async fn member_names(&self) -> Result<Vec<String>, StepError> {
        Ok(self
            .first_cluster_status()
            .await?
            .members
            .into_iter()
            .map(|m| m.name)
            .collect())
    }

    /// Runs the plan's steps in order; stops at the first failure.
    pub async fn run_all(&mut self) -> Result<(), (StepId, StepError)> {
        let steps = self.plan.steps();
        self.run_steps(&steps).await
    }

    /// Runs `steps` in order; stops at the first failure.
    pub async fn run_steps(&mut self, steps: &[StepId]) -> Result<(), (StepId, StepError)> {
        if steps.contains(&StepId::Iso) {
            // The image is hashed while the nodes are connected and set up, not after.
            steps::s05_iso::prepare_digest(self);
        }
        for &step in steps {
            self.run(step).await.map_err(|e| (step, e))?;
        }
        Ok(())
    }

    /// Runs one step: check, then (unless already done) apply and verify.
    pub async fn run(&mut self, step: StepId) -> Result<Outcome, StepError> {
        self.events.send(Event::StepStarted { step });
        let result = match step {
            StepId::Connect => steps::run(&steps::s00_connect::Connect, self).await,
            StepId::Hostnames => steps::run(&steps::s01_hostnames::Hostnames, self).await,
            StepId::CreateCluster => steps::run(&steps::s02_create::CreateCluster, self).await,
            StepId::JoinNodes => steps::run(&steps::s03_join::JoinNodes, self).await,
            StepId::Storage => steps::run(&steps::s04_storage::Storage, self).await,
            StepId::Iso => steps::run(&steps::s05_iso::Iso, self).await,
            StepId::Vm => steps::run(&steps::s06_vm::Vm, self).await,
            StepId::Ha => steps::run(&steps::s07_ha::Ha, self).await,
            StepId::Replication => steps::run(&steps::s09_replication::Replication, self).await,
        };
        match &result {
            Ok(outcome) => self.events.send(Event::StepFinished {
                step,
                outcome: *outcome,
            }),
            Err(error) => self.events.send(Event::StepFailed {
                step,
                error: Arc::new(error.clone()),
            }),
        }
        result
    }
}

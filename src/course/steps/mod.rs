//! The steps of the course, one file each.

pub mod s00_connect;
pub mod s01_hostnames;
pub mod s02_create;
pub mod s03_join;
pub mod s04_storage;
pub mod s05_iso;
pub mod s06_vm;
pub mod s07_ha;
pub mod s09_replication;

use crate::course::{Check, Course, Event, Outcome, Seen, Severity, StepError, StepId};

/// A step of the course.
pub(crate) trait Step {
    /// Which step.
    fn id(&self) -> StepId;
    /// Read-only: preconditions (as findings), and whether the step is already done.
    async fn check(&self, course: &mut Course) -> Result<Check, StepError>;
    /// The change; waits for its task.
    async fn apply(&self, course: &mut Course) -> Result<(), StepError>;
    /// Reads the change back.
    async fn verify(&self, course: &mut Course) -> Result<(), StepError>;
    /// What a face draws once the step has run (read-only).
    async fn seen(&self, _course: &Course) -> Result<Option<Seen>, StepError> {
        Ok(None)
    }
}

/// check → apply → verify, stopping early when already done. Cancel ends the step at once,
/// even while a request waits on a node gone silent: what was sent may still be done there, as
/// after a pulled cable, and each step finds it on its next run.
pub(crate) async fn run<S: Step>(step: &S, course: &mut Course) -> Result<Outcome, StepError> {
    let cancel = course.cancel.clone();
    tokio::select! {
        biased;
        () = cancel.cancelled() => Err(StepError::Cancelled),
        outcome = async {
            let outcome = run_to_the_end(step, course).await;
            // Read again only when the nodes answered: after a node gone silent it would wait
            // for that node a second time. A reading that fails leaves the picture as it was.
            if answered(&outcome)
                && let Ok(Some(seen)) = step.seen(course).await
            {
                course.events.send(Event::Seen { seen });
            }
            outcome
        } => outcome,
    }
}

/// Whether the step ended with the nodes answering: done, or refused for what they said.
fn answered(outcome: &Result<Outcome, StepError>) -> bool {
    matches!(
        outcome,
        Ok(_)
            | Err(StepError::Precondition { .. }
                | StepError::NotVerified { .. }
                | StepError::OutOfOrder { .. })
    )
}

async fn run_to_the_end<S: Step>(step: &S, course: &mut Course) -> Result<Outcome, StepError> {
    if step.check(course).await? == Check::AlreadyDone {
        return Ok(Outcome::AlreadyDone);
    }
    step.apply(course).await?;
    step.verify(course).await?;
    Ok(Outcome::Done)
}

/// Sends findings out, and refuses to go on if any is a problem.
pub(crate) fn report(
    course: &Course,
    step: StepId,
    findings: Vec<crate::course::Finding>,
) -> Result<(), StepError> {
    for finding in &findings {
        course.finding(step, finding.clone());
    }
    if findings.iter().any(|f| f.severity == Severity::Problem) {
        return Err(StepError::Precondition {
            problems: findings
                .into_iter()
                .filter(|f| f.severity != Severity::Ok)
                .collect(),
        });
    }
    Ok(())
}

/// Waits for a task on `session`'s node, passing its log lines on as events.
pub(crate) async fn follow_task(
    course: &Course,
    step: StepId,
    session: &crate::course::NodeSession,
    upid: &crate::api::Upid,
) -> Result<(), StepError> {
    let node = session.node_name.clone();
    let events = course.events.clone();
    session
        .client
        .wait_task(upid, &course.options.task_wait, |line| {
            events.send(crate::course::Event::TaskLog {
                step,
                node: node.clone(),
                line: line.to_owned(),
            });
        })
        .await
        .map(|_| ())
        .map_err(|e| StepError::api(session.label(), e))
}

/// The address a node uses on its network for corosync: the bridge (or interface) that carries
/// the address the course talks to, else the one with the default gateway.
pub(crate) async fn link_address(client: &crate::api::Client, node_name: &str) -> Option<String> {
    let interfaces = client.node_network(node_name).await.ok()?;
    let dialled = client.endpoint().host();
    interfaces
        .iter()
        .find(|iface| iface.address.as_deref() == Some(dialled))
        .or_else(|| {
            interfaces
                .iter()
                .find(|iface| iface.gateway.is_some() && iface.address.is_some())
        })
        .and_then(|iface| iface.address.clone())
}

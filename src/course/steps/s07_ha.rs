//! Step 7: the VM under the HA manager, requested state `started` (Datacenter > HA > Add).
//!
//! The CRM master takes the new resource in its next round (every 10 s) and the LRM of the VM's
//! node reports it started; the step waits for that and shows the HA status as the web UI does.

use std::time::Duration;

use tokio::time::Instant;

use crate::api::{HaStatusEntry, NewHaResource};
use crate::course::plan::PlanHa;
use crate::course::steps::Step;
use crate::course::{Check, Course, StepError, StepId};

/// How often to read the HA status while waiting.
const POLL: Duration = Duration::from_millis(500);

/// Step 7.
pub struct Ha;

impl Ha {
    /// The HA settings and the VM's service ID (`vm:100`), from the cluster's VM of the plan's name.
    async fn planned(course: &Course) -> Result<(PlanHa, String), StepError> {
        let (Some(ha), Some(vm)) = (course.plan.ha, course.plan.vm.as_ref()) else {
            return Err(StepError::OutOfOrder { needs: "ha" });
        };
        let vmid = super::s06_vm::Vm::existing(course, vm)
            .await?
            .and_then(|r| r.vmid)
            .ok_or(StepError::OutOfOrder {
                needs: StepId::Vm.as_str(),
            })?;
        Ok((ha, format!("vm:{vmid}")))
    }

    async fn status(course: &Course) -> Result<Vec<HaStatusEntry>, StepError> {
        let first = course.first_session()?;
        first
            .client
            .ha_status()
            .await
            .map_err(|e| StepError::api(first.label(), e))
    }

    fn service_started(status: &[HaStatusEntry], sid: &str) -> bool {
        status.iter().any(|e| {
            e.kind == "service"
                && e.sid.as_deref() == Some(sid)
                && e.state.as_deref() == Some("started")
        })
    }
}

impl Step for Ha {
    fn id(&self) -> StepId {
        StepId::Ha
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        let (_, sid) = Self::planned(course).await?;
        let status = Self::status(course).await?;
        if Self::service_started(&status, &sid) {
            return Ok(Check::AlreadyDone);
        }
        Ok(Check::Ready)
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let (ha, sid) = Self::planned(course).await?;
        let first = course.first_session()?;
        let label = first.label();
        let configured = first
            .client
            .ha_resources()
            .await
            .map_err(|e| StepError::api(&label, e))?
            .iter()
            .any(|r| r.sid == sid);
        if configured {
            // Added on an earlier run: only wait for the manager.
            return Ok(());
        }
        course.info(
            self.id(),
            crate::msg!(
                "ha-adding",
                sid = sid.as_str(),
                max_restart = ha.max_restart,
                max_relocate = ha.max_relocate
            ),
        );
        first
            .client
            .add_ha_resource(&NewHaResource {
                sid,
                state: "started".to_owned(),
                max_restart: ha.max_restart,
                max_relocate: ha.max_relocate,
            })
            .await
            .map_err(|e| StepError::api(&label, e))
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        let (_, sid) = Self::planned(course).await?;
        course.info(self.id(), crate::msg!("ha-waiting", sid = sid.as_str()));
        let deadline = Instant::now() + course.options.ha_timeout;
        loop {
            let status = Self::status(course).await?;
            if Self::service_started(&status, &sid) {
                // The HA status as Datacenter > HA shows it: quorum, master, LRMs, the service.
                for entry in &status {
                    if let Some(line) = &entry.status {
                        course.info(
                            self.id(),
                            crate::msg!("ha-status-line", line = line.as_str()),
                        );
                    }
                }
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(StepError::NotVerified {
                    node: course.first_session()?.label(),
                    what: format!("HA service {sid} started"),
                });
            }
            tokio::select! {
                () = course.cancel.cancelled() => return Err(StepError::Cancelled),
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }
}

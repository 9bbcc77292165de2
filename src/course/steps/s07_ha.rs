//! Step 7: the VM under the HA manager, requested state `started` (Datacenter > HA > Add).
//!
//! The course adds the resource alone (its Group column stays empty), and so does this step. A
//! plan may also name the nodes the VM prefers (`[ha] nodes`): PVE 8 keeps that as an HA group
//! the resource belongs to, PVE 9 as a node-affinity rule over the resource (PVE 9 migrated
//! groups to rules and refuses a resource's `group`), so the step asks `/version` first.
//!
//! The CRM master takes the new resource in its next round (every 10 s) and the LRM of the VM's
//! node reports it started; the step waits for that and shows the HA status as the web UI does.

use std::time::Duration;

use tokio::time::Instant;

use crate::api::{
    self, Client, HaResourceUpdate, HaStatusEntry, NewHaGroup, NewHaResource, NewNodeAffinityRule,
};
use crate::course::plan::PlanHa;
use crate::course::steps::Step;
use crate::course::{Check, Course, Finding, Seen, StepError, StepId};

/// How often to read the HA status while waiting.
const POLL: Duration = Duration::from_millis(500);

/// Step 7.
pub struct Ha;

/// What the plan asks of this cluster.
struct Planned {
    ha: PlanHa,
    /// The VM's ID and the node it is on.
    vmid: u64,
    node: String,
    /// `vm:100`.
    sid: String,
    /// The group (PVE 8) or rule (PVE 9) that keeps `[ha] nodes`: `vm100`.
    placement_id: String,
    /// PVE 8 and older keep HA groups; PVE 9 has rules instead.
    groups: bool,
}

impl Ha {
    /// The HA settings and the VM's service ID (`vm:100`), from the cluster's VM the plan names
    /// in `[ha]`, else step 6's, and whether the cluster has HA groups (PVE 8) or rules (PVE 9).
    async fn planned(course: &Course) -> Result<Planned, StepError> {
        let Some(ha) = course.plan.ha.clone() else {
            return Err(StepError::OutOfOrder { needs: StepId::Ha });
        };
        let (vmid, node) = match (ha.vmid, course.plan.vm.as_ref()) {
            (Some(vmid), _) => Self::chosen_vm(course, vmid).await?,
            (None, Some(vm)) => super::s06_vm::Vm::existing(course, vm)
                .await?
                .and_then(|r| Some((r.vmid?, r.node?)))
                .ok_or(StepError::OutOfOrder { needs: StepId::Vm })?,
            (None, None) => return Err(StepError::OutOfOrder { needs: StepId::Vm }),
        };
        let first = course.first_session()?;
        // PVE 8 keeps HA groups, PVE 9 replaced them with rules; ask /version first.
        let version = first
            .client
            .version()
            .await
            .map_err(|e| StepError::api(first.label(), e))?;
        Ok(Planned {
            ha,
            vmid,
            node,
            sid: format!("vm:{vmid}"),
            placement_id: format!("vm{vmid}"),
            groups: version.major().is_some_and(|major| major < 9),
        })
    }

    /// The node of the cluster's VM `vmid`, which the teacher chose; a problem naming the VMs
    /// there are when it is not one of them (a container is not: the HA step is for VMs).
    async fn chosen_vm(course: &Course, vmid: u64) -> Result<(u64, String), StepError> {
        let first = course.first_session()?;
        let vms: Vec<_> = first
            .client
            .cluster_resources(Some("vm"))
            .await
            .map_err(|e| StepError::api(first.label(), e))?
            .into_iter()
            .filter(|r| r.kind == "qemu")
            .collect();
        if let Some(node) = vms
            .iter()
            .find(|r| r.vmid == Some(vmid))
            .and_then(|r| r.node.clone())
        {
            return Ok((vmid, node));
        }
        let listed: Vec<String> = vms
            .iter()
            .filter_map(|r| {
                let id = r.vmid?;
                Some(match &r.name {
                    Some(name) => format!("{id} ({name})"),
                    None => id.to_string(),
                })
            })
            .collect();
        let found = if listed.is_empty() {
            crate::msg!("check-ha-vm-unknown-none", vmid = vmid)
        } else {
            crate::msg!("check-ha-vm-unknown", vmid = vmid, vms = listed.join(", "))
        };
        let problem = Finding::problem(found, crate::msg!("fix-ha-vm-unknown"));
        super::report(course, StepId::Ha, vec![problem])?;
        Err(StepError::OutOfOrder { needs: StepId::Vm })
    }

    fn service_started(status: &[HaStatusEntry], sid: &str) -> bool {
        status.iter().any(|e| {
            e.kind == "service"
                && e.sid.as_deref() == Some(sid)
                && e.state.as_deref() == Some("started")
        })
    }

    /// The plan's nodes that are not members of the cluster, as problems.
    async fn unknown_nodes(course: &Course, planned: &Planned) -> Result<(), StepError> {
        if planned.ha.nodes.is_empty() {
            return Ok(());
        }
        let members = course.member_names().await?;
        let findings: Vec<Finding> = planned
            .ha
            .nodes
            .iter()
            .filter(|node| !members.contains(node))
            .map(|node| {
                Finding::problem(
                    crate::msg!(
                        "check-ha-node-unknown",
                        node = node.as_str(),
                        members = members.join(", ")
                    ),
                    crate::msg!("fix-ha-node-unknown"),
                )
            })
            .collect();
        super::report(course, StepId::Ha, findings)
    }

    /// Whether the VM could run on another node, as HA needs when its node fails: what PVE
    /// tells the web UI's Migrate dialog (its disks and CD image on storage only its node has,
    /// devices of that node, storages other members may not use), and the cluster's quorum
    /// votes, of which the web UI's HA dialog only hints. Said before anything is added.
    async fn readiness(course: &Course, planned: &Planned) -> Result<(), StepError> {
        let first = course.first_session()?;
        let api = |e| StepError::api(first.label(), e);
        let (vmid, node) = (planned.vmid, planned.node.as_str());
        let found = first
            .client
            .migrate_preconditions(node, vmid)
            .await
            .map_err(api)?;
        let mut findings = Vec::new();
        for disk in &found.local_disks {
            let volid = disk.volid.as_str();
            // A CD image is changed in its drive; a disk is moved.
            let (check, fix) = if disk.cdrom {
                let check = crate::msg!("check-ha-local-cdrom", vmid = vmid, volid = volid);
                (check, crate::msg!("fix-ha-local-cdrom", vmid = vmid))
            } else {
                let check = crate::msg!("check-ha-local-disk", vmid = vmid, volid = volid);
                (check, crate::msg!("fix-ha-local-disk", vmid = vmid))
            };
            findings.push(Finding::problem(check.with("node", node), fix));
        }
        if !found.local_resources.is_empty() {
            let resources = found.local_resources.join(", ");
            findings.push(Finding::problem(
                crate::msg!(
                    "check-ha-local-resources",
                    vmid = vmid,
                    node = node,
                    resources = resources
                ),
                crate::msg!("fix-ha-local-resources", vmid = vmid),
            ));
        }
        for (member, lacks) in &found.not_allowed_nodes {
            if lacks.unavailable_storages.is_empty() {
                continue;
            }
            let storages = lacks.unavailable_storages.join(", ");
            findings.push(Finding::problem(
                crate::msg!(
                    "check-ha-storage-unavailable",
                    vmid = vmid,
                    node = member.as_str(),
                    storages = storages.as_str()
                ),
                crate::msg!(
                    "fix-ha-storage-unavailable",
                    node = member.as_str(),
                    storages = storages.as_str()
                ),
            ));
        }
        // pve-manager `www/manager6/ha/ResourceEdit.js`: the sum of `quorum_votes`.
        let votes: u64 = first
            .client
            .cluster_config_nodes()
            .await
            .map_err(api)?
            .iter()
            .filter_map(|n| n.quorum_votes)
            .sum();
        if votes < 3 {
            findings.push(Finding::warning(
                crate::msg!("check-ha-few-votes", votes = votes),
                crate::msg!("fix-ha-few-votes"),
            ));
        }
        if findings.is_empty() {
            findings.push(Finding::ok(crate::msg!(
                "check-ha-ready",
                vmid = vmid,
                nodes = found.allowed_nodes.join(", ")
            )));
        }
        super::report(course, StepId::Ha, findings)
    }

    /// Whether the plan's nodes are kept: as the resource's group (PVE 8) or a rule (PVE 9).
    async fn placement_done(course: &Course, planned: &Planned) -> Result<bool, StepError> {
        if planned.ha.nodes.is_empty() {
            return Ok(true);
        }
        let first = course.first_session()?;
        let api = |e| StepError::api(first.label(), e);
        let id = planned.placement_id.as_str();
        if planned.groups {
            let grouped = first
                .client
                .ha_resources()
                .await
                .map_err(api)?
                .iter()
                .any(|r| r.sid == planned.sid && r.group.as_deref() == Some(id));
            Ok(grouped && Self::group_exists(&first.client, id).await.map_err(api)?)
        } else {
            Self::rule_exists(&first.client, id, &planned.sid)
                .await
                .map_err(api)
        }
    }

    async fn group_exists(client: &Client, group: &str) -> Result<bool, api::Error> {
        Ok(client.ha_groups().await?.iter().any(|g| g.group == group))
    }

    /// Whether rule `rule` exists; with `sid`, whether it also covers that resource.
    async fn rule_exists(client: &Client, rule: &str, sid: &str) -> Result<bool, api::Error> {
        Ok(client
            .ha_rules()
            .await?
            .iter()
            .any(|r| r.rule == rule && r.covers(sid)))
    }
}

impl Course {
    /// The HA status as the first node sees it (Datacenter > HA): quorum, master, LRMs, services.
    pub async fn ha_status(&self) -> Result<Vec<HaStatusEntry>, StepError> {
        let first = self.first_session()?;
        first
            .client
            .ha_status()
            .await
            .map_err(|e| StepError::api(first.label(), e))
    }
}

impl Step for Ha {
    fn id(&self) -> StepId {
        StepId::Ha
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        let planned = Self::planned(course).await?;
        Self::unknown_nodes(course, &planned).await?;
        let status = course.ha_status().await?;
        if Self::service_started(&status, &planned.sid)
            && Self::placement_done(course, &planned).await?
        {
            return Ok(Check::AlreadyDone);
        }
        Self::readiness(course, &planned).await?;
        Ok(Check::Ready)
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let planned = Self::planned(course).await?;
        let Planned {
            ha,
            sid,
            placement_id,
            groups,
            ..
        } = &planned;
        let nodes = ha.nodes.join(",");
        let first = course.first_session()?;
        let label = first.label();
        let api = |e| StepError::api(&label, e);
        let group = (*groups && !ha.nodes.is_empty()).then(|| placement_id.clone());
        if let Some(group) = &group {
            if !Self::group_exists(&first.client, group)
                .await
                .map_err(api)?
            {
                course.info(
                    self.id(),
                    crate::msg!(
                        "ha-group-adding",
                        group = group.as_str(),
                        nodes = nodes.as_str()
                    ),
                );
                first
                    .client
                    .create_ha_group(&NewHaGroup {
                        group: group.clone(),
                        nodes: nodes.clone(),
                        comment: None,
                    })
                    .await
                    .map_err(api)?;
            }
        }
        let configured = first
            .client
            .ha_resources()
            .await
            .map_err(api)?
            .into_iter()
            .find(|r| &r.sid == sid);
        match configured {
            // Added on an earlier run, perhaps without the group the plan now names.
            Some(resource) if group.is_some() && resource.group != group => {
                first
                    .client
                    .update_ha_resource(
                        sid,
                        &HaResourceUpdate {
                            group: group.clone(),
                            ..HaResourceUpdate::default()
                        },
                    )
                    .await
                    .map_err(api)?;
            }
            Some(_) => {}
            None => {
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
                        sid: sid.clone(),
                        state: "started".to_owned(),
                        max_restart: ha.max_restart,
                        max_relocate: ha.max_relocate,
                        group: group.clone(),
                    })
                    .await
                    .map_err(api)?;
            }
        }
        // A rule names HA resources, so it comes after the resource.
        if !*groups
            && !ha.nodes.is_empty()
            && !Self::rule_exists(&first.client, placement_id, sid)
                .await
                .map_err(api)?
        {
            course.info(
                self.id(),
                crate::msg!(
                    "ha-rule-adding",
                    rule = placement_id.as_str(),
                    nodes = nodes.as_str()
                ),
            );
            first
                .client
                .create_ha_rule(&NewNodeAffinityRule {
                    rule: placement_id.clone(),
                    kind: "node-affinity",
                    resources: sid.clone(),
                    nodes,
                    comment: None,
                })
                .await
                .map_err(api)?;
        }
        Ok(())
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        let planned = Self::planned(course).await?;
        let sid = planned.sid.as_str();
        if !Self::placement_done(course, &planned).await? {
            return Err(StepError::NotVerified {
                node: course.first_session()?.label(),
                what: crate::course::Unverified::HaPlacement {
                    placement: planned.placement_id.clone(),
                    sid: sid.to_owned(),
                },
            });
        }
        course.info(self.id(), crate::msg!("ha-waiting", sid = sid));
        let deadline = Instant::now() + course.options.ha_timeout;
        loop {
            let status = course.ha_status().await?;
            if Self::service_started(&status, sid) {
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
                    what: crate::course::Unverified::HaStarted {
                        sid: sid.to_owned(),
                    },
                });
            }
            tokio::select! {
                () = course.cancel.cancelled() => return Err(StepError::Cancelled),
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }

    async fn seen(&self, course: &Course) -> Result<Option<Seen>, StepError> {
        Ok(Some(Seen::Ha(course.ha_status().await?)))
    }
}

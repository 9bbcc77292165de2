//! Step 6: a small VM with its disk on the NAS and the ISO image in its CD drive, started
//! (node > Create VM, then Start).
//!
//! The disk on shared storage is what lets HA start the VM on another node later: any member can
//! reach it.

use crate::api::{ClusterResource, NewVm};
use crate::course::plan::PlanVm;
use crate::course::steps::{Step, follow_task, report};
use crate::course::{Check, Course, Finding, Seen, StepError, StepId, VmSeen};

/// Step 6.
pub struct Vm;

impl Vm {
    /// The VM, and the storage of its disk: its own, or the plan's NAS.
    fn planned(course: &Course) -> Result<(PlanVm, String), StepError> {
        let plan = &course.plan;
        let vm = plan
            .vm
            .clone()
            .ok_or(StepError::OutOfOrder { needs: StepId::Vm })?;
        let storage = vm
            .disk_storage(plan)
            .map(str::to_owned)
            .ok_or(StepError::OutOfOrder { needs: StepId::Vm })?;
        Ok((vm, storage))
    }

    /// The cluster's VM of the plan's name (or ID), if there is one.
    pub(crate) async fn existing(
        course: &Course,
        vm: &PlanVm,
    ) -> Result<Option<ClusterResource>, StepError> {
        let first = course.first_session()?;
        let resources = first
            .client
            .cluster_resources(Some("vm"))
            .await
            .map_err(|e| StepError::api(first.label(), e))?;
        // A VM still locked `create` is not the plan's VM yet (see [`Vm::unfinished`]).
        Ok(resources.into_iter().find(|r| {
            r.kind == "qemu"
                && r.lock.as_deref() != Some("create")
                && (r.name.as_deref() == Some(vm.name.as_str())
                    || vm.vmid.is_some_and(|id| r.vmid == Some(id)))
        }))
    }

    /// The plan's VM and where it runs, if the cluster has it.
    pub(crate) async fn seen_of(course: &Course) -> Result<Option<Seen>, StepError> {
        let (vm, _) = Self::planned(course)?;
        Ok(Self::existing(course, &vm).await?.and_then(|found| {
            Some(Seen::Vm(VmSeen {
                vmid: found.vmid?,
                running: found.status.as_deref() == Some("running"),
                name: found.name.unwrap_or(vm.name),
                node: found.node?,
            }))
        }))
    }

    /// The VMs on the first node (where this step creates) whose creation was cut off: still
    /// locked `create` with no `qmcreate` task running for them, the plan's VMID if it has one.
    /// qemu-server removes a VM whose creation failed (`create_vm`: the disks freed, the
    /// configuration unlinked), but a worker killed with its node leaves the lock and the disks
    /// it made, which no configuration names yet.
    async fn unfinished(course: &Course, vm: &PlanVm) -> Result<Vec<u64>, StepError> {
        let first = course.first_session()?;
        let label = first.label();
        let resources = first
            .client
            .cluster_resources(Some("vm"))
            .await
            .map_err(|e| StepError::api(&label, e))?;
        let mut unfinished = Vec::new();
        for resource in resources {
            let Some(vmid) = resource.vmid else { continue };
            let candidate = resource.kind == "qemu"
                && resource.lock.as_deref() == Some("create")
                && resource.node.as_deref() == Some(first.node_name.as_str())
                && vm.vmid.is_none_or(|planned| planned == vmid);
            if !candidate {
                continue;
            }
            let creating = first
                .client
                .running_tasks(&first.node_name, "qmcreate", vmid)
                .await
                .map_err(|e| StepError::api(&label, e))?;
            if creating.is_empty() {
                unfinished.push(vmid);
            }
        }
        Ok(unfinished)
    }

    /// Removes a VM whose creation was cut off, with the disks it had been given.
    async fn remove_unfinished(course: &Course, vmid: u64) -> Result<(), StepError> {
        let first = course.first_session()?;
        course.info(
            StepId::Vm,
            crate::msg!(
                "vm-unfinished-removing",
                vmid = vmid,
                node = first.node_name.as_str()
            ),
        );
        let upid = first
            .client
            .destroy_unfinished_vm(&first.node_name, vmid)
            .await
            .map_err(|e| StepError::api(first.label(), e))?;
        follow_task(course, StepId::Vm, first, &upid).await
    }

    /// Starts the VM where it is, and waits for it.
    async fn start(course: &Course, node: &str, vmid: u64) -> Result<(), StepError> {
        let session = course.session_of(node)?;
        course.info(
            StepId::Vm,
            crate::msg!("vm-starting", vmid = vmid, node = node),
        );
        let upid = session
            .client
            .start_vm(node, vmid)
            .await
            .map_err(|e| StepError::api(session.label(), e))?;
        follow_task(course, StepId::Vm, session, &upid).await
    }
}

impl Step for Vm {
    fn id(&self) -> StepId {
        StepId::Vm
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        let (vm, _) = Self::planned(course)?;
        for vmid in Self::unfinished(course, &vm).await? {
            let node = course.first_session()?.node_name.clone();
            course.finding(
                self.id(),
                Finding::ok(crate::msg!(
                    "check-vm-unfinished",
                    vmid = vmid,
                    node = node.as_str()
                )),
            );
        }
        let Some(found) = Self::existing(course, &vm).await? else {
            return Ok(Check::Ready);
        };
        if found.name.as_deref() != Some(vm.name.as_str()) {
            report(
                course,
                self.id(),
                vec![Finding::problem(
                    crate::msg!(
                        "check-vmid-taken",
                        vmid = found.vmid.unwrap_or_default(),
                        name = found.name.clone().unwrap_or_default()
                    ),
                    crate::msg!("fix-vmid-taken"),
                )],
            )?;
        }
        if found.status.as_deref() == Some("running") {
            return Ok(Check::AlreadyDone);
        }
        course.finding(
            self.id(),
            Finding::ok(crate::msg!(
                "check-vm-stopped",
                name = vm.name.as_str(),
                vmid = found.vmid.unwrap_or_default()
            )),
        );
        Ok(Check::Ready)
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let (vm, storage) = Self::planned(course)?;
        for vmid in Self::unfinished(course, &vm).await? {
            Self::remove_unfinished(course, vmid).await?;
        }
        if let Some(found) = Self::existing(course, &vm).await? {
            // Created on an earlier run and stopped since: only start it.
            let node = found.node.unwrap_or_default();
            return Self::start(course, &node, found.vmid.unwrap_or_default()).await;
        }
        let first = course.first_session()?;
        let label = first.label();
        let vmid = match vm.vmid {
            Some(vmid) => vmid,
            None => first
                .client
                .cluster_nextid()
                .await
                .map_err(|e| StepError::api(&label, e))?,
        };
        let ide2 = match &course.plan.iso {
            Some(iso) => format!(
                "{},media=cdrom",
                iso.volid(iso.storage_in(&course.plan).unwrap_or(&storage))
            ),
            None => "none,media=cdrom".to_owned(),
        };
        let new = NewVm {
            vmid,
            name: vm.name.clone(),
            memory: vm.memory_mib,
            cores: 1,
            ostype: "l26".to_owned(),
            scsihw: "virtio-scsi-single".to_owned(),
            // qcow2 on the NAS, as the web UI proposes; a storage of the VM's own (ZFS) keeps
            // its own format (raw zvols).
            scsi0: match vm.storage {
                Some(_) => format!("{storage}:{}", vm.disk_gib),
                None => format!("{storage}:{},format=qcow2", vm.disk_gib),
            },
            ide2,
            net0: "virtio,bridge=vmbr0".to_owned(),
            boot: "order=scsi0;ide2;net0".to_owned(),
        };
        course.info(
            self.id(),
            crate::msg!(
                "vm-creating",
                name = vm.name.as_str(),
                vmid = vmid,
                node = first.node_name.as_str(),
                storage = storage.as_str()
            ),
        );
        let upid = first
            .client
            .create_vm(&first.node_name, &new)
            .await
            .map_err(|e| StepError::api(&label, e))?;
        follow_task(course, self.id(), first, &upid).await?;
        let node = first.node_name.clone();
        Self::start(course, &node, vmid).await
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        let (vm, _) = Self::planned(course)?;
        let found = Self::existing(course, &vm).await?;
        let Some((node, vmid)) = found.and_then(|f| Some((f.node?, f.vmid?))) else {
            return Err(StepError::NotVerified {
                node: course.first_session()?.label(),
                what: crate::course::Unverified::Vm {
                    name: vm.name.clone(),
                },
            });
        };
        let session = course.session_of(&node)?;
        let status = session
            .client
            .vm_status(&node, vmid)
            .await
            .map_err(|e| StepError::api(session.label(), e))?;
        if !status.is_running() {
            return Err(StepError::NotVerified {
                node: session.label(),
                what: crate::course::Unverified::VmRunning { vmid },
            });
        }
        course.info(
            self.id(),
            crate::msg!(
                "vm-running",
                name = vm.name.as_str(),
                vmid = vmid,
                node = node.as_str()
            ),
        );
        Ok(())
    }

    async fn seen(&self, course: &Course) -> Result<Option<Seen>, StepError> {
        Self::seen_of(course).await
    }
}

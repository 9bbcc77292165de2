//! What the teacher types on the pages of steps 4–7, and how each form becomes its part of the
//! plan — checked as the plan file's sections are, so the window and `run --plan` refuse the
//! same input with the same words.

use std::path::PathBuf;

use crate::api::NfsExport;
use crate::course::plan::{PlanHa, PlanIso, PlanReplication, PlanStorage, PlanVm};
use crate::i18n::Message;
use crate::i18n::words::input_error;
use crate::practice::NAS_STORAGE_ID;

/// Where Proxmox VE installed on ZFS keeps guests' disks (the two-node lab too): the VM's disk
/// when it is to be replicated.
pub(crate) const LOCAL_ZFS: &str = "local-zfs";

/// Step 4: the NFS share.
pub(crate) struct StorageForm {
    pub id: String,
    pub server: String,
    pub export: String,
    /// What the last scan of `server` found, or why it found nothing.
    pub exports: Option<Result<Vec<NfsExport>, Message>>,
}

impl Default for StorageForm {
    fn default() -> Self {
        Self {
            id: NAS_STORAGE_ID.to_owned(),
            server: String::new(),
            export: String::new(),
            exports: None,
        }
    }
}

impl StorageForm {
    pub(crate) fn plan_part(&self) -> Result<PlanStorage, Message> {
        PlanStorage::new(self.id.trim(), self.server.trim(), self.export.trim())
            .map_err(|e| input_error(&e))
    }

    /// The server, when it is worth scanning.
    pub(crate) fn scannable_server(&self) -> Option<String> {
        let server = self.server.trim();
        // The export is not known yet: any valid one stands in, to check the server alone.
        PlanStorage::new(NAS_STORAGE_ID, server, "/x")
            .ok()
            .map(|_| server.to_owned())
    }
}

/// Where the ISO image comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IsoFrom {
    File,
    Url,
}

/// Step 5: the ISO image.
pub(crate) struct IsoForm {
    pub from: IsoFrom,
    pub path: String,
    pub url: String,
    pub sha256: String,
    /// The node it is sent through (or that downloads it); empty for the first node.
    pub node: String,
}

impl Default for IsoForm {
    fn default() -> Self {
        Self {
            from: IsoFrom::File,
            path: String::new(),
            url: String::new(),
            sha256: String::new(),
            node: String::new(),
        }
    }
}

impl IsoForm {
    /// The image as planned. The file itself is looked at by the step, off the UI thread.
    pub(crate) fn plan_part(&self) -> Result<PlanIso, Message> {
        let sha256 = Some(self.sha256.trim()).filter(|s| !s.is_empty());
        let planned = match self.from {
            IsoFrom::File => PlanIso::new(&PathBuf::from(self.path.trim()))
                .and_then(|iso| iso.with_sha256(sha256)),
            IsoFrom::Url => PlanIso::from_url(self.url.trim(), sha256),
        };
        let planned = match self.node.trim() {
            "" => planned,
            node => planned.and_then(|iso| iso.through(node)),
        };
        planned.map_err(|e| input_error(&e))
    }
}

/// Step 6: the VM, with the course's small defaults.
pub(crate) struct VmForm {
    pub name: String,
    pub memory_mib: String,
    pub disk_gib: String,
}

impl Default for VmForm {
    fn default() -> Self {
        Self {
            name: "tiny".to_owned(),
            memory_mib: "512".to_owned(),
            disk_gib: "2".to_owned(),
        }
    }
}

impl VmForm {
    pub(crate) fn plan_part(&self) -> Result<PlanVm, Message> {
        let memory_mib = number(&self.memory_mib)
            .ok_or_else(|| crate::msg!("gui-vm-memory-number", value = self.memory_mib.trim()))?;
        let disk_gib = number(&self.disk_gib)
            .ok_or_else(|| crate::msg!("gui-vm-disk-number", value = self.disk_gib.trim()))?;
        PlanVm::new(self.name.trim(), memory_mib, disk_gib, None).map_err(|e| input_error(&e))
    }
}

/// Step 7: how often the HA manager restarts and relocates the VM, and which VM: step 6's
/// unless the teacher names another of the cluster's.
pub(crate) struct HaForm {
    pub max_restart: String,
    pub max_relocate: String,
    pub vmid: String,
}

impl Default for HaForm {
    fn default() -> Self {
        let defaults = PlanHa::default();
        Self {
            max_restart: defaults.max_restart.to_string(),
            max_relocate: defaults.max_relocate.to_string(),
            vmid: String::new(),
        }
    }
}

impl HaForm {
    pub(crate) fn plan_part(&self) -> Result<PlanHa, Message> {
        let count = |text: &str| {
            number(text).ok_or_else(|| crate::msg!("gui-ha-number", value = text.trim()))
        };
        let ha = PlanHa::new(
            count(&self.max_restart)?,
            count(&self.max_relocate)?,
            Vec::new(),
        )
        .map_err(|e| input_error(&e))?;
        match self.vmid.trim() {
            "" => Ok(ha),
            text => {
                let vmid =
                    number(text).ok_or_else(|| crate::msg!("gui-ha-vmid-number", value = text))?;
                ha.for_vm(vmid).map_err(|e| input_error(&e))
            }
        }
    }
}

/// Step 9: the node that keeps the copy, and when.
pub(crate) struct ReplicationForm {
    pub target: String,
    pub schedule: String,
}

impl Default for ReplicationForm {
    fn default() -> Self {
        Self {
            target: String::new(),
            schedule: PlanReplication::DEFAULT_SCHEDULE.to_owned(),
        }
    }
}

impl ReplicationForm {
    pub(crate) fn plan_part(&self) -> Result<PlanReplication, Message> {
        PlanReplication::new(self.target.trim(), Some(self.schedule.trim()))
            .map_err(|e| input_error(&e))
    }
}

/// A whole number typed in a field.
fn number(text: &str) -> Option<u64> {
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_refuse_what_the_plan_file_refuses() {
        let storage = StorageForm {
            server: "127.0.0.20".to_owned(),
            export: "mnt/pool".to_owned(),
            ..StorageForm::default()
        };
        assert_eq!(
            storage.plan_part().unwrap_err().id,
            "err-storage-export",
            "an export is an absolute path"
        );
        assert_eq!(storage.scannable_server().as_deref(), Some("127.0.0.20"));
        let no_server = StorageForm::default();
        assert!(no_server.scannable_server().is_none());

        let vm = VmForm {
            memory_mib: "lots".to_owned(),
            ..VmForm::default()
        };
        assert_eq!(vm.plan_part().unwrap_err().id, "gui-vm-memory-number");
        assert!(VmForm::default().plan_part().is_ok());

        let iso = IsoForm {
            from: IsoFrom::Url,
            url: "https://example.org/tiny.iso".to_owned(),
            sha256: "abc".to_owned(),
            ..IsoForm::default()
        };
        assert_eq!(iso.plan_part().unwrap_err().id, "err-checksum");
        let iso = IsoForm {
            path: "/tmp/notes.txt".to_owned(),
            ..IsoForm::default()
        };
        assert_eq!(iso.plan_part().unwrap_err().id, "err-iso-file");
        // A file goes with the SHA-256 published beside it, checked as for a web address.
        let iso = IsoForm {
            path: "/tmp/tiny.iso".to_owned(),
            sha256: format!(" {} ", "AB".repeat(32)),
            ..IsoForm::default()
        };
        assert_eq!(
            iso.plan_part().unwrap().source,
            crate::course::IsoSource::File {
                path: "/tmp/tiny.iso".into(),
                sha256: Some("ab".repeat(32))
            }
        );
        let iso = IsoForm {
            path: "/tmp/tiny.iso".to_owned(),
            sha256: "abc".to_owned(),
            ..IsoForm::default()
        };
        assert_eq!(iso.plan_part().unwrap_err().id, "err-checksum");

        assert!(HaForm::default().plan_part().is_ok());
        let with_vmid = |vmid: &str| {
            HaForm {
                vmid: vmid.to_owned(),
                ..HaForm::default()
            }
            .plan_part()
        };
        assert_eq!(with_vmid("").unwrap().vmid, None, "step 6's VM");
        assert_eq!(with_vmid(" 120 ").unwrap().vmid, Some(120));
        assert_eq!(with_vmid("web").unwrap_err().id, "gui-ha-vmid-number");
        assert_eq!(with_vmid("99").unwrap_err().id, "err-vm-id");
    }
}

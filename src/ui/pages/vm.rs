//! Step 6: a small VM with its disk on the NAS and the ISO image in its CD drive, started.

use crate::course::StepId;
use crate::ui::forms::LOCAL_ZFS;
use crate::ui::pages::step::{field, validity_ui};
use crate::ui::wizard::{Track, WizardState};

impl WizardState {
    pub(crate) fn vm_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::Vm);
        let running = self.is_running();
        ui.add_enabled_ui(!running, |ui| {
            egui::Grid::new("vm-form").num_columns(2).show(ui, |ui| {
                let form = &mut self.vm_form;
                ui.label(self.tr.text("gui-vm-name"));
                field(
                    ui,
                    &mut form.name,
                    &self.tr.text("gui-vm-name-field"),
                    200.0,
                );
                ui.end_row();
                ui.label(self.tr.text("gui-vm-memory"));
                field(
                    ui,
                    &mut form.memory_mib,
                    &self.tr.text("gui-vm-memory-field"),
                    80.0,
                );
                ui.end_row();
                ui.label(self.tr.text("gui-vm-disk"));
                field(
                    ui,
                    &mut form.disk_gib,
                    &self.tr.text("gui-vm-disk-field"),
                    80.0,
                );
                ui.end_row();
            });
        });
        let planned = self.vm_form.plan_part().map(|vm| {
            let storage = match self.track {
                Track::HighAvailability => self.storage_form.id.trim(),
                Track::Replication => LOCAL_ZFS,
            };
            Some(crate::msg!(
                "gui-vm-summary",
                name = vm.name,
                storage = storage,
                disk = vm.disk_gib,
                memory = vm.memory_mib
            ))
        });
        let valid = validity_ui(ui, &self.tr, planned);
        ui.add_space(8.0);
        self.run_ui(ui, StepId::Vm, valid);
    }
}

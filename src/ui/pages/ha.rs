//! Step 7: the VM under the HA manager, and the HA status as Datacenter > HA shows it.

use crate::course::StepId;
use crate::ui::pages::step::{field, validity_ui};
use crate::ui::wizard::WizardState;

impl WizardState {
    pub(crate) fn ha_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::Ha);
        let running = self.is_running();
        ui.add_enabled_ui(!running, |ui| {
            egui::Grid::new("ha-form").num_columns(2).show(ui, |ui| {
                let form = &mut self.ha_form;
                ui.label(self.tr.text("gui-ha-max-restart"));
                field(
                    ui,
                    &mut form.max_restart,
                    &self.tr.text("gui-ha-max-restart-field"),
                    60.0,
                );
                ui.end_row();
                ui.label(self.tr.text("gui-ha-max-relocate"));
                field(
                    ui,
                    &mut form.max_relocate,
                    &self.tr.text("gui-ha-max-relocate-field"),
                    60.0,
                );
                ui.end_row();
                ui.label(self.tr.text("gui-ha-vmid"));
                field(
                    ui,
                    &mut form.vmid,
                    &self.tr.text("gui-ha-vmid-field"),
                    100.0,
                );
                ui.end_row();
            });
            ui.label(self.tr.text("gui-ha-limits-help"));
            ui.label(self.tr.text("gui-ha-vmid-help"));
        });
        let valid = validity_ui(ui, &self.tr, self.ha_form.plan_part().map(|_| None));
        ui.add_space(8.0);
        self.run_ui(ui, StepId::Ha, valid);
        self.ha_status_ui(ui);
    }

    /// The HA status: quorum, the manager's master, one LRM per node, each service.
    fn ha_status_ui(&self, ui: &mut egui::Ui) {
        if self.ha_status.is_empty() {
            return;
        }
        ui.add_space(8.0);
        ui.strong(self.tr.text("gui-ha-status"));
        egui::Grid::new("ha-status")
            .striped(true)
            .num_columns(2)
            .show(ui, |ui| {
                ui.strong(self.tr.text("gui-col-type"));
                ui.strong(self.tr.text("gui-col-status"));
                ui.end_row();
                for entry in &self.ha_status {
                    ui.label(&entry.kind);
                    ui.label(entry.status.as_deref().unwrap_or("—"));
                    ui.end_row();
                }
            });
    }
}

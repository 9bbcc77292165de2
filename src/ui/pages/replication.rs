//! Step 9 (two nodes without a NAS): the VM's disk, on ZFS, copied to the other node on a
//! schedule, so that at most one interval of data is lost if the VM's node is.

use crate::course::StepId;
use crate::ui::pages::step::{field, validity_ui};
use crate::ui::wizard::WizardState;

impl WizardState {
    pub(crate) fn replication_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::Replication);
        let running = self.is_running();
        ui.add_enabled_ui(!running, |ui| {
            egui::Grid::new("replication-form")
                .num_columns(2)
                .show(ui, |ui| {
                    let form = &mut self.replication_form;
                    ui.label(self.tr.text("gui-replication-target"));
                    let name = self.tr.text("gui-replication-target-field");
                    field(ui, &mut form.target, &name, 160.0);
                    ui.end_row();
                    ui.label(self.tr.text("gui-replication-schedule"));
                    let name = self.tr.text("gui-replication-schedule-field");
                    field(ui, &mut form.schedule, &name, 160.0);
                    ui.end_row();
                });
            ui.label(self.tr.text("gui-replication-schedule-help"));
        });
        let planned = self.replication_form.plan_part().map(|job| {
            Some(crate::msg!(
                "gui-replication-summary",
                target = job.target,
                schedule = job.schedule
            ))
        });
        let valid = validity_ui(ui, &self.tr, planned);
        ui.add_space(8.0);
        self.run_ui(ui, StepId::Replication, valid);
    }
}

//! Step 1: the nodes side by side (name, address, version, guests, cluster, clock), and what to fix.

use crate::course::StepId;
use crate::ui::wizard::Wizard;

impl Wizard {
    pub(crate) fn hostnames_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::Hostnames);
        if !self.facts.is_empty() {
            ui.strong(self.tr.text("gui-nodes-table"));
            egui::Grid::new("node-facts")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for title in [
                        self.tr.text("gui-col-name"),
                        self.tr.text("gui-col-address"),
                        self.tr.text("gui-col-version"),
                        self.tr.text("gui-col-guests"),
                        self.tr.text("gui-col-cluster"),
                        self.tr.text("gui-col-clock"),
                    ] {
                        ui.strong(title);
                    }
                    ui.end_row();
                    for node in &self.facts {
                        ui.label(&node.name);
                        ui.label(&node.label);
                        ui.label(&node.version);
                        ui.label(node.guests.to_string());
                        ui.label(node.cluster.as_deref().unwrap_or("—"));
                        ui.label(self.tr.tr(&crate::msg!(
                            "gui-clock-offset",
                            seconds = node.clock_offset_secs
                        )));
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
        }
        self.run_ui(ui, StepId::Hostnames, true);
    }
}

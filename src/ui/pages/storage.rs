//! Step 4: the NAS's NFS share as storage "NAS" of the whole cluster: the server, its exports
//! scanned from the first node (pick one), then the storage, active on every node.

use crate::course::StepId;
use crate::ui::actions::Action;
use crate::ui::pages::step::{field, validity_ui};
use crate::ui::wizard::{WizardState, Work};

impl WizardState {
    pub(crate) fn storage_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::Storage);
        let running = self.is_running();
        let scanning = self.running.as_ref().is_some_and(|r| r.work == Work::Scan);
        let mut scan = false;
        ui.add_enabled_ui(!running, |ui| {
            egui::Grid::new("storage-form")
                .num_columns(2)
                .show(ui, |ui| {
                    ui.label(self.tr.text("gui-storage-id"));
                    field(
                        ui,
                        &mut self.storage_form.id,
                        &self.tr.text("gui-storage-id-field"),
                        120.0,
                    );
                    ui.end_row();
                    ui.label(self.tr.text("gui-storage-server"));
                    ui.horizontal(|ui| {
                        let name = self.tr.text("gui-storage-server-field");
                        let server = field(ui, &mut self.storage_form.server, &name, 160.0);
                        if server.changed() {
                            self.storage_form.exports = None;
                        }
                        let can_scan = self.storage_form.scannable_server().is_some();
                        let button = egui::Button::new(self.tr.text("gui-storage-scan"));
                        scan = ui.add_enabled(can_scan, button).clicked();
                        if scanning {
                            ui.spinner();
                        }
                    });
                    ui.end_row();
                    ui.label(self.tr.text("gui-storage-export"));
                    let name = self.tr.text("gui-storage-export-field");
                    field(ui, &mut self.storage_form.export, &name, 260.0);
                    ui.end_row();
                    ui.label(self.tr.text("gui-storage-content"));
                    ui.label(self.tr.text("gui-storage-content-value"));
                    ui.end_row();
                });
            self.exports_ui(ui);
        });
        if scan {
            self.ask(Action::ScanExports);
        }
        let valid = validity_ui(ui, &self.tr, self.storage_form.plan_part().map(|_| None));
        ui.add_space(8.0);
        self.run_ui(ui, StepId::Storage, valid);
    }

    /// The exports found, each a button that picks it, or why there are none.
    fn exports_ui(&mut self, ui: &mut egui::Ui) {
        match &self.storage_form.exports {
            None => {}
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, self.tr.tr(message));
            }
            Some(Ok(exports)) if exports.is_empty() => {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    self.tr.text("gui-storage-no-exports"),
                );
            }
            Some(Ok(exports)) => {
                ui.label(self.tr.text("gui-storage-exports"));
                let mut picked = None;
                for export in exports {
                    let selected = self.storage_form.export == export.path;
                    let text = match &export.options {
                        Some(clients) => format!("{} ({clients})", export.path),
                        None => export.path.clone(),
                    };
                    if ui.selectable_label(selected, text).clicked() {
                        picked = Some(export.path.clone());
                    }
                }
                if let Some(path) = picked {
                    self.storage_form.export = path;
                }
            }
        }
    }
}

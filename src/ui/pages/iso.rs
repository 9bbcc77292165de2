//! Step 5: an ISO image on the NAS — a file from this computer, uploaded with its checksum and
//! honest progress, or a URL the node downloads itself.

use crate::course::StepId;
use crate::ui::actions::Action;
use crate::ui::forms::IsoFrom;
use crate::ui::pages::step::{field, validity_ui};
use crate::ui::wizard::{Mode, WizardState};

impl WizardState {
    pub(crate) fn iso_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::Iso);
        let running = self.is_running();
        let lab = matches!(self.mode, Some(Mode::Lab));
        let (mut pick, mut practice) = (false, false);
        ui.add_enabled_ui(!running, |ui| {
            ui.horizontal(|ui| {
                let form = &mut self.iso_form;
                ui.radio_value(
                    &mut form.from,
                    IsoFrom::File,
                    self.tr.text("gui-iso-from-file"),
                );
                ui.radio_value(
                    &mut form.from,
                    IsoFrom::Url,
                    self.tr.text("gui-iso-from-url"),
                );
            });
            match self.iso_form.from {
                IsoFrom::File => {
                    ui.horizontal(|ui| {
                        ui.label(self.tr.text("gui-iso-file"));
                        field(
                            ui,
                            &mut self.iso_form.path,
                            &self.tr.text("gui-iso-file-field"),
                            420.0,
                        );
                    });
                    ui.horizontal(|ui| {
                        let idle = !self.picking;
                        pick = ui
                            .add_enabled(idle, egui::Button::new(self.tr.text("gui-iso-choose")))
                            .clicked();
                        if lab {
                            let button = egui::Button::new(self.tr.text("gui-iso-practice"));
                            practice = ui.add_enabled(idle, button).clicked();
                        }
                        if self.picking {
                            ui.spinner();
                        }
                    });
                }
                IsoFrom::Url => {
                    egui::Grid::new("iso-url").num_columns(2).show(ui, |ui| {
                        ui.label(self.tr.text("gui-iso-url"));
                        field(
                            ui,
                            &mut self.iso_form.url,
                            &self.tr.text("gui-iso-url-field"),
                            420.0,
                        );
                        ui.end_row();
                    });
                }
            }
            self.sha256_ui(ui);
            self.through_ui(ui);
        });
        if pick {
            self.ask(Action::PickIso);
        }
        if practice {
            self.ask(Action::PracticeIso);
        }
        let planned = self.iso_form.plan_part().map(|iso| {
            let volid = iso.volid(self.storage_form.id.trim());
            Some(crate::msg!("gui-iso-volid", volid = volid))
        });
        let valid = validity_ui(ui, &self.tr, planned);
        ui.add_space(8.0);
        self.transfer_ui(ui);
        self.run_ui(ui, StepId::Iso, valid);
    }

    /// The upload's progress bar: how much, how fast, how long still.
    fn transfer_ui(&self, ui: &mut egui::Ui) {
        let Some(transfer) = self.transfer else {
            return;
        };
        let fraction = if transfer.total == 0 {
            1.0
        } else {
            transfer.sent as f32 / transfer.total as f32
        };
        let message = crate::i18n::words::transfer(&transfer);
        ui.add(egui::ProgressBar::new(fraction).text(self.tr.tr(&message)));
        ui.add_space(6.0);
    }
}

impl WizardState {
    /// The SHA-256 published with the image, for a file as for a web address.
    fn sha256_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(self.tr.text("gui-iso-sha256"));
            let name = self.tr.text("gui-iso-sha256-field");
            field(ui, &mut self.iso_form.sha256, &name, 420.0);
        });
        ui.label(match self.iso_form.from {
            IsoFrom::File => self.tr.text("gui-iso-sha256-file-help"),
            IsoFrom::Url => self.tr.text("gui-iso-sha256-help"),
        });
    }

    /// The node that receives the image (or downloads it), when not the first.
    fn through_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(self.tr.text("gui-iso-node"));
            let name = self.tr.text("gui-iso-node-field");
            field(ui, &mut self.iso_form.node, &name, 120.0);
        });
        ui.label(self.tr.text("gui-iso-node-help"));
    }
}

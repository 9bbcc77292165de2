//! The first page: the practice lab, or the teacher's own nodes.

use crate::ui::wizard::Wizard;

impl Wizard {
    pub(crate) fn start_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.tr.text("gui-start-title"));
        ui.label(self.tr.text("gui-start-intro"));
        ui.add_space(12.0);
        ui.group(|ui| {
            ui.label(self.tr.text("gui-start-lab-help"));
            ui.horizontal(|ui| {
                let button = big_button(self.tr.text("gui-start-lab"));
                if ui.add_enabled(!self.lab_starting, button).clicked() {
                    self.start_lab();
                }
                if self.lab_starting {
                    ui.spinner();
                    ui.label(self.tr.text("gui-lab-starting"));
                }
            });
        });
        ui.add_space(8.0);
        ui.group(|ui| {
            ui.label(self.tr.text("gui-start-own-help"));
            let button = big_button(self.tr.text("gui-start-own"));
            if ui.add_enabled(!self.lab_starting, button).clicked() {
                self.choose_own_nodes();
            }
        });
    }
}

/// One of the two ways in: larger than the pages' buttons.
fn big_button(text: String) -> egui::Button<'static> {
    egui::Button::new(egui::RichText::new(text).size(16.0)).min_size(egui::vec2(220.0, 36.0))
}

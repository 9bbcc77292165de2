//! The first page: the practice lab, or the teacher's own nodes — for high availability (three
//! nodes and a NAS), or for replication (two nodes without one).

use crate::ui::actions::Action;
use crate::ui::wizard::{Track, WizardState};

impl WizardState {
    pub(crate) fn start_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.tr.text("gui-start-title"));
        ui.label(self.tr.text("gui-start-intro"));
        ui.add_space(12.0);
        let idle = !self.lab_starting;
        let mut lab = None;
        let mut own = None;
        ui.group(|ui| {
            ui.label(self.tr.text("gui-start-lab-help"));
            ui.horizontal(|ui| {
                let button = big_button(self.tr.text("gui-start-lab"));
                if ui.add_enabled(idle, button).clicked() {
                    lab = Some(Track::HighAvailability);
                }
                let button = egui::Button::new(self.tr.text("gui-start-lab-two"));
                if ui.add_enabled(idle, button).clicked() {
                    lab = Some(Track::Replication);
                }
                if self.lab_starting {
                    ui.spinner();
                    ui.label(self.tr.text("gui-lab-starting"));
                }
            });
            self.lab_speed_ui(ui, idle);
        });
        ui.add_space(8.0);
        ui.group(|ui| {
            ui.label(self.tr.text("gui-start-own-help"));
            ui.horizontal(|ui| {
                let button = big_button(self.tr.text("gui-start-own"));
                if ui.add_enabled(idle, button).clicked() {
                    own = Some(Track::HighAvailability);
                }
                let button = egui::Button::new(self.tr.text("gui-start-own-two"));
                if ui.add_enabled(idle, button).clicked() {
                    own = Some(Track::Replication);
                }
            });
        });
        if let Some(track) = lab {
            self.ask(Action::StartLab(track));
        }
        if let Some(track) = own {
            self.ask(Action::ChooseOwnNodes(track));
        }
    }
}

impl WizardState {
    /// The practice lab's clock: real time, ten or sixty times faster than real nodes (a
    /// failover then takes seconds instead of minutes).
    pub(crate) fn lab_speed_ui(&mut self, ui: &mut egui::Ui, enabled: bool) {
        let speeds = [
            (1.0, self.tr.text("gui-lab-speed-real")),
            (10.0, self.tr.text("gui-lab-speed-10")),
            (60.0, self.tr.text("gui-lab-speed-60")),
        ];
        let mut chosen = None;
        ui.horizontal(|ui| {
            ui.label(self.tr.text("gui-lab-speed"));
            for (scale, text) in speeds {
                let on = (self.options.lab.time_scale - scale).abs() < f64::EPSILON;
                let button = egui::Button::selectable(on, text);
                if ui.add_enabled(enabled, button).clicked() && !on {
                    chosen = Some(scale);
                }
            }
        });
        if let Some(scale) = chosen {
            self.ask(Action::SetLabSpeed(scale));
        }
    }
}

/// One of the two main ways in: larger than the pages' buttons.
fn big_button(text: String) -> egui::Button<'static> {
    egui::Button::new(egui::RichText::new(text).size(16.0)).min_size(egui::vec2(220.0, 36.0))
}

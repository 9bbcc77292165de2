//! Step 2: the cluster's name, checked as it is typed, then the cluster on the first node.

use crate::course::StepId;
use crate::course::plan::validate_cluster_name;
use crate::ui::actions::Action;
use crate::ui::wizard::WizardState;

impl WizardState {
    pub(crate) fn create_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::CreateCluster);
        let running = self.is_running();
        ui.horizontal(|ui| {
            ui.label(self.tr.text("gui-cluster-name"));
            let name = self.tr.text("gui-cluster-name-field");
            let field = ui
                .add_enabled(
                    !running,
                    egui::TextEdit::singleline(&mut self.cluster_name).desired_width(160.0),
                )
                .accessible_name(name);
            if field.lost_focus() {
                self.ask(Action::SaveProfile);
            }
        });
        let valid = match validate_cluster_name(self.cluster_name.trim()) {
            Ok(()) => {
                let name = self.cluster_name.trim();
                ui.label(self.tr.tr(&crate::msg!("gui-cluster-name-ok", name = name)));
                true
            }
            Err(error) => {
                let message = crate::i18n::words::input_error(&error);
                ui.colored_label(ui.visuals().error_fg_color, self.tr.tr(&message));
                false
            }
        };
        ui.add_space(8.0);
        self.run_ui(ui, StepId::CreateCluster, valid);
    }
}

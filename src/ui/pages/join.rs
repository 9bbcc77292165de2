//! Step 3: the join information as the web UI shows it (with Copy), a box to check join
//! information pasted from a real Proxmox VE, the joins, and the members with quorum.

use crate::course::StepId;
use crate::course::join_info::JoinInformation;
use crate::ui::wizard::WizardState;

impl WizardState {
    pub(crate) fn join_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::JoinNodes);
        self.run_ui(ui, StepId::JoinNodes, true);
        ui.add_space(8.0);
        self.cluster_ui(ui);
        ui.add_space(8.0);
        ui.strong(self.tr.text("gui-join-info-heading"));
        match self.join_text.clone() {
            Some(text) => {
                let mut shown = text.as_str();
                ui.add(
                    egui::TextEdit::multiline(&mut shown)
                        .code_editor()
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .accessible_name(self.tr.text("gui-join-info-text"));
                if ui.button(self.tr.text("gui-copy")).clicked() {
                    ui.ctx().copy_text(text);
                }
            }
            None => {
                ui.label(self.tr.text("gui-join-info-wait"));
            }
        }
        ui.add_space(8.0);
        self.paste_ui(ui);
    }

    fn cluster_ui(&self, ui: &mut egui::Ui) {
        let Some(cluster) = &self.cluster else {
            return;
        };
        let online = cluster.members.iter().filter(|m| m.online).count();
        let total = cluster.members.len();
        let name = cluster.name.as_str();
        let summary = if cluster.quorate {
            crate::msg!(
                "gui-quorum-yes",
                cluster = name,
                online = online,
                total = total
            )
        } else {
            crate::msg!(
                "gui-quorum-no",
                cluster = name,
                online = online,
                total = total
            )
        };
        ui.strong(self.tr.tr(&summary));
        egui::Grid::new("members").striped(true).show(ui, |ui| {
            for member in &cluster.members {
                ui.label(&member.name);
                ui.label(member.address.as_deref().unwrap_or("—"));
                ui.label(if member.online {
                    self.tr.text("gui-member-online")
                } else {
                    self.tr.text("gui-member-offline")
                });
                ui.end_row();
            }
        });
    }

    fn paste_ui(&mut self, ui: &mut egui::Ui) {
        ui.strong(self.tr.text("gui-paste-heading"));
        ui.label(self.tr.text("gui-paste-help"));
        ui.add(
            egui::TextEdit::multiline(&mut self.pasted)
                .code_editor()
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .accessible_name(self.tr.text("gui-paste-field"));
        if self.pasted.trim().is_empty() {
            return;
        }
        // Decoding is pure: done as the text changes, no work leaves the page.
        match JoinInformation::decode(&self.pasted) {
            Ok(info) => {
                let message = crate::msg!(
                    "gui-paste-ok",
                    cluster = info.cluster_name().unwrap_or("?"),
                    address = info.ip_address.as_str(),
                    fingerprint = info.fingerprint.to_string()
                );
                ui.label(self.tr.tr(&message));
            }
            Err(error) => {
                let message = crate::i18n::words::input_error(&error);
                ui.colored_label(ui.visuals().error_fg_color, self.tr.tr(&message));
            }
        }
    }
}

//! Step 1: the nodes side by side (name, address, version, guests, cluster, clock), and what to fix.

use crate::course::{Severity, StepId};
use crate::ui::actions::Action;
use crate::ui::wizard::WizardState;

impl WizardState {
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
        self.hosts_fix_ui(ui);
    }

    /// "Fix it for me" when a node's name is not on its own address in its /etc/hosts: each
    /// change shown line by line, written only on the teacher's yes.
    fn hosts_fix_ui(&mut self, ui: &mut egui::Ui) {
        let wrong_hosts = self
            .view(StepId::Hostnames)
            .findings
            .iter()
            .any(|f| f.severity != Severity::Ok && f.message.id.starts_with("check-hosts-"));
        let busy = self.is_running();
        let mut write = None;
        let mut leave = None;
        match &self.hosts_fixes {
            None if wrong_hosts => {
                ui.add_space(6.0);
                let button = egui::Button::new(self.tr.text("gui-hosts-fix"));
                if ui.add_enabled(!busy, button).clicked() {
                    self.ask(Action::FindHostsFixes);
                }
            }
            None => {}
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, self.tr.tr(message));
            }
            Some(Ok(fixes)) => {
                for (index, fix) in fixes.iter().enumerate() {
                    ui.add_space(6.0);
                    ui.group(|ui| {
                        let node = fix.node.as_str();
                        ui.label(self.tr.tr(&crate::msg!("hosts-fix-shown", node = node)));
                        let (removed, added) = fix.changes();
                        for line in removed {
                            let text = self.tr.tr(&crate::msg!("hosts-fix-removed", line = line));
                            ui.label(egui::RichText::new(text).monospace());
                        }
                        for line in added {
                            let text = self.tr.tr(&crate::msg!("hosts-fix-added", line = line));
                            ui.label(egui::RichText::new(text).monospace());
                        }
                        ui.horizontal(|ui| {
                            let button = egui::Button::new(self.tr.text("gui-hosts-write"));
                            if ui.add_enabled(!busy, button).clicked() {
                                write = Some(fix.clone());
                            }
                            if ui.button(self.tr.text("gui-hosts-leave")).clicked() {
                                leave = Some(index);
                            }
                        });
                    });
                }
            }
        }
        if let Some(fix) = write {
            self.ask(Action::WriteHostsFix(Box::new(fix)));
        }
        if let (Some(index), Some(Ok(fixes))) = (leave, self.hosts_fixes.as_mut()) {
            fixes.remove(index);
        }
    }
}

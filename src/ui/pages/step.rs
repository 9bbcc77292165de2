//! What every step page shows: what the step does (and the same in the web UI), the check's
//! findings, progress, the tasks' log, the result or the error, and Apply / Cancel.

use crate::course::{Severity, StepId};
use crate::i18n::{Message, Translator};
use crate::ui::actions::Action;
use crate::ui::wizard::{Mode, Status, WizardState, Work};

/// A one-line text field with its accessible name.
pub(crate) fn field(
    ui: &mut egui::Ui,
    text: &mut String,
    name: &str,
    width: f32,
) -> egui::Response {
    ui.add(egui::TextEdit::singleline(text).desired_width(width))
        .accessible_name(name)
}

/// A label of work under way with the seconds it has run, redrawn each second — a spinner
/// would redraw the window every frame for as long as a step or a watch lasts.
pub(crate) fn ticking_label(ui: &mut egui::Ui, text: String) {
    ui.label(text);
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs(1));
}

/// A form's verdict under it: what it will do (when there is something to say), or what is wrong
/// with it and how to fix it. Returns whether the form is valid.
pub(crate) fn validity_ui(
    ui: &mut egui::Ui,
    tr: &Translator,
    verdict: Result<Option<Message>, Message>,
) -> bool {
    match verdict {
        Ok(note) => {
            if let Some(note) = note {
                ui.label(tr.tr(&note));
            }
            true
        }
        Err(message) => {
            ui.colored_label(ui.visuals().error_fg_color, tr.tr(&message));
            false
        }
    }
}

impl WizardState {
    /// The step's title and the two paragraphs: what and why, and the web UI's way.
    pub(crate) fn intro_ui(&self, ui: &mut egui::Ui, step: StepId) {
        ui.heading(self.tr.tr(&step.title()));
        let (what, web) = match step {
            StepId::Connect => (
                self.tr.text("gui-connect-what"),
                self.tr.text("gui-connect-web"),
            ),
            StepId::Hostnames => (
                self.tr.text("gui-hostnames-what"),
                self.tr.text("gui-hostnames-web"),
            ),
            StepId::CreateCluster => (
                self.tr.text("gui-create-what"),
                self.tr.text("gui-create-web"),
            ),
            StepId::JoinNodes => (self.tr.text("gui-join-what"), self.tr.text("gui-join-web")),
            StepId::Storage => (
                self.tr.text("gui-storage-what"),
                self.tr.text("gui-storage-web"),
            ),
            StepId::Iso => (self.tr.text("gui-iso-what"), self.tr.text("gui-iso-web")),
            StepId::Vm => (self.tr.text("gui-vm-what"), self.tr.text("gui-vm-web")),
            StepId::Ha => (self.tr.text("gui-ha-what"), self.tr.text("gui-ha-web")),
            StepId::Replication => (
                self.tr.text("gui-replication-what"),
                self.tr.text("gui-replication-web"),
            ),
        };
        ui.label(what);
        ui.add_space(4.0);
        ui.label(egui::RichText::new(web).italics());
        ui.add_space(8.0);
    }

    /// Findings, progress, log, result, and the Apply / Cancel buttons (Apply only when
    /// `can_apply`).
    pub(crate) fn run_ui(&mut self, ui: &mut egui::Ui, step: StepId, can_apply: bool) {
        let running_this = self
            .running
            .as_ref()
            .is_some_and(|r| r.work == Work::Step(step));
        ui.horizontal(|ui| {
            if let Some(running) = self.running.as_ref().filter(|_| running_this) {
                let seconds = running.since.elapsed().as_secs();
                // Seconds of this computer's clock; a faster practice lab says by how much.
                let scale = self.options.lab.time_scale;
                let text = if matches!(self.mode, Some(Mode::Lab)) && scale > 1.0 {
                    crate::msg!("gui-running-lab", seconds = seconds, scale = scale)
                } else {
                    crate::msg!("gui-running", seconds = seconds)
                };
                ticking_label(ui, self.tr.tr(&text));
                if ui.button(self.tr.text("gui-cancel")).clicked() {
                    self.ask(Action::Cancel);
                }
            } else {
                let label = if self.view(step).status == Status::Failed {
                    self.tr.text("gui-apply-again")
                } else {
                    self.tr.text("gui-apply")
                };
                let enabled = can_apply && !self.is_running();
                if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                    self.ask(Action::Apply(step));
                }
            }
        });
        ui.add_space(6.0);
        self.report_ui(ui, step);
    }

    fn report_ui(&self, ui: &mut egui::Ui, step: StepId) {
        let view = self.view(step);
        match view.status {
            Status::Done | Status::AlreadyDone => {
                let id = if view.status == Status::Done {
                    "status-done"
                } else {
                    "status-already-done"
                };
                let color = ui.visuals().selection.stroke.color;
                ui.label(egui::RichText::new(self.tr.text(id)).strong().color(color));
            }
            _ => {}
        }
        if let Some(error) = &view.error {
            ui.group(|ui| {
                ui.colored_label(ui.visuals().error_fg_color, self.tr.tr(error));
                ui.label(self.tr.text("gui-retry-hint"));
                // The transport's own words, for whoever helps the teacher.
                if let Some(details) = &error.details {
                    egui::CollapsingHeader::new(self.tr.tr(&crate::msg!("gui-details")))
                        .id_salt("error-details")
                        .show(ui, |ui| ui.label(details.as_str()));
                }
            });
        }
        if !view.findings.is_empty() {
            ui.add_space(6.0);
            ui.strong(self.tr.text("gui-findings"));
            for finding in &view.findings {
                let (symbol, color) = match finding.severity {
                    // Only glyphs of egui's built-in font.
                    Severity::Ok => ("•", ui.visuals().selection.stroke.color),
                    Severity::Warning => ("!", ui.visuals().warn_fg_color),
                    Severity::Problem => ("×", ui.visuals().error_fg_color),
                };
                ui.colored_label(color, format!("{symbol} {}", self.tr.tr(&finding.message)));
                if let Some(fix) = &finding.fix {
                    ui.indent(ui.next_auto_id(), |ui| {
                        ui.label(self.tr.tr(&crate::msg!("gui-fix", fix = self.tr.tr(fix))));
                    });
                }
            }
        }
        if !view.infos.is_empty() {
            ui.add_space(6.0);
            ui.strong(self.tr.text("gui-progress"));
            for info in &view.infos {
                // The HA status has a table of its own under the step.
                if info.id == "ha-status-line" && !self.ha_status.is_empty() {
                    continue;
                }
                ui.label(self.tr.tr(info));
            }
        }
        if !view.log.is_empty() {
            ui.add_space(6.0);
            ui.strong(self.tr.text("gui-task-log"));
            egui::ScrollArea::vertical()
                .id_salt("task-log")
                .max_height(200.0)
                .stick_to_bottom(true)
                .show(ui, |ui| {
                    for (node, line) in &view.log {
                        ui.monospace(format!("{node}: {line}"));
                    }
                });
        }
    }
}

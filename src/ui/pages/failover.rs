//! Step 8: the failover, watched. Where the VM runs, each node up or down (in the practice lab
//! with a power button), every change of the HA services with its time, and how long the VM was
//! away when its node went.

use std::time::Duration;

use crate::ui::wizard::{Mode, Wizard, Work};

impl Wizard {
    pub(crate) fn failover_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.tr.text("gui-failover-title"));
        ui.label(self.tr.text("gui-failover-what"));
        ui.add_space(4.0);
        ui.label(egui::RichText::new(self.tr.text("gui-failover-web")).italics());
        ui.add_space(8.0);
        let watching = self.running.as_ref().is_some_and(|r| r.work == Work::Watch);
        ui.horizontal(|ui| {
            if watching {
                ui.spinner();
                ui.label(self.tr.text("gui-failover-watching"));
                if ui.button(self.tr.text("gui-failover-stop")).clicked() {
                    self.cancel();
                }
            } else {
                let button = egui::Button::new(self.tr.text("gui-failover-watch"));
                if ui.add_enabled(!self.is_running(), button).clicked() {
                    self.start_watch();
                }
            }
        });
        ui.add_space(8.0);
        self.map_ui(ui);
        if let Some(recovered) = &self.failover.recovered {
            ui.add_space(6.0);
            ui.strong(self.tr.tr(recovered));
        }
        self.timeline_ui(ui);
    }

    /// One row per node: up or down, the HA services on it, and the lab's power button.
    fn map_ui(&mut self, ui: &mut egui::Ui) {
        if self.failover.nodes.is_empty() {
            return;
        }
        let lab = matches!(self.mode, Some(Mode::Lab { .. }));
        let mut press = None;
        egui::Grid::new("failover-map")
            .striped(true)
            .num_columns(if lab { 4 } else { 3 })
            .show(ui, |ui| {
                ui.strong(self.tr.text("gui-col-node"));
                ui.strong(self.tr.text("gui-col-state"));
                ui.strong(self.tr.text("gui-col-services"));
                if lab {
                    ui.strong(self.tr.text("gui-col-power"));
                }
                ui.end_row();
                for (node, online) in &self.failover.nodes {
                    ui.label(node);
                    if *online {
                        ui.label(self.tr.text("gui-member-online"));
                    } else {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            self.tr.text("gui-member-offline"),
                        );
                    }
                    let here: Vec<String> = self
                        .failover
                        .services
                        .iter()
                        .filter(|(_, (_, at))| at == node)
                        .map(|(sid, (state, _))| format!("{sid} ({state})"))
                        .collect();
                    ui.label(if here.is_empty() {
                        "—".to_owned()
                    } else {
                        here.join(", ")
                    });
                    if lab {
                        let (text, name) = if *online {
                            (
                                "gui-power-off",
                                crate::msg!("gui-power-off-of", node = node.as_str()),
                            )
                        } else {
                            (
                                "gui-power-on",
                                crate::msg!("gui-power-on-of", node = node.as_str()),
                            )
                        };
                        let idle = !self.failover.pressing.contains(node);
                        let button = ui
                            .add_enabled(idle, egui::Button::new(self.tr.text(text)))
                            .accessible_name(self.tr.tr(&name));
                        if button.clicked() {
                            press = Some((node.clone(), !*online));
                        }
                    }
                    ui.end_row();
                }
            });
        if let Some((node, on)) = press {
            self.press_power(&node, on);
        }
    }

    /// Every change seen, timed from the start of the watch.
    fn timeline_ui(&self, ui: &mut egui::Ui) {
        if self.failover.timeline.is_empty() {
            return;
        }
        ui.add_space(8.0);
        ui.strong(self.tr.text("gui-failover-timeline"));
        egui::ScrollArea::vertical()
            .id_salt("timeline")
            .max_height(240.0)
            .stick_to_bottom(true)
            .show(ui, |ui| {
                for (after, message) in &self.failover.timeline {
                    ui.label(format!(
                        "{}  {}",
                        minutes_seconds(*after),
                        self.tr.tr(message)
                    ));
                }
            });
    }
}

/// `m:ss`.
fn minutes_seconds(after: Duration) -> String {
    let seconds = after.as_secs();
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

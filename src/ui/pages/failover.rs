//! Step 8: the failover, watched. Where the VM runs, each node up or down (in the practice lab
//! with a power button), every change of the HA services with its time, and how long the VM was
//! away when its node went.

use crate::ui::actions::Action;
use crate::ui::pages::step::ticking_label;
use crate::ui::picture::{minutes_seconds, timeline_ui};
use crate::ui::wizard::{Mode, WizardState, Work};

impl WizardState {
    pub(crate) fn failover_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.tr.text("gui-failover-title"));
        ui.label(self.tr.text("gui-failover-what"));
        ui.add_space(4.0);
        ui.label(egui::RichText::new(self.tr.text("gui-failover-web")).italics());
        let watching_now = self.running.as_ref().is_some_and(|r| r.work == Work::Watch);
        if matches!(self.mode, Some(Mode::Lab)) {
            // The watch reads as often as the speed asks: changed between watches.
            self.lab_speed_ui(ui, !watching_now);
        }
        if matches!(self.mode, Some(Mode::Lab)) && self.options.lab.time_scale > 1.0 {
            let scale = self.options.lab.time_scale;
            ui.colored_label(
                ui.visuals().warn_fg_color,
                self.tr
                    .tr(&crate::msg!("gui-failover-scaled", scale = scale)),
            );
        }
        ui.add_space(8.0);
        let watching = self
            .running
            .as_ref()
            .filter(|r| r.work == Work::Watch)
            .map(|r| r.since);
        ui.horizontal(|ui| {
            if let Some(since) = watching {
                let seconds = since.elapsed().as_secs();
                let text = self
                    .tr
                    .tr(&crate::msg!("gui-failover-watching", seconds = seconds));
                ticking_label(ui, text);
                if ui.button(self.tr.text("gui-failover-stop")).clicked() {
                    self.ask(Action::Cancel);
                }
            } else {
                let button = egui::Button::new(self.tr.text("gui-failover-watch"));
                if ui.add_enabled(!self.is_running(), button).clicked() {
                    self.ask(Action::StartWatch);
                }
            }
        });
        ui.add_space(8.0);
        self.map_ui(ui);
        if let Some(recovered) = &self.failover.recovered {
            ui.add_space(6.0);
            let color = ui.visuals().selection.stroke.color;
            ui.label(
                egui::RichText::new(self.tr.tr(recovered))
                    .strong()
                    .size(16.0)
                    .color(color),
            );
        }
        self.timeline_ui(ui);
    }

    /// A card per node: up or down, the HA services on it, and in the lab its power button.
    fn map_ui(&mut self, ui: &mut egui::Ui) {
        if self.failover.nodes.is_empty() {
            return;
        }
        let lab = matches!(self.mode, Some(Mode::Lab));
        let mut press = None;
        ui.horizontal_wrapped(|ui| {
            for (node, online) in &self.failover.nodes {
                egui::Frame::group(ui.style())
                    .inner_margin(10.0)
                    .show(ui, |ui| {
                        ui.set_min_width(200.0);
                        ui.vertical(|ui| {
                            ui.heading(node);
                            if *online {
                                let color = ui.visuals().selection.stroke.color;
                                ui.colored_label(color, self.tr.text("gui-member-online"));
                            } else {
                                let color = ui.visuals().error_fg_color;
                                ui.colored_label(color, self.tr.text("gui-member-offline"));
                            }
                            let mut any = false;
                            for (sid, (state, at)) in &self.failover.services {
                                if at == node {
                                    any = true;
                                    ui.strong(format!("{sid} ({state})"));
                                }
                            }
                            if !any {
                                ui.weak(self.tr.text("gui-failover-no-service"));
                            }
                            if lab {
                                let (text, name) = if *online {
                                    let name =
                                        crate::msg!("gui-power-off-of", node = node.as_str());
                                    ("gui-power-off", name)
                                } else {
                                    let name = crate::msg!("gui-power-on-of", node = node.as_str());
                                    ("gui-power-on", name)
                                };
                                let idle = !self.failover.pressing.contains(node);
                                let button = ui
                                    .add_enabled(idle, egui::Button::new(self.tr.text(text)))
                                    .accessible_name(self.tr.tr(&name));
                                if button.clicked() {
                                    press = Some((node.clone(), !*online));
                                }
                            }
                        });
                    });
            }
        });
        if let Some((node, on)) = press {
            self.ask(Action::PressPower { node, on });
        }
    }

    /// Every change seen, timed from the start of the watch.
    fn timeline_ui(&self, ui: &mut egui::Ui) {
        if self.failover.timeline.is_empty() {
            return;
        }
        ui.add_space(8.0);
        ui.strong(self.tr.text("gui-failover-timeline"));
        let now = self
            .running
            .as_ref()
            .filter(|r| r.work == Work::Watch)
            .and(self.failover.since)
            .map(|since| since.elapsed());
        let scale = match self.mode {
            Some(Mode::Lab) => self.options.lab.time_scale,
            _ => 1.0,
        };
        timeline_ui(ui, &self.failover.timeline, now, scale, &self.tr);
        egui::ScrollArea::vertical()
            .id_salt("timeline")
            .max_height(240.0)
            .stick_to_bottom(true)
            .show(ui, |ui| {
                for (after, change) in &self.failover.timeline {
                    ui.label(format!(
                        "{}  {}",
                        minutes_seconds(*after),
                        self.tr.tr(&change.message())
                    ));
                }
            });
    }
}

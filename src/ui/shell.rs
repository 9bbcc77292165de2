//! The frame around the pages: language menu, side bar of steps, Back and Next.

use crate::course::StepId;
use crate::i18n::Language;
use crate::ui::actions::Action;
use crate::ui::picture::picture_ui;
use crate::ui::wizard::{Page, Status, WizardState};

impl WizardState {
    /// Draws the window; what the teacher asks for is noted in `asked`.
    pub(crate) fn ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar_ui(ui));
        if self.mode.is_some() {
            egui::Panel::left("steps")
                .resizable(false)
                .show(ui, |ui| self.side_bar_ui(ui));
            egui::Panel::bottom("navigation").show(ui, |ui| self.navigation_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(notice) = &self.notice {
                    ui.colored_label(ui.visuals().warn_fg_color, self.tr.tr(notice));
                    ui.separator();
                }
                if !matches!(self.page, Page::Start | Page::Step(StepId::Connect)) {
                    self.picture_ui(ui);
                }
                match self.page {
                    Page::Start => self.start_ui(ui),
                    Page::Step(StepId::Connect) => self.connect_ui(ui),
                    Page::Step(StepId::Hostnames) => self.hostnames_ui(ui),
                    Page::Step(StepId::CreateCluster) => self.create_ui(ui),
                    Page::Step(StepId::JoinNodes) => self.join_ui(ui),
                    Page::Step(StepId::Storage) => self.storage_ui(ui),
                    Page::Step(StepId::Iso) => self.iso_ui(ui),
                    Page::Step(StepId::Vm) => self.vm_ui(ui),
                    Page::Step(StepId::Ha) => self.ha_ui(ui),
                    Page::Step(StepId::Replication) => self.replication_ui(ui),
                    Page::Failover => self.failover_ui(ui),
                }
            });
        });
    }

    /// The cluster as the course last saw it, above the page.
    fn picture_ui(&self, ui: &mut egui::Ui) {
        if self.picture.nodes.is_empty() {
            return;
        }
        egui::CollapsingHeader::new(self.tr.text("gui-picture-title"))
            .id_salt("picture")
            .default_open(true)
            .show(ui, |ui| picture_ui(ui, &self.picture, &self.tr));
        ui.separator();
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.strong(self.tr.text("gui-title"));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // Right to left: the last language first, so they read in menu order.
                for language in Language::ALL.into_iter().rev() {
                    let selected = self.tr.language() == language;
                    if ui
                        .selectable_label(selected, language.native_name())
                        .clicked()
                    {
                        self.ask(Action::SetLanguage(language));
                    }
                }
                ui.label(self.tr.text("gui-language"));
            });
        });
    }

    fn side_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(self.tr.text("gui-steps"));
        if ui
            .selectable_label(self.page == Page::Start, self.tr.text("gui-start"))
            .clicked()
            && !self.is_running()
        {
            self.ask(Action::GoTo(Page::Start));
        }
        for page in self.track.pages() {
            ui.separator();
            let title = match page {
                Page::Step(step) => self.tr.tr(&step.title()),
                _ => self.tr.text("gui-failover-title"),
            };
            if ui.selectable_label(self.page == page, title).clicked() {
                self.ask(Action::GoTo(page));
            }
            let Page::Step(step) = page else {
                continue;
            };
            let status = self.view(step).status;
            let text = match status {
                Status::ToDo => self.tr.text("gui-status-todo"),
                Status::Running => self.tr.text("gui-status-running"),
                Status::Done => self.tr.text("gui-status-done"),
                Status::AlreadyDone => self.tr.text("gui-status-already-done"),
                Status::Failed => self.tr.text("gui-status-failed"),
            };
            let color = match status {
                Status::Done | Status::AlreadyDone => ui.visuals().selection.stroke.color,
                Status::Failed => ui.visuals().error_fg_color,
                _ => ui.visuals().weak_text_color(),
            };
            ui.colored_label(color, text);
        }
    }

    fn navigation_ui(&mut self, ui: &mut egui::Ui) {
        let pages = self.track.pages();
        let Some(index) = pages.iter().position(|p| *p == self.page) else {
            return;
        };
        ui.horizontal(|ui| {
            let back = ui.add_enabled(
                !self.is_running(),
                egui::Button::new(self.tr.text("gui-back")),
            );
            if back.clicked() {
                let page = index
                    .checked_sub(1)
                    .and_then(|i| pages.get(i).copied())
                    .unwrap_or(Page::Start);
                self.ask(Action::GoTo(page));
            }
            if let (Some(next), Page::Step(step)) = (pages.get(index + 1), self.page) {
                let ready = self.view(step).finished() && !self.is_running();
                let button = ui.add_enabled(ready, egui::Button::new(self.tr.text("gui-next")));
                if button.clicked() {
                    self.ask(Action::GoTo(*next));
                }
            }
        });
    }
}

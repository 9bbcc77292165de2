//! The window: the state, drawn each frame, and the controller that does its slow work. Between
//! frames the controller's updates go into the state, and what the teacher asked for on the
//! pages becomes commands for the controller (rerun's command channel is the model).

use std::sync::Arc;

use crate::i18n::Language;
use crate::ui::controller::Controller;
use crate::ui::vault::Vault;
use crate::ui::wizard::{WizardOptions, WizardState};

/// The whole window.
pub struct Wizard {
    pub(crate) state: WizardState,
    controller: Controller,
}

impl Wizard {
    /// A window whose work runs on `runtime`.
    pub fn new(runtime: tokio::runtime::Handle, options: WizardOptions) -> Self {
        let vault = Arc::new(Vault::new(options.storage.keychain()));
        let controller = Controller::start(
            runtime,
            options.storage.clone(),
            options.lab.clone(),
            vault,
            options.probe_timeout,
            Arc::clone(&options.picker),
            options.course.clone(),
        );
        Self {
            state: WizardState::new(options),
            controller,
        }
    }

    /// The language shown.
    pub fn language(&self) -> Language {
        self.state.tr.language()
    }

    /// One frame: the news since the last, the pages, then what they asked for. The UI thread
    /// never waits: every command is queued for the controller.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.controller.attach(ui.ctx());
        while let Some(update) = self.controller.try_recv() {
            for command in self.state.update(update) {
                self.controller.send(command);
            }
        }
        self.state.ui(ui);
        self.act();
    }

    /// Turns what was asked (on the pages, or by the tour) into commands.
    pub(crate) fn act(&mut self) {
        for action in std::mem::take(&mut self.state.asked) {
            for command in self.state.act(action) {
                self.controller.send(command);
            }
        }
        // Commands made outside an action (the profile asked for at the start).
        for command in self.state.take_commands() {
            self.controller.send(command);
        }
    }
}

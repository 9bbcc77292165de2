//! Step 0: each node's address, user and password, and its certificate, trusted only once the
//! teacher has compared its fingerprint with the node's own.

use crate::course::StepId;
use crate::ui::actions::Action;
use crate::ui::nodes::{NodeForm, Trust};
use crate::ui::wizard::{Mode, WizardState};

impl WizardState {
    pub(crate) fn connect_ui(&mut self, ui: &mut egui::Ui) {
        self.intro_ui(ui, StepId::Connect);
        let lab = matches!(self.mode, Some(Mode::Lab));
        if lab {
            ui.label(self.tr.text("gui-lab-password"));
        } else if !self.options.storage.keychain() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                self.tr.text("gui-keychain-memory"),
            );
        } else if let Some(problem) = &self.vault.keychain_problem {
            let reason = self.tr.tr(&crate::i18n::words::keychain_error(problem));
            ui.colored_label(
                ui.visuals().warn_fg_color,
                self.tr
                    .tr(&crate::msg!("gui-keychain-memory-why", reason = reason)),
            );
            let retry = egui::Button::new(self.tr.text("gui-keychain-retry"));
            if ui.add_enabled(!self.keychain_checking, retry).clicked() {
                self.ask(Action::RetryKeychain);
            }
        } else {
            ui.label(self.tr.text("gui-keychain-ok"));
        }
        ui.add_space(6.0);
        let running = self.is_running();
        let mut edited = false;
        let mut forget = None;
        for index in 0..self.nodes.len() {
            ui.add_enabled_ui(!running, |ui| {
                ui.group(|ui| {
                    let number = index + 1;
                    ui.strong(self.tr.tr(&crate::msg!("gui-node", number = number)));
                    let Some(node) = self.nodes.get_mut(index) else {
                        return;
                    };
                    edited |= credentials_ui(ui, &self.tr, node, number, lab, &mut forget);
                    self.certificate_ui(ui, index);
                });
            });
        }
        if let Some(index) = forget {
            self.ask(Action::ForgetPassword(index));
        }
        if edited {
            self.ask(Action::NodesEdited);
        }
        let probe_needed = self
            .nodes
            .iter()
            .any(|n| matches!(n.trust, Trust::Unknown | Trust::Failed(_)));
        let button = egui::Button::new(self.tr.text("gui-check-certificates"));
        if ui.add_enabled(probe_needed && !running, button).clicked() {
            self.ask(Action::ProbeAll);
        }
        ui.add_space(8.0);
        let confirmed =
            !self.nodes.is_empty() && self.nodes.iter().all(|n| n.trusted_fingerprint().is_some());
        if !confirmed {
            ui.label(self.tr.text("gui-confirm-first"));
        }
        self.run_ui(ui, StepId::Connect, confirmed);
    }

    fn certificate_ui(&mut self, ui: &mut egui::Ui, index: usize) {
        let number = index + 1;
        let Some(node) = self.nodes.get(index) else {
            return;
        };
        let label = node.address.trim().to_owned();
        let account = node.account();
        match node.trust.clone() {
            Trust::Unknown => {
                ui.label(self.tr.text("gui-certificate-unchecked"));
            }
            Trust::Probing => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(self.tr.text("gui-probing"));
                });
            }
            Trust::Failed(message) => {
                ui.colored_label(ui.visuals().error_fg_color, self.tr.tr(&message));
            }
            Trust::Known(fingerprint) => {
                ui.label(
                    self.tr
                        .tr(&crate::msg!("gui-fingerprint-known", node = label.as_str())),
                );
                ui.monospace(fingerprint.to_string());
                // A reinstalled node has a new certificate: it must be compared again.
                let name = self.tr.tr(&crate::msg!("gui-recheck-of", number = number));
                let button = ui.button(self.tr.text("gui-recheck")).accessible_name(name);
                if button.clicked() {
                    self.ask(Action::Recheck(index));
                }
            }
            Trust::Seen {
                fingerprint,
                mut confirmed,
            } => {
                ui.label(
                    self.tr
                        .tr(&crate::msg!("gui-fingerprint-seen", node = label.as_str())),
                );
                ui.monospace(fingerprint.to_string());
                if let Some(lab) = node.lab_fingerprint {
                    ui.label(self.tr.text("gui-fingerprint-lab"));
                    ui.monospace(lab.to_string());
                } else {
                    ui.label(self.tr.text("gui-fingerprint-compare"));
                }
                let name = self.tr.tr(&crate::msg!("gui-trust-of", number = number));
                let checkbox = ui
                    .checkbox(&mut confirmed, self.tr.text("gui-trust"))
                    .accessible_name(name);
                if checkbox.changed()
                    && let Some(node) = self.nodes.get_mut(index)
                {
                    node.trust = Trust::Seen {
                        fingerprint,
                        confirmed,
                    };
                }
            }
        }
        if let Some(account) = account {
            if self.vault.totp_asked.contains(&account)
                && let Some(node) = self.nodes.get_mut(index)
            {
                ui.label(
                    self.tr
                        .tr(&crate::msg!("gui-totp-asked", node = label.as_str())),
                );
                let name = self.tr.tr(&crate::msg!("gui-totp-of", number = number));
                ui.add(egui::TextEdit::singleline(&mut node.totp).desired_width(80.0))
                    .accessible_name(name);
            }
            if let Some(note) = self.keychain_notes.get(&account) {
                ui.label(self.tr.tr(note));
            }
        }
    }
}

/// Address, user, password and the keychain choices of one node; whether address or user changed.
fn credentials_ui(
    ui: &mut egui::Ui,
    tr: &crate::i18n::Translator,
    node: &mut NodeForm,
    number: usize,
    lab: bool,
    forget: &mut Option<usize>,
) -> bool {
    let mut edited = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(tr.text("gui-address"));
        if lab {
            ui.monospace(&node.address);
            ui.label(tr.text("gui-user"));
            ui.monospace(&node.user);
            return;
        }
        let address = ui
            .add(egui::TextEdit::singleline(&mut node.address).desired_width(140.0))
            .accessible_name(tr.tr(&crate::msg!("gui-address-of", number = number)));
        ui.label(tr.text("gui-user"));
        let user = ui
            .add(egui::TextEdit::singleline(&mut node.user).desired_width(90.0))
            .accessible_name(tr.tr(&crate::msg!("gui-user-of", number = number)));
        if address.changed() || user.changed() {
            node.trust = Trust::Unknown;
            edited = true;
        }
        ui.label(tr.text("gui-password"));
        ui.add(
            egui::TextEdit::singleline(&mut node.password)
                .password(true)
                .desired_width(120.0),
        )
        .accessible_name(tr.tr(&crate::msg!("gui-password-of", number = number)));
        ui.checkbox(&mut node.remember, tr.text("gui-remember"))
            .accessible_name(tr.tr(&crate::msg!("gui-remember-of", number = number)));
        let button = ui
            .button(tr.text("gui-forget"))
            .accessible_name(tr.tr(&crate::msg!("gui-forget-of", number = number)));
        if button.clicked() {
            *forget = Some(number - 1);
        }
    });
    edited
}

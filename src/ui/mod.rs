//! The desktop window (eframe/egui). It renders the course's state and sends commands: the
//! steps, the practice lab, probes, the keychain and files all run in the [`controller`] on a
//! tokio runtime that the window owns, never on the UI thread.

mod actions;
mod controller;
mod forms;
mod nodes;
mod pages;
pub mod picker;
pub mod profile;
mod shell;
mod vault;
mod wizard;

use std::process::ExitCode;

pub use controller::Storage;
pub use wizard::{Wizard, WizardOptions};

use crate::i18n::{Language, Translator};

/// The window's title and application id (the `.desktop` file's `StartupWMClass`).
pub const APP_ID: &str = "pve-ha-wizard";

/// Opens the window and returns when it is closed.
pub fn run(language: Option<Language>) -> ExitCode {
    let options = WizardOptions::for_user(language);
    let tr = Translator::new(options.language);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!(
                "{}",
                tr.tr(&crate::msg!("err-runtime", detail = error.to_string()))
            );
            return ExitCode::FAILURE;
        }
    };
    let wizard = Wizard::new(runtime.handle().clone(), options);
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_ID)
            .with_app_id(APP_ID)
            .with_inner_size([1100.0, 760.0]),
        ..eframe::NativeOptions::default()
    };
    let result = eframe::run_native(
        APP_ID,
        native,
        Box::new(|cc| {
            cc.egui_ctx.set_theme(egui::ThemePreference::System);
            Ok(Box::new(App { wizard }))
        }),
    );
    // Stops the practice lab and whatever still runs.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!(
                "{}",
                tr.tr(&crate::msg!(
                    "gui-no-window",
                    detail = crate::error_chain(&error)
                ))
            );
            ExitCode::FAILURE
        }
    }
}

struct App {
    wizard: Wizard,
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.wizard.ui(ui);
    }
}

//! The desktop window (eframe/egui). It renders the course's state and sends commands: the
//! steps, the practice lab, probes, the keychain and files all run in the [`controller`] on a
//! tokio runtime that the window owns, never on the UI thread.

mod actions;
mod app;
mod controller;
mod forms;
mod nodes;
mod pages;
pub mod picker;
mod picture;
pub mod profile;
mod shell;
mod tour;
mod vault;
mod wizard;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

pub use app::Wizard;
pub use controller::Storage;
pub use wizard::WizardOptions;

use crate::i18n::{Language, Translator};

/// The window's title and application id (the `.desktop` file's `StartupWMClass`).
pub const APP_ID: &str = "pve-ha-wizard";

/// Opens the window and returns when it is closed. With `tour`, the window walks itself through
/// the course in a practice lab (a minute of Proxmox VE's time per second, nothing of the user's
/// read or written), saves a screenshot of each main page in that directory, and closes.
pub fn run(
    runtime: tokio::runtime::Runtime,
    language: Option<Language>,
    tour: Option<PathBuf>,
) -> ExitCode {
    let mut options = WizardOptions::for_user(language);
    if tour.is_some() {
        options.storage = Storage::Memory;
        options.lab.time_scale = 60.0;
    }
    let tr = Translator::new(options.language);
    let wizard = Wizard::new(runtime.handle().clone(), options);
    let tour_failure = Arc::new(Mutex::new(None));
    let app = App {
        wizard,
        tour: tour.map(tour::Tour::new),
        tour_failure: Arc::clone(&tour_failure),
    };
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_ID)
            .with_app_id(APP_ID)
            .with_inner_size([1100.0, 760.0])
            .with_icon(icon()),
        ..eframe::NativeOptions::default()
    };
    let result = eframe::run_native(
        APP_ID,
        native,
        Box::new(|cc| {
            cc.egui_ctx.set_theme(egui::ThemePreference::System);
            Ok(Box::new(app))
        }),
    );
    // Stops the practice lab and whatever still runs.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    let tour_failure = tour_failure.lock().ok().and_then(|mut f| f.take());
    match result {
        Ok(()) if tour_failure.is_some() => {
            eprintln!("tour: {}", tour_failure.unwrap_or_default());
            ExitCode::FAILURE
        }
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

/// The window's icon: the package's own, for desktops that show the window's rather than the
/// menu entry's.
fn icon() -> egui::IconData {
    const PNG: &[u8] = include_bytes!("../../assets/icons/hicolor/128x128/apps/pve-ha-wizard.png");
    // The PNG is built into the binary and checked by a test: it decodes.
    eframe::icon_data::from_png_bytes(PNG).unwrap_or_default()
}

struct App {
    wizard: Wizard,
    tour: Option<tour::Tour>,
    tour_failure: Arc<Mutex<Option<String>>>,
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(tour) = &mut self.tour
            && !tour.drive(&mut self.wizard.state, ui.ctx())
        {
            if let Ok(mut failure) = self.tour_failure.lock() {
                *failure = tour.failure.take();
            }
            self.tour = None;
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.wizard.ui(ui);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn window_icon_decodes() {
        let icon = super::icon();
        assert_eq!((icon.width, icon.height), (128, 128));
    }

    /// A Wayland compositor finds the window's icon and name by the desktop file named after its
    /// app id (`pve-ha-wizard.desktop`, as the package installs it), an X11 taskbar by
    /// `StartupWMClass`.
    #[test]
    fn the_app_id_is_the_desktop_files_name_and_wm_class() {
        let desktop = include_str!("../../packaging/pve-ha-wizard.desktop");
        assert_eq!(super::APP_ID, "pve-ha-wizard");
        assert!(
            desktop
                .lines()
                .any(|line| line == format!("StartupWMClass={}", super::APP_ID)),
            "{desktop}"
        );
        let manifest = include_str!("../../Cargo.toml");
        assert!(
            manifest.contains(&format!(
                "[\"packaging/{}.desktop\", \"usr/share/applications/\"",
                super::APP_ID
            )),
            "the package installs the desktop file under the app id's name"
        );
    }
}

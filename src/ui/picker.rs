//! The system's file dialog, behind a trait: a native dialog cannot be driven by UI tests, so
//! they give the window a picker of their own.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

/// Asks the teacher for a file.
pub trait FilePicker: Send + Sync + std::fmt::Debug {
    /// An ISO image to upload, or `None` when the dialog is closed without one.
    fn pick_iso(&self, title: String) -> Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>>;
}

/// The desktop's own dialog (GTK), run off the UI thread.
#[derive(Debug, Default)]
pub struct SystemPicker;

impl FilePicker for SystemPicker {
    fn pick_iso(&self, title: String) -> Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>> {
        Box::pin(async move {
            let extensions: Vec<&str> = crate::names::ISO_EXTENSIONS
                .iter()
                .map(|e| e.trim_start_matches('.'))
                .collect();
            rfd::AsyncFileDialog::new()
                .set_title(title)
                .add_filter("ISO", &extensions)
                .pick_file()
                .await
                .map(|file| file.path().to_owned())
        })
    }
}

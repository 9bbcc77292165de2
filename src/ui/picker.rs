//! The system's file dialog, behind a trait: a native dialog cannot be driven by UI tests, so
//! they give the window a picker of their own.
//!
//! Where an XDG desktop portal offers a file chooser, the dialog is the desktop's own (KDE's on
//! Plasma, GNOME's on GNOME), asked for over D-Bus; it is also the one that knows a sandbox and a
//! Wayland session. Where none does, the GTK dialog runs in this process.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Duration;

use futures_util::StreamExt;
use serde::Serialize;
use zbus::proxy::CacheProperties;
use zbus::zvariant::{DeserializeDict, OwnedObjectPath, SerializeDict, Type};

/// What the dialog asks, in the teacher's language.
#[derive(Debug, Clone)]
pub struct IsoQuestion {
    /// The dialog's title.
    pub title: String,
    /// The name of the filter that shows ISO images only.
    pub filter: String,
}

/// Asks the teacher for a file.
pub trait FilePicker: Send + Sync + std::fmt::Debug {
    /// An ISO image to upload, or `None` when the dialog is closed without one.
    fn pick_iso(
        &self,
        question: IsoQuestion,
    ) -> Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>>;
}

/// The desktop's own dialog: the portal's where one runs, GTK's otherwise. Runs off the UI thread.
#[derive(Debug, Default)]
pub struct SystemPicker;

impl FilePicker for SystemPicker {
    fn pick_iso(
        &self,
        question: IsoQuestion,
    ) -> Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>> {
        Box::pin(async move {
            if let Some(portal) = Portal::connect().await {
                match portal.open_iso(&question).await {
                    Ok(picked) => return picked,
                    // Refused before any dialog showed: the GTK one can still ask.
                    Err(error) => tracing::warn!(%error, "the portal's file chooser failed"),
                }
            }
            gtk_pick_iso(question).await
        })
    }
}

/// Which dialog [`SystemPicker`] shows on this desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    /// The XDG desktop portal's file chooser.
    Portal,
    /// GTK's, in this process.
    Gtk,
}

/// Which dialog the next pick shows (starting the portal when it is D-Bus activatable).
pub async fn dialog() -> Dialog {
    match Portal::connect().await {
        Some(_) => Dialog::Portal,
        None => Dialog::Gtk,
    }
}

async fn gtk_pick_iso(question: IsoQuestion) -> Option<PathBuf> {
    let extensions: Vec<&str> = crate::names::ISO_EXTENSIONS
        .iter()
        .map(|e| e.trim_start_matches('.'))
        .collect();
    rfd::AsyncFileDialog::new()
        .set_title(question.title)
        .add_filter(question.filter, &extensions)
        .pick_file()
        .await
        .map(|file| file.path().to_owned())
}

// The portal's names and its protocol: xdg-desktop-portal, data/org.freedesktop.portal.FileChooser.xml
// and data/org.freedesktop.portal.Request.xml.
const PORTAL: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
const FILE_CHOOSER: &str = "org.freedesktop.portal.FileChooser";
const REQUEST: &str = "org.freedesktop.portal.Request";
/// How long a portal that is not running yet may take to start before GTK's dialog is used.
const PORTAL_START: Duration = Duration::from_secs(10);
/// `Response`'s code when the teacher chose (1 is a cancel, 2 another ending).
const RESPONSE_SUCCESS: u32 = 0;
/// A filter string's kind: a glob pattern (1 would be a MIME type).
const GLOB: u32 = 0;

/// A file filter, `(sa(us))`: its name, then its patterns.
#[derive(Clone, Debug, Serialize, Type, PartialEq)]
struct Filter(String, Vec<(u32, String)>);

/// `OpenFile`'s options, a vardict.
#[derive(Debug, SerializeDict, Type)]
#[zvariant(signature = "a{sv}")]
struct OpenFileOptions {
    handle_token: String,
    modal: bool,
    multiple: bool,
    filters: Vec<Filter>,
    current_filter: Filter,
}

/// The results of a `Response`, a vardict.
#[derive(Debug, Default, DeserializeDict, Type)]
#[zvariant(signature = "a{sv}")]
struct OpenFileResults {
    uris: Option<Vec<String>>,
}

/// The session bus's desktop portal, when it offers a file chooser.
struct Portal {
    bus: zbus::Connection,
    chooser: zbus::Proxy<'static>,
}

impl Portal {
    async fn connect() -> Option<Self> {
        let connect = async {
            let bus = zbus::Connection::session().await?;
            let chooser: zbus::Proxy<'static> = zbus::proxy::Builder::new(&bus)
                .destination(PORTAL)?
                .path(PORTAL_PATH)?
                .interface(FILE_CHOOSER)?
                .cache_properties(CacheProperties::No)
                .build()
                .await?;
            // The portal exports the interface only when a backend implements it
            // (xdg-desktop-portal, src/xdg-desktop-portal.c, `on_bus_acquired`); reading its
            // version also starts a portal that is activatable and not running yet.
            let version: u32 = chooser.get_property("version").await?;
            tracing::debug!(version, "the desktop portal offers a file chooser");
            Ok::<_, zbus::Error>(Self { bus, chooser })
        };
        match tokio::time::timeout(PORTAL_START, connect).await {
            Ok(Ok(portal)) => Some(portal),
            Ok(Err(error)) => {
                tracing::debug!(%error, "no desktop portal's file chooser");
                None
            }
            Err(_) => {
                tracing::debug!("the desktop portal did not start in time");
                None
            }
        }
    }

    /// Shows the portal's dialog and waits for the teacher. `Err` only when the portal refused
    /// the request, before any dialog.
    async fn open_iso(&self, question: &IsoQuestion) -> zbus::Result<Option<PathBuf>> {
        let token = format!("pve_ha_wizard_{}", rand::random::<u64>());
        let sender = self
            .bus
            .unique_name()
            .ok_or_else(|| zbus::Error::Failure("no unique name on the bus".to_owned()))?;
        // Listening before asking, on the path the request will have, so that no answer is missed.
        let expected = request_path(sender.as_str(), &token)?;
        let mut responses = self.responses(expected.clone()).await?;
        let filter = iso_filter(&question.filter);
        let options = OpenFileOptions {
            handle_token: token,
            modal: true,
            multiple: false,
            filters: vec![filter.clone()],
            current_filter: filter,
        };
        // No parent window: the window's handle is not at hand off the UI thread.
        let handle: OwnedObjectPath = self
            .chooser
            .call("OpenFile", &("", question.title.as_str(), options))
            .await?;
        if handle != expected {
            // A portal older than 0.9 names the request itself.
            responses = self.responses(handle).await?;
        }
        let Some(message) = responses.next().await else {
            tracing::warn!("the desktop portal went away before answering");
            return Ok(None);
        };
        let (response, results): (u32, OpenFileResults) = match message.body().deserialize() {
            Ok(answer) => answer,
            Err(error) => {
                tracing::warn!(%error, "the desktop portal's answer could not be read");
                return Ok(None);
            }
        };
        if response != RESPONSE_SUCCESS {
            return Ok(None);
        }
        Ok(results.uris.unwrap_or_default().first().and_then(|uri| {
            let path = local_path(uri);
            if path.is_none() {
                tracing::warn!(uri, "the chosen file is not a local one");
            }
            path
        }))
    }

    async fn responses(
        &self,
        path: OwnedObjectPath,
    ) -> zbus::Result<zbus::proxy::SignalStream<'static>> {
        let request: zbus::Proxy<'static> = zbus::proxy::Builder::new(&self.bus)
            .destination(PORTAL)?
            .path(path)?
            .interface(REQUEST)?
            .cache_properties(CacheProperties::No)
            .build()
            .await?;
        request.receive_signal("Response").await
    }
}

/// `/org/freedesktop/portal/desktop/request/SENDER/TOKEN`, SENDER being the unique name without
/// its ':' and with '_' for each '.' (org.freedesktop.portal.Request.xml).
fn request_path(unique_name: &str, token: &str) -> zbus::Result<OwnedObjectPath> {
    let sender = unique_name.trim_start_matches(':').replace('.', "_");
    let path = format!("{PORTAL_PATH}/request/{sender}/{token}");
    OwnedObjectPath::try_from(path).map_err(zbus::Error::from)
}

/// The filter of ISO images. Portal patterns are case-sensitive, so each letter takes both cases
/// (`*.[iI][sS][oO]`), as the interface's documentation advises.
fn iso_filter(name: &str) -> Filter {
    let patterns = crate::names::ISO_EXTENSIONS
        .iter()
        .map(|extension| {
            let any_case: String = extension
                .chars()
                .map(|c| {
                    if c.is_ascii_alphabetic() {
                        format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            (GLOB, format!("*{any_case}"))
        })
        .collect();
    Filter(name.to_owned(), patterns)
}

/// The local path of a `file://` URI, percent-decoded; `None` for any other scheme.
fn local_path(uri: &str) -> Option<PathBuf> {
    let url = url::Url::parse(uri).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_path_is_the_one_the_portal_makes() {
        let path = request_path(":1.42", "pve_ha_wizard_7").expect("a valid path");
        assert_eq!(
            path.as_str(),
            "/org/freedesktop/portal/desktop/request/1_42/pve_ha_wizard_7"
        );
    }

    #[test]
    fn the_iso_filter_takes_any_case() {
        let filter = iso_filter("ISO images");
        assert_eq!(
            filter,
            Filter(
                "ISO images".to_owned(),
                vec![
                    (GLOB, "*.[iI][sS][oO]".to_owned()),
                    (GLOB, "*.[iI][mM][gG]".to_owned()),
                ]
            )
        );
        assert_eq!(Filter::SIGNATURE.to_string(), "(sa(us))");
    }

    #[test]
    fn a_chosen_file_is_a_local_path_percent_decoded() {
        assert_eq!(
            local_path("file:///home/mestre/Baixades/LliureX%2023%20%E2%80%93%20escriptori.iso"),
            Some(PathBuf::from(
                "/home/mestre/Baixades/LliureX 23 – escriptori.iso"
            ))
        );
        assert_eq!(local_path("smb://nas/isos/debian.iso"), None);
        assert_eq!(local_path("not a uri"), None);
    }

    // In a session whose portal has the test backend (scripts/portal-tests.sh).
    fn portal_test_dir() -> PathBuf {
        PathBuf::from(std::env::var_os("PORTAL_TEST_DIR").expect("PORTAL_TEST_DIR"))
    }

    /// What the backend answers next; what it was asked last is forgotten.
    fn answer(response: u32, uris: &[&str]) {
        let answer = serde_json::json!({ "response": response, "uris": uris });
        std::fs::write(portal_test_dir().join("answer.json"), answer.to_string())
            .expect("the answer written");
        std::fs::remove_file(portal_test_dir().join("asked.json")).ok();
    }

    /// What the backend was asked: the picker went through the portal, not GTK's dialog.
    fn asked() -> serde_json::Value {
        let asked = std::fs::read(portal_test_dir().join("asked.json"))
            .expect("the portal's backend was asked");
        serde_json::from_slice(&asked).expect("JSON")
    }

    fn question() -> IsoQuestion {
        IsoQuestion {
            title: "Trieu una imatge ISO".to_owned(),
            filter: "Imatges ISO".to_owned(),
        }
    }

    #[tokio::test]
    #[ignore = "needs a session bus with the test portal: scripts/portal-tests.sh"]
    async fn the_portal_shows_its_dialog_and_gives_the_chosen_file() {
        assert_eq!(dialog().await, Dialog::Portal);
        answer(
            RESPONSE_SUCCESS,
            &["file:///home/mestre/Baixades/LliureX%2023%20%E2%80%93%20escriptori.iso"],
        );
        let picked = SystemPicker.pick_iso(question()).await;
        assert_eq!(
            picked,
            Some(PathBuf::from(
                "/home/mestre/Baixades/LliureX 23 – escriptori.iso"
            ))
        );

        let asked = asked();
        assert_eq!(asked["title"], "Trieu una imatge ISO");
        assert_eq!(asked["parent_window"], "");
        let options = &asked["options"];
        // The portal named the request after the picker's token: the object it listened on
        // before asking.
        let handle = asked["handle"].as_str().expect("a handle");
        let token = handle.rsplit('/').next().unwrap_or_default();
        assert!(token.starts_with("pve_ha_wizard_"), "{handle}");
        let filter = serde_json::json!([
            "Imatges ISO",
            [[0, "*.[iI][sS][oO]"], [0, "*.[iI][mM][gG]"]]
        ]);
        assert_eq!(options["filters"], serde_json::json!([filter]));
        assert_eq!(options["current_filter"], filter);
        assert_eq!(options["modal"], true);
        assert_eq!(options["multiple"], false);
    }

    #[tokio::test]
    #[ignore = "needs a session bus with the test portal: scripts/portal-tests.sh"]
    async fn a_portal_dialog_closed_without_a_file_gives_none() {
        answer(1, &[]);
        assert_eq!(SystemPicker.pick_iso(question()).await, None);
        assert_eq!(asked()["title"], "Trieu una imatge ISO");
        // A file that is not on this computer cannot be uploaded from: nothing is chosen.
        answer(RESPONSE_SUCCESS, &["smb://nas/isos/debian-12.iso"]);
        assert_eq!(SystemPicker.pick_iso(question()).await, None);
        assert_eq!(asked()["title"], "Trieu una imatge ISO");
    }

    #[tokio::test]
    #[ignore = "needs a session bus without a portal file chooser: scripts/portal-tests.sh"]
    async fn without_a_portal_file_chooser_the_gtk_dialog_is_used() {
        assert_eq!(dialog().await, Dialog::Gtk);
    }

    #[tokio::test]
    #[ignore = "needs an X display and no portal file chooser: scripts/portal-tests.sh"]
    async fn the_gtk_dialog_shows_where_no_portal_offers_one() {
        assert_eq!(dialog().await, Dialog::Gtk);
        // The script types this file's path into the dialog once it sees it, by its title.
        let file = PathBuf::from(std::env::var_os("GTK_TEST_PICK").expect("GTK_TEST_PICK"));
        assert_eq!(SystemPicker.pick_iso(question()).await, Some(file));
    }
}

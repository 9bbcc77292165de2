//! The tour: the window walks itself through the whole course in the practice lab, as a teacher
//! would click it, and saves a screenshot of each main page. It makes the README's and the
//! package's screenshots, and it is the real-window check of CI (`scripts/screenshots.sh`).
//!
//! It drives the same `Wizard` methods the buttons call, one stage at a time, and waits for each
//! stage's result as a teacher would — by what the page shows.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::course::StepId;
use crate::ui::actions::Action;
use crate::ui::nodes::Trust;
use crate::ui::wizard::{Page, Status, Track, WizardState};

/// How long one stage may take before the tour gives up.
const STAGE_TIMEOUT: Duration = Duration::from_secs(120);
/// Frames drawn on a page before its screenshot, so that its layout has settled.
const SETTLE_FRAMES: u32 = 3;

/// What a stage does first, and what it waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Welcome,
    Lab,
    Certificates,
    Step(StepId),
    Scan,
    PracticeIso,
    Watch,
    PowerOff,
    Finished,
}

/// The stages in order, with the screenshot taken when each one is done.
const STAGES: [(Stage, Option<&str>); 16] = [
    (Stage::Welcome, Some("start")),
    (Stage::Lab, None),
    (Stage::Certificates, Some("connect")),
    (Stage::Step(StepId::Connect), None),
    (Stage::Step(StepId::Hostnames), Some("hostnames")),
    (Stage::Step(StepId::CreateCluster), None),
    (Stage::Step(StepId::JoinNodes), Some("join")),
    (Stage::Scan, None),
    (Stage::Step(StepId::Storage), Some("storage")),
    (Stage::PracticeIso, None),
    (Stage::Step(StepId::Iso), Some("iso")),
    (Stage::Step(StepId::Vm), Some("vm")),
    (Stage::Step(StepId::Ha), Some("ha")),
    (Stage::Watch, None),
    (Stage::PowerOff, Some("failover")),
    (Stage::Finished, None),
];

/// Where the tour is.
pub(crate) struct Tour {
    dir: PathBuf,
    index: usize,
    started: bool,
    since: Instant,
    settled: u32,
    /// Set by the screenshot's callback once the file is written.
    shot: Option<Arc<AtomicBool>>,
    /// Why it stopped early.
    pub failure: Option<String>,
}

impl Tour {
    /// A tour that saves its screenshots in `dir`.
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            index: 0,
            started: false,
            since: Instant::now(),
            settled: 0,
            shot: None,
            failure: None,
        }
    }

    /// Moves the tour on, once per frame, before the window draws; returns `false` when it ended.
    pub(crate) fn drive(&mut self, wizard: &mut WizardState, ctx: &egui::Context) -> bool {
        // The window repaints only on news; the tour looks again a few times a second.
        ctx.request_repaint_after(Duration::from_millis(100));
        let Some(&(stage, shot)) = STAGES.get(self.index) else {
            return false;
        };
        if stage == Stage::Finished {
            return false;
        }
        if !self.started {
            self.started = true;
            self.since = Instant::now();
            self.settled = 0;
            begin(stage, wizard);
        }
        if let Some(error) = failed(stage, wizard) {
            self.failure = Some(error);
            return false;
        }
        if !done(stage, wizard) {
            if self.since.elapsed() > STAGE_TIMEOUT {
                self.failure = Some(format!("stage {stage:?} did not finish in time"));
                return false;
            }
            return true;
        }
        if let Some(name) = shot {
            if self.settled < SETTLE_FRAMES {
                self.settled += 1;
                return true;
            }
            match &self.shot {
                None => self.shot = Some(self.screenshot(ctx, name)),
                Some(saved) if saved.load(Ordering::Acquire) => self.shot = None,
                Some(_) => return true,
            }
            if self.shot.is_some() {
                return true;
            }
        }
        self.index += 1;
        self.started = false;
        true
    }

    /// Asks for the next frame's pixels and writes them as `NAME.png`, off the UI thread.
    fn screenshot(&self, ctx: &egui::Context, name: &str) -> Arc<AtomicBool> {
        let saved = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&saved);
        let path = self.dir.join(format!("{name}.png"));
        let waker = ctx.clone();
        ctx.request_screenshot(move |image| {
            std::thread::spawn(move || {
                let [width, height] = image.size;
                let pixels: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
                if let Err(error) = image::save_buffer(
                    &path,
                    &pixels,
                    width as u32,
                    height as u32,
                    image::ExtendedColorType::Rgba8,
                ) {
                    eprintln!("tour: {} not saved: {error}", path.display());
                }
                flag.store(true, Ordering::Release);
                waker.request_repaint();
            });
        });
        saved
    }
}

/// What a teacher would click to begin `stage`.
fn begin(stage: Stage, wizard: &mut WizardState) {
    match stage {
        Stage::Welcome | Stage::Finished => {}
        Stage::Lab => wizard.ask(Action::StartLab(Track::HighAvailability)),
        Stage::Certificates => wizard.ask(Action::ProbeAll),
        Stage::Step(step) => {
            wizard.ask(Action::GoTo(Page::Step(step)));
            wizard.ask(Action::Apply(step));
        }
        Stage::Scan => {
            wizard.ask(Action::GoTo(Page::Step(StepId::Storage)));
            wizard.ask(Action::ScanExports);
        }
        Stage::PracticeIso => {
            wizard.ask(Action::GoTo(Page::Step(StepId::Iso)));
            wizard.ask(Action::PracticeIso);
        }
        Stage::Watch => {
            wizard.ask(Action::GoTo(Page::Failover));
            wizard.ask(Action::StartWatch);
        }
        Stage::PowerOff => {
            if let Some(home) = vm_home(wizard) {
                wizard.ask(Action::PressPower {
                    node: home,
                    on: false,
                });
            }
        }
    }
}

/// Whether what `stage` waits for is on the page; confirms fingerprints as they arrive.
fn done(stage: Stage, wizard: &mut WizardState) -> bool {
    match stage {
        Stage::Welcome => true,
        Stage::Lab => wizard.mode.is_some() && !wizard.nodes.is_empty(),
        Stage::Certificates => {
            for node in &mut wizard.nodes {
                // The teacher compares the two fingerprints shown, then confirms.
                if let Trust::Seen {
                    fingerprint,
                    confirmed,
                } = &mut node.trust
                    && node.lab_fingerprint == Some(*fingerprint)
                {
                    *confirmed = true;
                }
            }
            wizard
                .nodes
                .iter()
                .all(|n| n.trusted_fingerprint().is_some())
        }
        Stage::Step(step) => {
            wizard.running.is_none()
                && wizard.view(step).finished()
                && (step != StepId::Hostnames || !wizard.facts.is_empty())
                && (step != StepId::JoinNodes || wizard.cluster.is_some())
                && (step != StepId::Ha || !wizard.ha_status.is_empty())
        }
        Stage::Scan => wizard.running.is_none() && wizard.storage_form.exports.is_some(),
        Stage::PracticeIso => !wizard.picking && !wizard.iso_form.path.is_empty(),
        Stage::Watch => vm_home(wizard).is_some(),
        Stage::PowerOff => wizard.failover.recovered.is_some(),
        Stage::Finished => true,
    }
}

/// Why `stage` cannot go on, if it cannot.
fn failed(stage: Stage, wizard: &WizardState) -> Option<String> {
    if let Some(notice) = &wizard.notice {
        return Some(wizard.tr.tr(notice));
    }
    match stage {
        Stage::Step(step) if wizard.view(step).status == Status::Failed => {
            let error = wizard.view(step).error.as_ref();
            Some(error.map_or_else(|| format!("{step:?} failed"), |e| wizard.tr.tr(e)))
        }
        Stage::Certificates => wizard.nodes.iter().find_map(|n| match &n.trust {
            Trust::Failed(message) => Some(wizard.tr.tr(message)),
            _ => None,
        }),
        Stage::Scan => match &wizard.storage_form.exports {
            Some(Err(message)) => Some(wizard.tr.tr(message)),
            _ => None,
        },
        _ => None,
    }
}

/// The node the HA service runs on, as the failover page shows it.
fn vm_home(wizard: &WizardState) -> Option<String> {
    wizard
        .failover
        .services
        .values()
        .find(|(state, _)| state == "started")
        .map(|(_, node)| node.clone())
}

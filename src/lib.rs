//! pve-ha-wizard: from three freshly installed Proxmox VE nodes to a high-availability cluster.
//!
//! Layers, arrows one way: `course` (the steps) uses `api` (the Proxmox VE client); the faces (the
//! CLI, and the GUI in `ui`) use `course` and turn its data into words with `i18n` (its `words`). `lab`
//! (the practice lab, a simulator of the Proxmox VE API) stands apart and shares only plain
//! primitives such as [`fingerprint`]; `ha` is pve-ha-manager's CRM and LRMs, ported, with its
//! simulator on a virtual clock, which pve-ha-manager's own regression suite judges.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]
// Errors travel only on cold paths (a step that failed), and keeping `api::Error` inline lets
// callers match on it through `StepError` (`StepError::Api { source: api::Error::CertChanged … }`).
#![allow(clippy::result_large_err)]

pub mod api;
pub mod calendar;
pub mod cli;
pub mod course;
pub mod fingerprint;
pub mod ha;
pub mod i18n;
pub mod lab;
pub mod names;
pub mod practice;
pub mod secrets;
pub mod ui;

/// An error with its whole chain of causes, `outer: inner: root`, for people to read.
///
/// `to_string()` alone hides the root cause (e.g. "error sending request" without "connection refused").
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Some wrappers repeat their source's text; say it once.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

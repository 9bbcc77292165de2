//! pve-ha-wizard: from three freshly installed Proxmox VE nodes to a high-availability cluster.
//!
//! Layers, arrows one way: `course` (the steps) uses `api` (the Proxmox VE client). `lab` (the
//! practice lab, a simulator of the Proxmox VE API) stands apart and shares only plain primitives.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod fingerprint;
pub mod lab;

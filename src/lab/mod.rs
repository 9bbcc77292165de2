//! The practice lab: simulated Proxmox VE nodes over real HTTPS.

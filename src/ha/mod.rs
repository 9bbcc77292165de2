//! In-process port of Proxmox's HA manager (pve-ha-manager 5.2, AGPL-3.0-or-later,
//! Copyright Proxmox Server Solutions GmbH): the cluster resource manager (CRM), the local
//! resource manager (LRM) and the simulator its regression suite runs on.
//!
//! The HA logic reaches the world only through [`env::Env`], the counterpart of
//! `PVE::HA::Env`: no sockets, no threads, no wall clock. [`sim`] implements it over a
//! virtual clock the way `PVE::HA::Sim::TestHardware` does, so upstream's scenarios replay
//! second by second.
//!
//! Layout follows upstream: `crm` (CRM.pm), `lrm` + `lrm_exec` (LRM.pm), `manager`,
//! `manager_fsm`, `manager_started`, `manager_cmds`, `manager_disarm`, `manager_balance`
//! and `select` (Manager.pm), `node_status` (NodeStatus.pm), `tools` (Tools.pm), `groups`
//! (Groups.pm), `rules` + `rules_checks` (Rules.pm, Rules/*.pm), `usage`, `usage_static`
//! and `usage_topsis` (Usage*.pm and the proxmox-resource-scheduling crate), `sim`
//! (Sim/*.pm).

pub mod crm;
pub mod env;
pub mod groups;
pub mod lrm;
pub mod lrm_exec;
pub mod manager;
pub mod manager_balance;
pub mod manager_cmds;
pub mod manager_disarm;
pub mod manager_fsm;
pub mod manager_started;
pub mod node_status;
pub mod rules;
pub mod rules_checks;
pub mod select;
pub mod sim;
pub mod tools;
pub mod types;
pub mod usage;
pub mod usage_static;
pub mod usage_topsis;

pub use env::Env;
pub use types::*;

//! Data shared between CRM, LRM and the environment: the manager status (`$ms`), the
//! per-service status (`$sd`), the LRM status and the service configuration (`$cd`), as
//! kept in pmxcfs by upstream (`manager_status`, `lrm_status`, `resources.cfg`).

use std::collections::BTreeMap;

/// Resource agent exit codes, `PVE::HA::Tools ':exit_codes'`.
pub mod exit {
    pub const SUCCESS: i64 = 0;
    pub const ERROR: i64 = 1;
    pub const ETRY_AGAIN: i64 = 2;
    pub const EWRONG_NODE: i64 = 3;
    pub const EUNKNOWN_SERVICE_TYPE: i64 = 4;
    pub const EUNKNOWN_COMMAND: i64 = 5;
    pub const EINVALID_PARAMETER: i64 = 6;
    pub const EUNKNOWN_SERVICE: i64 = 7;
    pub const IGNORED: i64 = 8;
}

/// One service's entry in the manager status (`$sd`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceData {
    pub state: String,
    pub node: String,
    pub target: Option<String>,
    pub timeout: Option<i64>,
    pub uid: Option<String>,
    pub failed_nodes: Option<Vec<String>>,
    pub maintenance_node: Option<String>,
    /// Queued CRM command, e.g. `["migrate", "node2"]` or `["stop", "0"]`.
    pub cmd: Option<Vec<String>>,
    pub running: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeRequest {
    pub maintenance: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Disarm {
    /// `freeze` or `ignore`.
    pub mode: String,
    /// `disarming` or `disarmed`.
    pub state: String,
}

/// The cluster-wide manager status written by the active CRM.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ManagerStatus {
    pub master_node: Option<String>,
    pub node_status: BTreeMap<String, String>,
    pub service_status: BTreeMap<String, ServiceData>,
    pub node_request: Option<BTreeMap<String, NodeRequest>>,
    pub disarm: Option<Disarm>,
    pub timestamp: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LrmResult {
    pub sid: String,
    pub state: String,
    pub exit_code: i64,
}

/// What each LRM publishes about itself (`lrm_status_<node>`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LrmStatus {
    pub state: Option<String>,
    pub mode: Option<String>,
    pub results: BTreeMap<String, LrmResult>,
    pub timestamp: i64,
}

/// One resource's configuration (`$cd`), defaults already applied.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceConf {
    pub node: String,
    /// `started`, `stopped`, `disabled` or `ignored`.
    pub state: String,
    /// `vm`, `ct` or `fa` (the simulator's failing resource).
    pub kind: String,
    pub group: Option<String>,
    pub failback: bool,
    pub max_restart: i64,
    pub max_relocate: i64,
    pub lock: Option<String>,
}

pub type ServiceConfig = BTreeMap<String, ServiceConf>;

/// A change for `update_service_config`: set `state`/`failback`, delete `group`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceConfChange {
    pub state: Option<String>,
    pub failback: Option<bool>,
    pub delete_group: bool,
}

/// Per-resource usage as reported to the scheduler (`get_*_service_stats`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceStats {
    pub node: String,
    pub state: String,
    pub running: bool,
    pub maxcpu: Option<f64>,
    pub maxmem: Option<f64>,
    pub cpu: Option<f64>,
    pub mem: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeStats {
    pub maxcpu: Option<f64>,
    pub maxmem: Option<f64>,
    pub cpu: f64,
    pub mem: f64,
}

/// `datacenter.cfg`'s `ha` and `crs` properties that the HA stack reads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DatacenterSettings {
    pub shutdown_policy: Option<String>,
    pub crs_ha: Option<String>,
    pub rebalance_on_start: bool,
    pub auto_rebalance: bool,
    pub auto_rebalance_threshold: Option<f64>,
    pub auto_rebalance_method: Option<String>,
    pub auto_rebalance_hold_duration: Option<i64>,
    pub auto_rebalance_margin: Option<f64>,
}

/// A node as seen by the cluster stack: member of the quorate partition or not.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeInfo {
    pub online: bool,
}

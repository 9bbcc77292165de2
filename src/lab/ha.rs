//! The lab's HA manager is the port of pve-ha-manager (`crate::ha`): every cluster member runs
//! its own CRM and LRM over [`super::ha_env::LabEnv`], on the lab's clock. The cluster's
//! `/etc/pve/ha` (resources, rules/groups, manager_status, lrm_status, crm_commands, locks) and
//! each node's watchdog are a [`HaState`].
//!
//! The cadence is the one of upstream's simulator (`PVE::HA::Sim::TestHardware::run`): a round
//! of 20 s of lab time runs each node's CRM, then its LRM, and checks all watchdogs after each
//! node; a watchdog not updated for 60 s resets its node (`ha_lrm::watchdog_reset`). A node shut
//! down cleanly goes down once its LRM and then its CRM have exited, as in the simulator.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::ha::crm::Crm;
use crate::ha::lrm::Lrm;
use crate::ha::sim::hardware::{Watchdog, watchdog_check};
use crate::ha::types::{LrmStatus, ManagerStatus};

use super::ha_env::LabEnv;
use super::state::{Shared, World};

/// Lab seconds of one round of all daemons (`TestHardware::run`: at least 20 s).
const ROUND: f64 = 20.0;
/// pmxcfs lock lifetime (`PVE::Cluster::cfs_lock`, `$retry_timeout` in `PVE2::get_pve_lock`).
pub(crate) const LOCK_LIFETIME: i64 = 120;
/// Log lines kept (the lab's journal of the HA daemons).
const LOG_LINES: usize = 400;

/// `/etc/pve/ha/` of one cluster, and the HA daemons of its members.
#[derive(Default)]
pub(crate) struct HaState {
    /// `resources.cfg`.
    pub resources: Vec<HaResource>,
    /// `groups.cfg` (PVE 8).
    pub groups: Vec<super::ha_config::HaGroup>,
    /// `rules.cfg` (PVE 9).
    pub rules: Vec<super::ha_config::HaRule>,
    /// `manager_status`, written by the master.
    pub manager_status: ManagerStatus,
    /// `lrm_status` of each node, written by its LRM.
    pub lrm_status: BTreeMap<String, LrmStatus>,
    /// `crm_commands`, one a line, taken by the master.
    pub crm_commands: String,
    /// pmxcfs locks: name → (holder, last renewal).
    pub locks: BTreeMap<String, (String, i64)>,
    /// Open watchdog handles.
    pub watchdogs: BTreeMap<String, Watchdog>,
    pub wd_counter: u64,
    /// Each member's daemons.
    pub daemons: BTreeMap<String, Daemons>,
    /// Every change of a service's state or node, with its time: what `watch` shows.
    pub history: Vec<Change>,
    /// The daemons' log.
    pub journal: VecDeque<String>,
}

/// One HA resource of `resources.cfg`.
#[derive(Clone, Debug)]
pub(crate) struct HaResource {
    pub sid: String,
    pub vmid: u32,
    /// The requested state: `started`, `stopped`, `disabled`, `ignored`.
    pub state: String,
    pub max_restart: u32,
    pub max_relocate: u32,
    pub comment: Option<String>,
    /// Its HA group (PVE 8 only).
    pub group: Option<String>,
    /// Back to its node-affinity rule's best node when that comes online (PVE 9; default on).
    pub failback: bool,
}

/// A service's state or node change.
#[derive(Clone, Debug)]
pub(crate) struct Change {
    pub time: u64,
    pub sid: String,
    pub state: String,
    pub node: String,
}

/// A node's `pve-ha-crm` and `pve-ha-lrm`, while it is up.
#[derive(Default)]
pub(crate) struct Daemons {
    pub crm: Option<Crm>,
    pub lrm: Option<Lrm>,
    /// The daemons were started since the node booted.
    pub started: bool,
    /// The node's shutdown request was handed to its LRM.
    pub shutdown_sent: bool,
    /// LRM.pm's `$wrote_lrm_status_at_startup`: one per node.
    pub wrote_status: Arc<AtomicBool>,
}

impl HaState {
    pub(crate) fn log(&mut self, line: String) {
        if self.journal.len() >= LOG_LINES {
            self.journal.pop_front();
        }
        self.journal.push_back(line);
    }

    /// Appends a line to `crm_commands` (`PVE::HA::Config::queue_crm_commands`).
    pub(crate) fn queue(&mut self, cmd: &str) {
        self.crm_commands.push_str(cmd.trim_end());
        self.crm_commands.push('\n');
    }

    /// Records a service's new state or node, unless it is its last one.
    pub(crate) fn changed(&mut self, time: u64, sid: &str, state: &str, node: &str) {
        let last = self.history.iter().rev().find(|c| c.sid == sid);
        if last.is_some_and(|c| c.state == state && c.node == node) {
            return;
        }
        self.history.push(Change {
            time,
            sid: sid.to_owned(),
            state: state.to_owned(),
            node: node.to_owned(),
        });
    }

    /// After the master's round: node changes made without a state change (a configuration
    /// moved by hand, say).
    fn record(&mut self, now: u64) {
        let current: Vec<(String, String, String)> = self
            .manager_status
            .service_status
            .iter()
            .map(|(sid, sd)| (sid.clone(), sd.state.clone(), sd.node.clone()))
            .collect();
        for (sid, state, node) in current {
            self.changed(now, &sid, &state, &node);
        }
    }
}

/// Runs the HA daemons until the lab stops. A host that stalls (a busy test machine) does not
/// age locks and watchdogs: the lab's clock is held back to one round per round.
pub(crate) async fn run(shared: Arc<Shared>) {
    let mut last = Instant::now();
    loop {
        let pause = shared.world().real_duration(ROUND);
        tokio::select! {
            () = shared.cancel.cancelled() => return,
            () = tokio::time::sleep(pause) => {}
        }
        let mut world = shared.world();
        let late = last.elapsed().saturating_sub(pause * 2);
        if !late.is_zero() {
            world.hold_clock(late);
        }
        last = Instant::now();
        round(&mut world);
    }
}

/// One round of every cluster's daemons, node by node.
pub(crate) fn round(world: &mut World) {
    super::ha_lrm::power_cycles(world);
    for config in 0..world.configs.len() {
        let Some(mut members): Option<Vec<(usize, String)>> = world
            .configs
            .get(config)
            .and_then(|c| c.cluster.as_ref())
            .map(|c| c.members.iter().map(|m| (m.node, m.name.clone())).collect())
        else {
            continue;
        };
        members.sort_by(|a, b| a.1.cmp(&b.1));
        let Some(slot) = world.configs.get_mut(config) else {
            continue;
        };
        let mut ha = std::mem::take(&mut slot.ha);
        for (index, name) in &members {
            node_round(world, &mut ha, *index, name);
            let now = i64::try_from(world.now()).unwrap_or(i64::MAX);
            for (other, other_name) in &members {
                if !watchdog_check(&mut ha.watchdogs, other_name, now) {
                    ha.log(format!(
                        "{now} {other_name}/watchdog: server reset (watchdog)"
                    ));
                    super::ha_lrm::watchdog_reset(world, &mut ha, *other);
                }
            }
        }
        if let Some(slot) = world.configs.get_mut(config) {
            slot.ha = ha;
        }
    }
}

/// The node's CRM, then its LRM (`TestHardware::run`), and what their exits mean.
fn node_round(world: &mut World, ha: &mut HaState, index: usize, name: &str) {
    let Some(node) = world.node(index) else {
        return;
    };
    let (online, shutdown) = (node.online, node.shutdown_request);
    let mut daemons = ha.daemons.remove(name).unwrap_or_default();
    if !online {
        ha.daemons.insert(name.to_owned(), Daemons::default());
        return;
    }
    let mut env = LabEnv {
        world,
        ha,
        node: index,
        name: name.to_owned(),
        daemon: "crm",
    };
    if !daemons.started {
        daemons.started = true;
        daemons.crm = Crm::new(&mut env).ok();
        env.daemon = "lrm";
        daemons.lrm = Some(Lrm::new(&mut env, Arc::clone(&daemons.wrote_status)));
    }
    if shutdown.is_some() && !daemons.shutdown_sent {
        daemons.shutdown_sent = true;
        env.daemon = "lrm";
        match daemons.lrm.as_mut() {
            Some(lrm) => lrm.shutdown_request(&mut env),
            None => stop_crm(&mut daemons, &mut env),
        }
    }
    env.daemon = "crm";
    if let Some(crm) = daemons.crm.as_mut() {
        let result = crm.do_one_iteration(&mut env);
        let now = env.world.now();
        env.ha.record(now);
        if !iteration_ok(&mut env, result) {
            daemons.crm = None;
        }
    }
    env.daemon = "lrm";
    let lrm_result = daemons
        .lrm
        .as_mut()
        .map(|lrm| lrm.do_one_iteration(&mut env));
    if let Some(result) = lrm_result
        && !iteration_ok(&mut env, result)
    {
        daemons.lrm = None;
        // The LRM exits before the CRM, as on real nodes.
        stop_crm(&mut daemons, &mut env);
    }
    let down = shutdown.is_some() && daemons.crm.is_none() && daemons.lrm.is_none();
    ha.daemons.insert(name.to_owned(), daemons);
    if down {
        super::ha_lrm::power_down(world, ha, index);
    }
}

fn stop_crm(daemons: &mut Daemons, env: &mut LabEnv<'_>) {
    env.daemon = "crm";
    if let Some(crm) = daemons.crm.as_mut() {
        crm.shutdown_request(env);
    }
}

/// Whether the daemon goes on: `Ok(false)` means it exited; an error is logged and the
/// daemon goes on (systemd would restart it).
fn iteration_ok(env: &mut LabEnv<'_>, result: Result<bool, String>) -> bool {
    use crate::ha::env::Env as _;
    match result {
        Ok(go_on) => {
            if !go_on {
                env.log("info", "exit (loop end)");
            }
            go_on
        }
        Err(error) => {
            env.log("err", &format!("got unexpected error - {error}"));
            true
        }
    }
}

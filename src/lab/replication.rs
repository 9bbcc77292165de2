//! Storage replication as pve-guest-common and pve-manager run it: jobs in the cluster's
//! `/etc/pve/replication.cfg` (`/cluster/replication`), run by each node's scheduler every
//! minute for the guests it holds, on the lab's clock, and their state per node
//! (`/nodes/{node}/replication/{id}/status`); the scheduler is in `replication_run.rs`.
//!
//! Only volumes of storages with the `replicate` feature (ZFS) can be replicated; volumes on
//! shared storage need no copy and are skipped, so a VM with its disk on the NAS has "No
//! replicatable volumes found". A failed run is tried again after 5, 10, 15, then every 30
//! minutes, as `ReplicationState::job_status` schedules it.

use serde_json::{Map, Value, json};

use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::nodes::timezone_offset;
use super::state::World;
use crate::calendar::CalendarEvent;

/// The schedule of a job that names none.
const DEFAULT_SCHEDULE: &str = "*/15";

/// One job of `replication.cfg`, with its state (`/var/lib/pve-manager/pve-replication-state.json`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Job {
    pub id: String,
    pub guest: u32,
    pub jobnum: u32,
    pub target: String,
    pub source: Option<String>,
    pub schedule: Option<String>,
    pub rate: Option<String>,
    pub comment: Option<String>,
    pub disable: bool,
    /// `local` or `full` once deleted: the scheduler removes the job in its next run.
    pub remove_job: Option<&'static str>,
    pub last_sync: u64,
    pub last_try: u64,
    pub fail_count: u64,
    pub error: Option<String>,
    pub duration: Option<f64>,
    /// The log of the last run.
    pub log: Vec<String>,
}

impl Job {
    /// When the job is due next (`job_status`): after a failure, 5 × failures minutes (up to
    /// three) or 30 minutes after the last try; else the schedule's next event after it.
    pub(crate) fn next_sync(&self, target_online: bool) -> u64 {
        if self.remove_job.is_some() {
            return 1;
        }
        if self.fail_count > 0 {
            if !target_online {
                return 0;
            }
            let minutes = if self.fail_count <= 3 {
                5 * self.fail_count
            } else {
                30
            };
            return self.last_try + 60 * minutes;
        }
        let schedule = self.schedule.as_deref().unwrap_or(DEFAULT_SCHEDULE);
        schedule
            .parse::<CalendarEvent>()
            .ok()
            .and_then(|event| event.next_after(self.last_try + timezone_offset(self.last_try)))
            .map_or(0, |local| {
                local.saturating_sub(timezone_offset(self.last_try))
            })
    }

    /// The job as `/cluster/replication` lists it.
    fn config_entry(&self) -> Map<String, Value> {
        let mut entry = Map::new();
        entry.insert("id".into(), json!(self.id));
        entry.insert("type".into(), json!("local"));
        entry.insert("guest".into(), json!(self.guest));
        entry.insert("jobnum".into(), json!(self.jobnum));
        entry.insert("target".into(), json!(self.target));
        let optional = [
            ("source", self.source.clone()),
            ("schedule", self.schedule.clone()),
            ("rate", self.rate.clone()),
            ("comment", self.comment.clone()),
            ("remove_job", self.remove_job.map(str::to_owned)),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                entry.insert(key.into(), json!(value));
            }
        }
        if self.disable {
            entry.insert("disable".into(), json!(1));
        }
        entry
    }
}

/// `replication.cfg` of a cluster.
#[derive(Debug, Default)]
pub(crate) struct ReplicationConfig {
    pub jobs: Vec<Job>,
}

/// The node holding `vmid`, among those `via` knows.
pub(crate) fn guest_node(world: &World, via: usize, vmid: u32) -> Option<usize> {
    world
        .guests(via)
        .into_iter()
        .find(|(_, g)| g.vmid == vmid)
        .map(|(node, _)| node)
}

/// The volumes of a guest that replication copies (`get_replicatable_volumes`): its disks
/// (not CD drives) on storage that is not shared; each must have the `replicate` feature.
pub(crate) fn replicatable_volumes(
    world: &World,
    node: usize,
    vmid: u32,
) -> Result<Vec<String>, String> {
    let Some(guest) = world
        .node(node)
        .and_then(|n| n.guests.iter().find(|g| g.vmid == vmid))
    else {
        return Err(format!("no such guest '{vmid}'"));
    };
    let storages = world
        .config_of(node)
        .map(|c| c.storages.clone())
        .unwrap_or_default();
    let mut volumes = Vec::new();
    for (key, value) in &guest.config {
        if !super::qemu::is_disk_key(key) || value.contains("media=cdrom") {
            continue;
        }
        let volid = value.split(',').next().unwrap_or_default();
        let Some((storage_id, _)) = volid.split_once(':') else {
            continue;
        };
        let Some(storage) = storages.iter().find(|s| s.id == storage_id) else {
            continue;
        };
        if storage.shared() {
            continue;
        }
        if !storage.replicates() {
            return Err(format!("missing replicate feature on volume '{volid}'"));
        }
        volumes.push(volid.to_owned());
    }
    volumes.sort();
    Ok(volumes)
}

pub(crate) fn config_mut(
    world: &mut World,
    via: usize,
) -> Result<&mut ReplicationConfig, ApiError> {
    world
        .config_of_mut(via)
        .map(|c| &mut c.replication)
        .ok_or_else(|| ApiError::failed("node not found"))
}

fn jobs(world: &World, via: usize) -> Vec<Job> {
    world
        .config_of(via)
        .map(|c| c.replication.jobs.clone())
        .unwrap_or_default()
}

/// `GET /cluster/replication`.
pub(crate) fn list(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let mut jobs = jobs(&world, call.via);
    jobs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Answer::data(Value::Array(
        jobs.iter()
            .map(|j| Value::Object(j.config_entry()))
            .collect(),
    )))
}

/// `GET /cluster/replication/{id}`.
pub(crate) fn read(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let id = call.param("id").unwrap_or_default();
    jobs(&world, call.via)
        .iter()
        .find(|j| j.id == id)
        .map(|j| {
            let mut entry = j.config_entry();
            entry.insert("digest".into(), json!(format!("{:040x}", j.guest)));
            Answer::data(Value::Object(entry))
        })
        .ok_or_else(|| ApiError::failed(format!("no such replication job '{id}'")))
}

/// `POST /cluster/replication`, in pve-manager's order of checks.
pub(crate) fn create(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let id = call.param("id").unwrap_or_default().to_owned();
    let target = call.param("target").unwrap_or_default().to_owned();
    let Some((guest, jobnum)) = id
        .split_once('-')
        .and_then(|(g, n)| Some((g.parse::<u32>().ok()?, n.parse::<u32>().ok()?)))
    else {
        return Err(ApiError::failed(format!(
            "invalid replication job id '{id}'"
        )));
    };
    let Some(node) = guest_node(&world, call.via, guest) else {
        return Err(ApiError::failed(format!("Guest '{guest}' does not exist.")));
    };
    let members: Vec<String> = world
        .known_nodes(call.via)
        .into_iter()
        .filter_map(|i| world.node(i).map(|n| n.name.clone()))
        .collect();
    if !members.contains(&target) {
        return Err(ApiError::failed(format!(
            "Target '{target}' does not exist."
        )));
    }
    let source = world.node(node).map(|n| n.name.clone()).unwrap_or_default();
    if let Some(asked) = call.param("source")
        && asked != source
    {
        return Err(ApiError::failed(format!(
            "Source '{asked}' does not match current node of guest '{guest}' ({source})"
        )));
    }
    if target == source {
        return Err(ApiError::failed("Source and target must not be identical"));
    }
    let volumes = replicatable_volumes(&world, node, guest).map_err(ApiError::failed)?;
    if volumes.is_empty() {
        return Err(ApiError::failed("No replicatable volumes found"));
    }
    super::quorum::check(&world, call)?;
    let config = config_mut(&mut world, call.via)?;
    if config.jobs.iter().any(|j| j.id == id) {
        return Err(ApiError::failed(format!(
            "replication job '{id}' already exists"
        )));
    }
    if config
        .jobs
        .iter()
        .any(|j| j.guest == guest && j.target == target)
    {
        return Err(ApiError::failed(format!(
            "replication job for guest '{guest}' to target '{target}' already exists"
        )));
    }
    config.jobs.push(Job {
        id,
        guest,
        jobnum,
        target,
        source: Some(source),
        schedule: call.param("schedule").map(str::to_owned),
        rate: call.param("rate").map(str::to_owned),
        comment: call.param("comment").map(str::to_owned),
        disable: call.flag("disable").unwrap_or(false),
        ..Job::default()
    });
    Ok(Answer::data(Value::Null))
}

/// `PUT /cluster/replication/{id}`: schedule, rate, comment, disable.
pub(crate) fn update(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let id = call.param("id").unwrap_or_default().to_owned();
    let config = config_mut(&mut world, call.via)?;
    let Some(job) = config.jobs.iter_mut().find(|j| j.id == id) else {
        return Err(ApiError::failed(format!("no such job '{id}'")));
    };
    if let Some(schedule) = call.param("schedule") {
        job.schedule = Some(schedule.to_owned());
    }
    if let Some(rate) = call.param("rate") {
        job.rate = Some(rate.to_owned());
    }
    if let Some(comment) = call.param("comment") {
        job.comment = Some(comment.to_owned());
    }
    if let Some(disable) = call.flag("disable") {
        job.disable = disable;
    }
    for option in call
        .param("delete")
        .unwrap_or_default()
        .split([',', ';', ' '])
    {
        match option {
            "schedule" => job.schedule = None,
            "rate" => job.rate = None,
            "comment" => job.comment = None,
            "disable" => job.disable = false,
            "" => {}
            other => return Err(ApiError::failed(format!("no such option '{other}'"))),
        }
    }
    Ok(Answer::data(Value::Null))
}

/// `DELETE /cluster/replication/{id}`: marks the job for removal, which its source node's
/// scheduler does in its next run (`force` removes it from the configuration at once).
pub(crate) fn delete(call: &Call<'_>) -> Result<Answer, ApiError> {
    let mut world = call.shared.world();
    let id = call.param("id").unwrap_or_default().to_owned();
    let force = call.flag("force").unwrap_or(false);
    if force && call.flag("keep").unwrap_or(false) {
        let mut errors = std::collections::BTreeMap::new();
        errors.insert(
            "keep".to_owned(),
            "conflicts with parameter 'force'".to_owned(),
        );
        return Err(ApiError::parameters(errors));
    }
    let keep = call.flag("keep").unwrap_or(false);
    let config = config_mut(&mut world, call.via)?;
    if force {
        config.jobs.retain(|j| j.id != id);
        return Ok(Answer::data(Value::Null));
    }
    let Some(job) = config.jobs.iter_mut().find(|j| j.id == id) else {
        return Err(ApiError::failed(format!("no such job '{id}'")));
    };
    job.remove_job = Some(if keep { "local" } else { "full" });
    Ok(Answer::data(Value::Null))
}

/// A job as `/nodes/{node}/replication` reports it on its source node: its configuration and
/// state, and when it runs next.
fn status_entry(world: &World, node: usize, job: &Job) -> Value {
    let target_online = world
        .known_nodes(node)
        .into_iter()
        .any(|i| world.node(i).is_some_and(|n| n.name == job.target) && world.sees(node, i));
    let mut entry = job.config_entry();
    entry.insert("vmtype".into(), json!("qemu"));
    entry.insert("next_sync".into(), json!(job.next_sync(target_online)));
    entry.insert("last_sync".into(), json!(job.last_sync));
    entry.insert("last_try".into(), json!(job.last_try));
    entry.insert("fail_count".into(), json!(job.fail_count));
    if let Some(duration) = job.duration {
        entry.insert("duration".into(), json!(duration));
    }
    if let Some(error) = &job.error {
        entry.insert("error".into(), json!(error));
    }
    Value::Object(entry)
}

/// The jobs whose guest is on `node` (the only ones its scheduler runs and reports).
pub(crate) fn local_jobs(world: &World, node: usize) -> Vec<Job> {
    jobs(world, node)
        .into_iter()
        .filter(|j| guest_node(world, node, j.guest) == Some(node))
        .collect()
}

/// `GET /nodes/{node}/replication[?guest=]`.
pub(crate) fn node_status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let guest: Option<u32> = call.param("guest").and_then(|g| g.parse().ok());
    let mut jobs = local_jobs(&world, call.node);
    jobs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Answer::data(Value::Array(
        jobs.iter()
            .filter(|j| guest.is_none_or(|g| g == j.guest))
            .map(|j| status_entry(&world, call.node, j))
            .collect(),
    )))
}

/// `GET /nodes/{node}/replication/{id}/status`.
pub(crate) fn job_status(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let id = call.param("id").unwrap_or_default();
    local_jobs(&world, call.node)
        .iter()
        .find(|j| j.id == id)
        .map(|j| Answer::data(status_entry(&world, call.node, j)))
        .ok_or_else(|| ApiError::failed(format!("no such replication job '{id}'")))
}

/// `GET /nodes/{node}/replication/{id}/log`: the last run's log, `{n, t}` per line.
pub(crate) fn job_log(call: &Call<'_>) -> Result<Answer, ApiError> {
    let world = call.shared.world();
    let id = call.param("id").unwrap_or_default();
    let job = jobs(&world, call.via)
        .into_iter()
        .find(|j| j.id == id)
        .ok_or_else(|| ApiError::failed(format!("no such replication job '{id}'")))?;
    Ok(Answer::data(Value::Array(
        job.log
            .iter()
            .enumerate()
            .map(|(n, t)| json!({ "n": n + 1, "t": t }))
            .collect(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_job_is_tried_again_later_and_later() {
        let mut job = Job {
            schedule: Some("*/30".to_owned()),
            last_try: 1_795_601_220,
            ..Job::default()
        };
        // 10:07 local → 10:30 local.
        assert_eq!(job.next_sync(true), 1_795_601_220 + 23 * 60);
        for (failures, minutes) in [(1, 5), (2, 10), (3, 15), (4, 30), (9, 30)] {
            job.fail_count = failures;
            assert_eq!(job.next_sync(true), job.last_try + minutes * 60);
        }
        assert_eq!(
            job.next_sync(false),
            0,
            "a target that is back is tried at once"
        );
        job.remove_job = Some("full");
        assert_eq!(job.next_sync(true), 1, "removal comes first");
    }
}

//! Storage replication as pve-guest-common and pve-manager run it: jobs in the cluster's
//! `/etc/pve/replication.cfg` (`/cluster/replication`), run by each node's scheduler every
//! minute for the guests it holds, on the lab's clock, and their state per node
//! (`/nodes/{node}/replication/{id}/status`).
//!
//! Only volumes of storages with the `replicate` feature (ZFS) can be replicated; volumes on
//! shared storage need no copy and are skipped, so a VM with its disk on the NAS has "No
//! replicatable volumes found". A failed run is tried again after 5, 10, 15, then every 30
//! minutes, as `ReplicationState::job_status` schedules it.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::dispatch::Call;
use super::http::{Answer, ApiError};
use super::nodes::TIMEZONE_OFFSET;
use super::state::{Shared, Volume, World};
use crate::calendar::CalendarEvent;

/// How often pvescheduler looks for jobs due (seconds of the lab's clock).
const TICK: f64 = 60.0;
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
    fn next_sync(&self, target_online: bool) -> u64 {
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
            .and_then(|event| event.next_after(self.last_try + TIMEZONE_OFFSET))
            .map_or(0, |local| local.saturating_sub(TIMEZONE_OFFSET))
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
fn guest_node(world: &World, via: usize, vmid: u32) -> Option<usize> {
    world
        .guests(via)
        .into_iter()
        .find(|(_, g)| g.vmid == vmid)
        .map(|(node, _)| node)
}

/// The volumes of a guest that replication copies (`get_replicatable_volumes`): its disks
/// (not CD drives) on storage that is not shared; each must have the `replicate` feature.
fn replicatable_volumes(world: &World, node: usize, vmid: u32) -> Result<Vec<String>, String> {
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

fn config_mut(world: &mut World, via: usize) -> Result<&mut ReplicationConfig, ApiError> {
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
    if !world.is_quorate(call.via) {
        return Err(ApiError::failed("cluster not ready - no quorum?"));
    }
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
fn local_jobs(world: &World, node: usize) -> Vec<Job> {
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

/// Runs every node's scheduler once a minute until the lab stops.
pub(crate) async fn run(shared: Arc<Shared>) {
    loop {
        let pause = shared.world().real_duration(TICK);
        tokio::select! {
            () = shared.cancel.cancelled() => return,
            () = tokio::time::sleep(pause) => {}
        }
        let mut world = shared.world();
        for node in 0..world.nodes.len() {
            run_jobs(&mut world, node);
        }
    }
}

/// `pvesr run` on `node`: each job of a guest it holds that is due, once.
fn run_jobs(world: &mut World, node: usize) {
    let online = world.node(node).is_some_and(|n| n.online);
    // pvesr takes the cluster-wide lock on replication.cfg: it needs quorum.
    if !online || !world.is_quorate(node) {
        return;
    }
    let now = world.node_now(node);
    for job in local_jobs(world, node) {
        let target = world
            .known_nodes(node)
            .into_iter()
            .find(|i| world.node(*i).is_some_and(|n| n.name == job.target));
        let target_online = target.is_some_and(|t| world.sees(node, t));
        if job.disable && job.remove_job.is_none() {
            continue;
        }
        if job.next_sync(target_online) > now {
            continue;
        }
        if job.remove_job.is_some() {
            if let Ok(config) = config_mut(world, node) {
                config.jobs.retain(|j| j.id != job.id);
            }
            continue;
        }
        let result = match target {
            Some(target) if target_online => replicate(world, node, target, &job, now),
            _ => Err(format!(
                "command '/usr/bin/ssh -e none -o 'BatchMode=yes' -o 'HostKeyAlias={0}' root@{0} -- pvesr prepare-local-job {1}' failed: exit code 255",
                job.target, job.id
            )),
        };
        let Ok(config) = config_mut(world, node) else {
            return;
        };
        let Some(state) = config.jobs.iter_mut().find(|j| j.id == job.id) else {
            continue;
        };
        state.last_try = now;
        match result {
            Ok((log, duration)) => {
                state.last_sync = now;
                state.fail_count = 0;
                state.error = None;
                state.duration = Some(duration);
                state.log = log;
            }
            Err(error) => {
                state.fail_count += 1;
                state.log = vec![
                    format!("{} {}: start replication job", log_time(now), job.id),
                    format!(
                        "{} {}: end replication job with error: {error}",
                        log_time(now),
                        job.id
                    ),
                ];
                state.error = Some(error);
            }
        }
    }
}

/// One run: a snapshot of each volume sent to the same storage on the target, in full the
/// first time and incrementally after. Returns the log and how long it took.
fn replicate(
    world: &mut World,
    node: usize,
    target: usize,
    job: &Job,
    now: u64,
) -> Result<(Vec<String>, f64), String> {
    let volumes = replicatable_volumes(world, node, job.guest)?;
    let running = world
        .node(node)
        .and_then(|n| n.guests.iter().find(|g| g.vmid == job.guest))
        .is_some_and(|g| g.running);
    let snapshot = format!("__replicate_{}_{}__", job.id, now);
    let at = |line: String| format!("{} {}: {line}", log_time(now), job.id);
    let mut log = vec![
        at("start replication job".to_owned()),
        at(format!(
            "guest => VM {}, running => {}",
            job.guest,
            u8::from(running)
        )),
        at(format!("volumes => {}", volumes.join(","))),
    ];
    if running {
        log.push(at("freeze guest filesystem".to_owned()));
    }
    for volid in &volumes {
        log.push(at(format!("create snapshot '{snapshot}' on {volid}")));
    }
    if running {
        log.push(at("thaw guest filesystem".to_owned()));
    }
    log.push(at(format!(
        "using secure transmission, rate limit: {}",
        job.rate
            .as_deref()
            .map_or("none".to_owned(), |r| format!("{r} MByte/s"))
    )));
    let mut duration = 1.2;
    for volid in &volumes {
        if job.last_sync == 0 {
            log.push(at(format!("full sync '{volid}' ({snapshot})")));
            duration += 2.5;
        } else {
            let base = format!("__replicate_{}_{}__", job.id, job.last_sync);
            log.push(at(format!(
                "incremental sync '{volid}' ({base} => {snapshot})"
            )));
            duration += 0.4;
        }
        copy_volume(world, node, target, volid);
    }
    log.push(at("end replication job".to_owned()));
    Ok((log, duration))
}

/// The volume now exists on the target too, in the storage of the same ID.
fn copy_volume(world: &mut World, node: usize, target: usize, volid: &str) {
    let Some((storage_id, name)) = volid.split_once(':') else {
        return;
    };
    let Some(storage) = world
        .config_of(node)
        .and_then(|c| c.storages.iter().find(|s| s.id == storage_id))
        .cloned()
    else {
        return;
    };
    let (Some(from), Some(to)) = (
        world.location(node, &storage),
        world.location(target, &storage),
    ) else {
        return;
    };
    let Some(volume) = world.volumes.get(&from).and_then(|v| v.get(name)).cloned() else {
        return;
    };
    let file = world.volume_file(&to, name);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).ok();
    }
    // A sparse copy: the lab's disks hold no data.
    if let Ok(copy) = std::fs::File::create(&file) {
        copy.set_len(volume.size).ok();
    }
    world.volumes.entry(to).or_default().insert(
        name.to_owned(),
        Volume {
            size: volume.size,
            ctime: volume.ctime,
            file,
        },
    );
}

/// `2026-11-25 10:30:01`, the node's local time, as the replication log writes it.
fn log_time(epoch: u64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::from_unix_timestamp(
        i64::try_from(epoch + TIMEZONE_OFFSET).unwrap_or_default(),
    )
    .ok()
    .and_then(|t| t.format(&format).ok())
    .unwrap_or_default()
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

//! The nodes' replication scheduler (`pvescheduler` running `pvesr run`): every minute of the
//! lab's clock, each node runs the jobs of the guests it holds that are due, copies their ZFS
//! volumes to the target, and records how it went.

use std::sync::Arc;

use super::nodes::timezone_offset;
use super::replication::{Job, config_mut, local_jobs, replicatable_volumes};
use super::state::{Shared, Volume, World};

/// How often pvescheduler looks for jobs due (seconds of the lab's clock).
const TICK: f64 = 60.0;

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
        if let Some(mode) = job.remove_job {
            // `full` also removes the copies on the target (when it can be reached).
            if mode == "full"
                && let Some(target) = target.filter(|_| target_online)
            {
                let volumes = replicatable_volumes(world, node, job.guest).unwrap_or_default();
                for volid in volumes {
                    remove_copy(world, target, &volid);
                }
            }
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

/// The target's copy of a volume is gone.
fn remove_copy(world: &mut World, target: usize, volid: &str) {
    let Some((storage_id, name)) = volid.split_once(':') else {
        return;
    };
    let Some(location) = world
        .config_of(target)
        .and_then(|c| c.storages.iter().find(|s| s.id == storage_id))
        .cloned()
        .and_then(|storage| world.location(target, &storage))
    else {
        return;
    };
    if let Some(volume) = world
        .volumes
        .get_mut(&location)
        .and_then(|v| v.remove(name))
    {
        std::fs::remove_file(volume.file).ok();
    }
}

/// `2026-11-25 10:30:01`, the node's local time, as the replication log writes it.
fn log_time(epoch: u64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::from_unix_timestamp(
        i64::try_from(epoch + timezone_offset(epoch)).unwrap_or_default(),
    )
    .ok()
    .and_then(|t| t.format(&format).ok())
    .unwrap_or_default()
}

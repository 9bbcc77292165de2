//! Step 8: watching the cluster — which nodes are up, where each HA service runs, every change
//! with its time, and after a failover how long the service was away.
//!
//! It reads through whichever connected node still answers (the one switched off does not), every
//! `poll` interval, and reports differences from the previous reading as events.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use crate::api::Client;
use crate::course::seen::read_cluster;
use crate::course::{ClusterSeen, Course, Event, Seen, StepError, StepId};

/// What the watch saw at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Snapshot {
    /// The cluster, its quorum and its members' votes.
    cluster: Option<ClusterSeen>,
    /// Node → online.
    nodes: BTreeMap<String, bool>,
    /// HA service → (state, node).
    services: BTreeMap<String, (String, String)>,
}

/// How a watch ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchEnd {
    /// A service came back on another node after its node was lost, this long after.
    Recovered(Duration),
    /// Cancelled (Ctrl+C, or the face closed).
    Stopped,
}

impl Course {
    /// Watches the cluster until cancelled, or — with `until_recovered` — until a service lost with
    /// its node runs again on another one.
    pub async fn watch(
        &mut self,
        until_recovered: bool,
        poll: Duration,
    ) -> Result<WatchEnd, StepError> {
        let mut previous: Option<Snapshot> = None;
        // The node read last time: a node that stopped answering is not asked first again.
        let mut through = 0;
        // When each node was seen going down.
        let mut lost_at: BTreeMap<String, Instant> = BTreeMap::new();
        // Where each service last ran (state `started`): the HA manager passes it through fence,
        // recovery and starting before it runs again, maybe elsewhere.
        let mut ran_on: BTreeMap<String, String> = BTreeMap::new();
        // A node switched off is waited for once, then asked last. A watch that reads often (a
        // faster practice lab) waits less, or the whole fencing would pass while it waits.
        let deadline = (poll * 10).clamp(Duration::from_secs(1), READ_DEADLINE);
        loop {
            let (snapshot, answered) = self.snapshot(through, deadline).await?;
            through = answered;
            let now = SystemTime::now();
            if let Some(cluster) = &snapshot.cluster
                && previous.as_ref().map(|b| &b.cluster) != Some(&snapshot.cluster)
            {
                self.events.send(Event::Seen {
                    seen: Seen::Cluster(cluster.clone()),
                });
            }
            if let Some(before) = &previous {
                for (node, online) in &snapshot.nodes {
                    if before.nodes.get(node) != Some(online) {
                        if !online {
                            lost_at.insert(node.clone(), Instant::now());
                        }
                        self.events.send(Event::NodeChanged {
                            node: node.clone(),
                            online: *online,
                            at: now,
                        });
                    }
                }
            }
            for (sid, (state, node)) in &snapshot.services {
                let old = previous.as_ref().and_then(|b| b.services.get(sid));
                if old == Some(&(state.clone(), node.clone())) {
                    continue;
                }
                self.events.send(Event::ServiceChanged {
                    sid: sid.clone(),
                    state: state.clone(),
                    node: node.clone(),
                    at: now,
                });
                if state != "started" {
                    continue;
                }
                // Running on another node than before, and that node was lost: a recovery.
                let moved_from = ran_on
                    .insert(sid.clone(), node.clone())
                    .filter(|from| from != node);
                if let Some(from) = moved_from
                    && let Some(lost) = lost_at.get(&from)
                {
                    let after = lost.elapsed();
                    self.events.send(Event::Recovered {
                        sid: sid.clone(),
                        from,
                        to: node.clone(),
                        after,
                    });
                    if until_recovered {
                        return Ok(WatchEnd::Recovered(after));
                    }
                }
            }
            previous = Some(snapshot);
            tokio::select! {
                () = self.cancel.cancelled() => return Ok(WatchEnd::Stopped),
                () = tokio::time::sleep(poll) => {}
            }
        }
    }

    /// Nodes and HA services, as the first connected node that answers sees them, starting with
    /// the `first`; returns which one answered.
    async fn snapshot(
        &self,
        first: usize,
        deadline: Duration,
    ) -> Result<(Snapshot, usize), StepError> {
        let sessions = self.connected()?;
        let order = (0..sessions.len()).map(|i| (first + i) % sessions.len());
        let mut last_error = None;
        for index in order {
            let Some(session) = sessions.get(index) else {
                continue;
            };
            // A node switched off or unplugged does not refuse: it goes silent, and a pooled
            // connection to it would wait for the client's whole time-out. A watch asks the next
            // node instead.
            let answer = tokio::time::timeout(deadline, read(&session.client))
                .await
                .unwrap_or_else(|_| {
                    Err(crate::api::Error::Timeout {
                        host: session.client.endpoint().to_string(),
                        method: "GET",
                        path: "/cluster/status".to_owned(),
                    })
                });
            match answer {
                Ok(snapshot) => return Ok((snapshot, index)),
                Err(error) => last_error = Some(StepError::api(session.label(), error)),
            }
        }
        Err(last_error.unwrap_or(StepError::OutOfOrder {
            needs: StepId::Connect,
        }))
    }
}

/// How long a watch reading once a second waits for one node's picture before it asks the
/// next: a node answers its status in well under a second.
const READ_DEADLINE: Duration = Duration::from_secs(5);

async fn read(client: &Client) -> Result<Snapshot, crate::api::Error> {
    let status = client.cluster_status().await?;
    let cluster = read_cluster(client, &status).await?;
    let ha = client.ha_status().await?;
    Ok(Snapshot {
        cluster,
        nodes: status
            .members
            .iter()
            .map(|m| (m.name.clone(), m.online))
            .collect(),
        services: ha
            .into_iter()
            .filter(|e| e.kind == "service")
            .filter_map(|e| {
                Some((
                    e.sid?,
                    (e.state.unwrap_or_default(), e.node.unwrap_or_default()),
                ))
            })
            .collect(),
    })
}

//! Step 1: the preconditions of a cluster, checked on every node before anything changes.
//!
//! As the course says: distinct host names, each name mapped in /etc/hosts to the node's own
//! address (not Debian's 127.0.1.1), the same major version, joining nodes without guests and in
//! no cluster, and clocks that agree.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::api;
use crate::course::steps::{Step, report};
use crate::course::{Check, Course, Finding, NodeSession, StepError, StepId};

/// Step 1.
pub struct Hostnames;

/// What one node says about itself, as the check reads it (a face shows it as a table).
#[derive(Clone, Debug, PartialEq)]
pub struct NodeFacts {
    /// `host:port`.
    pub label: String,
    /// Its host name.
    pub name: String,
    /// Proxmox VE version, e.g. `9.0.3`.
    pub version: String,
    /// The major version, when it parses.
    pub major: Option<u32>,
    /// The addresses its /etc/hosts gives its name.
    pub hosts_addresses: Vec<String>,
    /// Its own addresses (interfaces, and the one the course dials).
    pub own_addresses: Vec<String>,
    /// The cluster it belongs to, if any.
    pub cluster: Option<String>,
    /// Virtual machines and containers on it.
    pub guests: usize,
    /// The node's clock minus ours, in seconds.
    pub clock_offset_secs: i64,
}

impl NodeFacts {
    /// The address its name should have in /etc/hosts: its first own IP address.
    pub fn own_address(&self) -> Option<&str> {
        self.own_addresses
            .iter()
            .find(|a| a.parse::<IpAddr>().is_ok())
            .map(String::as_str)
    }

    /// The address /etc/hosts gives its name that is one of its own, if any. The node's own
    /// address is right even on loopback (the practice lab lives on 127.0.0.0/8); any other
    /// loopback address is Debian's 127.0.1.1 default, which other nodes cannot reach.
    pub fn hosts_own_address(&self) -> Option<&str> {
        self.hosts_addresses
            .iter()
            .find(|a| self.own_addresses.contains(a))
            .map(String::as_str)
    }
}

/// Reads what the check needs to know of a node (read-only).
pub async fn facts(session: &NodeSession) -> Result<NodeFacts, StepError> {
    let label = session.label();
    let client = &session.client;
    let name = &session.node_name;
    let api = |e| StepError::api(&label, e);
    let version = client.version().await.map_err(api)?;
    let hosts = client.node_hosts(name).await.map_err(api)?;
    let network = client.node_network(name).await.map_err(api)?;
    // Only a standalone node looks its own name up to answer /cluster/status (pve-manager
    // `PVE/API2/Cluster.pm`, `get_status`): a name that resolves to loopback only makes it fail,
    // and the /etc/hosts check below says what to fix.
    let cluster = match client.cluster_status().await {
        Ok(status) => status.cluster.map(|c| c.name),
        Err(error) if matches!(error.refusal(), Some(api::Refusal::NameUnresolved { .. })) => None,
        Err(error) => return Err(api(error)),
    };
    let resources = client.cluster_resources(Some("vm")).await.map_err(api)?;
    let time = client.node_time(name).await.map_err(api)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let mut own_addresses: Vec<String> = network
        .iter()
        .filter_map(|iface| iface.address.clone())
        .collect();
    own_addresses.push(client.endpoint().host().to_owned());
    Ok(NodeFacts {
        label: label.clone(),
        name: name.clone(),
        major: version.major(),
        version: version.version,
        hosts_addresses: hosts.addresses_of(name),
        own_addresses,
        cluster,
        guests: resources
            .iter()
            .filter(|r| r.is_guest() && r.node.as_deref() == Some(name.as_str()))
            .count(),
        clock_offset_secs: i64::try_from(time.time).unwrap_or(i64::MAX)
            - i64::try_from(now).unwrap_or(0),
    })
}

fn is_loopback(address: &str) -> bool {
    address.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn name_findings(nodes: &[NodeFacts]) -> Vec<Finding> {
    let mut by_name: BTreeMap<&str, Vec<&NodeFacts>> = BTreeMap::new();
    for node in nodes {
        by_name.entry(node.name.as_str()).or_default().push(node);
    }
    let mut findings = Vec::new();
    // A name no node has, in the course's pattern (`pve3`), for the commands to type.
    let free = (1..)
        .map(|n| format!("pve{n}"))
        .find(|candidate| !by_name.contains_key(candidate.as_str()))
        .unwrap_or_default();
    for (name, holders) in &by_name {
        if let [first, second, ..] = holders.as_slice() {
            findings.push(Finding::problem(
                crate::msg!(
                    "check-duplicate-name",
                    name = *name,
                    first = first.label.as_str(),
                    second = second.label.as_str()
                ),
                crate::msg!(
                    "fix-duplicate-name",
                    name = *name,
                    node = second.label.as_str(),
                    free = free.as_str()
                ),
            ));
        }
    }
    if findings.is_empty() {
        let names: Vec<&str> = by_name.keys().copied().collect();
        findings.push(Finding::ok(crate::msg!(
            "check-names-distinct",
            names = names.join(", ")
        )));
    }
    findings
}

fn hosts_finding(node: &NodeFacts) -> Finding {
    let fix = crate::msg!(
        "fix-hosts-line",
        node = node.label.as_str(),
        name = node.name.as_str(),
        address = node.own_address().unwrap_or_default()
    );
    if let Some(address) = node.hosts_own_address() {
        return Finding::ok(crate::msg!(
            "check-hosts-ok",
            name = node.name.as_str(),
            address = address
        ));
    }
    match node.hosts_addresses.first() {
        Some(loopback) if is_loopback(loopback) => Finding::problem(
            crate::msg!(
                "check-hosts-loopback",
                node = node.label.as_str(),
                name = node.name.as_str(),
                address = loopback.as_str()
            ),
            fix,
        ),
        Some(other) => Finding::warning(
            crate::msg!(
                "check-hosts-other",
                node = node.label.as_str(),
                name = node.name.as_str(),
                address = other.as_str()
            ),
            fix,
        ),
        None => Finding::problem(
            crate::msg!(
                "check-hosts-missing",
                node = node.label.as_str(),
                name = node.name.as_str()
            ),
            fix,
        ),
    }
}

fn version_findings(nodes: &[NodeFacts]) -> Vec<Finding> {
    let Some(first) = nodes.first() else {
        return Vec::new();
    };
    let mismatched: Vec<Finding> = nodes
        .iter()
        .filter(|node| node.major != first.major)
        .map(|node| {
            Finding::problem(
                crate::msg!(
                    "check-version-mismatch",
                    node = node.label.as_str(),
                    version = node.version.as_str(),
                    first = first.label.as_str(),
                    first_version = first.version.as_str()
                ),
                crate::msg!("fix-version-mismatch", node = node.label.as_str()),
            )
        })
        .collect();
    if mismatched.is_empty() {
        vec![Finding::ok(crate::msg!(
            "check-versions-same",
            version = first.version.as_str()
        ))]
    } else {
        mismatched
    }
}

fn membership_findings(nodes: &[NodeFacts], cluster_name: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, node) in nodes.iter().enumerate() {
        match node.cluster.as_deref() {
            Some(other) if other != cluster_name => findings.push(Finding::problem(
                crate::msg!(
                    "check-in-other-cluster",
                    node = node.label.as_str(),
                    cluster = other
                ),
                crate::msg!("fix-in-other-cluster", node = node.label.as_str()),
            )),
            // A member of the planned cluster already: guests are no obstacle any more.
            Some(_) => {}
            None if index > 0 && node.guests > 0 => findings.push(Finding::problem(
                crate::msg!(
                    "check-guests",
                    node = node.label.as_str(),
                    count = node.guests
                ),
                crate::msg!("fix-guests", node = node.label.as_str()),
            )),
            None => {}
        }
    }
    if findings.is_empty() {
        findings.push(Finding::ok(crate::msg!("check-joinable")));
    }
    findings
}

fn clock_findings(nodes: &[NodeFacts], max_skew_secs: u64) -> Vec<Finding> {
    let Some(reference) = nodes.first() else {
        return Vec::new();
    };
    let skewed: Vec<Finding> = nodes
        .iter()
        .skip(1)
        .filter_map(|node| {
            let skew = node.clock_offset_secs.abs_diff(reference.clock_offset_secs);
            (skew > max_skew_secs).then(|| {
                Finding::problem(
                    crate::msg!(
                        "check-clock-skew",
                        node = node.label.as_str(),
                        seconds = skew,
                        first = reference.label.as_str()
                    ),
                    crate::msg!("fix-clock-skew", node = node.label.as_str()),
                )
            })
        })
        .collect();
    if skewed.is_empty() {
        vec![Finding::ok(crate::msg!("check-clocks-agree"))]
    } else {
        skewed
    }
}

impl Step for Hostnames {
    fn id(&self) -> StepId {
        StepId::Hostnames
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        let mut nodes = Vec::new();
        for session in course.connected()? {
            nodes.push(facts(session).await?);
        }
        course.events.send(crate::course::Event::Seen {
            seen: crate::course::Seen::Hosts(nodes.clone()),
        });
        let cluster_name = course.plan.cluster_name.as_str();
        if nodes
            .iter()
            .all(|node| node.cluster.as_deref() == Some(cluster_name))
        {
            return Ok(Check::AlreadyDone);
        }
        let mut findings = name_findings(&nodes);
        findings.extend(nodes.iter().map(hosts_finding));
        findings.extend(version_findings(&nodes));
        findings.extend(membership_findings(&nodes, cluster_name));
        findings.extend(clock_findings(&nodes, course.options.max_clock_skew_secs));
        if nodes.len() < 3 {
            findings.push(Finding::warning(
                crate::msg!("check-few-nodes", count = nodes.len()),
                crate::msg!("fix-few-nodes"),
            ));
        }
        report(course, self.id(), findings)?;
        Ok(Check::Ready)
    }

    async fn apply(&self, _course: &mut Course) -> Result<(), StepError> {
        // A check only: fixing /etc/hosts is the teacher's decision (the GUI asks first).
        Ok(())
    }

    async fn verify(&self, _course: &mut Course) -> Result<(), StepError> {
        Ok(())
    }
}

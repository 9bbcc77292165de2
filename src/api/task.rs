//! Tasks: UPIDs, and waiting for a task while streaming its log.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio_util::sync::CancellationToken;

use super::client::Client;
use super::error::Error;

/// A task's unique id, as PVE writes it:
/// `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:` (hex fields upper-case).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Upid {
    text: String,
    node: String,
    task_type: String,
    task_id: String,
    user: String,
    start_time: u64,
}

/// Why a UPID was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a task id (UPID)")]
pub struct UpidError(pub String);

impl FromStr for Upid {
    type Err = UpidError;

    /// Follows `PVE::Tools::upid_decode` (pve-common).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = || UpidError(text.to_owned());
        let rest = text.strip_prefix("UPID:").ok_or_else(refuse)?;
        let fields: Vec<&str> = rest.split(':').collect();
        let [node, pid, pstart, start_time, task_type, task_id, user, ""] = fields.as_slice()
        else {
            return Err(refuse());
        };
        let hex = |s: &str, min: usize, max: usize| {
            (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
        };
        let plain = |s: &str| !s.contains(|c: char| c.is_whitespace() || c == '/');
        if !(crate::names::is_node_name(node)
            && hex(pid, 8, 8)
            && hex(pstart, 8, 9)
            && hex(start_time, 8, 8)
            && !task_type.is_empty()
            && plain(task_type)
            && plain(task_id)
            && !user.is_empty()
            && plain(user))
        {
            return Err(refuse());
        }
        Ok(Self {
            text: text.to_owned(),
            node: (*node).to_owned(),
            task_type: (*task_type).to_owned(),
            task_id: (*task_id).to_owned(),
            user: (*user).to_owned(),
            start_time: u64::from_str_radix(start_time, 16).map_err(|_| refuse())?,
        })
    }
}

impl Upid {
    /// The node the task runs on (where its status must be asked).
    pub fn node(&self) -> &str {
        &self.node
    }
    /// The task type, e.g. `clustercreate`, `clusterjoin`, `qmstart`.
    pub fn task_type(&self) -> &str {
        &self.task_type
    }
    /// The task's object id (a cluster name, a VMID), possibly empty.
    pub fn task_id(&self) -> &str {
        &self.task_id
    }
    /// Who started it.
    pub fn user(&self) -> &str {
        &self.user
    }
    /// When it started (Unix time).
    pub fn start_time(&self) -> u64 {
        self.start_time
    }
    /// The UPID as PVE wrote it.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Upid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Upid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Upid({})", self.text)
    }
}

impl<'de> Deserialize<'de> for Upid {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// `GET /nodes/{node}/tasks/{upid}/status`.
#[derive(Clone, Debug, Deserialize)]
pub struct TaskStatus {
    /// `running` or `stopped`.
    pub status: String,
    /// When stopped: `OK`, `WARNINGS: n`, or the error text.
    #[serde(default)]
    pub exitstatus: Option<String>,
}

impl TaskStatus {
    /// Whether the task has ended.
    pub fn stopped(&self) -> bool {
        self.status == "stopped"
    }

    /// An ended task failed unless its exit status is `OK` or `WARNINGS: n` (PVE's own rule).
    pub fn failure(&self) -> Option<&str> {
        let exit = self.exitstatus.as_deref()?;
        (exit != "OK" && !exit.starts_with("WARNINGS:")).then_some(exit)
    }
}

/// One entry of `GET /nodes/{node}/tasks`.
#[derive(Clone, Debug, Deserialize)]
pub struct TaskEntry {
    /// The task's UPID.
    pub upid: Upid,
    /// Its type (`qmcreate`, `clusterjoin`, …).
    #[serde(rename = "type")]
    pub kind: String,
}

/// One line of `GET /nodes/{node}/tasks/{upid}/log`.
#[derive(Clone, Debug, Deserialize)]
pub struct TaskLogLine {
    /// The line number, from 1.
    #[serde(deserialize_with = "super::parse::u64_ish")]
    pub n: u64,
    /// The text.
    pub t: String,
}

/// How to wait for a task.
#[derive(Clone, Debug)]
pub struct TaskWait {
    /// Give up (the task goes on) after this long.
    pub timeout: Duration,
    /// How often to ask.
    pub poll_interval: Duration,
    /// Stops the wait (not the task) when cancelled.
    pub cancel: CancellationToken,
}

impl Default for TaskWait {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            poll_interval: Duration::from_millis(250),
            cancel: CancellationToken::new(),
        }
    }
}

/// How a task ended when it did not fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskOk {
    /// `OK` or `WARNINGS: n`.
    pub exitstatus: String,
}

impl Client {
    /// `GET /nodes/{node}/tasks/{upid}/status`: read task status.
    pub async fn task_status(&self, upid: &Upid) -> Result<TaskStatus, Error> {
        let path = format!(
            "/nodes/{}/tasks/{}/status",
            upid.node(),
            super::encode_segment(upid.as_str())
        );
        self.get(&path, &()).await
    }

    /// `GET /nodes/{node}/tasks?source=active`: the node's running tasks of type `kind` for
    /// guest `vmid`.
    pub async fn running_tasks(
        &self,
        node: &str,
        kind: &str,
        vmid: u64,
    ) -> Result<Vec<TaskEntry>, Error> {
        let path = format!("/nodes/{}/tasks", super::encode_segment(node));
        let vmid = vmid.to_string();
        let query = [
            ("source", "active"),
            ("typefilter", kind),
            ("vmid", vmid.as_str()),
        ];
        self.get(&path, &query).await
    }

    /// `GET /nodes/{node}/tasks/{upid}/log`: read task log, from line `start` (0-based).
    pub async fn task_log(
        &self,
        upid: &Upid,
        start: u64,
        limit: u64,
    ) -> Result<Vec<TaskLogLine>, Error> {
        let path = format!(
            "/nodes/{}/tasks/{}/log",
            upid.node(),
            super::encode_segment(upid.as_str())
        );
        self.get(&path, &[("start", start), ("limit", limit)]).await
    }

    /// Waits for a task to end, handing each new log line to `on_line` as it appears.
    ///
    /// A task that ends in error is [`Error::TaskFailed`] with PVE's exit status (its last
    /// `TASK ERROR:` line).
    pub async fn wait_task(
        &self,
        upid: &Upid,
        wait: &TaskWait,
        mut on_line: impl FnMut(&str),
    ) -> Result<TaskOk, Error> {
        let started = Instant::now();
        let mut lines_seen = 0;
        loop {
            let status = self.task_status(upid).await?;
            // Read the log after the status, so a stopped task's log is complete.
            loop {
                let lines = self.task_log(upid, lines_seen, 500).await?;
                if lines.is_empty() {
                    break;
                }
                for line in &lines {
                    on_line(&line.t);
                }
                lines_seen += lines.len() as u64;
            }
            if status.stopped() {
                return match status.failure() {
                    Some(message) => Err(Error::TaskFailed {
                        upid: upid.to_string(),
                        message: message.to_owned(),
                    }),
                    None => Ok(TaskOk {
                        exitstatus: status.exitstatus.unwrap_or_else(|| "OK".to_owned()),
                    }),
                };
            }
            if started.elapsed() >= wait.timeout {
                return Err(Error::TaskTimeout {
                    upid: upid.to_string(),
                    waited_secs: started.elapsed().as_secs(),
                });
            }
            tokio::select! {
                () = wait.cancel.cancelled() => return Err(Error::Cancelled),
                () = tokio::time::sleep(wait.poll_interval) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pve_upids() {
        let upid: Upid = "UPID:pve1:00001A2B:0001E240:64E10CBA:clustercreate:escola:root@pam:"
            .parse()
            .unwrap();
        assert_eq!(upid.node(), "pve1");
        assert_eq!(upid.task_type(), "clustercreate");
        assert_eq!(upid.task_id(), "escola");
        assert_eq!(upid.user(), "root@pam");
        assert_eq!(upid.start_time(), 0x64E1_0CBA);
        let join: Upid = "UPID:pve2:00001A2B:0001E2400:64E10CBA:clusterjoin::root@pam!ci:"
            .parse()
            .unwrap();
        assert_eq!(join.task_id(), "");
        assert_eq!(join.user(), "root@pam!ci");
    }

    #[test]
    fn refuses_what_upid_decode_refuses() {
        for bad in [
            "",
            "UPID:pve1:1A2B:0001E240:64E10CBA:qmstart:100:root@pam:",
            "UPID:pve1:00001A2B:0001E240:64E10CBA:qmstart:100:root@pam",
            "UPID:-pve:00001A2B:0001E240:64E10CBA:qmstart:100:root@pam:",
            "UPID:pve1:00001A2B:0001E240:64E10CBA:qm start:100:root@pam:",
            "PID:pve1:00001A2B:0001E240:64E10CBA:qmstart:100:root@pam:",
        ] {
            assert!(bad.parse::<Upid>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn exit_status_decides_failure() {
        let status = |exit: &str| TaskStatus {
            status: "stopped".into(),
            exitstatus: Some(exit.into()),
        };
        assert_eq!(status("OK").failure(), None);
        assert_eq!(status("WARNINGS: 2").failure(), None);
        assert_eq!(
            status("cluster not ready - no quorum?").failure(),
            Some("cluster not ready - no quorum?")
        );
    }
}

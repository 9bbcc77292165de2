//! "Fix it for me" for step 1's /etc/hosts check: the line that maps a node's name to Debian's
//! 127.0.1.1 (or to nothing) rewritten to the node's own address, shown to the teacher first and
//! written through the API (`POST /nodes/{node}/hosts`, System > Hosts in the web UI) with the
//! digest it was read with, so a file changed meanwhile is refused and nothing is lost.

use crate::course::{Course, NodeSession, StepError};

/// A correction of one node's /etc/hosts, to show before it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostsFix {
    /// `host:port` of the node.
    pub node: String,
    /// Its host name.
    pub name: String,
    /// The file as read.
    pub before: String,
    /// The file as it would be.
    pub after: String,
    /// The file's digest as read: the write is refused if it changed since.
    digest: Option<String>,
}

impl HostsFix {
    /// The lines taken out and the lines put in.
    pub fn changes(&self) -> (Vec<&str>, Vec<&str>) {
        let removed = self
            .before
            .lines()
            .filter(|line| !self.after.lines().any(|l| l == *line))
            .collect();
        let added = self
            .after
            .lines()
            .filter(|line| !self.before.lines().any(|l| l == *line))
            .collect();
        (removed, added)
    }
}

impl Course {
    /// The corrections that would map each node's name to its own address, for the nodes whose
    /// /etc/hosts does not; read now. Nothing is written.
    pub async fn hosts_fixes(&self) -> Result<Vec<HostsFix>, StepError> {
        let mut fixes = Vec::new();
        for session in self.connected()? {
            if let Some(fix) = hosts_fix(session).await? {
                fixes.push(fix);
            }
        }
        Ok(fixes)
    }

    /// Writes `fix` to its node, unless the file changed since it was read (PVE refuses it:
    /// "detected modified configuration").
    pub async fn apply_hosts_fix(&self, fix: &HostsFix) -> Result<(), StepError> {
        let session = self
            .connected()?
            .iter()
            .find(|s| s.label() == fix.node)
            .ok_or_else(|| StepError::UnknownNode {
                name: fix.name.clone(),
            })?;
        session
            .client
            .node_hosts_write(&session.node_name, &fix.after, fix.digest.as_deref())
            .await
            .map_err(|e| StepError::api(session.label(), e))
    }
}

/// The correction for one node, if its name is not on its own address.
async fn hosts_fix(session: &NodeSession) -> Result<Option<HostsFix>, StepError> {
    // The same reading and the same rule as step 1's check: what it finds right is left alone.
    let facts = crate::course::steps::s01_hostnames::facts(session).await?;
    let Some(own) = facts
        .own_address()
        .filter(|_| facts.hosts_own_address().is_none())
    else {
        return Ok(None);
    };
    let api = |e| StepError::api(session.label(), e);
    let hosts = session
        .client
        .node_hosts(&session.node_name)
        .await
        .map_err(api)?;
    let domain = session
        .client
        .node_dns(&session.node_name)
        .await
        .map_err(api)?
        .search;
    let after = corrected(&hosts.data, &facts.name, own, domain.as_deref());
    Ok((after != hosts.data).then(|| HostsFix {
        node: session.label(),
        name: facts.name,
        before: hosts.data,
        after,
        digest: hosts.digest,
    }))
}

/// `data` with `name` (and its fully qualified names) on `own` alone: lines that held only its
/// names now carry `own`, lines that also named others keep those, and the node's line (the
/// fully qualified name first, as the installer writes it) takes the place of the first line
/// that named it, or comes after the first line when none did.
pub fn corrected(data: &str, name: &str, own: &str, domain: Option<&str>) -> String {
    let ours = |n: &str| n == name || n.split_once('.').is_some_and(|(short, _)| short == name);
    let mut names: Vec<String> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut at = None;
    for line in data.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            lines.push(line.to_owned());
            continue;
        }
        // Names end where a comment begins.
        let mut fields = line
            .split_whitespace()
            .take_while(|field| !field.starts_with('#'));
        let ip = fields.next().unwrap_or_default();
        let (mine, others): (Vec<&str>, Vec<&str>) = fields.partition(|n| ours(n));
        if mine.is_empty() {
            lines.push(line.to_owned());
            continue;
        }
        for n in mine {
            if !names.iter().any(|known| known == n) {
                names.push(n.to_owned());
            }
        }
        at.get_or_insert(lines.len());
        if !others.is_empty() {
            lines.push(format!("{ip} {}", others.join(" ")));
        }
    }
    if names.iter().all(|n| n == name)
        && let Some(domain) = domain.filter(|d| !d.is_empty())
    {
        names.insert(0, format!("{name}.{domain}"));
    }
    if !names.iter().any(|n| n == name) {
        names.push(name.to_owned());
    }
    // The fully qualified name first.
    names.sort_by_key(|n| !n.contains('.'));
    let line = format!("{own} {}", names.join(" "));
    let at = at.unwrap_or_else(|| lines.len().min(1));
    lines.insert(at.min(lines.len()), line);
    let mut text = lines.join("\n");
    if data.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::corrected;

    const DEBIAN: &str = "127.0.0.1 localhost.localdomain localhost\n\
        127.0.1.1 pve2.lab.lliurex pve2\n\
        \n\
        # The following lines are desirable for IPv6 capable hosts\n\
        ::1     ip6-localhost ip6-loopback\n";

    #[test]
    fn debians_line_takes_the_nodes_address() {
        let after = corrected(DEBIAN, "pve2", "192.168.1.12", Some("lab.lliurex"));
        assert_eq!(
            after,
            "127.0.0.1 localhost.localdomain localhost\n\
             192.168.1.12 pve2.lab.lliurex pve2\n\
             \n\
             # The following lines are desirable for IPv6 capable hosts\n\
             ::1     ip6-localhost ip6-loopback\n"
        );
    }

    #[test]
    fn other_names_on_the_line_stay_where_they_were() {
        let before = "127.0.0.1 localhost pve2\n";
        assert_eq!(
            corrected(before, "pve2", "10.0.0.2", Some("escola")),
            "10.0.0.2 pve2.escola pve2\n127.0.0.1 localhost\n"
        );
    }

    #[test]
    fn a_missing_name_is_added_after_localhost() {
        let before = "127.0.0.1 localhost\n::1 ip6-localhost\n";
        assert_eq!(
            corrected(before, "pve3", "10.0.0.3", None),
            "127.0.0.1 localhost\n10.0.0.3 pve3\n::1 ip6-localhost\n"
        );
    }

    #[test]
    fn comments_and_other_hosts_are_kept() {
        let before = "# made by hand\n10.0.0.9 nas # the school's NAS\n127.0.1.1 pve1\n";
        assert_eq!(
            corrected(before, "pve1", "10.0.0.1", Some("lab")),
            "# made by hand\n10.0.0.9 nas # the school's NAS\n10.0.0.1 pve1.lab pve1\n"
        );
    }
}

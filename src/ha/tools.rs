//! Helpers from `PVE::HA::Tools`.

use std::collections::BTreeMap;

use super::types::ServiceData;

/// `count_fenced_services`: services on `node` waiting to be fenced.
pub fn count_fenced_services(ss: &BTreeMap<String, ServiceData>, node: &str) -> usize {
    ss.values()
        .filter(|sd| sd.node == node && sd.state == "fence")
        .count()
}

/// `count_active_services`: services on `node` (or moving to it) the LRM must care for.
pub fn count_active_services(ss: &BTreeMap<String, ServiceData>, node: &str) -> usize {
    ss.values()
        .filter(|sd| sd.node == node || sd.target.as_deref() == Some(node))
        .filter(|sd| {
            !matches!(
                sd.state.as_str(),
                "stopped" | "freeze" | "error" | "request_start"
            )
        })
        .count()
}

/// `parse_node_priority`: `node[:prio]`.
pub fn parse_node_priority(value: &str) -> Option<(String, i64)> {
    let (node, prio) = match value.split_once(':') {
        Some((n, p)) => (n, p.parse::<i64>().ok()?),
        None => (value, 0),
    };
    let valid = !node.is_empty()
        && node.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !node.starts_with('-')
        && !node.ends_with('-');
    valid.then(|| (node.to_string(), prio))
}

fn version_parts(v: &str) -> Option<(i64, i64, i64, Option<i64>)> {
    let (main, rev) = match v.split_once('~') {
        Some((m, r)) => {
            let digits: String = r.chars().take_while(char::is_ascii_digit).collect();
            (m, digits.parse().ok())
        }
        None => (v, None),
    };
    let mut it = main.split(['.', '-']);
    let a = it.next()?.parse().ok()?;
    let b = it.next()?.parse().ok()?;
    let c: String = it
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some((a, b, c.parse().ok()?, rev))
}

/// `has_min_version`: compares `major.minor.patch[~rev]`.
pub fn has_min_version(version: &str, min_version: &str) -> bool {
    let (Some((ma, mi, pa, rev)), Some((mma, mmi, mpa, mrev))) =
        (version_parts(version), version_parts(min_version))
    else {
        return false;
    };
    if ma < mma || (ma == mma && mi < mmi) || (ma == mma && mi == mmi && pa < mpa) {
        return false;
    }
    let mrev = mrev.unwrap_or(0);
    !(ma == mma && mi == mmi && pa == mpa && rev.is_some_and(|r| r < mrev))
}

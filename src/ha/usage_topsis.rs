//! The scoring maths of the proxmox-resource-scheduling crate (AGPL-3.0-or-later,
//! Proxmox): TOPSIS (`topsis::score_alternatives`, `Scheduler::topsis_alternative_with`)
//! and the node imbalance (`calculate_node_imbalance`, `ScoredMigration::new`).

use super::usage_static::Stats;

/// TOPSIS criteria (average cpu, highest cpu, average memory, highest memory), all to
/// minimize, weights 1, 2, 5, 10 normalized.
const WEIGHTS: [f64; 4] = [1.0 / 18.0, 2.0 / 18.0, 5.0 / 18.0, 10.0 / 18.0];

pub fn alternative(stats: impl Iterator<Item = Stats>) -> [f64; 4] {
    let (mut hc, mut sc, mut hm, mut sm, mut n) = (0.0f64, 0.0, 0.0f64, 0.0, 0usize);
    for s in stats {
        let c = s.cpu_load();
        hc = hc.max(c);
        sc += c * c;
        let m = s.mem_load();
        hm = hm.max(m);
        sm += m * m;
        n += 1;
    }
    let len = n as f64;
    [
        1.0 + (sc / len).sqrt(),
        1.0 + hc,
        1.0 + (sm / len).sqrt(),
        1.0 + hm,
    ]
}

/// `topsis::score_alternatives` (after `Matrix::new` normalization).
pub fn topsis_scores(mut matrix: Vec<[f64; 4]>) -> Result<Vec<f64>, String> {
    for c in 0..4 {
        let div = matrix
            .iter()
            .map(|a| a.get(c).copied().unwrap_or(0.0).powi(2))
            .sum::<f64>()
            .sqrt();
        if div != 0.0 {
            for a in matrix.iter_mut() {
                if let Some(v) = a.get_mut(c) {
                    *v /= div;
                    if !v.is_finite() {
                        return Err(format!("criterion {c} got invalid value {v}"));
                    }
                }
            }
        }
    }
    let mut best = [0.0; 4];
    let mut worst = [0.0; 4];
    for c in 0..4 {
        let col = matrix.iter().filter_map(|a| a.get(c).copied());
        let min = col
            .clone()
            .min_by(f64::total_cmp)
            .unwrap_or(f64::NEG_INFINITY);
        let max = col.max_by(f64::total_cmp).unwrap_or(f64::INFINITY);
        if let (Some(b), Some(w)) = (best.get_mut(c), worst.get_mut(c)) {
            (*b, *w) = (min, max);
        }
    }
    let dist = |a: &[f64; 4], ideal: &[f64; 4]| {
        a.iter()
            .zip(ideal)
            .zip(WEIGHTS)
            .map(|((x, y), w)| ((x - y) * w).powi(2))
            .sum::<f64>()
            .sqrt()
    };
    let mut scores = Vec::new();
    for a in &matrix {
        let (db, dw) = (dist(a, &best), dist(a, &worst));
        let s = if db + dw == 0.0 { 0.0 } else { dw / (db + dw) };
        if !s.is_finite() {
            return Err(format!("invalid score {s}"));
        }
        scores.push(s);
    }
    Ok(scores)
}

/// `calculate_node_imbalance`: coefficient of variation of the node loads, as in the
/// crate version pve-ha-manager 5.2's expectations were made with (before 2026-05's
/// scaling to 0..1 by sqrt(n - 1)).
pub fn imbalance(loads: &[f64]) -> f64 {
    let n = loads.len();
    let sum: f64 = loads.iter().sum();
    if sum == 0.0 {
        return 0.0;
    }
    let mean = sum / n as f64;
    let sd = (loads.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    sd / mean
}

/// `ScoredMigration::new` drops digits beyond f64's precision so ties compare equal.
pub fn truncate(x: f64) -> f64 {
    let f = 10f64.powi(f64::DIGITS as i32);
    (f * x).trunc() / f
}

//! The arithmetic every figure of the report shares: ratios that say "no
//! data" instead of dividing by zero, and nearest-rank percentiles.

use serde::Serialize;

/// `count` out of `total`, with the rate when there was anything to count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Ratio {
    pub count: u64,
    pub total: u64,
    /// `count / total` in [0, 1]; `None` when `total` is 0, because "0 %
    /// of nothing" would read as a bad result rather than no data.
    pub rate: Option<f64>,
}

impl Ratio {
    pub fn new(count: u64, total: u64) -> Ratio {
        let rate = (total > 0).then(|| count as f64 / total as f64);
        Ratio { count, total, rate }
    }
}

/// A distribution of durations, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Durations {
    pub count: u64,
    /// The arithmetic mean, rounded to the second.
    pub mean_secs: Option<i64>,
    pub median_secs: Option<i64>,
    pub p90_secs: Option<i64>,
}

impl Durations {
    pub fn of(samples: &[i64]) -> Durations {
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        let sum: i128 = sorted.iter().map(|&s| i128::from(s)).sum();
        let mean = (!sorted.is_empty()).then(|| {
            let n = sorted.len() as i128;
            ((2 * sum + n) / (2 * n)) as i64
        });
        Durations {
            count: sorted.len() as u64,
            mean_secs: mean,
            median_secs: percentile(&sorted, 50),
            p90_secs: percentile(&sorted, 90),
        }
    }
}

/// Nearest-rank percentile of sorted samples: the smallest sample with at
/// least `p` % of the samples at or below it. Always an observed value, so
/// a support lead can find the ticket behind it; for an even count the
/// median is the lower of the two middle samples.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    // rank = ceil(p * n / 100), at least 1 (1-based).
    let rank = (p as usize * n).div_ceil(100).max(1);
    sorted.get(rank.min(n) - 1).copied()
}

/// `12m`, `3h 05m`, `2d 4h`: short enough for a chat line.
pub fn human_secs(secs: i64) -> String {
    let secs = secs.max(0);
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        3600..86400 => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
        _ => format!("{}d {}h", secs / 86400, secs % 86400 / 3600),
    }
}

/// `33.3 %`, or `–` when there was nothing to count.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_string(), |r| format!("{:.1} %", r * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles_pick_observed_samples() {
        let sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        assert_eq!(percentile(&sorted, 50), Some(50));
        assert_eq!(percentile(&sorted, 90), Some(90));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
        // 5 samples: median rank ceil(2.5) = 3, p90 rank ceil(4.5) = 5.
        assert_eq!(
            Durations::of(&[5, 1, 4, 2, 3]),
            Durations { count: 5, mean_secs: Some(3), median_secs: Some(3), p90_secs: Some(5) }
        );
        // The mean rounds half up: (1 + 2) / 2 = 1.5 → 2.
        assert_eq!(Durations::of(&[1, 2]).mean_secs, Some(2));
        assert_eq!(Durations::of(&[]).mean_secs, None);
    }

    #[test]
    fn an_empty_ratio_has_no_rate_and_durations_read_short() {
        assert_eq!(Ratio::new(0, 0).rate, None);
        assert_eq!(Ratio::new(1, 4).rate, Some(0.25));
        assert_eq!(human_secs(45), "45s");
        assert_eq!(human_secs(3900), "1h 05m");
        assert_eq!(human_secs(187_200), "2d 4h");
        assert_eq!(percent(Some(1.0 / 3.0)), "33.3 %");
    }
}

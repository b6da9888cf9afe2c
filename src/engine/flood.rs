//! Per-user flood control: a token bucket per platform user, measured on
//! the messages' own timestamps (so it is deterministic under a test clock
//! and unaffected by how late an update is processed). A user over the limit
//! is told once to slow down; their messages are refused until a token is
//! back. Buckets live in this process: with several instances behind a
//! webhook balancer each enforces the limit on what it receives.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::domain::Channel;

/// Buckets kept before idle ones (full again) are dropped.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloodLimit {
    /// Sustained messages per minute; 0 turns the limit off.
    pub per_minute: u32,
    /// Messages accepted in a quick burst before the rate applies.
    pub burst: u32,
}

impl Default for FloodLimit {
    fn default() -> Self {
        FloodLimit { per_minute: 20, burst: 8 }
    }
}

/// What the guard says about one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    /// Refused; tell the user to wait this many seconds (first refusal of a
    /// run only).
    SlowDown {
        wait_secs: u64,
    },
    /// Refused again within the same run: say nothing more.
    Silent,
}

struct Bucket {
    tokens: f64,
    at: DateTime<Utc>,
    warned: bool,
}

pub struct FloodGuard {
    limit: FloodLimit,
    buckets: Mutex<HashMap<(Channel, String), Bucket>>,
}

impl FloodGuard {
    pub fn new(limit: FloodLimit) -> FloodGuard {
        FloodGuard { limit, buckets: Mutex::new(HashMap::new()) }
    }

    pub fn check(&self, channel: Channel, user: &str, at: DateTime<Utc>) -> Verdict {
        if self.limit.per_minute == 0 {
            return Verdict::Accept;
        }
        let burst = f64::from(self.limit.burst.max(1));
        let per_sec = f64::from(self.limit.per_minute) / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            let full_after =
                chrono::Duration::try_milliseconds((burst / per_sec * 1000.0) as i64).unwrap_or(chrono::Duration::MAX);
            buckets.retain(|_, b| at - b.at < full_after);
        }
        let bucket = buckets.entry((channel, user.to_string())).or_insert(Bucket { tokens: burst, at, warned: false });
        // Updates can arrive out of order: time never runs backwards here.
        let elapsed = (at - bucket.at).num_milliseconds().max(0) as f64 / 1000.0;
        bucket.tokens = (bucket.tokens + elapsed * per_sec).min(burst);
        bucket.at = bucket.at.max(at);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            bucket.warned = false;
            return Verdict::Accept;
        }
        if bucket.warned {
            return Verdict::Silent;
        }
        bucket.warned = true;
        Verdict::SlowDown { wait_secs: ((1.0 - bucket.tokens) / per_sec).ceil() as u64 }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + Duration::seconds(secs)
    }

    #[test]
    fn a_burst_passes_then_one_polite_refusal_then_silence_until_a_token_is_back() {
        let guard = FloodGuard::new(FloodLimit { per_minute: 6, burst: 3 });
        let verdicts: Vec<Verdict> = (0..6).map(|_| guard.check(Channel::Telegram, "ana", at(0))).collect();
        assert_eq!(&verdicts[..3], &[Verdict::Accept; 3]);
        assert_eq!(verdicts[3], Verdict::SlowDown { wait_secs: 10 });
        assert_eq!(&verdicts[4..], &[Verdict::Silent; 2]);
        assert_eq!(guard.check(Channel::Telegram, "ana", at(10)), Verdict::Accept, "one token every 10 s");
        assert_eq!(guard.check(Channel::Telegram, "ana", at(10)), Verdict::SlowDown { wait_secs: 10 });
    }

    #[test]
    fn users_and_platforms_have_their_own_buckets_and_zero_turns_it_off() {
        let guard = FloodGuard::new(FloodLimit { per_minute: 6, burst: 1 });
        assert_eq!(guard.check(Channel::Telegram, "ana", at(0)), Verdict::Accept);
        assert_eq!(guard.check(Channel::Telegram, "bea", at(0)), Verdict::Accept);
        assert_eq!(guard.check(Channel::Discord, "ana", at(0)), Verdict::Accept);
        assert!(matches!(guard.check(Channel::Telegram, "ana", at(0)), Verdict::SlowDown { .. }));
        let off = FloodGuard::new(FloodLimit { per_minute: 0, burst: 1 });
        assert!((0..100).all(|_| off.check(Channel::Telegram, "ana", at(0)) == Verdict::Accept));
    }

    #[test]
    fn a_late_update_with_an_older_timestamp_does_not_mint_tokens() {
        let guard = FloodGuard::new(FloodLimit { per_minute: 6, burst: 1 });
        assert_eq!(guard.check(Channel::Telegram, "ana", at(100)), Verdict::Accept);
        assert!(matches!(guard.check(Channel::Telegram, "ana", at(40)), Verdict::SlowDown { .. }));
    }
}

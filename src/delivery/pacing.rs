//! What both platform senders need to pace and resume a message: quotas for
//! their rate limiters, and the parts already sent of a message whose
//! sending was interrupted (a 429, an outage), so a retry does not repeat
//! them.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::num::NonZeroU32;

use crate::domain::Outbound;

/// `n` per unit as a rate-limiter quota; 0 counts as 1.
pub fn quota(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// Parts sent so far of messages that were interrupted, by message.
#[derive(Debug, Default)]
pub struct PartsSent(HashMap<(String, usize, u64), usize>);

impl PartsSent {
    fn key(message: &Outbound) -> (String, usize, u64) {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        message.text.hash(&mut hasher);
        (message.destination.key(), message.text.len(), hasher.finish())
    }

    /// The first part still to send of `message`.
    pub fn resume_at(&self, message: &Outbound) -> usize {
        self.0.get(&Self::key(message)).copied().unwrap_or(0)
    }

    /// Sending stopped before part `part`.
    pub fn interrupted(&mut self, message: &Outbound, part: usize) {
        self.0.insert(Self::key(message), part);
    }

    /// Every part went out.
    pub fn finished(&mut self, message: &Outbound) {
        self.0.remove(&Self::key(message));
    }
}

//! What the engine and the delivery worker count while they work. They
//! report through this port, so the Prometheus side of a running bot can
//! listen and the CLI and the tests need not: no process-wide globals.

use std::time::Duration;

use crate::domain::{Channel, QueryOutcome};

/// How a delivery attempt failed, for the error counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryError {
    /// The platform asked us to wait (429); the message is not at fault.
    RateLimited,
    /// Retried later (outage, network trouble).
    Retry,
    /// Refused for good: the message is dead-lettered.
    Failed,
}

impl DeliveryError {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryError::RateLimited => "rate_limited",
            DeliveryError::Retry => "retry",
            DeliveryError::Failed => "failed",
        }
    }
}

/// Receives the counts; every method has an empty default, so a listener
/// implements what it shows.
pub trait Counters: Send + Sync {
    /// A user update reached the engine.
    fn message_in(&self, _channel: Channel) {}
    /// A KB search ran (how long it took) and the bot decided `outcome`.
    fn kb_query(&self, _outcome: QueryOutcome, _search: Duration) {}
    /// The delivery worker sent a message.
    fn message_out(&self, _channel: Channel) {}
    fn delivery_error(&self, _channel: Channel, _error: DeliveryError) {}
}

/// Counts nothing: the CLI, the tests and anything without a listener.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoCounters;

impl Counters for NoCounters {}

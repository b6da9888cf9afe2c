//! The live counters, histograms and gauges behind `/metrics`. The engine
//! and the delivery worker report to them through the `Counters` port; the
//! store-backed gauges are refreshed at every scrape.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::domain::{Channel, QueryOutcome};
use crate::engine::{Counters, DeliveryError};
use crate::store::GaugeCounts;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ChannelLabels {
    pub channel: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DeliveryErrorLabels {
    pub channel: String,
    /// `retry` (will be sent again) or `failed` (dead-lettered).
    pub kind: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TicketLabels {
    pub level: String,
    pub state: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ClockLabels {
    pub clock: String,
    /// The level the clock ran at: each level's clocks are their own.
    pub level: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AgentLabels {
    /// The assignee's name, or `unassigned`.
    pub agent: String,
    pub level: String,
}

/// Every metric escala exports. Families and gauges are shared handles, so
/// a registry built from them reads the same values.
#[derive(Debug)]
pub struct Metrics {
    messages_in: Family<ChannelLabels, Counter>,
    messages_out: Family<ChannelLabels, Counter>,
    delivery_errors: Family<DeliveryErrorLabels, Counter>,
    kb_queries: Family<OutcomeLabels, Counter>,
    search_seconds: Histogram,
    tickets: Family<TicketLabels, Gauge>,
    sla_breaches: Family<ClockLabels, Gauge>,
    agent_open: Family<AgentLabels, Gauge>,
    outbox_depth: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            messages_in: Family::default(),
            messages_out: Family::default(),
            delivery_errors: Family::default(),
            kb_queries: Family::default(),
            // 25 µs to about 0.4 s: the KB target is p99 under 1 ms, and a
            // slow outlier still lands in a bucket of its own.
            search_seconds: Histogram::new(exponential_buckets(0.000_025, 2.0, 15)),
            tickets: Family::default(),
            sla_breaches: Family::default(),
            agent_open: Family::default(),
            outbox_depth: Gauge::default(),
        }
    }
}

impl Metrics {
    /// A registry (prefix `escala_`) reading these metrics.
    pub fn registry(&self) -> Registry {
        let mut registry = Registry::with_prefix("escala");
        registry.register("messages_in", "User messages received, by channel", self.messages_in.clone());
        registry.register("messages_out", "Messages delivered, by channel", self.messages_out.clone());
        registry.register(
            "delivery_errors",
            "Failed delivery attempts, by channel and kind (retry or failed)",
            self.delivery_errors.clone(),
        );
        registry.register(
            "kb_queries",
            "KB queries, by what the bot did (answered, suggested, missed)",
            self.kb_queries.clone(),
        );
        registry.register("kb_search_seconds", "Time to search the knowledge base", self.search_seconds.clone());
        registry.register(
            "tickets",
            "Tickets, by level and state (read from the store at scrape time)",
            self.tickets.clone(),
        );
        registry.register(
            "sla_breached_clocks",
            "SLA clocks that breached, by clock and the level it ran at (from the store)",
            self.sla_breaches.clone(),
        );
        registry.register(
            "agent_open_tickets",
            "Open tickets (not resolved or closed) per assignee and level (from the store)",
            self.agent_open.clone(),
        );
        registry.register("outbox_depth", "Messages waiting in the outbox", self.outbox_depth.clone());
        registry
    }

    /// Replaces the store-backed gauges with fresh counts; label sets that
    /// disappeared (no ticket left in a state) disappear from the output.
    pub fn set_store_gauges(&self, counts: &GaugeCounts, outbox_depth: i64) {
        self.tickets.clear();
        for (level, state, n) in &counts.tickets {
            let labels = TicketLabels { level: level.to_string(), state: state.to_string() };
            self.tickets.get_or_create(&labels).set(*n);
        }
        self.sla_breaches.clear();
        for (clock, level, n) in &counts.sla_breaches {
            let labels = ClockLabels { clock: clock.to_string(), level: level.to_string() };
            self.sla_breaches.get_or_create(&labels).set(*n);
        }
        self.agent_open.clear();
        for row in &counts.open_load {
            let agent = label_value(row.agent.as_deref().unwrap_or(crate::stats::UNASSIGNED));
            self.agent_open.get_or_create(&AgentLabels { agent, level: row.level.to_string() }).set(row.count);
        }
        self.outbox_depth.set(outbox_depth);
    }
}

/// The longest agent name carried into a label, in characters.
const MAX_LABEL_CHARS: usize = 64;

/// Free text (an agent's display name) as an exposition label value. The
/// encoder writes label values verbatim, so a name holding `"` or a line
/// break could close the label and forge samples: backslash, quote and
/// line feed are escaped as the exposition format defines, other controls
/// dropped, and the name cut to `MAX_LABEL_CHARS`.
pub(crate) fn label_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().take(MAX_LABEL_CHARS) {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl Counters for Metrics {
    fn message_in(&self, channel: Channel) {
        self.messages_in.get_or_create(&ChannelLabels { channel: channel.to_string() }).inc();
    }

    fn kb_query(&self, outcome: QueryOutcome, search: Duration) {
        self.search_seconds.observe(search.as_secs_f64());
        self.kb_queries.get_or_create(&OutcomeLabels { outcome: outcome.to_string() }).inc();
    }

    fn message_out(&self, channel: Channel) {
        self.messages_out.get_or_create(&ChannelLabels { channel: channel.to_string() }).inc();
    }

    fn delivery_error(&self, channel: Channel, error: DeliveryError) {
        let labels = DeliveryErrorLabels { channel: channel.to_string(), kind: error.as_str().to_string() };
        self.delivery_errors.get_or_create(&labels).inc();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_cannot_close_a_label_or_start_a_line() {
        assert_eq!(label_value("Zé \"o\" Rui"), "Zé \\\"o\\\" Rui");
        assert_eq!(label_value("a\\b\nc\rd"), "a\\\\b\\ncd");
        assert_eq!(label_value(&"x".repeat(100)).len(), MAX_LABEL_CHARS);
    }
}

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

use crate::domain::Channel;
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
            "SLA clocks that breached, by clock (from the store)",
            self.sla_breaches.clone(),
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
        for (clock, n) in &counts.sla_breaches {
            self.sla_breaches.get_or_create(&ClockLabels { clock: clock.clone() }).set(*n);
        }
        self.outbox_depth.set(outbox_depth);
    }
}

impl Counters for Metrics {
    fn message_in(&self, channel: Channel) {
        self.messages_in.get_or_create(&ChannelLabels { channel: channel.to_string() }).inc();
    }

    fn kb_query(&self, outcome: &str, search: Duration) {
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

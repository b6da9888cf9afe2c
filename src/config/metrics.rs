//! The `[metrics]` section of the configuration: where a running bot
//! serves `/metrics`, `/healthz` and `/readyz`.

use serde::{Deserialize, Serialize};

/// The `[metrics]` section of the configuration.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Address of `/metrics`, `/healthz` and `/readyz` while `escala run`
    /// is up; empty disables them. Loopback by default: the figures are
    /// for the operator's Prometheus, not the internet.
    pub listen: String,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig { listen: "127.0.0.1:9898".to_string() }
    }
}

//! The live side of a running bot: Prometheus `/metrics` (what the engine
//! and the delivery worker counted, and gauges read from the store at each
//! scrape), `/healthz` and `/readyz`.

mod registry;
mod server;

pub use registry::Metrics;
pub use server::{bind, serve};

//! Support metrics: the `escala stats` report (text, JSON, CSV, PNG charts)
//! and `/stats` for staff, computed from the store; and the live
//! Prometheus `/metrics`, `/healthz` and `/readyz` endpoints of `escala run`,
//! fed by one-line calls where events happen.

mod breakdown;
mod chart;
mod command;
mod figures;
mod registry;
mod render;
mod report;
mod server;

pub use breakdown::{breakdown, Dimension, Group};
pub use chart::{draw_png, ChartError, CHART_SIZE};
pub use command::{parse_since, run_stats, staff_summary, stats_output, Format, Since, StatsArgs};
pub use figures::{percentile, Durations, Ratio};
pub use registry::{global, timed_search, Metrics};
pub use render::{csv, summary_text, text, StatsOutput};
pub use report::{compute, ArticleUse, Csat, DayCount, LevelEscalation, Report};
pub use server::{bind, serve, spawn_for, MetricsConfig};

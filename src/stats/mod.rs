//! Support reports computed from the store: `escala stats` (text, JSON, CSV
//! and PNG charts) and `/stats` for staff — volume, deflection, response and
//! resolution times, SLA compliance, CSAT, KB use and gaps.

mod breakdown;
mod chart;
mod figures;
mod render;
mod report;
mod window;

pub use breakdown::{breakdown, Dimension, Group};
pub use chart::{draw_png, ChartError, CHART_SIZE};
pub use figures::{percentile, Durations, Ratio};
pub use render::{csv, summary_text, text, StatsOutput};
pub use report::{compute, ArticleUse, Csat, DayCount, LevelEscalation, Report};
pub use window::{parse_since, staff_summary, stats_output, Since, SinceError};

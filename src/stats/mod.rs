//! Support reports computed from the store: `escala stats` (text, JSON, CSV
//! and PNG charts), `/stats` for staff and `escala kb health` — volume,
//! deflection, response and resolution times, SLA compliance per level,
//! CSAT and its comments, agent workload, KB use, health and gaps.

mod articles;
mod breakdown;
mod chart;
mod feedback;
mod figures;
mod history;
mod kb_health;
mod render;
mod report;
mod sla;
mod tickets;
mod vendors;
mod window;
mod workload;

pub use articles::{article_use, ArticleUse};
pub use breakdown::{breakdown, Dimension, Group};
pub use chart::{draw_png, ChartError, CHART_SIZE};
pub use feedback::{Csat, DayCsat, GroupCsat, Rating, LOW_SCORE};
pub use figures::{percentile, Durations, Ratio};
pub use kb_health::{file_modified, kb_health, ArticleRef, CrossLanguage, KbHealth, TranslationGap};
pub use render::{csv, summary_text, text, StatsOutput};
pub use report::{compute, DayCount, Report};
pub use sla::{LevelCompliance, SlaCompliance};
pub use tickets::{LevelEscalation, Timing};
pub use vendors::VendorFigures;
pub use window::{parse_since, staff_summary, stats_output, Since, SinceError};
pub use workload::{AgentWorkload, LevelCount, UNASSIGNED};

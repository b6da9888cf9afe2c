//! SLA compliance over the cohort's clocks. Each level a ticket was at ran
//! its own clocks, kept as their own records: a breach at L1 stays a breach
//! after the ticket moves to L2, and the L2 clock is judged on its own.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::domain::sla::ClockKind;
use crate::domain::Level;
use crate::store::SlaClockStatRow;

use super::figures::Ratio;

/// Compliance per clock, overall and per level.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SlaCompliance {
    /// Finished first-response clocks never breached / finished clocks.
    pub first_response: Ratio,
    pub resolution: Ratio,
    pub by_level: Vec<LevelCompliance>,
    /// Clocks stopped, unbreached, because the ticket changed level before
    /// they were met: neither kept nor broken, so counted in neither.
    pub handed_over: u64,
    /// Clocks still running at the end of the window.
    pub running: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LevelCompliance {
    pub level: Level,
    pub first_response: Ratio,
    pub resolution: Ratio,
}

/// A clock is finished once met or breached; it complied if it never
/// breached (met late is a breach too).
fn ratio<'a>(clocks: impl Iterator<Item = &'a SlaClockStatRow>) -> Ratio {
    let (mut kept, mut finished) = (0, 0);
    for clock in clocks.filter(|c| c.met_at.is_some() || c.breached_at.is_some()) {
        finished += 1;
        kept += u64::from(clock.breached_at.is_none());
    }
    Ratio::new(kept, finished)
}

pub(super) fn compliance(clocks: &[SlaClockStatRow]) -> SlaCompliance {
    let of = |kind: ClockKind, level: Option<Level>| {
        ratio(clocks.iter().filter(|c| c.clock == kind && level.is_none_or(|l| c.level == l)))
    };
    // A vendor's contracted clocks are the vendor's record (see `vendors`)
    // and a callback is an appointment: neither is the team's per-level SLA.
    let team: Vec<&SlaClockStatRow> = clocks.iter().filter(|c| c.clock.is_team()).collect();
    let levels: BTreeSet<Level> = team.iter().map(|c| c.level).collect();
    let by_level = levels
        .into_iter()
        .map(|level| LevelCompliance {
            level,
            first_response: of(ClockKind::FirstResponse, Some(level)),
            resolution: of(ClockKind::Resolution, Some(level)),
        })
        .collect();
    let unfinished = |c: &&SlaClockStatRow| c.met_at.is_none() && c.breached_at.is_none();
    SlaCompliance {
        first_response: of(ClockKind::FirstResponse, None),
        resolution: of(ClockKind::Resolution, None),
        by_level,
        handed_over: team.iter().copied().filter(unfinished).filter(|c| c.handed_over_at.is_some()).count() as u64,
        running: team.iter().copied().filter(unfinished).filter(|c| c.handed_over_at.is_none()).count() as u64,
    }
}

//! The SLA policy: first-response and resolution targets per level and
//! priority, the calendar, the warning point and the reminder and
//! auto-close delays, with defaults for a small team.

use std::collections::BTreeMap;

use super::{Calendar, ClockKind};
use crate::domain::ids::{Level, Priority};

/// First-response and resolution targets, in business seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub first_response_secs: i64,
    pub resolution_secs: i64,
}

impl Target {
    /// The team clock's target; a vendor's clocks are timed by its terms.
    pub fn secs(&self, kind: ClockKind) -> i64 {
        match kind {
            ClockKind::FirstResponse => self.first_response_secs,
            ClockKind::Resolution => self.resolution_secs,
            ClockKind::VendorResponse | ClockKind::VendorResolution | ClockKind::Callback => 0,
        }
    }
}

/// What an external vendor's contract promises (`[vendors.NAME]`), in
/// business seconds, and how often staff and the user hear about a wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorTerms {
    /// The vendor's name as configured (and shown).
    pub name: String,
    /// How staff reach the vendor (an address, a portal), shown in reminders.
    pub contact: String,
    pub response_secs: i64,
    pub resolution_secs: i64,
    /// Remind staff to chase the vendor this often while the ticket waits.
    pub follow_up_secs: Option<i64>,
    /// Tell the user the ticket is still with the vendor this often.
    pub user_update_secs: Option<i64>,
}

impl VendorTerms {
    pub fn secs(&self, kind: ClockKind) -> Option<i64> {
        match kind {
            ClockKind::VendorResponse => Some(self.response_secs),
            ClockKind::VendorResolution => Some(self.resolution_secs),
            ClockKind::FirstResponse | ClockKind::Resolution | ClockKind::Callback => None,
        }
    }
}

/// The whole SLA policy from the `[sla]` configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaPolicy {
    pub targets: BTreeMap<(Level, Priority), Target>,
    pub calendar: Calendar,
    /// Fraction of a target after which the warning fires.
    pub warn_fraction: f64,
    /// Escalate to the next level when a clock breaches.
    pub auto_escalate: bool,
    /// Remind a user who has not answered a waiting-on-user ticket.
    pub remind_after_secs: Option<i64>,
    /// Close a waiting-on-user ticket after this much silence.
    pub close_silent_after_secs: Option<i64>,
    /// Close a resolved ticket the user never confirmed.
    pub close_resolved_after_secs: Option<i64>,
    /// The contracted vendors, by lowercase name.
    pub vendors: BTreeMap<String, VendorTerms>,
}

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Defaults for a small team working round the clock, as (first response,
/// resolution): lower levels answer faster; a vendor (L4) gets the most time.
/// (priority, first response, resolution) in seconds.
type TargetRow = [(Priority, i64, i64); 4];

const DEFAULT_TARGETS: [(Level, TargetRow); 4] = [
    (
        Level::L1,
        [
            (Priority::Urgent, 15 * MINUTE, 4 * HOUR),
            (Priority::High, HOUR, 8 * HOUR),
            (Priority::Normal, 4 * HOUR, DAY),
            (Priority::Low, 8 * HOUR, 3 * DAY),
        ],
    ),
    (
        Level::L2,
        [
            (Priority::Urgent, 30 * MINUTE, 8 * HOUR),
            (Priority::High, 2 * HOUR, DAY),
            (Priority::Normal, 8 * HOUR, 3 * DAY),
            (Priority::Low, DAY, 5 * DAY),
        ],
    ),
    (
        Level::L3,
        [
            (Priority::Urgent, HOUR, DAY),
            (Priority::High, 4 * HOUR, 3 * DAY),
            (Priority::Normal, DAY, 5 * DAY),
            (Priority::Low, 2 * DAY, 10 * DAY),
        ],
    ),
    (
        Level::L4,
        [
            (Priority::Urgent, 4 * HOUR, 3 * DAY),
            (Priority::High, DAY, 5 * DAY),
            (Priority::Normal, 2 * DAY, 10 * DAY),
            (Priority::Low, 3 * DAY, 20 * DAY),
        ],
    ),
];

impl Default for SlaPolicy {
    fn default() -> Self {
        let targets = DEFAULT_TARGETS
            .iter()
            .flat_map(|(level, row)| {
                row.iter().map(move |(priority, first_response_secs, resolution_secs)| {
                    (
                        (*level, *priority),
                        Target { first_response_secs: *first_response_secs, resolution_secs: *resolution_secs },
                    )
                })
            })
            .collect();
        SlaPolicy {
            targets,
            calendar: Calendar::Always,
            warn_fraction: 0.8,
            auto_escalate: false,
            remind_after_secs: Some(DAY),
            close_silent_after_secs: Some(3 * DAY),
            close_resolved_after_secs: Some(3 * DAY),
            vendors: BTreeMap::new(),
        }
    }
}

impl SlaPolicy {
    pub fn target(&self, level: Level, priority: Priority) -> Option<Target> {
        self.targets.get(&(level, priority)).copied()
    }

    /// The configured vendor called `name`, whatever its case.
    pub fn vendor(&self, name: &str) -> Option<&VendorTerms> {
        self.vendors.get(&name.to_lowercase())
    }

    /// Business seconds before `due` at which the warning fires.
    pub(super) fn warn_margin(&self, target_secs: i64) -> i64 {
        let fraction = self.warn_fraction.clamp(0.0, 1.0);
        ((1.0 - fraction) * target_secs as f64).round() as i64
    }
}

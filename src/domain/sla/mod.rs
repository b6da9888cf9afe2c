//! SLA policy maths: targets per level × priority, the business-hours
//! calendar the clocks count in, and how a ticket's two clocks (first
//! response, resolution) start, pause, resume, stop and re-target as the
//! ticket changes. Pure: every function takes `now`; the engine stores the
//! clocks as rows and a sweeper fires their warnings and breaches.

mod calendar;
mod policy;

use std::fmt;

use chrono::{DateTime, Utc};

use super::ids::{Level, Priority, TicketId};
use super::ticket::{Ticket, TicketEvent, TicketState};

pub use calendar::{plus_secs, BusinessHours, Calendar};
pub use policy::{SlaPolicy, Target, VendorTerms};

/// The promises a ticket carries: the team's two, and while it waits on an
/// external vendor, the vendor's contracted two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    FirstResponse,
    Resolution,
    VendorResponse,
    VendorResolution,
    /// A promised callback: runs from the start of its window, due at its end.
    Callback,
}

impl ClockKind {
    pub const ALL: [ClockKind; 5] = [
        ClockKind::FirstResponse,
        ClockKind::Resolution,
        ClockKind::VendorResponse,
        ClockKind::VendorResolution,
        ClockKind::Callback,
    ];
    /// The support team's own promises (what SLA compliance reports).
    pub const TEAM: [ClockKind; 2] = [ClockKind::FirstResponse, ClockKind::Resolution];
    pub const VENDOR: [ClockKind; 2] = [ClockKind::VendorResponse, ClockKind::VendorResolution];

    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::FirstResponse => "first_response",
            ClockKind::Resolution => "resolution",
            ClockKind::VendorResponse => "vendor_response",
            ClockKind::VendorResolution => "vendor_resolution",
            ClockKind::Callback => "callback",
        }
    }

    /// A vendor's contracted clock, not the team's.
    pub fn is_vendor(self) -> bool {
        ClockKind::VENDOR.contains(&self)
    }

    /// One of the team's two promises per level (what SLA compliance
    /// reports and a breach may escalate).
    pub fn is_team(self) -> bool {
        ClockKind::TEAM.contains(&self)
    }

    pub fn parse(s: &str) -> Option<ClockKind> {
        ClockKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// How staff alerts name the clock.
    pub fn label(self) -> &'static str {
        match self {
            ClockKind::FirstResponse => "first response",
            ClockKind::Resolution => "resolution",
            ClockKind::VendorResponse => "vendor response",
            ClockKind::VendorResolution => "vendor resolution",
            ClockKind::Callback => "callback",
        }
    }
}

impl std::str::FromStr for ClockKind {
    type Err = super::ids::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClockKind::parse(s).ok_or_else(|| {
            super::ids::ParseError::new(
                "SLA clock",
                s,
                "first_response, resolution, vendor_response, vendor_resolution or callback",
            )
        })
    }
}

impl fmt::Display for ClockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One clock of one ticket at one level, as stored. Each stint of a
/// ticket at a level has its own pair of clocks; when the ticket moves on
/// they are handed over and kept, so a breach at L1 stays a breach after
/// the ticket reached L2.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaClock {
    /// The stored row's id; `None` until it is first saved.
    pub id: Option<i64>,
    pub ticket: TicketId,
    pub kind: ClockKind,
    pub level: Level,
    pub priority: Priority,
    pub target_secs: i64,
    /// Business seconds left when the clock last started (or now, if paused).
    pub remaining_secs: i64,
    pub running_since: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub warn_at: Option<DateTime<Utc>>,
    pub warned_at: Option<DateTime<Utc>>,
    pub breached_at: Option<DateTime<Utc>>,
    /// The promise was kept or settled (first reply sent, ticket resolved or
    /// closed); a reopened ticket's resolution clock runs again.
    pub met_at: Option<DateTime<Utc>>,
    /// The ticket left this clock's level (or no target applied any more)
    /// before the promise was met: the clock stopped where it was.
    pub handed_over_at: Option<DateTime<Utc>>,
}

impl SlaClock {
    fn new(ticket: &Ticket, kind: ClockKind, secs: i64) -> SlaClock {
        SlaClock {
            id: None,
            ticket: ticket.id,
            kind,
            level: ticket.level,
            priority: ticket.priority,
            target_secs: secs,
            remaining_secs: secs,
            running_since: None,
            due_at: None,
            warn_at: None,
            warned_at: None,
            breached_at: None,
            met_at: None,
            handed_over_at: None,
        }
    }

    /// Whether this is one of the clocks running for the ticket's current
    /// stint (not one handed over by an earlier level).
    pub fn is_current(&self) -> bool {
        self.handed_over_at.is_none()
    }

    /// Stops the clock for good: the ticket left its level.
    fn hand_over(&mut self, calendar: &Calendar, now: DateTime<Utc>) {
        self.pause(calendar, now);
        self.handed_over_at.get_or_insert(now);
    }

    fn pause(&mut self, calendar: &Calendar, now: DateTime<Utc>) {
        if let Some(since) = self.running_since.take() {
            self.remaining_secs -= calendar.between(since, now);
        }
        self.due_at = None;
        self.warn_at = None;
    }

    fn start(&mut self, policy: &SlaPolicy, now: DateTime<Utc>) {
        if self.running_since.is_some() {
            return;
        }
        self.running_since = Some(now);
        self.due_at = Some(policy.calendar.add(now, self.remaining_secs));
        let before_warning = self.remaining_secs - policy.warn_margin(self.target_secs);
        self.warn_at = Some(if before_warning > 0 { policy.calendar.add(now, before_warning) } else { now });
    }

    /// Business seconds late at `now` (negative: time still left).
    pub fn late_secs(&self, calendar: &Calendar, now: DateTime<Utc>) -> i64 {
        match self.running_since {
            Some(since) => calendar.between(since, now) - self.remaining_secs,
            None => -self.remaining_secs,
        }
    }
}

/// Whether the ticket's state lets its clocks run (work is owed by staff).
fn clocks_run(state: TicketState) -> bool {
    matches!(state, TicketState::Open | TicketState::Assigned | TicketState::InProgress)
}

/// The clocks of `after` once `event` moved it from `before` (`None` for a
/// new ticket). `clocks` are all the ticket's stored clocks, those of
/// earlier levels too; the result is every clock as it must now be stored.
/// A level change hands the current clocks over and starts new ones for
/// the new level; L0 tickets and level × priority pairs without a target
/// carry no running clock.
pub fn advance(
    policy: &SlaPolicy,
    before: Option<&Ticket>,
    after: &Ticket,
    event: &TicketEvent,
    mut clocks: Vec<SlaClock>,
    now: DateTime<Utc>,
) -> Vec<SlaClock> {
    if before.is_some_and(|b| b.level != after.level) {
        // A new level is a new team with its own promise; the old team's
        // clocks stop where they are, a breach staying a breach.
        // A promised callback is the customer's appointment, kept across levels.
        for clock in clocks.iter_mut().filter(|c| c.is_current() && c.kind != ClockKind::Callback) {
            clock.hand_over(&policy.calendar, now);
        }
    }
    let target = policy.target(after.level, after.priority);
    for kind in ClockKind::TEAM {
        let current = clocks.iter().position(|c| c.kind == kind && c.is_current());
        let Some(target) = target else {
            // No promise at this level × priority: what ran stops.
            if let Some(i) = current {
                clocks[i].hand_over(&policy.calendar, now);
            }
            continue;
        };
        let i = current.unwrap_or_else(|| {
            clocks.push(SlaClock::new(after, kind, target.secs(kind)));
            clocks.len() - 1
        });
        let clock = &mut clocks[i];
        if clock.priority != after.priority || clock.target_secs != target.secs(kind) {
            clock.pause(&policy.calendar, now);
            clock.remaining_secs += target.secs(kind) - clock.target_secs;
            clock.target_secs = target.secs(kind);
            clock.priority = after.priority;
        }
        match (kind, event) {
            (ClockKind::FirstResponse, TicketEvent::AgentReplied { .. })
            | (ClockKind::Resolution, TicketEvent::Resolved { .. }) => {
                clock.pause(&policy.calendar, now);
                clock.met_at.get_or_insert(now);
            }
            (ClockKind::Resolution, TicketEvent::Reopened { .. }) => clock.met_at = None,
            _ => {}
        }
        if after.state == TicketState::Closed {
            clock.met_at.get_or_insert(now);
        }
        if clock.met_at.is_none() && clocks_run(after.state) {
            clock.start(policy, now);
        } else {
            clock.pause(&policy.calendar, now);
        }
    }
    advance_vendor(policy, after, event, &mut clocks, now);
    if !after.state.is_active() {
        // Nobody calls about a resolved or closed ticket.
        for clock in clocks.iter_mut().filter(|c| c.is_current() && c.kind == ClockKind::Callback) {
            clock.hand_over(&policy.calendar, now);
        }
    }
    clocks
}

/// The clock of a callback promised for `window`: it runs (in wall time,
/// the user's appointment) from the window's start and is due at its end,
/// the warning at the policy's fraction of the window.
pub fn callback_clock(
    policy: &SlaPolicy,
    ticket: &Ticket,
    window: &crate::domain::callback::CallbackWindow,
) -> SlaClock {
    let secs = window.secs();
    let mut clock = SlaClock::new(ticket, ClockKind::Callback, secs);
    clock.running_since = Some(window.start);
    clock.due_at = Some(window.end);
    clock.warn_at = Some(calendar::plus_secs(window.start, secs - policy.warn_margin(secs)));
    clock
}

/// Stops a callback's clock: met when the call was made, merely stopped
/// when the window was given up (rescheduled, cancelled).
pub fn settle_callback_clock(clock: &mut SlaClock, called: bool, now: DateTime<Utc>) {
    if called {
        clock.met_at.get_or_insert(now);
    }
    clock.running_since = None;
    clock.due_at = None;
    clock.warn_at = None;
    clock.handed_over_at.get_or_insert(now);
}

/// The vendor's clocks: a contracted vendor's pair starts when the ticket
/// begins to wait on it; a `/vendor update` meets the response clock; the
/// end of the wait retires both, met if the vendor delivered (the ticket
/// resumed or was resolved), merely stopped otherwise.
fn advance_vendor(
    policy: &SlaPolicy,
    after: &Ticket,
    event: &TicketEvent,
    clocks: &mut Vec<SlaClock>,
    now: DateTime<Utc>,
) {
    let waiting = after.state == TicketState::WaitingOnVendor;
    let terms = after.vendor.as_deref().and_then(|name| policy.vendor(name));
    let delivered = matches!(event, TicketEvent::Resumed | TicketEvent::Resolved { .. });
    for kind in ClockKind::VENDOR {
        let current = clocks.iter().position(|c| c.kind == kind && c.is_current());
        match (current, waiting) {
            (None, true) => {
                if let Some(secs) = terms.and_then(|t| t.secs(kind)) {
                    let mut clock = SlaClock::new(after, kind, secs);
                    clock.start(policy, now);
                    clocks.push(clock);
                }
            }
            (Some(i), true) => {
                if kind == ClockKind::VendorResponse && matches!(event, TicketEvent::VendorUpdated { .. }) {
                    clocks[i].pause(&policy.calendar, now);
                    clocks[i].met_at.get_or_insert(now);
                }
            }
            (Some(i), false) => {
                if delivered {
                    clocks[i].met_at.get_or_insert(now);
                }
                clocks[i].hand_over(&policy.calendar, now);
            }
            (None, false) => {}
        }
    }
}

/// Timers of the ticket besides its SLA clocks: reminders and auto-closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimerKind {
    /// Nudge a user who has not answered the agent's question.
    RemindUser,
    /// Close a waiting-on-user ticket after the configured silence.
    CloseSilent,
    /// Close a resolved ticket nobody confirmed.
    CloseResolved,
    /// Remind staff to chase the vendor a ticket waits on.
    VendorFollowUp,
    /// Tell the user their ticket is still with the vendor.
    VendorUserUpdate,
    /// Offer an auto-assigned ticket its agent has not picked up to the next.
    OfferNext,
}

impl TimerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TimerKind::RemindUser => "remind_user",
            TimerKind::CloseSilent => "close_silent",
            TimerKind::CloseResolved => "close_resolved",
            TimerKind::VendorFollowUp => "vendor_follow_up",
            TimerKind::VendorUserUpdate => "vendor_user_update",
            TimerKind::OfferNext => "offer_next",
        }
    }

    pub const ALL: [TimerKind; 6] = [
        TimerKind::RemindUser,
        TimerKind::CloseSilent,
        TimerKind::CloseResolved,
        TimerKind::VendorFollowUp,
        TimerKind::VendorUserUpdate,
        TimerKind::OfferNext,
    ];

    pub fn parse(s: &str) -> Option<TimerKind> {
        TimerKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The ticket state the timer was set for; it is stale in any other.
    pub fn state(self) -> TicketState {
        match self {
            TimerKind::RemindUser | TimerKind::CloseSilent => TicketState::WaitingOnUser,
            TimerKind::CloseResolved => TicketState::Resolved,
            TimerKind::VendorFollowUp | TimerKind::VendorUserUpdate => TicketState::WaitingOnVendor,
            TimerKind::OfferNext => TicketState::Assigned,
        }
    }
}

/// The timers a ticket that just entered its state needs. Silence is
/// counted in wall-clock time: users answer on their own schedule.
pub fn timers_for(policy: &SlaPolicy, ticket: &Ticket, now: DateTime<Utc>) -> Vec<(TimerKind, DateTime<Utc>)> {
    let at = |secs: Option<i64>, kind: TimerKind| secs.map(|s| (kind, calendar::plus_secs(now, s)));
    match ticket.state {
        TicketState::WaitingOnUser => [
            at(policy.remind_after_secs, TimerKind::RemindUser),
            at(policy.close_silent_after_secs, TimerKind::CloseSilent),
        ]
        .into_iter()
        .flatten()
        .collect(),
        TicketState::Resolved => at(policy.close_resolved_after_secs, TimerKind::CloseResolved).into_iter().collect(),
        TicketState::WaitingOnVendor => {
            let Some(terms) = ticket.vendor.as_deref().and_then(|name| policy.vendor(name)) else {
                return Vec::new();
            };
            [TimerKind::VendorFollowUp, TimerKind::VendorUserUpdate]
                .into_iter()
                .filter_map(|kind| Some((kind, next_vendor_timer(policy, terms, kind, now)?)))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// When a vendor timer fires next after `now`: staff follow-ups count in
/// business time (nobody chases a vendor on a Sunday), the user's updates
/// in calendar time (a user waits on Sundays too).
pub fn next_vendor_timer(
    policy: &SlaPolicy,
    terms: &VendorTerms,
    kind: TimerKind,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match kind {
        TimerKind::VendorFollowUp => terms.follow_up_secs.map(|secs| policy.calendar.add(now, secs)),
        TimerKind::VendorUserUpdate => terms.user_update_secs.map(|secs| calendar::plus_secs(now, secs)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

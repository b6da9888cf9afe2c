//! The ticket state machine of DESIGN.md. Every change is a `TicketEvent`;
//! `Ticket::apply` is the only way to get a changed ticket, so the ticket row
//! is always a projection of its events and invalid transitions cannot happen.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{Channel, ContactId, Level, ParseError, Priority, TicketId};
use super::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Open,
    Assigned,
    InProgress,
    WaitingOnUser,
    WaitingOnVendor,
    Resolved,
    Closed,
}

impl TicketState {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Open => "open",
            TicketState::Assigned => "assigned",
            TicketState::InProgress => "in_progress",
            TicketState::WaitingOnUser => "waiting_on_user",
            TicketState::WaitingOnVendor => "waiting_on_vendor",
            TicketState::Resolved => "resolved",
            TicketState::Closed => "closed",
        }
    }

    /// Work is still owed on the ticket (agents can act, SLA may run).
    pub fn is_active(self) -> bool {
        !matches!(self, TicketState::Resolved | TicketState::Closed)
    }
}

impl fmt::Display for TicketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TicketState {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "open" => TicketState::Open,
            "assigned" => TicketState::Assigned,
            "in_progress" => TicketState::InProgress,
            "waiting_on_user" => TicketState::WaitingOnUser,
            "waiting_on_vendor" => TicketState::WaitingOnVendor,
            "resolved" => TicketState::Resolved,
            "closed" => TicketState::Closed,
            _ => {
                return Err(ParseError {
                    what: "ticket state",
                    input: s.chars().take(40).collect(),
                    expected: "a ticket state",
                })
            }
        })
    }
}

/// Something that happened to a ticket. Stored as a `ticket_events` row with
/// its actor and time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TicketEvent {
    Opened {
        level: Level,
        priority: Priority,
        subject: String,
    },
    Claimed {
        agent: String,
    },
    Unclaimed,
    AgentReplied {
        agent: String,
    },
    UserReplied,
    NoteAdded {
        agent: String,
    },
    PriorityChanged {
        priority: Priority,
    },
    Escalated {
        to: Level,
        reason: String,
    },
    Deescalated {
        to: Level,
    },
    WaitingOnUser,
    WaitingOnVendor {
        vendor: String,
        reference: String,
    },
    /// Level 4 is reached only after consulting the customer: the ticket
    /// waits on the user's consent to share its details with the vendor.
    VendorConsentAsked {
        vendor: String,
        reference: String,
        reason: String,
    },
    /// The user's answer; a refusal keeps the ticket at its level.
    VendorConsent {
        vendor: String,
        given: bool,
    },
    /// What the vendor said while the ticket waits on them.
    VendorUpdated {
        text: String,
        /// The words were relayed to the user too.
        told_user: bool,
    },
    /// Level 2 offers a remote session; `code` is what staff gave the user
    /// to enter, kept masked.
    RemoteOffered {
        tool: String,
        code: Option<String>,
    },
    RemoteConsent {
        tool: String,
        given: bool,
    },
    /// The session began (the user's code reached staff, or the user
    /// agreed to enter staff's).
    RemoteStarted {
        tool: String,
    },
    RemoteEnded {
        tool: String,
        summary: Option<String>,
    },
    /// Level 2's callback: `phone` is masked (the number is on the
    /// callback's row, for staff).
    CallbackRequested {
        phone: String,
        window: crate::domain::callback::CallbackWindow,
        note: Option<String>,
    },
    CallbackDone {
        outcome: Option<String>,
    },
    /// The team called and nobody answered.
    CallbackMissed,
    /// Staff asked the user for another window.
    CallbackRescheduled,
    /// The user withdrew it and their number.
    CallbackCancelled,
    TagAdded {
        tag: String,
    },
    TagRemoved {
        tag: String,
    },
    Resumed,
    Resolved {
        summary: String,
    },
    Reopened {
        reason: String,
    },
    Closed {
        reason: String,
    },
    Rated {
        score: u8,
        comment: Option<String>,
    },
    /// The optional comment the user adds after rating.
    RatingCommented {
        comment: String,
    },
}

impl TicketEvent {
    pub fn kind(&self) -> &'static str {
        match self {
            TicketEvent::Opened { .. } => "opened",
            TicketEvent::Claimed { .. } => "claimed",
            TicketEvent::Unclaimed => "unclaimed",
            TicketEvent::AgentReplied { .. } => "agent_replied",
            TicketEvent::UserReplied => "user_replied",
            TicketEvent::NoteAdded { .. } => "note_added",
            TicketEvent::PriorityChanged { .. } => "priority_changed",
            TicketEvent::Escalated { .. } => "escalated",
            TicketEvent::Deescalated { .. } => "deescalated",
            TicketEvent::WaitingOnUser => "waiting_on_user",
            TicketEvent::WaitingOnVendor { .. } => "waiting_on_vendor",
            TicketEvent::VendorConsentAsked { .. } => "vendor_consent_asked",
            TicketEvent::VendorConsent { .. } => "vendor_consent",
            TicketEvent::VendorUpdated { .. } => "vendor_updated",
            TicketEvent::RemoteOffered { .. } => "remote_offered",
            TicketEvent::RemoteConsent { .. } => "remote_consent",
            TicketEvent::RemoteStarted { .. } => "remote_started",
            TicketEvent::RemoteEnded { .. } => "remote_ended",
            TicketEvent::CallbackRequested { .. } => "callback_requested",
            TicketEvent::CallbackDone { .. } => "callback_done",
            TicketEvent::CallbackMissed => "callback_missed",
            TicketEvent::CallbackRescheduled => "callback_rescheduled",
            TicketEvent::CallbackCancelled => "callback_cancelled",
            TicketEvent::TagAdded { .. } => "tag_added",
            TicketEvent::TagRemoved { .. } => "tag_removed",
            TicketEvent::Resumed => "resumed",
            TicketEvent::Resolved { .. } => "resolved",
            TicketEvent::Reopened { .. } => "reopened",
            TicketEvent::Closed { .. } => "closed",
            TicketEvent::Rated { .. } => "rated",
            TicketEvent::RatingCommented { .. } => "rating_commented",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("ticket is {state}; `{event}` is not allowed then")]
    NotAllowed { state: TicketState, event: &'static str },
    #[error("ticket is already at {current}; it can only be escalated to a higher level")]
    NotHigher { current: Level },
    #[error("ticket is at {current}; it can only be de-escalated to a lower staffed level")]
    NotLower { current: Level },
    #[error("a rating is a whole number from 1 to 5")]
    RatingOutOfRange,
    #[error("the ticket was already rated")]
    AlreadyRated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub contact: ContactId,
    pub channel: Channel,
    pub lang: Lang,
    pub level: Level,
    pub priority: Priority,
    pub state: TicketState,
    pub assignee: Option<String>,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub csat: Option<u8>,
    pub vendor: Option<String>,
    pub vendor_reference: Option<String>,
    /// Optimistic concurrency: bumped on every applied event.
    pub version: i64,
}

impl Ticket {
    /// A ticket as it is right after `TicketEvent::Opened`.
    #[allow(clippy::too_many_arguments)]
    pub fn opened(
        id: TicketId,
        contact: ContactId,
        channel: Channel,
        lang: Lang,
        level: Level,
        priority: Priority,
        subject: String,
        now: DateTime<Utc>,
    ) -> Ticket {
        Ticket {
            id,
            contact,
            channel,
            lang,
            level,
            priority,
            state: TicketState::Open,
            assignee: None,
            subject,
            created_at: now,
            updated_at: now,
            first_response_at: None,
            resolved_at: None,
            closed_at: None,
            csat: None,
            vendor: None,
            vendor_reference: None,
            version: 1,
        }
    }

    /// The user was asked to let the ticket go to its vendor and has not
    /// answered yet.
    pub fn awaits_vendor_consent(&self) -> bool {
        self.state == TicketState::WaitingOnUser && self.level < Level::L4 && self.vendor.is_some()
    }

    /// Applies one event, returning the new ticket or why it cannot happen.
    pub fn apply(&self, event: &TicketEvent, now: DateTime<Utc>) -> Result<Ticket, TransitionError> {
        use TicketEvent as E;
        use TicketState as S;
        let refuse = || TransitionError::NotAllowed { state: self.state, event: event.kind() };
        let mut next = self.clone();
        match event {
            E::Opened { .. } => return Err(refuse()),
            E::Claimed { agent } => {
                if !self.state.is_active() {
                    return Err(refuse());
                }
                next.assignee = Some(agent.clone());
                if self.state == S::Open {
                    next.state = S::Assigned;
                }
            }
            E::Unclaimed => {
                if !matches!(self.state, S::Assigned | S::InProgress) {
                    return Err(refuse());
                }
                next.assignee = None;
                next.state = S::Open;
            }
            E::AgentReplied { agent } => {
                if !self.state.is_active() {
                    return Err(refuse());
                }
                next.first_response_at.get_or_insert(now);
                if next.assignee.is_none() {
                    next.assignee = Some(agent.clone());
                }
                if self.state != S::WaitingOnVendor {
                    next.state = S::InProgress;
                }
            }
            E::UserReplied => match self.state {
                S::Closed => return Err(refuse()),
                // Only the consent buttons answer a consent question.
                S::WaitingOnUser if self.awaits_vendor_consent() => {}
                S::WaitingOnUser => next.state = S::InProgress,
                _ => {}
            },
            E::NoteAdded { .. } | E::PriorityChanged { .. } | E::TagAdded { .. } | E::TagRemoved { .. } => {
                if self.state == S::Closed {
                    return Err(refuse());
                }
                if let E::PriorityChanged { priority } = event {
                    next.priority = *priority;
                }
            }
            E::Escalated { to, .. } => {
                if !self.state.is_active() {
                    return Err(refuse());
                }
                if *to <= self.level {
                    return Err(TransitionError::NotHigher { current: self.level });
                }
                next.level = *to;
                next.assignee = None;
                next.state = S::Open;
                if self.awaits_vendor_consent() {
                    // Staff changed course: the question to the user is moot.
                    next.vendor = None;
                    next.vendor_reference = None;
                }
            }
            E::Deescalated { to } => {
                if !self.state.is_active() {
                    return Err(refuse());
                }
                if *to >= self.level || *to == Level::L0 {
                    return Err(TransitionError::NotLower { current: self.level });
                }
                next.level = *to;
                next.assignee = None;
                next.state = S::Open;
                next.vendor = None;
                next.vendor_reference = None;
            }
            E::WaitingOnUser => {
                if !self.state.is_active() || self.state == S::WaitingOnUser {
                    return Err(refuse());
                }
                next.state = S::WaitingOnUser;
                if self.level < Level::L4 {
                    // A plain question: no earlier supplier wait below L4
                    // may make it read as a consent question.
                    next.vendor = None;
                    next.vendor_reference = None;
                }
            }
            E::WaitingOnVendor { vendor, reference } => {
                if !self.state.is_active() {
                    return Err(refuse());
                }
                next.state = S::WaitingOnVendor;
                next.vendor = Some(vendor.clone());
                next.vendor_reference = Some(reference.clone());
            }
            E::VendorConsentAsked { vendor, reference, .. } => {
                if !self.state.is_active() || self.level >= Level::L4 {
                    return Err(refuse());
                }
                next.state = S::WaitingOnUser;
                next.vendor = Some(vendor.clone());
                next.vendor_reference = Some(reference.clone());
            }
            E::VendorConsent { vendor, given } => {
                if !self.awaits_vendor_consent() || self.vendor.as_deref() != Some(vendor.as_str()) {
                    return Err(refuse());
                }
                if !given {
                    next.vendor = None;
                    next.vendor_reference = None;
                    next.state = S::InProgress;
                }
            }
            E::RemoteOffered { .. }
            | E::RemoteConsent { .. }
            | E::RemoteStarted { .. }
            | E::RemoteEnded { .. }
            | E::CallbackRequested { .. }
            | E::CallbackDone { .. }
            | E::CallbackMissed
            | E::CallbackRescheduled
            | E::CallbackCancelled => {
                // Remote help and callbacks happen while work is owed, at any level.
                if !self.state.is_active() {
                    return Err(refuse());
                }
            }
            E::VendorUpdated { .. } => {
                if self.state != S::WaitingOnVendor {
                    return Err(refuse());
                }
            }
            E::Resumed => {
                if !matches!(self.state, S::WaitingOnUser | S::WaitingOnVendor) {
                    return Err(refuse());
                }
                next.state = S::InProgress;
                if self.level < Level::L4 {
                    // Back in the team's hands; the vendor stays on record
                    // only at L4, where the ticket went to it.
                    next.vendor = None;
                    next.vendor_reference = None;
                }
            }
            E::Resolved { .. } => {
                if !self.state.is_active() {
                    return Err(refuse());
                }
                next.state = S::Resolved;
                next.resolved_at = Some(now);
            }
            E::Reopened { .. } => {
                if self.state.is_active() {
                    return Err(refuse());
                }
                next.state = S::Open;
                next.resolved_at = None;
                next.closed_at = None;
                next.csat = None;
            }
            E::Closed { .. } => {
                if self.state == S::Closed {
                    return Err(refuse());
                }
                next.state = S::Closed;
                next.closed_at = Some(now);
            }
            E::Rated { score, .. } => {
                if self.state != S::Closed {
                    return Err(refuse());
                }
                if !(1..=5).contains(score) {
                    return Err(TransitionError::RatingOutOfRange);
                }
                if self.csat.is_some() {
                    return Err(TransitionError::AlreadyRated);
                }
                next.csat = Some(*score);
            }
            E::RatingCommented { .. } => {
                if self.state != S::Closed || self.csat.is_none() {
                    return Err(refuse());
                }
            }
        }
        next.updated_at = now;
        next.version += 1;
        Ok(next)
    }
}

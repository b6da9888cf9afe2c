use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use super::*;
use crate::domain::{Channel, ContactId, Lang};

const HOUR: i64 = 3600;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn policy(calendar: Calendar) -> SlaPolicy {
    let mut targets = BTreeMap::new();
    targets.insert((Level::L1, Priority::Normal), Target { first_response_secs: 4 * HOUR, resolution_secs: 24 * HOUR });
    targets.insert((Level::L1, Priority::Urgent), Target { first_response_secs: HOUR, resolution_secs: 4 * HOUR });
    targets.insert((Level::L2, Priority::Normal), Target { first_response_secs: 8 * HOUR, resolution_secs: 72 * HOUR });
    SlaPolicy {
        targets,
        calendar,
        warn_fraction: 0.8,
        auto_escalate: false,
        remind_after_secs: Some(24 * HOUR),
        close_silent_after_secs: Some(72 * HOUR),
        close_resolved_after_secs: None,
        vendors: BTreeMap::new(),
    }
}

fn lisbon_office() -> Calendar {
    Calendar::BusinessHours(BusinessHours {
        time_zone: chrono_tz::Europe::Lisbon,
        days: [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri].into_iter().collect(),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        holidays: BTreeSet::from([NaiveDate::from_ymd_opt(2026, 12, 8).unwrap()]),
    })
}

fn ticket(now: DateTime<Utc>) -> Ticket {
    Ticket::opened(TicketId(7), ContactId(1), Channel::Console, Lang::Pt, Level::L1, Priority::Normal, "x".into(), now)
}

/// Applies `event` to `ticket` and advances its clocks, like the engine.
fn step(
    policy: &SlaPolicy,
    ticket: &Ticket,
    clocks: Vec<SlaClock>,
    event: TicketEvent,
    now: DateTime<Utc>,
) -> (Ticket, Vec<SlaClock>) {
    let next = ticket.apply(&event, now).unwrap();
    let clocks = advance(policy, Some(ticket), &next, &event, clocks, now);
    (next, clocks)
}

/// The ticket's current clock of `kind` (not one an earlier level handed over).
fn clock(clocks: &[SlaClock], kind: ClockKind) -> &SlaClock {
    clocks.iter().find(|c| c.kind == kind && c.is_current()).unwrap()
}

fn opened(policy: &SlaPolicy, now: DateTime<Utc>) -> (Ticket, Vec<SlaClock>) {
    let t = ticket(now);
    let event = TicketEvent::Opened { level: t.level, priority: t.priority, subject: "x".into() };
    let clocks = advance(policy, None, &t, &event, Vec::new(), now);
    (t, clocks)
}

#[test]
fn round_the_clock_targets_fall_due_after_the_target_with_the_warning_at_80_percent() {
    let policy = policy(Calendar::Always);
    let now = at("2026-11-23T10:00:00Z");
    let (_, clocks) = opened(&policy, now);
    let first = clock(&clocks, ClockKind::FirstResponse);
    assert_eq!(first.due_at, Some(now + Duration::hours(4)));
    assert_eq!(first.warn_at, Some(now + Duration::minutes(192)));
    assert_eq!(clock(&clocks, ClockKind::Resolution).due_at, Some(now + Duration::hours(24)));
}

#[test]
fn business_hours_skip_nights_weekends_and_holidays_in_the_office_time_zone() {
    let office = lisbon_office();
    // Friday 2026-12-04 17:00 Lisbon (UTC+0 in winter): 1 h left that day,
    // then Monday 7th from 09:00; Tuesday 8th is a holiday.
    let friday = at("2026-12-04T17:00:00Z");
    assert_eq!(office.add(friday, 2 * HOUR), at("2026-12-07T10:00:00Z"));
    assert_eq!(office.add(friday, 10 * HOUR), at("2026-12-07T18:00:00Z"));
    assert_eq!(office.add(friday, 11 * HOUR), at("2026-12-09T10:00:00Z"));
    assert_eq!(office.between(friday, at("2026-12-09T10:00:00Z")), 11 * HOUR);
    // Summer time: Lisbon is UTC+1, so 09:00 local is 08:00 UTC.
    let saturday = at("2026-07-04T12:00:00Z");
    assert_eq!(office.add(saturday, HOUR), at("2026-07-06T09:00:00Z"));
}

#[test]
fn waiting_on_the_user_pauses_the_clocks_and_resuming_moves_the_due_time_by_the_pause() {
    let policy = policy(Calendar::Always);
    let t0 = at("2026-11-23T10:00:00Z");
    let (t, clocks) = opened(&policy, t0);
    let (t, clocks) = step(&policy, &t, clocks, TicketEvent::WaitingOnUser, t0 + Duration::hours(1));
    let paused = clock(&clocks, ClockKind::FirstResponse);
    assert_eq!((paused.due_at, paused.remaining_secs), (None, 3 * HOUR));
    let (_, clocks) = step(&policy, &t, clocks, TicketEvent::UserReplied, t0 + Duration::hours(6));
    assert_eq!(clock(&clocks, ClockKind::FirstResponse).due_at, Some(t0 + Duration::hours(9)));
    assert_eq!(clock(&clocks, ClockKind::Resolution).due_at, Some(t0 + Duration::hours(29)));
}

#[test]
fn an_agent_reply_meets_the_first_response_clock_and_resolving_meets_the_resolution_clock() {
    let policy = policy(Calendar::Always);
    let t0 = at("2026-11-23T10:00:00Z");
    let (t, clocks) = opened(&policy, t0);
    let reply = TicketEvent::AgentReplied { agent: "ana".into() };
    let (t, clocks) = step(&policy, &t, clocks, reply, t0 + Duration::minutes(30));
    let first = clock(&clocks, ClockKind::FirstResponse);
    assert_eq!((first.met_at, first.due_at), (Some(t0 + Duration::minutes(30)), None));
    assert!(clock(&clocks, ClockKind::Resolution).due_at.is_some());
    let resolve = TicketEvent::Resolved { summary: "done".into() };
    let (t, clocks) = step(&policy, &t, clocks, resolve, t0 + Duration::hours(2));
    let resolution = clock(&clocks, ClockKind::Resolution);
    assert_eq!((resolution.due_at, resolution.remaining_secs), (None, 22 * HOUR));
    // Not fixed after all: the resolution promise runs on from where it stopped.
    let reopen = TicketEvent::Reopened { reason: "still broken".into() };
    let (_, clocks) = step(&policy, &t, clocks, reopen, t0 + Duration::hours(5));
    let resolution = clock(&clocks, ClockKind::Resolution);
    assert_eq!((resolution.met_at, resolution.due_at), (None, Some(t0 + Duration::hours(27))));
    assert!(clock(&clocks, ClockKind::FirstResponse).met_at.is_some());
}

#[test]
fn escalating_gives_the_new_level_its_own_targets_and_clears_earlier_alerts() {
    let policy = policy(Calendar::Always);
    let t0 = at("2026-11-23T10:00:00Z");
    let (t, mut clocks) = opened(&policy, t0);
    clocks.iter_mut().for_each(|c| c.warned_at = Some(t0 + Duration::hours(3)));
    let escalate = TicketEvent::Escalated { to: Level::L2, reason: "db".into() };
    let later = t0 + Duration::hours(3);
    let (_, clocks) = step(&policy, &t, clocks, escalate, later);
    let first = clock(&clocks, ClockKind::FirstResponse);
    assert_eq!((first.level, first.warned_at, first.due_at), (Level::L2, None, Some(later + Duration::hours(8))));
    // The L1 clocks are kept, stopped, with their alerts: history is not rewritten.
    let handed: Vec<_> = clocks.iter().filter(|c| !c.is_current()).collect();
    assert_eq!(handed.len(), 2);
    assert!(handed.iter().all(|c| c.level == Level::L1 && c.warned_at.is_some() && c.due_at.is_none()));
    assert!(handed.iter().all(|c| c.handed_over_at == Some(later) && c.met_at.is_none()));
}

#[test]
fn a_breach_at_one_level_stays_a_breach_after_escalation_and_deescalation() {
    let policy = policy(Calendar::Always);
    let t0 = at("2026-11-23T10:00:00Z");
    let (t, mut clocks) = opened(&policy, t0);
    clocks.iter_mut().for_each(|c| c.breached_at = Some(t0 + Duration::hours(5)));
    let (t, clocks) = step(
        &policy,
        &t,
        clocks,
        TicketEvent::Escalated { to: Level::L2, reason: "db".into() },
        t0 + Duration::hours(6),
    );
    let (t, clocks) = step(&policy, &t, clocks, TicketEvent::Deescalated { to: Level::L1 }, t0 + Duration::hours(7));
    let (_, clocks) =
        step(&policy, &t, clocks, TicketEvent::AgentReplied { agent: "Rui".into() }, t0 + Duration::hours(8));
    assert_eq!(clocks.len(), 6, "three stints, two clocks each: {clocks:#?}");
    let breached: Vec<_> = clocks.iter().filter(|c| c.breached_at.is_some()).collect();
    assert_eq!(breached.len(), 2, "the first L1 stint's breaches are kept");
    assert!(breached.iter().all(|c| c.level == Level::L1 && c.handed_over_at.is_some()));
    assert_eq!(
        clock(&clocks, ClockKind::FirstResponse).met_at,
        Some(t0 + Duration::hours(8)),
        "the new L1 stint's reply"
    );
}

#[test]
fn raising_the_priority_shortens_the_running_promise_by_the_difference_in_targets() {
    let policy = policy(Calendar::Always);
    let t0 = at("2026-11-23T10:00:00Z");
    let (t, clocks) = opened(&policy, t0);
    let urgent = TicketEvent::PriorityChanged { priority: Priority::Urgent };
    let (_, clocks) = step(&policy, &t, clocks, urgent, t0 + Duration::minutes(30));
    // 4 h target with 30 min used → 1 h target with 30 min used.
    assert_eq!(clock(&clocks, ClockKind::FirstResponse).due_at, Some(t0 + Duration::hours(1)));
    assert_eq!(clock(&clocks, ClockKind::Resolution).due_at, Some(t0 + Duration::hours(4)));
}

#[test]
fn a_level_and_priority_without_a_target_carries_no_running_clock() {
    let policy = policy(Calendar::Always);
    let t0 = at("2026-11-23T10:00:00Z");
    let (t, clocks) = opened(&policy, t0);
    let low = TicketEvent::PriorityChanged { priority: Priority::Low };
    let (_, clocks) = step(&policy, &t, clocks, low, t0 + Duration::minutes(5));
    // Stopped, not counted as kept: nobody met a promise.
    assert!(clocks.iter().all(|c| c.due_at.is_none() && c.met_at.is_none() && c.handed_over_at.is_some()));
}

#[test]
fn waiting_on_the_user_sets_a_reminder_and_a_silence_close_and_other_states_none() {
    let policy = policy(Calendar::Always);
    let t0 = at("2026-11-23T10:00:00Z");
    let waiting = ticket(t0).apply(&TicketEvent::WaitingOnUser, t0).unwrap();
    assert_eq!(
        timers_for(&policy, &waiting, t0),
        vec![(TimerKind::RemindUser, t0 + Duration::hours(24)), (TimerKind::CloseSilent, t0 + Duration::hours(72))]
    );
    assert!(timers_for(&policy, &ticket(t0), t0).is_empty());
}

#[test]
fn the_next_opening_skips_nights_weekends_and_holidays() {
    use chrono::TimeZone;
    let Calendar::BusinessHours(hours) = lisbon_office() else { unreachable!() };
    // Monday 2026-11-23 at 10:00 Lisbon: open now.
    assert_eq!(hours.next_opening(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()), None);
    // Friday evening: Monday 09:00.
    let friday = Utc.with_ymd_and_hms(2026, 11, 27, 19, 0, 0).unwrap();
    assert_eq!(hours.next_opening(friday), Some(Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap()));
    // Before dawn on a working day: the same morning.
    let early = Utc.with_ymd_and_hms(2026, 11, 24, 6, 0, 0).unwrap();
    assert_eq!(hours.next_opening(early), Some(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()));
    // Monday evening before the 8 December holiday: Wednesday.
    let before_holiday = Utc.with_ymd_and_hms(2026, 12, 7, 19, 0, 0).unwrap();
    assert_eq!(hours.next_opening(before_holiday), Some(Utc.with_ymd_and_hms(2026, 12, 9, 9, 0, 0).unwrap()));
}

//! Specifications of the ticket life cycle: open → assigned → in_progress ⇄
//! waiting → resolved → closed, with reopening and escalation.

use chrono::{DateTime, TimeZone, Utc};
use escala::domain::*;
use proptest::prelude::*;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, minute, 0).unwrap()
}

fn new_ticket() -> Ticket {
    Ticket::opened(
        TicketId(1),
        ContactId(7),
        Channel::Console,
        Lang::Pt,
        Level::L1,
        Priority::Normal,
        "não consigo entrar".into(),
        at(0),
    )
}

fn agent(name: &str) -> String {
    name.to_string()
}

#[test]
fn a_claimed_ticket_moves_to_in_progress_on_the_first_agent_reply() {
    let t = new_ticket().apply(&TicketEvent::Claimed { agent: agent("ana") }, at(1)).unwrap();
    assert_eq!(t.state, TicketState::Assigned);
    let t = t.apply(&TicketEvent::AgentReplied { agent: agent("ana") }, at(5)).unwrap();
    assert_eq!(t.state, TicketState::InProgress);
    assert_eq!(t.first_response_at, Some(at(5)));
    assert_eq!(t.version, 3);
}

#[test]
fn the_first_response_time_is_kept_from_the_first_reply() {
    let t = new_ticket()
        .apply(&TicketEvent::AgentReplied { agent: agent("ana") }, at(2))
        .and_then(|t| t.apply(&TicketEvent::AgentReplied { agent: agent("rui") }, at(9)))
        .unwrap();
    assert_eq!(t.first_response_at, Some(at(2)));
    assert_eq!(t.assignee.as_deref(), Some("ana"));
}

#[test]
fn a_user_reply_resumes_a_ticket_waiting_on_the_user() {
    let t = new_ticket().apply(&TicketEvent::WaitingOnUser, at(1)).unwrap();
    let t = t.apply(&TicketEvent::UserReplied, at(2)).unwrap();
    assert_eq!(t.state, TicketState::InProgress);
}

#[test]
fn escalation_only_goes_up_and_leaves_the_ticket_unassigned_at_the_new_level() {
    let t = new_ticket().apply(&TicketEvent::Claimed { agent: agent("ana") }, at(1)).unwrap();
    let t = t.apply(&TicketEvent::Escalated { to: Level::L2, reason: "logs needed".into() }, at(2)).unwrap();
    assert_eq!((t.level, t.state, t.assignee.clone()), (Level::L2, TicketState::Open, None));
    let err = t.apply(&TicketEvent::Escalated { to: Level::L1, reason: "x".into() }, at(3)).unwrap_err();
    assert_eq!(err, TransitionError::NotHigher { current: Level::L2 });
}

#[test]
fn deescalation_never_goes_below_first_line() {
    let err = new_ticket().apply(&TicketEvent::Deescalated { to: Level::L0 }, at(1)).unwrap_err();
    assert_eq!(err, TransitionError::NotLower { current: Level::L1 });
}

#[test]
fn a_vendor_wait_records_the_vendor_and_its_reference() {
    let t = new_ticket()
        .apply(&TicketEvent::Escalated { to: Level::L4, reason: "firmware".into() }, at(1))
        .and_then(|t| {
            t.apply(&TicketEvent::WaitingOnVendor { vendor: "Acme".into(), reference: "AC-991".into() }, at(2))
        })
        .unwrap();
    assert_eq!(t.state, TicketState::WaitingOnVendor);
    assert_eq!(t.vendor_reference.as_deref(), Some("AC-991"));
    let t = t.apply(&TicketEvent::Resumed, at(3)).unwrap();
    assert_eq!(t.state, TicketState::InProgress);
}

#[test]
fn a_resolved_ticket_reopens_at_the_same_level_when_the_user_says_it_is_not_fixed() {
    let t = new_ticket()
        .apply(&TicketEvent::Escalated { to: Level::L2, reason: "r".into() }, at(1))
        .and_then(|t| t.apply(&TicketEvent::Resolved { summary: "reset".into() }, at(2)))
        .unwrap();
    assert_eq!(t.resolved_at, Some(at(2)));
    let t = t.apply(&TicketEvent::Reopened { reason: "still broken".into() }, at(3)).unwrap();
    assert_eq!((t.state, t.level, t.resolved_at), (TicketState::Open, Level::L2, None));
}

#[test]
fn only_a_closed_ticket_can_be_rated_and_only_once_from_one_to_five() {
    let t = new_ticket();
    assert!(matches!(
        t.apply(&TicketEvent::Rated { score: 5, comment: None }, at(1)),
        Err(TransitionError::NotAllowed { .. })
    ));
    let closed = t.apply(&TicketEvent::Closed { reason: "fixed".into() }, at(2)).unwrap();
    assert_eq!(
        closed.apply(&TicketEvent::Rated { score: 6, comment: None }, at(3)),
        Err(TransitionError::RatingOutOfRange)
    );
    let rated = closed.apply(&TicketEvent::Rated { score: 4, comment: None }, at(3)).unwrap();
    assert_eq!(rated.csat, Some(4));
    assert_eq!(rated.apply(&TicketEvent::Rated { score: 5, comment: None }, at(4)), Err(TransitionError::AlreadyRated));
}

#[test]
fn nothing_but_reopen_and_rating_happens_to_a_closed_ticket() {
    let closed = new_ticket().apply(&TicketEvent::Closed { reason: "dup".into() }, at(1)).unwrap();
    for event in [
        TicketEvent::Claimed { agent: agent("ana") },
        TicketEvent::AgentReplied { agent: agent("ana") },
        TicketEvent::UserReplied,
        TicketEvent::NoteAdded { agent: agent("ana") },
        TicketEvent::Escalated { to: Level::L3, reason: "r".into() },
        TicketEvent::Resolved { summary: "s".into() },
        TicketEvent::Closed { reason: "again".into() },
    ] {
        let err = closed.apply(&event, at(2)).unwrap_err();
        assert!(matches!(err, TransitionError::NotAllowed { state: TicketState::Closed, .. }), "{event:?}");
    }
    assert!(closed.apply(&TicketEvent::Reopened { reason: "r".into() }, at(2)).is_ok());
}

fn any_event() -> impl Strategy<Value = TicketEvent> {
    let level = prop_oneof![Just(Level::L1), Just(Level::L2), Just(Level::L3), Just(Level::L4)];
    prop_oneof![
        Just(TicketEvent::Claimed { agent: "ana".into() }),
        Just(TicketEvent::Unclaimed),
        Just(TicketEvent::AgentReplied { agent: "rui".into() }),
        Just(TicketEvent::UserReplied),
        Just(TicketEvent::NoteAdded { agent: "ana".into() }),
        level.clone().prop_map(|to| TicketEvent::Escalated { to, reason: "r".into() }),
        level.prop_map(|to| TicketEvent::Deescalated { to }),
        Just(TicketEvent::WaitingOnUser),
        Just(TicketEvent::WaitingOnVendor { vendor: "v".into(), reference: "r".into() }),
        Just(TicketEvent::VendorConsentAsked { vendor: "v".into(), reference: "r".into(), reason: "x".into() }),
        any::<bool>().prop_map(|given| TicketEvent::VendorConsent { vendor: "v".into(), given }),
        Just(TicketEvent::VendorUpdated { text: "t".into(), told_user: false }),
        Just(TicketEvent::Resumed),
        Just(TicketEvent::Resolved { summary: "s".into() }),
        Just(TicketEvent::Reopened { reason: "r".into() }),
        Just(TicketEvent::Closed { reason: "c".into() }),
        (0u8..8).prop_map(|score| TicketEvent::Rated { score, comment: None }),
    ]
}

proptest! {
    #[test]
    fn any_event_sequence_keeps_the_ticket_consistent(events in proptest::collection::vec(any_event(), 0..40)) {
        let mut ticket = new_ticket();
        for (i, event) in events.iter().enumerate() {
            let before = ticket.clone();
            match before.apply(event, at((i % 59) as u32)) {
                Ok(next) => {
                    prop_assert_eq!(next.version, before.version + 1);
                    ticket = next;
                }
                Err(_) => prop_assert_eq!(&ticket, &before),
            }
            prop_assert!(ticket.level >= Level::L1);
            prop_assert_eq!(ticket.closed_at.is_some(), ticket.state == TicketState::Closed);
            if ticket.state == TicketState::Resolved { prop_assert!(ticket.resolved_at.is_some()); }
            if ticket.state.is_active() { prop_assert!(ticket.resolved_at.is_none()); }
            if ticket.csat.is_some() { prop_assert_eq!(ticket.state, TicketState::Closed); }
            // Only a consent question makes a wait on the user one.
            if ticket.awaits_vendor_consent() && !before.awaits_vendor_consent() {
                prop_assert!(matches!(event, TicketEvent::VendorConsentAsked { .. }), "{:?}", event);
            }
            // Words typed while the consent question stands do not answer it.
            if before.awaits_vendor_consent() && *event == TicketEvent::UserReplied {
                prop_assert!(ticket.awaits_vendor_consent());
            }
            if let TicketEvent::VendorConsent { given: false, .. } = event {
                if ticket.version != before.version { prop_assert!(ticket.vendor.is_none()); }
            }
        }
    }
}

#[test]
fn a_consent_question_is_withdrawn_when_staff_change_course_and_a_plain_wait_never_becomes_one() {
    let asked = new_ticket()
        .apply(&TicketEvent::Escalated { to: Level::L2, reason: "r".into() }, at(1))
        .unwrap()
        .apply(
            &TicketEvent::VendorConsentAsked { vendor: "Acme".into(), reference: "A-1".into(), reason: "x".into() },
            at(2),
        )
        .unwrap();
    assert!(asked.awaits_vendor_consent());
    let moved = asked.apply(&TicketEvent::Escalated { to: Level::L3, reason: "deeper".into() }, at(3)).unwrap();
    assert!(!moved.awaits_vendor_consent() && moved.vendor.is_none());
    // An L2 wait on a supplier, resumed, then a plain question to the user.
    let waited = moved
        .apply(&TicketEvent::WaitingOnVendor { vendor: "Acme".into(), reference: "A-2".into() }, at(4))
        .unwrap()
        .apply(&TicketEvent::WaitingOnUser, at(5))
        .unwrap();
    assert!(!waited.awaits_vendor_consent(), "{waited:?}");
    let replied = waited.apply(&TicketEvent::UserReplied, at(6)).unwrap();
    assert_eq!(replied.state, TicketState::InProgress, "the user's answer resumes a plain wait");
}

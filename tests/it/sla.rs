//! SLA specifications with a fixed clock: targets per level × priority,
//! pause and resume, warnings and breaches posted exactly once, automatic
//! escalation, reminders and auto-close after silence, and timers that
//! survive a restart.

use crate::support::*;
use chrono::Duration;
use escala::domain::{Destination, Level, Priority, ThreadOp, TicketId, TicketState};
use escala::engine::{choice, EngineSettings, StaffAction};

/// Ana asks, is not helped, and gets an L1 normal ticket.
async fn ticket_for_ana(desk: &mut Desk) -> TicketId {
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    ticket
}

fn alerts(messages: &[escala::domain::Outbound]) -> Vec<&str> {
    messages.iter().filter(|m| m.destination == Destination::StaffAlerts).map(|m| m.text.as_str()).collect()
}

async fn ticket_state(desk: &Desk, id: TicketId) -> (Level, TicketState) {
    let history = desk.store.ticket_history(id).await.unwrap().unwrap();
    (history.ticket.level, history.ticket.state)
}

#[tokio::test]
async fn the_user_is_told_the_first_response_target_of_the_tickets_level_and_priority() {
    let mut desk = Desk::new().await;
    ticket_for_ana(&mut desk).await;
    let to_ana = texts(&to_user(&desk.deliver().await, "ana"));
    // Default policy: L1 normal answers within 4 hours.
    assert!(to_ana.contains("first answer within 4 hours"), "{to_ana}");

    let mut desk = Desk::new().await;
    desk.says("rui", "pt-PT", "esqueci-me da palavra-passe").await;
    desk.presses("rui", choice::NOT_SOLVED).await;
    let to_rui = texts(&to_user(&desk.deliver().await, "rui"));
    assert!(to_rui.contains("primeira resposta em 4 horas"), "{to_rui}");
}

#[tokio::test]
async fn warning_at_80_percent_and_breach_at_the_target_are_each_posted_exactly_once() {
    let mut desk = Desk::new().await;
    let id = ticket_for_ana(&mut desk).await;
    desk.deliver().await;
    // 4 h target: the warning is due after 3 h 12 min.
    desk.tick(3 * 60 + 10);
    assert_eq!(desk.sweep().await.warnings, 0);
    desk.tick(3);
    let report = desk.sweep().await;
    assert_eq!((report.warnings, report.breaches), (1, 0));
    assert_eq!(desk.sweep().await.warnings, 0, "a second sweep posts nothing new");
    let sent = desk.deliver().await;
    let warning = alerts(&sent);
    assert_eq!(warning.len(), 1);
    assert!(warning[0].contains(&format!("SLA warning: ticket {id} (L1, normal")), "{}", warning[0]);
    assert!(warning[0].contains("first response"), "{}", warning[0]);
    assert_eq!(staff_only(&sent).len(), 1, "the warning is also posted in the ticket's staff space");
    assert!(to_user(&sent, "ana").is_empty(), "users are not bothered by warnings");

    desk.tick(50);
    let report = desk.sweep().await;
    // Both the first-response breach; the resolution clock (24 h) is fine.
    assert_eq!((report.warnings, report.breaches), (0, 1));
    assert_eq!(desk.sweep().await.breaches, 0);
    let sent = desk.deliver().await;
    let breach = alerts(&sent);
    assert_eq!(breach.len(), 1);
    assert!(breach[0].contains("SLA breached") && breach[0].contains("min late"), "{}", breach[0]);
    let to_ana = texts(&to_user(&sent, "ana"));
    assert!(to_ana.contains("taking longer than promised"), "{to_ana}");
}

#[tokio::test]
async fn an_agent_reply_in_time_means_no_first_response_alert_at_all() {
    let mut desk = Desk::new().await;
    let id = ticket_for_ana(&mut desk).await;
    desk.agent(&agent("bea"), id, StaffAction::Reply { text: "Looking at it".into() }).await.unwrap();
    desk.tick(5 * 60);
    assert_eq!(desk.sweep().await.warnings + desk.sweep().await.breaches, 0);
}

#[tokio::test]
async fn urgent_tickets_run_on_the_urgent_target() {
    let mut desk = Desk::new().await;
    let id = ticket_for_ana(&mut desk).await;
    desk.agent(&agent("bea"), id, StaffAction::Priority(Priority::Urgent)).await.unwrap();
    // L1 urgent: 15 min to the first response, counted from the opening
    // (at minute 2; the priority changed at minute 3): warning at minute 14.
    desk.tick(11);
    let report = desk.sweep().await;
    assert_eq!((report.warnings, report.breaches), (1, 0));
    desk.tick(3);
    assert_eq!(desk.sweep().await.breaches, 1);
}

#[tokio::test]
async fn waiting_on_the_user_pauses_the_clock_and_resuming_continues_where_it_stopped() {
    let mut settings = EngineSettings::default();
    settings.sla.remind_after_secs = None;
    settings.sla.close_silent_after_secs = None;
    let mut desk = Desk::with_settings(settings).await;
    let id = ticket_for_ana(&mut desk).await;
    desk.tick(59);
    // An hour in (with the agent's own minute), the agent waits on Ana.
    desk.agent(&agent("bea"), id, StaffAction::WaitingOnUser).await.unwrap();
    desk.tick(10 * 60);
    assert_eq!(desk.sweep().await, Default::default(), "no alerts while paused");
    desk.says("ana", "en", "here is the screenshot").await;
    assert_eq!(ticket_state(&desk, id).await.1, TicketState::InProgress);
    // 4 h target, 1 h used before the pause: the warning needs 2 h 12 min more.
    desk.tick(2 * 60 + 10);
    assert_eq!(desk.sweep().await.warnings, 0);
    desk.tick(2);
    assert_eq!(desk.sweep().await.warnings, 1);
}

#[tokio::test]
async fn a_breach_escalates_to_the_next_level_when_the_policy_says_so() {
    let mut settings = EngineSettings::default();
    settings.sla.auto_escalate = true;
    let mut desk = Desk::with_settings(settings).await;
    let id = ticket_for_ana(&mut desk).await;
    desk.deliver().await;
    desk.tick(4 * 60);
    assert_eq!(desk.sweep().await.breaches, 1);
    assert_eq!(ticket_state(&desk, id).await, (Level::L2, TicketState::Open));
    let sent = desk.deliver().await;
    let moved = staff_only(&sent).into_iter().find(|m| matches!(m.thread, Some(ThreadOp::Move { .. }))).unwrap();
    assert!(moved.text.contains("Escalated automatically from L1 to L2"), "{}", moved.text);
    assert!(texts(&to_user(&sent, "ana")).contains("passed to a specialised team"));
    // The new level has its own clock: nothing more fires right away.
    assert_eq!(desk.sweep().await, Default::default());
}

#[tokio::test]
async fn a_silent_user_is_reminded_then_the_ticket_closes_with_a_message() {
    let mut desk = Desk::new().await;
    let id = ticket_for_ana(&mut desk).await;
    desk.agent(&agent("bea"), id, StaffAction::Reply { text: "Which browser?".into() }).await.unwrap();
    desk.agent(&agent("bea"), id, StaffAction::WaitingOnUser).await.unwrap();
    desk.deliver().await;
    desk.tick(24 * 60);
    assert_eq!(desk.sweep().await.timers, 1);
    assert_eq!(desk.sweep().await.timers, 0);
    let reminder = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(reminder.contains("still waiting for your reply") && reminder.contains("2 days"), "{reminder}");
    desk.tick(48 * 60);
    assert_eq!(desk.sweep().await.timers, 1);
    assert_eq!(ticket_state(&desk, id).await.1, TicketState::Closed);
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "ana")).contains("closed because we did not hear back"));
    assert!(staff_only(&sent).iter().any(|m| m.thread == Some(ThreadOp::Close)));
}

#[tokio::test]
async fn an_answer_before_the_reminder_cancels_reminder_and_auto_close() {
    let mut desk = Desk::new().await;
    let id = ticket_for_ana(&mut desk).await;
    desk.agent(&agent("bea"), id, StaffAction::WaitingOnUser).await.unwrap();
    desk.tick(60);
    desk.says("ana", "en", "it is Firefox").await;
    desk.tick(4 * 24 * 60);
    assert_eq!(desk.sweep().await.timers, 0);
    assert_ne!(ticket_state(&desk, id).await.1, TicketState::Closed);
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_countdown_still_fires_on_time() {
    let mut desk = Desk::new().await;
    let id = ticket_for_ana(&mut desk).await;
    desk.tick(60);
    desk.restart().await;
    desk.tick(2 * 60 + 11);
    assert_eq!(desk.sweep().await.warnings, 0);
    desk.tick(2);
    assert_eq!(desk.sweep().await.warnings, 1);
    let history = desk.store.ticket_history(id).await.unwrap().unwrap();
    assert_eq!(history.ticket.id, id);
}

#[tokio::test]
async fn two_sweepers_at_once_post_each_alert_once() {
    let mut desk = Desk::new().await;
    ticket_for_ana(&mut desk).await;
    desk.deliver().await;
    desk.tick(5 * 60);
    let (a, b) = tokio::join!(desk.engine.sweep(desk.now), desk.engine.sweep(desk.now + Duration::seconds(1)));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.breaches + b.breaches, 1);
    // Either sweeper may win; its alert is due from its own clock reading.
    desk.tick(1);
    assert_eq!(alerts(&desk.deliver().await).len(), 1);
}

fn lisbon_office_hours() -> EngineSettings {
    use chrono::{NaiveDate, NaiveTime, Weekday};
    let mut settings = EngineSettings::default();
    settings.sla.calendar = escala::domain::sla::Calendar::BusinessHours(escala::domain::sla::BusinessHours {
        time_zone: chrono_tz::Europe::Lisbon,
        days: [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri].into_iter().collect(),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        holidays: [NaiveDate::from_ymd_opt(2026, 12, 8).unwrap()].into_iter().collect(),
    });
    settings
}

#[tokio::test]
async fn a_ticket_opened_out_of_hours_says_when_the_team_is_back_holidays_included() {
    let mut desk = Desk::with_settings(lisbon_office_hours()).await;
    // Friday evening: the answer still comes, the ticket says Monday.
    desk.now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 27, 19, 0, 0).unwrap();
    desk.says("ana", "en", "I forgot my password").await;
    let answered = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(!answered.contains("closed right now"), "questions are answered as usual: {answered}");
    desk.presses("ana", choice::NOT_SOLVED).await;
    let opened = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(
        opened.contains("We are closed right now; we answer from 09:00 Europe/Lisbon time, Monday 2026-11-30."),
        "{opened}"
    );

    // The evening before the 8 December holiday, in Portuguese: Wednesday.
    desk.now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 7, 20, 0, 0).unwrap();
    desk.says("rui", "pt-PT", "esqueci-me da palavra-passe").await;
    desk.presses("rui", choice::NOT_SOLVED).await;
    let opened = texts(&to_user(&desk.deliver().await, "rui"));
    assert!(opened.contains("a partir das 09:00 (hora de Europe/Lisbon), quarta-feira 2026-12-09"), "{opened}");

    // In working hours, no such line.
    desk.now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 9, 11, 0, 0).unwrap();
    desk.says("eva", "en", "I forgot my password").await;
    desk.presses("eva", choice::NOT_SOLVED).await;
    assert!(!texts(&to_user(&desk.deliver().await, "eva")).contains("closed right now"));
}

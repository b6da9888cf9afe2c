//! Level 2's callbacks through the engine with a fixed clock (Monday
//! 2026-11-23 09:00, Lisbon): the number checked and written in E.164 in
//! the user's country, the window chosen or typed in the team's zone, the
//! whole number only in the staff space, the window's clock, a missed call
//! asking for a new time, and the user removing their number.

use crate::support::*;
use escala::domain::callback::CallbackState;
use escala::domain::{Level, TicketId};
use escala::engine::{choice, CallbackAction, EngineError, EngineSettings, StaffAction};

fn in_lisbon() -> EngineSettings {
    EngineSettings { time_zone: chrono_tz::Europe::Lisbon, ..EngineSettings::default() }
}

/// Rui's ticket, escalated to L2 by Marta; the notice offers a callback.
async fn ticket_at_l2(desk: &mut Desk) -> TicketId {
    desk.says("rui", "pt-PT", "esqueci-me da palavra-passe").await;
    let ticket = desk.presses("rui", choice::NOT_SOLVED).await.ticket.unwrap();
    let escalate = StaffAction::Escalate { to: Some(Level::L2), reason: "precisa de telefone".into(), vendor: None };
    desk.agent(&agent("Marta"), ticket, escalate).await.unwrap();
    ticket
}

fn callback_button(ticket: TicketId) -> String {
    format!("{}{}", choice::CALLBACK_PREFIX, ticket.0)
}

async fn last_callback(desk: &Desk, ticket: TicketId) -> escala::domain::callback::Callback {
    let mut tx = desk.store.begin().await.unwrap();
    tx.last_callback(ticket).await.unwrap().expect("a callback")
}

/// Rui asks for a callback this afternoon on his Portuguese mobile.
async fn callback_this_afternoon(desk: &mut Desk, ticket: TicketId) {
    desk.presses("rui", &callback_button(ticket)).await;
    desk.says("rui", "pt-PT", "912 345 678").await;
    desk.presses("rui", "cbw:today-afternoon").await;
    desk.says("rui", "pt-PT", "depois das 15h, por favor").await;
}

#[tokio::test]
async fn a_user_asks_for_a_callback_and_only_the_staff_space_sees_the_whole_number() {
    let mut desk = Desk::with_settings(in_lisbon()).await;
    let ticket = ticket_at_l2(&mut desk).await;
    let notice = to_user(&desk.deliver().await, "rui").pop().unwrap();
    assert_eq!(choice_data(&notice), vec![callback_button(ticket)], "L2 offers a callback: {}", notice.text);

    desk.presses("rui", &callback_button(ticket)).await;
    assert!(texts(&to_user(&desk.deliver().await, "rui")).contains("Para que número devemos ligar?"));
    desk.says("rui", "pt-PT", "912 345 678").await;
    let asked = to_user(&desk.deliver().await, "rui").pop().unwrap();
    assert!(asked.text.contains("hora de Europe/Lisbon"), "{}", asked.text);
    assert_eq!(
        choice_data(&asked),
        vec!["cbw:today-morning", "cbw:today-afternoon", "cbw:tomorrow-morning", "cbw:tomorrow-afternoon"]
    );
    desk.presses("rui", "cbw:today-afternoon").await;
    assert!(texts(&to_user(&desk.deliver().await, "rui")).contains("Há algo que devamos saber"));
    desk.says("rui", "pt-PT", "depois das 15h, por favor").await;

    let sent = desk.deliver().await;
    let confirmed = texts(&to_user(&sent, "rui"));
    assert!(confirmed.contains("+351••••••678") && !confirmed.contains("912"), "{confirmed}");
    assert!(confirmed.contains("2026-11-23 14:00–18:00 (Europe/Lisbon)"), "{confirmed}");
    let staff = texts(&staff_only(&sent));
    assert!(staff.contains("📞 Callback requested by rui: +351912345678"), "{staff}");
    assert!(staff.contains("2026-11-23 14:00–18:00 (Europe/Lisbon) · note: depois das 15h, por favor"), "{staff}");

    let callback = last_callback(&desk, ticket).await;
    assert_eq!((callback.phone.as_deref(), callback.state), (Some("+351912345678"), CallbackState::Requested));
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    let stored = serde_json::to_string(&(&history.events, &history.messages)).unwrap();
    assert!(!stored.contains("912345678") && !stored.contains("912 345 678"), "the number stays on its row: {stored}");
    assert!(history.events.iter().any(|e| e.kind == "callback_requested"));
}

#[tokio::test]
async fn a_number_that_is_no_number_is_refused_in_the_users_language_and_asked_again() {
    let mut desk = Desk::with_settings(in_lisbon()).await;
    let ticket = ticket_at_l2(&mut desk).await;
    desk.command("rui", "callback", "").await;
    desk.deliver().await;
    desk.says("rui", "pt-PT", "liguem quando puderem").await;
    assert!(texts(&to_user(&desk.deliver().await, "rui")).contains("não parece um número de telefone"));
    desk.says("rui", "pt-PT", "123").await;
    assert!(texts(&to_user(&desk.deliver().await, "rui")).contains("Não reconheci esse número"));
    desk.says("rui", "pt-PT", "+34 612 34 56 78").await;
    assert!(texts(&to_user(&desk.deliver().await, "rui")).contains("Quando devemos ligar?"), "a foreign number with +");
    // The words typed while asked for the number never reached the ticket.
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert!(history.messages.iter().all(|m| !m.body.contains("612")), "{:?}", history.messages);
}

#[tokio::test]
async fn the_window_has_its_own_clock_that_warns_breaches_and_is_met_by_the_call() {
    let mut desk = Desk::with_settings(in_lisbon()).await;
    let ticket = ticket_at_l2(&mut desk).await;
    callback_this_afternoon(&mut desk, ticket).await;
    desk.deliver().await;
    desk.now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 17, 15, 0).unwrap();
    desk.sweep().await;
    let staff = texts(&staff_only(&desk.deliver().await));
    assert!(staff.contains("SLA warning") && staff.contains("promised callback"), "{staff}");
    desk.tick(50);
    desk.sweep().await;
    let sent = desk.deliver().await;
    assert!(texts(&staff_only(&sent)).contains("SLA breached") && texts(&sent).contains("promised callback"));
    assert_eq!(desk.store.ticket_history(ticket).await.unwrap().unwrap().ticket.level, Level::L2, "never escalated");

    let mut desk = Desk::with_settings(in_lisbon()).await;
    let ticket = ticket_at_l2(&mut desk).await;
    callback_this_afternoon(&mut desk, ticket).await;
    desk.now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 14, 30, 0).unwrap();
    let done = StaffAction::Callback(CallbackAction::Done { outcome: Some("reset by phone".into()) });
    desk.agent(&agent("Marta"), ticket, done).await.unwrap();
    assert!(texts(&staff_only(&desk.deliver().await)).contains("Callback made by Marta: reset by phone"));
    desk.tick(5 * 60);
    desk.sweep().await;
    assert!(!texts(&desk.deliver().await).contains("promised callback"), "a kept promise never alerts");
    assert_eq!(last_callback(&desk, ticket).await.state, CallbackState::Done);
    let again = desk.agent(&agent("Marta"), ticket, StaffAction::Callback(CallbackAction::Missed)).await;
    assert!(matches!(again, Err(EngineError::Invalid(reason)) if reason.contains("no callback is waiting")));
}

#[tokio::test]
async fn a_missed_call_asks_the_user_for_a_new_time_with_the_same_number() {
    let mut desk = Desk::with_settings(in_lisbon()).await;
    let ticket = ticket_at_l2(&mut desk).await;
    callback_this_afternoon(&mut desk, ticket).await;
    desk.deliver().await;
    desk.agent(&agent("Marta"), ticket, StaffAction::Callback(CallbackAction::Missed)).await.unwrap();
    let sent = desk.deliver().await;
    let asked = to_user(&sent, "rui").pop().unwrap();
    assert!(asked.text.contains("não conseguimos falar consigo"), "{}", asked.text);
    assert!(choice_data(&asked).contains(&"cbw:tomorrow-morning"));
    assert!(texts(&staff_only(&sent)).contains("could not reach the user"));

    desk.says("rui", "pt-PT", "amanhã 10:00").await;
    let sent = desk.deliver().await;
    let confirmed = texts(&to_user(&sent, "rui"));
    assert!(confirmed.contains("2026-11-24 10:00–11:00"), "no note asked again: {confirmed}");
    assert!(texts(&staff_only(&sent)).contains("+351912345678"));
    let callback = last_callback(&desk, ticket).await;
    assert_eq!(
        (callback.state, callback.note.as_deref()),
        (CallbackState::Requested, Some("depois das 15h, por favor"))
    );
}

#[tokio::test]
async fn the_user_cancels_the_callback_and_their_number_is_gone_as_after_forget() {
    let mut desk = Desk::with_settings(in_lisbon()).await;
    let ticket = ticket_at_l2(&mut desk).await;
    callback_this_afternoon(&mut desk, ticket).await;
    desk.deliver().await;
    desk.command("rui", "callback", "cancel").await;
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "rui")).contains("o seu número apagado"));
    assert!(texts(&staff_only(&sent)).contains("cancelled the callback and removed their number"));
    let callback = last_callback(&desk, ticket).await;
    assert_eq!((callback.state, callback.phone), (CallbackState::Cancelled, None));
    let nothing =
        desk.agent(&agent("Marta"), ticket, StaffAction::Callback(CallbackAction::Done { outcome: None })).await;
    assert!(nothing.is_err(), "a cancelled callback is not done");

    // A new request, then /forget: the number goes with the rest.
    callback_this_afternoon(&mut desk, ticket).await;
    assert!(last_callback(&desk, ticket).await.phone.is_some());
    desk.command("rui", "forget", "").await;
    desk.presses("rui", choice::FORGET_YES).await;
    let callback = last_callback(&desk, ticket).await;
    assert_eq!((callback.phone, callback.note), (None, None));
}

#[tokio::test]
async fn the_user_changes_the_window_with_callback_again_and_staff_can_ask_for_another_time() {
    let mut desk = Desk::with_settings(in_lisbon()).await;
    let ticket = ticket_at_l2(&mut desk).await;
    callback_this_afternoon(&mut desk, ticket).await;
    let first = last_callback(&desk, ticket).await;
    // /callback again: the new request replaces the pending one.
    desk.command("rui", "callback", "").await;
    desk.says("rui", "pt-PT", "912 345 678").await;
    desk.presses("rui", "cbw:tomorrow-morning").await;
    desk.presses("rui", choice::SKIP).await;
    let second = last_callback(&desk, ticket).await;
    assert_ne!(first.id, second.id);
    assert_eq!((second.state, second.note.as_deref()), (CallbackState::Requested, None));
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    let states: Vec<CallbackState> = history.callbacks.iter().map(|c| c.state).collect();
    assert_eq!(states, vec![CallbackState::Rescheduled, CallbackState::Requested]);
    desk.deliver().await;

    // Staff cannot call then: the user is asked for another time.
    desk.agent(&agent("Marta"), ticket, StaffAction::Callback(CallbackAction::Reschedule)).await.unwrap();
    let sent = desk.deliver().await;
    let asked = to_user(&sent, "rui").pop().unwrap();
    assert!(asked.text.contains("Não conseguimos ligar à hora combinada"), "{}", asked.text);
    assert!(texts(&staff_only(&sent)).contains("asked the user for another time"));
    desk.presses("rui", "cbw:tomorrow-afternoon").await;
    let confirmed = texts(&to_user(&desk.deliver().await, "rui"));
    assert!(confirmed.contains("2026-11-24 14:00–18:00"), "{confirmed}");
    assert_eq!(last_callback(&desk, ticket).await.state, CallbackState::Requested);
}

//! Simultaneous changes on PostgreSQL, where two instances (or a user and
//! an agent) really do act at once: every transaction locks the contact
//! before the ticket, so none waits for another in a circle, and what
//! collides anyway (a ticket saved meanwhile, a serialization failure) is
//! run again instead of reaching anyone as a raw database error.

use escala::domain::{Channel, Inbound, Sender, TicketId, UserInput};
use escala::engine::{EngineSettings, FloodLimit, StaffAction};
use futures::future::join_all;

use crate::support::*;

fn settings() -> EngineSettings {
    EngineSettings { flood: FloodLimit { per_minute: 0, burst: 1 }, ..EngineSettings::default() }
}

fn from(user: &str, key: &str, text: &str) -> Inbound {
    Inbound {
        channel: Channel::Console,
        key: Some(key.into()),
        sender: Sender {
            external_id: user.into(),
            chat_id: user.into(),
            display_name: user.into(),
            locale: Some("en".into()),
        },
        input: UserInput::Text(text.into()),
        at: t0(),
        source: None,
    }
}

#[tokio::test]
async fn a_users_messages_racing_agent_replies_all_land() {
    let mut desk = Desk::on_postgres(settings()).await;
    desk.command("ana", "ticket", "my mail is broken").await;
    let ticket = TicketId(1);
    let marta = agent("Marta");
    let users = (0..8).map(|i| desk.engine.handle(from("ana", &format!("u{i}"), &format!("more detail {i}"))));
    let agents =
        (0..8).map(|i| desk.engine.staff(&marta, ticket, StaffAction::Reply { text: format!("reply {i}") }, t0()));
    let (users, agents) = tokio::join!(join_all(users), join_all(agents));
    for result in &users {
        assert!(result.is_ok(), "{result:?}");
    }
    for result in &agents {
        assert!(result.is_ok(), "{result:?}");
    }
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    let bodies: Vec<&str> = history.messages.iter().map(|m| m.body.as_str()).collect();
    for i in 0..8 {
        assert!(bodies.contains(&format!("more detail {i}").as_str()), "{bodies:?}");
        assert!(bodies.contains(&format!("reply {i}").as_str()), "{bodies:?}");
    }
}

#[tokio::test]
async fn simultaneous_staff_actions_on_one_ticket_all_land() {
    let mut desk = Desk::on_postgres(settings()).await;
    desk.command("ana", "ticket", "my mail is broken").await;
    let ticket = TicketId(1);
    let agents: Vec<_> = (0..12).map(|i| agent(&format!("agent{i}"))).collect();
    let notes = agents
        .iter()
        .enumerate()
        .map(|(i, a)| desk.engine.staff(a, ticket, StaffAction::Note { text: format!("note {i}") }, t0()));
    for result in join_all(notes).await {
        assert!(result.is_ok(), "{result:?}");
    }
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert_eq!(history.events.iter().filter(|e| e.kind == "note_added").count(), 12);
}

#[tokio::test]
async fn a_new_users_first_two_messages_at_once_share_one_contact() {
    let desk = Desk::on_postgres(settings()).await;
    let (first, second) = tokio::join!(
        desk.engine.handle(from("newcomer", "a", "hello")),
        desk.engine.handle(from("newcomer", "b", "I forgot my password"))
    );
    assert!(first.is_ok() && second.is_ok(), "{first:?} {second:?}");
    let sent = desk.deliver().await;
    assert!(to_user(&sent, "newcomer").len() >= 2, "both were answered: {}", texts(&sent));
}

#[tokio::test]
async fn a_nul_byte_in_a_message_is_dropped_before_it_reaches_postgresql() {
    let mut desk = Desk::on_postgres(settings()).await;
    desk.command("ana", "ticket", "my\u{0} mail").await;
    desk.says("ana", "en", "and\u{0} more").await;
    let history = desk.store.ticket_history(TicketId(1)).await.unwrap().unwrap();
    let bodies: Vec<&str> = history.messages.iter().map(|m| m.body.as_str()).collect();
    assert!(bodies.contains(&"my mail") && bodies.contains(&"and more"), "{bodies:?}");
}

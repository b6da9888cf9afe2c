//! The agents' queue and search, on both stores: `escala tickets list`'s
//! filters (assignee, unassigned, tag, user, full text over subjects and
//! messages with the store's own search, breaching) and the SLA due order,
//! and `/queue` and `/find` in a staff space.

use crate::support::*;
use escala::domain::{Channel, Priority, TicketId};
use escala::engine::{EngineSettings, StaffAction};
use escala::store::TicketFilter;

async fn ids(desk: &Desk, filter: TicketFilter) -> Vec<i64> {
    desk.store.list_tickets(&filter).await.unwrap().into_iter().map(|t| t.id.0).collect()
}

async fn ticket(desk: &mut Desk, user: &str, text: &str) -> TicketId {
    desk.command(user, "ticket", text).await.ticket.unwrap()
}

async fn queue_and_search(mut desk: Desk) {
    let ana = ticket(&mut desk, "ana", "the reset email never arrives").await;
    let rui = ticket(&mut desk, "rui", "não recebo o email da palavra-passe").await;
    let eva = ticket(&mut desk, "eva", "the printer on floor 3 jams").await;
    desk.agent(&agent("Marta"), eva, StaffAction::Priority(Priority::Urgent)).await.unwrap();
    desk.agent(&agent("Marta"), ana, StaffAction::Claim).await.unwrap();
    desk.agent(&agent("Marta"), ana, StaffAction::Reply { text: "Please check the spam folder".into() }).await.unwrap();
    desk.agent(&agent("Marta"), rui, StaffAction::Tag { tag: "mail".into(), add: true }).await.unwrap();

    let filter = |f: fn(&mut TicketFilter)| {
        let mut filter = TicketFilter::default();
        f(&mut filter);
        filter
    };
    assert_eq!(ids(&desk, filter(|f| f.assignee = Some("Marta".into()))).await, vec![ana.0]);
    assert_eq!(ids(&desk, filter(|f| f.unassigned = true)).await, vec![eva.0, rui.0]);
    assert_eq!(ids(&desk, filter(|f| f.user = Some((Channel::Console, "rui".into())))).await, vec![rui.0]);
    assert_eq!(ids(&desk, filter(|f| f.tag = Some("mail".into()))).await, vec![rui.0]);
    assert_eq!(ids(&desk, filter(|f| f.text = Some("printer".into()))).await, vec![eva.0], "a subject");
    assert_eq!(ids(&desk, filter(|f| f.text = Some("spam folder".into()))).await, vec![ana.0], "an agent's reply");
    assert_eq!(
        ids(&desk, filter(|f| f.text = Some("palavra".into()))).await,
        vec![rui.0],
        "a word of a hyphenated one"
    );
    assert_eq!(ids(&desk, filter(|f| f.text = Some("printer spam".into()))).await, Vec::<i64>::new(), "all words");
    for syntax in ["\"AND OR * NEAR(", "'; DROP TABLE tickets; --", "^*:-"] {
        let text = Some(syntax.to_string());
        let found = desk.store.list_tickets(&TicketFilter { text, ..TicketFilter::default() }).await;
        assert!(found.is_ok(), "{syntax}: {found:?}");
    }
    // The urgent ticket's 15-minute first response comes due first.
    assert_eq!(ids(&desk, filter(|f| f.by_due = true)).await[0], eva.0);
    desk.tick(13);
    desk.sweep().await;
    assert_eq!(ids(&desk, filter(|f| f.breaching = true)).await, vec![eva.0]);

    // What a user erased is no longer found.
    desk.command("rui", "forget", "").await;
    desk.presses("rui", escala::engine::choice::FORGET_YES).await;
    assert_eq!(ids(&desk, filter(|f| f.text = Some("palavra".into()))).await, Vec::<i64>::new());
}

#[tokio::test]
async fn the_queue_filters_and_searches_on_sqlite() {
    queue_and_search(Desk::new().await).await;
}

#[tokio::test]
async fn the_queue_filters_and_searches_on_postgres() {
    queue_and_search(Desk::on_postgres(EngineSettings::default()).await).await;
}

#[tokio::test]
async fn queue_and_find_answer_in_the_staff_space() {
    let mut desk = Desk::new().await;
    let ana = ticket(&mut desk, "ana", "the reset email never arrives").await;
    let eva = ticket(&mut desk, "eva", "the printer on floor 3 jams").await;
    desk.agent(&agent("Marta"), eva, StaffAction::Priority(Priority::Urgent)).await.unwrap();
    desk.deliver().await;
    let staff = agent("Marta");
    desk.engine.staff_message(&staff, ana, "/queue", desk.now).await.unwrap();
    let queue = texts(&staff_only(&desk.deliver().await));
    assert!(queue.starts_with("Open L1 tickets, soonest SLA due first:"), "{queue}");
    let first = queue.lines().nth(1).unwrap();
    assert!(first.contains("#2 · L1 · urgent") && first.contains("printer"), "{queue}");
    desk.engine.staff_message(&staff, ana, "/find printer", desk.now).await.unwrap();
    let found = texts(&staff_only(&desk.deliver().await));
    assert!(found.contains("#2") && !found.contains("#1 "), "{found}");
}

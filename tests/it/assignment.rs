//! Opt-in auto-assignment through the engine with a fixed clock: round
//! robin and least loaded over a level's agents, /away and /back, the
//! next agent offered an untouched ticket, and the user told who has it.

use std::collections::BTreeMap;

use crate::support::*;
use escala::domain::{Level, TicketId};
use escala::engine::{AssignMode, AssignmentPolicy, EngineSettings, StaffAction};

fn assigning(mode: AssignMode, offer_after_secs: Option<i64>) -> EngineSettings {
    let l1 = AssignmentPolicy { mode, agents: vec!["Marta".into(), "Rui".into(), "Eva".into()], offer_after_secs };
    let l2 = AssignmentPolicy { mode, agents: vec!["Joana".into()], offer_after_secs: None };
    EngineSettings { assignment: BTreeMap::from([(Level::L1, l1), (Level::L2, l2)]), ..EngineSettings::default() }
}

async fn new_ticket(desk: &mut Desk, user: &str) -> TicketId {
    desk.command(user, "ticket", "the printer on floor 3 jams").await.ticket.unwrap()
}

async fn assignee(desk: &Desk, id: TicketId) -> Option<String> {
    desk.store.ticket_history(id).await.unwrap().unwrap().ticket.assignee
}

#[tokio::test]
async fn round_robin_gives_each_new_ticket_to_the_next_agent_and_the_user_is_told_who() {
    let mut desk = Desk::with_settings(assigning(AssignMode::RoundRobin, None)).await;
    let mut got = Vec::new();
    for user in ["u1", "u2", "u3", "u4"] {
        let id = new_ticket(&mut desk, user).await;
        got.push(assignee(&desk, id).await.unwrap());
    }
    assert_eq!(got, ["Marta", "Rui", "Eva", "Marta"]);
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "u2")).contains("Rui"), "{}", texts(&to_user(&sent, "u2")));
    assert!(texts(&staff_only(&sent)).contains("Assigned automatically to Rui (round robin)"));
}

#[tokio::test]
async fn an_agent_who_is_away_gets_no_tickets_until_back() {
    let mut desk = Desk::with_settings(assigning(AssignMode::RoundRobin, None)).await;
    let said = desk.engine.presence(&agent("Rui"), true, desk.now).await.unwrap();
    assert!(said.contains("Rui is away"), "{said}");
    let mut got = Vec::new();
    for user in ["u1", "u2", "u3"] {
        let id = new_ticket(&mut desk, user).await;
        got.push(assignee(&desk, id).await.unwrap());
    }
    assert_eq!(got, ["Marta", "Eva", "Marta"]);
    desk.engine.presence(&agent("Rui"), false, desk.now).await.unwrap();
    let id = new_ticket(&mut desk, "u4").await;
    assert_eq!(assignee(&desk, id).await.as_deref(), Some("Rui"));
    // From a ticket's staff space too.
    desk.engine.staff_message(&agent("Eva"), id, "/away", desk.now).await.unwrap();
    assert!(texts(&staff_only(&desk.deliver().await)).contains("Eva is away"));
}

#[tokio::test]
async fn least_loaded_gives_the_ticket_to_whoever_holds_the_fewest() {
    let mut desk = Desk::with_settings(assigning(AssignMode::LeastLoaded, None)).await;
    let first = new_ticket(&mut desk, "u1").await;
    assert_eq!(assignee(&desk, first).await.as_deref(), Some("Marta"), "a tie goes to the first named");
    let second = new_ticket(&mut desk, "u2").await;
    assert_eq!(assignee(&desk, second).await.as_deref(), Some("Rui"));
    desk.agent(&agent("Marta"), second, StaffAction::Assign { agent: "Marta".into() }).await.unwrap();
    let third = new_ticket(&mut desk, "u3").await;
    assert_eq!(assignee(&desk, third).await.as_deref(), Some("Rui"), "Marta holds two, Rui none, Eva none");
}

#[tokio::test]
async fn a_ticket_nobody_picked_up_goes_to_the_next_agent_and_escalation_assigns_at_the_new_level() {
    let mut desk = Desk::with_settings(assigning(AssignMode::RoundRobin, Some(15 * 60))).await;
    let idle = new_ticket(&mut desk, "u1").await;
    let taken = new_ticket(&mut desk, "u2").await;
    desk.agent(&agent("Rui"), taken, StaffAction::Reply { text: "on it".into() }).await.unwrap();
    desk.deliver().await;
    desk.tick(16);
    desk.sweep().await;
    assert_eq!(assignee(&desk, idle).await.as_deref(), Some("Eva"), "Marta let it sit; Rui was last, Eva is next");
    assert_eq!(assignee(&desk, taken).await.as_deref(), Some("Rui"), "a ticket being worked on stays");
    let sent = desk.deliver().await;
    assert!(texts(&staff_only(&sent)).contains("Marta did not pick this ticket up in time; now assigned to Eva"));
    assert!(texts(&to_user(&sent, "u1")).contains("Eva"));

    let escalate = StaffAction::Escalate { to: Some(Level::L2), reason: "driver".into(), vendor: None };
    desk.agent(&agent("Rui"), taken, escalate).await.unwrap();
    assert_eq!(assignee(&desk, taken).await.as_deref(), Some("Joana"));
}

//! Triage on opening, through the engine: a new ticket takes the highest
//! level and priority and the tags of the articles the user tried and the
//! rules their messages matched; a priority keyword in any of their
//! messages raises it; staff edit the tags, and lists filter by them.

use crate::support::*;
use escala::domain::{Level, Priority, TicketId};
use escala::engine::{choice, EngineSettings, StaffAction};
use escala::store::TicketFilter;

/// The fixture KB with the invoice article marked for L2, high priority.
fn kb_with_invoices_at_l2() -> tempfile::TempDir {
    let kb = editable_kb();
    let path = kb.path().join("en/invoice-copy.md");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "tags: [billing]",
        "tags: [billing]\nlevel: L2\npriority: high",
        1,
    );
    std::fs::write(&path, text).unwrap();
    std::fs::write(
        kb.path().join("rules.toml"),
        "[[rule]]\nname = \"prod\"\npattern = '(?i)production is broken'\naction = \"ticket\"\nlevel = \"L3\"\npriority = \"urgent\"\ntag = \"prod\"\n",
    )
    .unwrap();
    kb
}

async fn ticket_now(desk: &Desk, id: TicketId) -> escala::store::TicketHistory {
    desk.store.ticket_history(id).await.unwrap().unwrap()
}

#[tokio::test]
async fn a_ticket_takes_the_level_priority_and_tags_of_the_article_the_user_tried() {
    let kb = kb_with_invoices_at_l2();
    let mut desk = Desk::on_kb(kb.path().to_path_buf(), EngineSettings::default()).await;
    desk.says("ana", "en", "I need a copy of my invoice").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    let history = ticket_now(&desk, ticket).await;
    assert_eq!((history.ticket.level, history.ticket.priority), (Level::L2, Priority::High));
    assert_eq!(history.tags, vec!["billing".to_string()]);
    let staff = texts(&staff_only(&desk.deliver().await));
    assert!(staff.contains("Tags: billing") && staff.contains("L2"), "{staff}");

    desk.command("ana", "status", "").await;
    let status = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(status.contains("level L2, high priority") && status.contains("Tags: billing"), "{status}");
}

#[tokio::test]
async fn a_rule_a_later_message_matches_raises_the_ticket_and_adds_its_tag_to_the_articles() {
    let kb = kb_with_invoices_at_l2();
    let mut desk = Desk::on_kb(kb.path().to_path_buf(), EngineSettings::default()).await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.says("ana", "en", "and now production is broken").await.ticket.unwrap();
    let history = ticket_now(&desk, ticket).await;
    assert_eq!((history.ticket.level, history.ticket.priority), (Level::L3, Priority::Urgent));
    assert_eq!(history.tags, vec!["access".to_string(), "account".to_string(), "prod".to_string()]);
}

/// `user` writes `said`, one message each, then asks for a person.
async fn ticket_after(desk: &mut Desk, user: &str, locale: &str, said: &[&str]) -> TicketId {
    for text in said {
        desk.says(user, locale, text).await;
    }
    let opened = desk.command(user, "ticket", "").await;
    opened.ticket.unwrap_or_else(|| panic!("no ticket: {}", texts(&opened.sent)))
}

#[tokio::test]
async fn a_priority_keyword_in_any_message_of_the_conversation_raises_the_priority() {
    let mut desk = Desk::new().await;
    let ticket = ticket_after(&mut desk, "ana", "en", &["the printer is jammed", "and this is urgent"]).await;
    assert_eq!(ticket_now(&desk, ticket).await.ticket.priority, Priority::High);
    let ticket = ticket_after(&mut desk, "rui", "pt-PT", &["a impressora não imprime e não consigo trabalhar"]).await;
    assert_eq!(ticket_now(&desk, ticket).await.ticket.priority, Priority::High);
    let ticket = ticket_after(&mut desk, "eva", "en", &["the printer is jammed"]).await;
    assert_eq!(ticket_now(&desk, ticket).await.ticket.priority, Priority::Normal, "no keyword, no raise");

    // A team that configured its own words for a language.
    let settings = EngineSettings {
        priority_keywords: vec![(escala::domain::Lang::En, vec!["board meeting".into()])],
        keyword_priority: Priority::Urgent,
        ..EngineSettings::default()
    };
    let mut desk = Desk::with_settings(settings).await;
    let ticket = ticket_after(&mut desk, "ana", "en", &["the projector fails before the board meeting"]).await;
    assert_eq!(ticket_now(&desk, ticket).await.ticket.priority, Priority::Urgent);
    let ticket = ticket_after(&mut desk, "eva", "en", &["the printer is jammed, urgent"]).await;
    assert_eq!(ticket_now(&desk, ticket).await.ticket.priority, Priority::Normal, "its own words replace the defaults");
}

#[tokio::test]
async fn staff_edit_the_tags_and_the_list_filters_by_them() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.agent(&agent("Marta"), ticket, StaffAction::Tag { tag: "VIP".into(), add: true }).await.unwrap();
    desk.agent(&agent("Marta"), ticket, StaffAction::Tag { tag: "access".into(), add: false }).await.unwrap();
    let refused = desk.agent(&agent("Marta"), ticket, StaffAction::Tag { tag: "two words".into(), add: true }).await;
    assert!(refused.is_err());
    let staff = texts(&staff_only(&desk.deliver().await));
    assert!(staff.contains("Marta added the tag vip; tags: access, account, vip"), "{staff}");
    assert!(staff.contains("Marta removed the tag access; tags: account, vip"), "{staff}");
    let history = ticket_now(&desk, ticket).await;
    assert_eq!(history.tags, vec!["account".to_string(), "vip".to_string()]);
    assert!(history.events.iter().any(|e| e.kind == "tag_added"));

    desk.says("rui", "pt-PT", "esqueci-me da palavra-passe").await;
    desk.presses("rui", choice::NOT_SOLVED).await;
    let vip = TicketFilter { tag: Some("vip".into()), ..TicketFilter::default() };
    let listed = desk.store.list_tickets(&vip).await.unwrap();
    assert_eq!(listed.iter().map(|t| t.id).collect::<Vec<_>>(), vec![ticket]);
}

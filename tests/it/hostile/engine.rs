//! The bad-input suite: floods, blocked users, oversized text and files,
//! forged buttons and staff commands typed by users. Each case gets a clear
//! reply (or, for a blocked user, deliberate silence) and changes nothing
//! it should not: no ticket, no relay, no state change.

use crate::support::*;
use escala::domain::{Attachment, Channel, TicketState, UserInput};
use escala::engine::{choice, EngineSettings, FloodLimit, Operator};
use escala::store::TicketFilter;

async fn tickets(desk: &Desk) -> usize {
    let filter = TicketFilter { include_closed: true, ..TicketFilter::default() };
    desk.store.list_tickets(&filter).await.unwrap().len()
}

#[tokio::test]
async fn a_flood_is_answered_once_with_how_long_to_wait_and_the_rest_is_refused_quietly() {
    let settings = EngineSettings { flood: FloodLimit { per_minute: 6, burst: 3 }, ..EngineSettings::default() };
    let mut desk = Desk::with_settings(settings).await;
    for _ in 0..10 {
        desk.says_at_once("ana", "en", "I forgot my password").await;
    }
    let to_ana = desk.inbox("ana").await;
    let slow_down: Vec<_> = to_ana.iter().filter(|m| m.text.contains("faster than I can take them")).collect();
    assert_eq!(slow_down.len(), 1, "{}", texts(&to_ana));
    assert!(slow_down[0].text.contains("wait 10 seconds"), "{}", slow_down[0].text);
    let answers = to_ana.iter().filter(|m| m.text.contains("reset your password")).count();
    assert_eq!(answers, 3, "the burst was answered, nothing after it");

    desk.says_at_once("bea", "pt-PT", "olá").await;
    assert!(!texts(&desk.inbox("bea").await).contains("depressa"), "other users are not limited");

    desk.tick(1);
    desk.says_at_once("ana", "en", "I forgot my password").await;
    assert!(texts(&desk.inbox("ana").await).contains("reset your password"), "accepted again after waiting");
}

#[tokio::test]
async fn a_blocked_user_is_ignored_and_can_be_let_back_in() {
    let mut desk = Desk::new().await;
    let lead = Operator::cli("lead");
    assert!(
        desk.engine.set_blocked(Channel::Console, "mallory", true, &lead, desk.now).await.unwrap(),
        "before writing"
    );
    assert!(!desk.engine.set_blocked(Channel::Console, "mallory", true, &lead, desk.now).await.unwrap(), "idempotent");
    desk.says("mallory", "en", "I want a human").await;
    desk.command("mallory", "ticket", "spam spam spam").await;
    assert!(desk.deliver().await.is_empty(), "no reply, no staff message");
    assert_eq!(tickets(&desk).await, 0);

    assert!(desk.engine.set_blocked(Channel::Console, "mallory", false, &lead, desk.now).await.unwrap());
    let log = desk.engine.audit_log(&Default::default()).await.unwrap();
    let actions: Vec<(&str, &str)> = log.iter().map(|r| (r.actor.as_str(), r.action.as_str())).collect();
    assert_eq!(actions, [("cli:lead", "user.block"), ("cli:lead", "user.unblock")], "each change once, by whom");
    assert_eq!(log[0].payload["user"], "console:mallory");
    desk.says("mallory", "en", "I forgot my password").await;
    assert!(texts(&desk.inbox("mallory").await).contains("reset your password"));
}

#[tokio::test]
async fn oversized_or_empty_text_gets_a_clear_reply_and_opens_nothing() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", &"a".repeat(4001)).await;
    desk.says("ana", "en", "   \n\t ").await;
    let to_ana = texts(&desk.inbox("ana").await);
    assert!(to_ana.contains("too long (more than 4000 characters)"), "{to_ana}");
    assert!(to_ana.contains("Your message was empty"), "{to_ana}");
    assert_eq!(tickets(&desk).await, 0);
    let logged = desk.store.logged_queries(t0() - chrono::Duration::days(1)).await.unwrap();
    assert!(logged.is_empty(), "refused text is not logged as a KB question");
}

#[tokio::test]
async fn a_file_over_the_size_limit_is_refused_and_not_relayed() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    let file = |size| Attachment {
        kind: "document".into(),
        reference: "file-1".into(),
        name: Some("dump.bin".into()),
        size: Some(size),
        origin: None,
        file_id: None,
        caption: None,
        content: None,
    };
    desk.update("ana", UserInput::Attachment(file(50_000_000)), None).await;
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "ana")).contains("files up to 20 MB"), "{}", texts(&sent));
    assert!(staff_only(&sent).is_empty(), "nothing reached the ticket's staff space");
    desk.update("ana", UserInput::Attachment(file(1_000)), None).await;
    let sent = desk.deliver().await;
    assert_eq!(staff_only(&sent).len(), 1, "a small file is relayed");
    assert!(staff_only(&sent)[0].attachment.is_some());
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert_eq!(history.messages.iter().filter(|m| m.body.contains("dump.bin")).count(), 1);
}

#[tokio::test]
async fn forged_buttons_and_staff_commands_typed_by_users_change_nothing() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    for forged in [
        "csat:5",
        "csat:99",
        "fixed_yes",
        "forget_yes",
        "mydata_yes",
        "article:../../etc/passwd",
        "incident:nope",
        "\u{0}\u{202e}x",
    ] {
        desk.presses("ana", forged).await;
    }
    desk.command("ana", "resolve", "done by myself").await;
    desk.command("ana", "escalate", "L4 acme 1 now").await;
    let sent = desk.deliver().await;
    assert!(staff_only(&sent).is_empty(), "{}", texts(&staff_only(&sent)));
    let to_ana = texts(&to_user(&sent, "ana"));
    assert!(to_ana.contains("belongs to an earlier message"), "{to_ana}");
    assert!(to_ana.contains("I do not know the command /resolve") || to_ana.contains("command resolve"), "{to_ana}");
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert_eq!(history.ticket.state, TicketState::Open);
    assert_eq!(history.ticket.level, escala::domain::Level::L1);
    assert!(history.ticket.csat.is_none());
}

#[tokio::test]
async fn an_agents_markdown_in_a_name_or_summary_reaches_the_user_as_text() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    let phisher = agent("[Support](https://evil.example)");
    desk.agent(&phisher, ticket, escala::engine::StaffAction::Claim).await.unwrap();
    let summary = "see [the fix](https://evil.example) **now**".to_string();
    desk.agent(&phisher, ticket, escala::engine::StaffAction::Resolve { summary }).await.unwrap();
    let to_ana = to_user(&desk.deliver().await, "ana");
    assert_eq!(to_ana.len(), 2, "{}", texts(&to_ana));
    for message in &to_ana {
        let html = escala::channels::telegram::render::render(message).join("");
        assert!(!html.contains("<a ") && !html.contains("<b>now"), "markup from an agent became markup: {html}");
        assert!(html.contains("evil.example"), "the text itself is kept: {html}");
        let discord = escala::channels::discord::render::render(message).join("");
        let unescaped_link = discord.match_indices("](").any(|(at, _)| !discord[..at].ends_with('\\'));
        assert!(!unescaped_link, "a Discord masked link survived: {discord}");
    }
}

#[tokio::test]
async fn closing_for_a_new_question_keeps_the_rating_it_offers() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    desk.command("ana", "new", "").await;
    desk.presses("ana", choice::CLOSE_AND_NEW).await;
    let offered = to_user(&desk.deliver().await, "ana");
    let rating = offered.iter().find(|m| m.choices.len() == 5).expect("the rating buttons are offered");
    let five = rating.choices.last().unwrap().data.clone();
    // The user asks the new question first, then rates: both work.
    desk.says("ana", "en", "how do I change my email address").await;
    desk.presses("ana", &five).await;
    let to_ana = texts(&desk.inbox("ana").await);
    assert!(!to_ana.contains("belongs to an earlier message"), "{to_ana}");
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert_eq!(history.ticket.csat, Some(5));
}

#[tokio::test]
async fn a_rating_button_for_someone_elses_ticket_rates_nothing() {
    let mut desk = Desk::new().await;
    desk.command("bea", "ticket", "my printer").await;
    desk.command("bea", "close", "").await;
    desk.says("ana", "en", "hello").await;
    desk.presses("ana", "csat:1:1").await;
    let history = desk.store.ticket_history(escala::domain::TicketId(1)).await.unwrap().unwrap();
    assert_eq!(history.ticket.csat, None, "ana cannot rate bea's ticket");
    assert!(texts(&desk.inbox("ana").await).contains("belongs to an earlier message"));
}

#[tokio::test]
async fn every_path_for_a_users_words_has_the_same_limit() {
    let mut desk = Desk::new().await;
    let huge = "b".repeat(4001);
    desk.command("ana", "ticket", &huge).await;
    assert_eq!(tickets(&desk).await, 0, "a /ticket over the limit opens nothing");
    desk.command("ana", "ticket", "my mail").await;
    desk.command("ana", "close", &huge).await;
    let history = desk.store.ticket_history(escala::domain::TicketId(1)).await.unwrap().unwrap();
    assert_eq!(history.ticket.state, TicketState::Open, "a /close over the limit closes nothing");
    assert!(!history.messages.iter().any(|m| m.body.len() > 4000), "nothing over the limit was stored");
    let to_ana = texts(&desk.inbox("ana").await);
    assert_eq!(to_ana.matches("too long (more than 4000 characters)").count(), 2, "{to_ana}");
}

#[tokio::test]
async fn a_message_of_only_invisible_characters_is_empty_and_nul_bytes_are_dropped() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "\u{200B}\u{200D}\u{FEFF} \u{2060}").await;
    assert!(texts(&desk.inbox("ana").await).contains("Your message was empty"));
    desk.command("ana", "ticket", "my\u{0} mail\u{0}").await;
    let history = desk.store.ticket_history(escala::domain::TicketId(1)).await.unwrap().unwrap();
    assert!(history.messages.iter().any(|m| m.body == "my mail"), "{:?}", history.messages);
}

#[tokio::test]
async fn staff_text_that_names_nobody_or_says_nothing_is_refused() {
    let mut desk = Desk::new().await;
    desk.command("ana", "ticket", "my mail").await;
    let ticket = escala::domain::TicketId(1);
    use escala::engine::StaffAction as A;
    for (who, action) in [
        ("", A::Claim),
        ("Marta", A::Assign { agent: " \u{200B}".into() }),
        ("Marta", A::Close { reason: "\u{0}".into() }),
        ("Marta", A::Escalate { to: None, reason: "x".repeat(5000), vendor: None }),
    ] {
        let error = desk.agent(&agent(who), ticket, action.clone()).await.unwrap_err();
        assert!(matches!(error, escala::engine::EngineError::Invalid(_)), "{action:?}: {error}");
    }
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert_eq!((history.ticket.state, history.ticket.assignee), (TicketState::Open, None));
}

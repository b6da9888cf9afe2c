//! Level 2's remote sessions through the engine with a fixed clock: offered
//! with the tool's download links, only with the user's consent, the
//! session code relayed to staff as a code block and kept masked, every
//! step a ticket event.

use crate::support::*;
use escala::domain::{Level, TextFormat, TicketId};
use escala::engine::{choice, EngineError, StaffAction};

async fn ticket_at_l2(desk: &mut Desk, user: &str, locale: &str, question: &str) -> TicketId {
    desk.says(user, locale, question).await;
    let ticket = desk.presses(user, choice::NOT_SOLVED).await.ticket.unwrap();
    let escalate = StaffAction::Escalate { to: Some(Level::L2), reason: "needs a look".into(), vendor: None };
    desk.agent(&agent("Marta"), ticket, escalate).await.unwrap();
    desk.deliver().await;
    ticket
}

fn offer(tool: &str, code: Option<&str>) -> StaffAction {
    StaffAction::RemoteOffer { tool: tool.into(), code: code.map(str::to_string) }
}

fn consent(ticket: TicketId, yes: bool) -> String {
    format!("{}{}:{}", choice::REMOTE_CONSENT_PREFIX, ticket.0, if yes { "yes" } else { "no" })
}

async fn event_kinds(desk: &Desk, ticket: TicketId) -> Vec<String> {
    desk.store.ticket_history(ticket).await.unwrap().unwrap().events.into_iter().map(|e| e.kind).collect()
}

#[tokio::test]
async fn a_remote_session_needs_consent_and_the_users_code_reaches_staff_as_a_block_kept_masked() {
    let mut desk = Desk::new().await;
    let ticket = ticket_at_l2(&mut desk, "ana", "en", "I forgot my password").await;
    desk.agent(&agent("Marta"), ticket, offer("AnyDesk", None)).await.unwrap();
    let sent = desk.deliver().await;
    let offered = to_user(&sent, "ana").pop().unwrap();
    assert!(offered.text.contains("with **AnyDesk**") && offered.text.contains("https://anydesk.com/en/downloads"));
    assert!(offered.text.contains("Nobody can connect without your permission"), "{}", offered.text);
    assert_eq!(choice_data(&offered), vec![consent(ticket, true), consent(ticket, false)]);
    assert!(texts(&staff_only(&sent)).contains("Marta offered a remote session with AnyDesk"));

    desk.presses("ana", &consent(ticket, true)).await;
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "ana")).contains("send here the address or code"), "{}", texts(&sent));
    assert!(texts(&staff_only(&sent)).contains("allowed a remote session with AnyDesk"));

    desk.says("ana", "en", "my id is 123 456 789").await;
    let staff = staff_only(&desk.deliver().await);
    let block = staff.iter().find(|m| m.text.contains("```")).expect("the code as a block");
    assert_eq!(block.format, TextFormat::Markdown);
    assert!(block.text.ends_with("```\n123 456 789\n```"), "{}", block.text);
    assert!(staff.iter().any(|m| m.text == "ana: my id is •••789"), "{}", texts(&staff));

    desk.agent(&agent("Marta"), ticket, StaffAction::RemoteEnd { summary: Some("cleared the mail cache".into()) })
        .await
        .unwrap();
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "ana")).contains("The remote session has ended. You can close AnyDesk now"));
    assert!(texts(&staff_only(&sent)).contains("Marta ended the remote session with AnyDesk: cleared the mail cache"));

    let kinds = event_kinds(&desk, ticket).await;
    for kind in ["remote_offered", "remote_consent", "remote_started", "remote_ended"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
    // Neither the stored history nor the user's own export holds the code.
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert!(history.messages.iter().any(|m| m.body == "my id is •••789"));
    let export = desk.store.user_data(escala::domain::Channel::Console, "ana", true).await.unwrap().unwrap();
    let exported = serde_json::to_string(&export).unwrap();
    assert!(!exported.contains("123 456 789") && !exported.contains("123456789"), "{exported}");
}

#[tokio::test]
async fn a_refused_session_leaves_numbers_as_ordinary_words_and_the_button_cannot_be_reused() {
    let mut desk = Desk::new().await;
    let ticket = ticket_at_l2(&mut desk, "rui", "pt-PT", "esqueci-me da palavra-passe").await;
    desk.agent(&agent("Marta"), ticket, offer("rustdesk", None)).await.unwrap();
    assert!(texts(&to_user(&desk.deliver().await, "rui")).contains("Ninguém se pode ligar sem a sua autorização"));
    desk.presses("rui", &consent(ticket, false)).await;
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "rui")).contains("não haverá sessão remota"), "{}", texts(&sent));
    assert!(texts(&staff_only(&sent)).contains("did not allow a remote session with RustDesk"));

    desk.says("rui", "pt-PT", "o meu número de cliente é 123456789").await;
    let staff = staff_only(&desk.deliver().await);
    assert!(staff.iter().all(|m| !m.text.contains("```")), "no session, no code block: {}", texts(&staff));
    assert!(texts(&staff).contains("123456789"), "an ordinary message is relayed whole");
    desk.presses("rui", &consent(ticket, true)).await;
    assert!(texts(&to_user(&desk.deliver().await, "rui")).contains("mensagem anterior"), "a stale button");
    assert!(!event_kinds(&desk, ticket).await.contains(&"remote_started".to_string()));
}

#[tokio::test]
async fn a_code_staff_give_is_shown_to_the_user_and_kept_masked_in_the_events() {
    let mut desk = Desk::new().await;
    let ticket = ticket_at_l2(&mut desk, "ana", "en", "I forgot my password").await;
    desk.agent(&agent("Marta"), ticket, offer("teamviewer", Some("987 654 321"))).await.unwrap();
    let to_ana = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(to_ana.contains("enter this code: `987 654 321`"), "{to_ana}");
    desk.presses("ana", &consent(ticket, true)).await;
    assert!(texts(&staff_only(&desk.deliver().await)).contains("the session starts"));
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    let events = serde_json::to_string(&history.events).unwrap();
    assert!(events.contains("•••321") && !events.contains("987 654 321"), "{events}");
    assert!(history.events.iter().any(|e| e.kind == "remote_started"));
}

#[tokio::test]
async fn only_an_offered_tool_and_an_offered_session_can_be_acted_on() {
    let mut desk = Desk::new().await;
    let ticket = ticket_at_l2(&mut desk, "ana", "en", "I forgot my password").await;
    match desk.agent(&agent("Marta"), ticket, offer("vnc-over-telnet", None)).await {
        Err(EngineError::Invalid(reason)) => {
            assert!(reason.contains("offered: anydesk, rustdesk, teamviewer"), "{reason}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let ended = desk.agent(&agent("Marta"), ticket, StaffAction::RemoteEnd { summary: None }).await;
    assert!(matches!(ended, Err(EngineError::Invalid(reason)) if reason.contains("no remote session was offered")));
    assert!(desk.deliver().await.is_empty());
}

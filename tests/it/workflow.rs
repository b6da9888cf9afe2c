//! Behaviour specifications of the support workflow through the public
//! engine interface: self-help, tickets with handoff context, relay both
//! ways, escalation, resolution, confirmation and rating.

use crate::support::*;
use escala::domain::{ArticleFate, Level, QueryOutcome, ThreadOp, TicketState, UserInput};
use escala::engine::{choice, EngineError, StaffAction};

#[tokio::test]
async fn a_question_the_kb_covers_is_answered_with_feedback_buttons() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let to_ana = to_user(&desk.deliver().await, "ana");
    assert_eq!(to_ana.len(), 1);
    assert!(to_ana[0].text.contains("How to reset your password"), "{}", to_ana[0].text);
    assert_eq!(choice_data(&to_ana[0]), [choice::SOLVED, choice::NOT_SOLVED, choice::HUMAN]);
}

#[tokio::test]
async fn the_answer_comes_in_the_users_language() {
    let mut desk = Desk::new().await;
    desk.says("rui", "pt-PT", "esqueci-me da palavra-passe").await;
    let to_rui = to_user(&desk.deliver().await, "rui");
    assert!(to_rui[0].text.contains("Como redefinir a palavra-passe"), "{}", to_rui[0].text);
}

#[tokio::test]
async fn solved_ends_the_conversation_as_a_deflection_without_a_ticket() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    desk.presses("ana", choice::SOLVED).await;
    let tickets = desk.store.list_tickets(&Default::default()).await.unwrap();
    assert!(tickets.is_empty());
    let queries = desk.store.logged_queries(t0()).await.unwrap();
    let last = queries.last().unwrap();
    assert_eq!((last.outcome, last.fate), (QueryOutcome::Answered, Some(ArticleFate::Solved)));
}

#[tokio::test]
async fn user_who_says_not_solved_gets_a_ticket_with_the_articles_tried() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    desk.deliver().await;
    let outcome = desk.presses("ana", choice::NOT_SOLVED).await;
    let ticket = outcome.ticket.expect("a ticket");
    let sent = desk.deliver().await;
    let to_ana = to_user(&sent, "ana");
    assert!(to_ana[0].text.contains(&ticket.to_string()), "{}", to_ana[0].text);
    let staff = staff_only(&sent);
    assert_eq!(staff.len(), 1);
    assert!(matches!(staff[0].thread, Some(ThreadOp::Open { .. })));
    let context = &staff[0].text;
    assert!(context.contains("[reset-password] How to reset your password → Not solved"), "{context}");
    assert!(context.contains("I forgot my password"), "{context}");
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert_eq!(history.ticket.level, Level::L1);
    assert_eq!(history.ticket.subject, "I forgot my password");
}

#[tokio::test]
async fn a_question_the_kb_does_not_cover_offers_a_ticket() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "my quantum flux capacitor hums").await;
    let to_ana = to_user(&desk.deliver().await, "ana");
    assert_eq!(choice_data(&to_ana[0]), [choice::TICKET_YES, choice::TICKET_NO]);
    let outcome = desk.presses("ana", choice::TICKET_YES).await;
    assert!(outcome.ticket.is_some());
    let queries = desk.store.logged_queries(t0()).await.unwrap();
    // The bot missed; no article was shown, so none has a fate; the
    // question's resolved ticket is none yet.
    assert_eq!((queries[0].outcome, queries[0].fate, queries[0].resolved_ticket), (QueryOutcome::Missed, None, None));
}

#[tokio::test]
async fn while_a_ticket_is_open_user_messages_go_to_the_staff_and_agent_replies_come_back_signed() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    desk.says("ana", "en", "the reset email never arrives").await;
    let staff = staff_only(&desk.deliver().await);
    assert_eq!(staff[0].text, "ana: the reset email never arrives");

    desk.agent(&agent("Marta"), ticket, StaffAction::Reply { text: "Please check the spam folder".into() })
        .await
        .unwrap();
    let to_ana = to_user(&desk.deliver().await, "ana");
    assert_eq!(to_ana[0].text, "Marta: Please check the spam folder");
    let t = desk.store.ticket_history(ticket).await.unwrap().unwrap().ticket;
    assert_eq!(t.state, TicketState::InProgress);
    assert!(t.first_response_at.is_some());
}

#[tokio::test]
async fn internal_notes_never_reach_the_user() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    desk.agent(&agent("Marta"), ticket, StaffAction::Note { text: "customer is VIP".into() }).await.unwrap();
    let sent = desk.deliver().await;
    assert!(to_user(&sent, "ana").is_empty());
    assert!(staff_only(&sent)[0].text.contains("customer is VIP"));
}

#[tokio::test]
async fn resolve_then_yes_closes_the_ticket_and_the_rating_is_recorded() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.agent(&agent("Marta"), ticket, StaffAction::Resolve { summary: "link re-sent".into() }).await.unwrap();
    let to_ana = to_user(&desk.deliver().await, "ana");
    let ask = to_ana.last().unwrap();
    assert!(ask.text.contains("link re-sent"));
    assert_eq!(choice_data(ask), [choice::FIXED_YES, choice::FIXED_NO]);

    desk.presses("ana", choice::FIXED_YES).await;
    let rate = to_user(&desk.deliver().await, "ana");
    assert_eq!(rate[0].choices.len(), 5);
    desk.presses("ana", "csat:4").await;
    desk.says("ana", "en", "quick and kind").await;
    let t = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert_eq!((t.ticket.state, t.ticket.csat), (TicketState::Closed, Some(4)));
    assert!(t.events.iter().any(|e| e.kind == "rating_commented"));
}

#[tokio::test]
async fn saying_it_is_not_fixed_reopens_at_the_same_level_with_the_reason_and_alerts_staff() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    let marta = agent("Marta");
    desk.agent(&marta, ticket, StaffAction::Escalate { to: None, reason: "needs logs".into(), vendor: None })
        .await
        .unwrap();
    desk.agent(&marta, ticket, StaffAction::Resolve { summary: "fixed the mail relay".into() }).await.unwrap();
    desk.deliver().await;
    desk.presses("ana", choice::FIXED_NO).await;
    desk.says("ana", "en", "still no email").await;
    let staff = staff_only(&desk.deliver().await);
    assert!(staff.iter().any(|m| m.text.contains("still no email") && m.thread == Some(ThreadOp::Reopen)));
    let t = desk.store.ticket_history(ticket).await.unwrap().unwrap().ticket;
    assert_eq!((t.state, t.level), (TicketState::Open, Level::L2));
}

#[tokio::test]
async fn escalation_to_the_vendor_needs_its_reference_and_the_users_consent_then_waits_on_it() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    let marta = agent("Marta");
    for to in [Level::L2, Level::L3] {
        desk.agent(&marta, ticket, StaffAction::Escalate { to: Some(to), reason: "deeper".into(), vendor: None })
            .await
            .unwrap();
    }
    let refused = desk
        .agent(&marta, ticket, StaffAction::Escalate { to: Some(Level::L4), reason: "hw".into(), vendor: None })
        .await;
    assert!(matches!(refused, Err(EngineError::Invalid(_))));
    let vendor = Some(("Acme".to_string(), "AC-77".to_string()));
    desk.agent(&marta, ticket, StaffAction::Escalate { to: Some(Level::L4), reason: "hw".into(), vendor })
        .await
        .unwrap();
    desk.presses("ana", &format!("{}{}:yes", choice::VENDOR_CONSENT_PREFIX, ticket.0)).await;
    let t = desk.store.ticket_history(ticket).await.unwrap().unwrap().ticket;
    assert_eq!(
        (t.level, t.state, t.vendor_reference.as_deref()),
        (Level::L4, TicketState::WaitingOnVendor, Some("AC-77"))
    );
    let to_ana = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(to_ana.contains("May we share") && to_ana.contains("now with our partner"), "{to_ana}");
    assert!(!to_ana.contains("hw") && !to_ana.contains("AC-77"), "internal detail leaked: {to_ana}");
}

#[tokio::test]
async fn an_agent_without_the_role_for_the_level_is_refused_and_nothing_changes() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    let l2_only = escala::engine::Agent { id: "x".into(), display_name: "Xavi".into(), levels: vec![Level::L2] };
    let refused = desk.agent(&l2_only, ticket, StaffAction::Reply { text: "hi".into() }).await;
    assert!(matches!(refused, Err(EngineError::NoRole { level: Level::L1, .. })));
    assert!(desk.deliver().await.is_empty());
}

#[tokio::test]
async fn a_user_has_one_open_ticket_and_new_messages_join_it() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let first = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    let second = desk.command("ana", "ticket", "another problem").await.ticket;
    assert_eq!(second, None);
    let to_ana = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(to_ana.contains(&format!("already have ticket {first}")), "{to_ana}");
    assert_eq!(desk.store.list_tickets(&Default::default()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn slash_new_can_close_the_open_ticket_and_start_over() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.command("ana", "new", "").await;
    desk.presses("ana", choice::CLOSE_AND_NEW).await;
    let t = desk.store.ticket_history(ticket).await.unwrap().unwrap().ticket;
    assert_eq!(t.state, TicketState::Closed);
    desk.says("ana", "en", "where can I download my invoice").await;
    let last = to_user(&desk.deliver().await, "ana").pop().unwrap();
    assert!(last.text.contains("Getting a copy of an invoice"), "{}", last.text);
}

#[tokio::test]
async fn a_repeated_platform_update_changes_nothing() {
    let mut desk = Desk::new().await;
    let input = UserInput::Text("I forgot my password".into());
    let first = desk.update("ana", input.clone(), Some("update-1")).await;
    let again = desk.update("ana", input, Some("update-1")).await;
    assert!(!first.duplicate && again.duplicate);
    assert_eq!(to_user(&desk.deliver().await, "ana").len(), 1);
}

#[tokio::test]
async fn bad_input_gets_a_clear_message_and_changes_nothing() {
    let mut desk = Desk::new().await;
    for text in ["   ", &"x".repeat(100_000)] {
        desk.says("ana", "en", text).await;
    }
    desk.command("ana", "frobnicate", "").await;
    let to_ana = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(to_ana.contains("empty"), "{to_ana}");
    assert!(to_ana.contains("too long"), "{to_ana}");
    assert!(to_ana.contains("/frobnicate") || to_ana.contains("frobnicate"), "{to_ana}");
    assert!(desk.store.logged_queries(t0()).await.unwrap().is_empty());
}

#[tokio::test]
async fn staff_actions_on_a_closed_ticket_are_refused() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.command("ana", "close", "found it").await;
    let refused = desk.agent(&agent("Marta"), ticket, StaffAction::Reply { text: "hello?".into() }).await;
    assert!(matches!(refused, Err(EngineError::Transition(_))), "{refused:?}");
}

#[tokio::test]
async fn status_shows_state_and_level_in_the_users_language() {
    let mut desk = Desk::new().await;
    desk.says("rui", "pt", "esqueci-me da palavra-passe").await;
    desk.presses("rui", choice::NOT_SOLVED).await;
    desk.deliver().await;
    desk.command("rui", "status", "").await;
    let status = to_user(&desk.deliver().await, "rui").pop().unwrap().text;
    assert!(status.contains("#1") && status.contains("L1"), "{status}");
    assert!(!status.contains("Last update"), "status should be in Portuguese: {status}");
}

#[tokio::test]
async fn in_a_staff_space_plain_text_is_a_reply_the_prefix_makes_a_note_and_commands_act() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    let marta = agent("Marta");
    let now = desk.now;
    desk.engine.staff_message(&marta, ticket, "! checked the logs", now).await.unwrap();
    desk.engine.staff_message(&marta, ticket, "Hello Ana, on it", now).await.unwrap();
    desk.engine.staff_message(&marta, ticket, "/escalate L2 mail relay", now).await.unwrap();
    let sent = desk.deliver().await;
    let to_ana = texts(&to_user(&sent, "ana"));
    assert!(to_ana.contains("Marta: Hello Ana, on it") && !to_ana.contains("checked the logs"), "{to_ana}");
    let t = desk.store.ticket_history(ticket).await.unwrap().unwrap().ticket;
    assert_eq!(t.level, Level::L2);
    let unknown = desk.engine.staff_message(&marta, ticket, "/frobnicate", now).await;
    assert!(matches!(unknown, Err(EngineError::Invalid(m)) if m.contains("unknown staff command")));
}

#[tokio::test]
async fn an_agent_can_send_an_article_and_see_the_top_suggestions_for_the_ticket() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    let marta = agent("Marta");
    let now = desk.now;
    desk.engine.staff_message(&marta, ticket, "/kb", now).await.unwrap();
    let staff = texts(&staff_only(&desk.deliver().await));
    assert!(staff.contains("reset-password"), "{staff}");
    desk.engine.staff_message(&marta, ticket, "/kb invoice-copy", now).await.unwrap();
    let to_ana = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(to_ana.contains("Getting a copy of an invoice"), "{to_ana}");
    let missing = desk.engine.staff_message(&marta, ticket, "/kb no-such-article", now).await;
    assert!(matches!(missing, Err(EngineError::Invalid(_))));
}

#[tokio::test]
async fn every_user_is_spoken_to_in_their_own_language() {
    use escala::domain::Lang;
    use escala::engine::i18n::t;
    let mut desk = Desk::new().await;
    for (user, locale, lang) in [
        ("rui", "pt-PT", Lang::Pt),
        ("lucia", "es-ES", Lang::Es),
        ("jordi", "ca", Lang::Ca),
        ("ann", "en-GB", Lang::En),
    ] {
        desk.says(user, locale, "zzz qqq xyzzy").await;
        let reply = to_user(&desk.deliver().await, user).pop().unwrap();
        assert_eq!(reply.text, t(lang, "no-answer", &[]), "{user}");
        assert_eq!(reply.choices[0].label, t(lang, "button-open-ticket", &[]));
    }
    assert_ne!(t(Lang::Ca, "no-answer", &[]), t(Lang::Es, "no-answer", &[]));
}

#[tokio::test]
async fn slash_lang_switches_the_language_for_the_rest_of_the_conversation() {
    use escala::domain::Lang;
    use escala::engine::i18n::t;
    let mut desk = Desk::new().await;
    desk.command("ann", "lang", "ca").await;
    desk.command("ann", "status", "").await;
    let sent = to_user(&desk.deliver().await, "ann");
    assert_eq!(sent[0].text, t(Lang::Ca, "language-switched", &[]));
    assert_eq!(sent[1].text, t(Lang::Ca, "no-open-ticket", &[]));
}

#[tokio::test]
async fn a_user_of_unknown_language_is_answered_in_the_language_of_the_best_match() {
    let mut desk = Desk::new().await;
    // Too short to detect, and the console gives no locale.
    desk.update("rui", UserInput::Text("mudar a senha".into()), None).await;
    let answer = to_user(&desk.deliver().await, "rui").pop().unwrap();
    assert!(answer.text.contains("Como redefinir a palavra-passe"), "{}", answer.text);
    assert_eq!(answer.choices[0].label, escala::engine::i18n::t(escala::domain::Lang::Pt, "button-solved", &[]));
}

#[tokio::test]
async fn a_staff_update_delivered_twice_is_relayed_once_even_across_a_restart() {
    let mut desk = Desk::new().await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    let key = Some((escala::domain::Channel::Telegram, "9001"));
    let bea = agent("bea");
    let first = desk.engine.staff_message_once(&bea, ticket, "Try the reset link", key, desk.now).await.unwrap();
    assert!(!first.duplicate);
    desk.restart().await;
    let again = desk.engine.staff_message_once(&bea, ticket, "Try the reset link", key, desk.now).await.unwrap();
    assert!(again.duplicate);
    let to_ana = to_user(&desk.deliver().await, "ana");
    assert_eq!(to_ana.len(), 1, "{}", texts(&to_ana));
}

#[tokio::test]
async fn staff_messages_follow_the_configured_staff_language() {
    let settings = escala::engine::EngineSettings { staff_lang: escala::domain::Lang::Pt, ..Default::default() };
    let mut desk = Desk::with_settings(settings).await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    let card = texts(&staff_only(&desk.deliver().await));
    assert!(card.contains(&format!("Novo pedido {ticket}")) && card.contains("Artigos tentados:"), "{card}");
    let marta = agent("Marta");
    desk.agent(&marta, ticket, StaffAction::Claim).await.unwrap();
    let escalate = StaffAction::Escalate { to: Some(Level::L2), reason: "relé de correio".into(), vendor: None };
    desk.agent(&marta, ticket, escalate).await.unwrap();
    let sent = desk.deliver().await;
    let staff = texts(&staff_only(&sent));
    assert!(staff.contains("Marta ficou com o pedido"), "{staff}");
    assert!(staff.contains("⬆ Escalado de L1 para L2 por Marta: relé de correio"), "{staff}");
    assert!(!staff.contains("claimed the ticket") && !staff.contains("Escalated"), "English left: {staff}");
    // The user is still spoken to in their own language.
    let to_ana = texts(&to_user(&sent, "ana"));
    assert!(to_ana.contains("is now handling your ticket"), "{to_ana}");
    let unknown = desk.engine.staff_message(&marta, ticket, "/frobnicate", desk.now).await;
    assert!(
        matches!(&unknown, Err(EngineError::Invalid(m)) if m.contains("comando de equipa desconhecido /frobnicate")),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn refusals_user_notices_and_stats_reach_staff_in_the_staff_language() {
    use escala::domain::{Channel, Lang};
    let settings = escala::engine::EngineSettings { staff_lang: Lang::Pt, ..Default::default() };
    let mut desk = Desk::with_settings(settings).await;
    desk.says("ana", "en", "I forgot my password").await;
    let ticket = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    let marta = agent("Marta");
    // A reply of only spaces, and an action the ticket's state refuses.
    let blank = desk.agent(&marta, ticket, StaffAction::Reply { text: "   ".into() }).await;
    assert!(matches!(&blank, Err(EngineError::Invalid(m)) if m == "falta a resposta"), "{blank:?}");
    let resume = desk.agent(&marta, ticket, StaffAction::Resume).await.unwrap_err();
    assert_eq!(resume.message(Lang::Pt), "isso não é possível enquanto o pedido está aberto");
    let unnamed = desk.agent(&agent(" "), ticket, StaffAction::Claim).await.unwrap_err();
    assert!(unnamed.message(Lang::Pt).starts_with("falta o nome do agente"), "{unnamed:?}");
    // What the user does is told to staff in Portuguese, not English.
    desk.command("ana", "close", "").await;
    desk.presses("ana", &format!("{}{}:2", choice::CSAT_PREFIX, ticket.0)).await;
    desk.says("ana", "en", "too slow").await;
    desk.engine.staff_message(&marta, ticket, "/stats", desk.now).await.unwrap();
    let staff = texts(&staff_only(&desk.deliver().await));
    for line in [
        "Fechado pelo utilizador: fechado pelo utilizador",
        "Avaliado com 2/5 pelo utilizador",
        "Comentário da avaliação: too slow",
        "📊 Suporte,",
        "1 conversas, 1 pedidos",
        "Avaliações baixas (1 com 2★ ou menos)",
        "2★ pedido #1 · L1",
    ] {
        assert!(staff.contains(line), "missing {line:?} in {staff}");
    }
    for english in ["Closed by the user", "Rated 2/5", "Rating comment", "Low ratings", "conversations"] {
        assert!(!staff.contains(english), "English left ({english}): {staff}");
    }
    // Ana's own copy of her data is in her language whatever staff read.
    let data = desk.store.user_data(Channel::Console, "ana", false).await.unwrap().unwrap();
    let document = escala::engine::export_markdown(&data, desk.now, Lang::Es);
    assert!(document.starts_with("# Datos guardados sobre ana (console:ana)"), "{document}");
    assert!(document.contains("valorado con 2/5") && document.contains("Historial:"), "{document}");
    assert!(!document.contains("History:") && !document.contains("Conversations with the bot"), "{document}");
}

#[tokio::test]
async fn a_user_lists_their_tickets_and_reads_one_but_never_someone_elses() {
    let mut desk = Desk::new().await;
    desk.command("ana", "tickets", "").await;
    assert!(texts(&to_user(&desk.deliver().await, "ana")).contains("You have no tickets yet"));
    desk.says("ana", "en", "I forgot my password").await;
    let first = desk.presses("ana", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.agent(&agent("Marta"), first, StaffAction::Close { reason: "done".into() }).await.unwrap();
    desk.command("ana", "ticket", "the VPN drops every hour").await;
    desk.says("rui", "pt-PT", "esqueci-me da palavra-passe").await;
    let ruis = desk.presses("rui", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;

    desk.command("ana", "tickets", "").await;
    let list = texts(&to_user(&desk.deliver().await, "ana"));
    let lines: Vec<&str> = list.lines().filter(|l| l.starts_with('•')).collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines[0].contains("#2") && lines[0].contains("open, waiting for an agent"), "newest first: {list}");
    assert!(lines[1].contains("#1 · 2026-11-23 · closed"), "{list}");
    assert!(!list.contains(&format!("#{}", ruis.0)), "only her own: {list}");

    desk.command("ana", "status", &first.0.to_string()).await;
    let status = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(status.contains("Ticket #1: closed, level L1, normal priority"), "{status}");
    desk.command("ana", "status", &ruis.0.to_string()).await;
    desk.command("ana", "status", "999").await;
    let refused = texts(&to_user(&desk.deliver().await, "ana"));
    assert_eq!(refused.matches("I do not find a ticket").count(), 2, "{refused}");
    assert!(!refused.contains("esqueci"), "nothing of Rui's ticket: {refused}");
}

//! Level 4 specifications with a fixed clock: the customer is consulted
//! before a vendor sees the ticket, a refusal keeps it where it was, the
//! vendor's contracted clocks warn and breach, staff are reminded to chase
//! the vendor and the user hears during a long wait, and `stats` reports
//! each vendor.

use crate::support::*;
use chrono::Duration;
use escala::domain::sla::VendorTerms;
use escala::domain::{Destination, Level, ThreadOp, TicketId, TicketState};
use escala::engine::{choice, EngineError, EngineSettings, StaffAction};

const HOUR: i64 = 3600;

fn acme() -> VendorTerms {
    VendorTerms {
        name: "Acme".into(),
        contact: "support@acme.example".into(),
        response_secs: 4 * HOUR,
        resolution_secs: 48 * HOUR,
        follow_up_secs: Some(24 * HOUR),
        user_update_secs: Some(48 * HOUR),
    }
}

fn with_acme() -> EngineSettings {
    let mut settings = EngineSettings::default();
    settings.sla.vendors.insert("acme".into(), acme());
    // The team's own reminders stay out of the way of the vendor's.
    settings.sla.remind_after_secs = None;
    settings.sla.close_silent_after_secs = None;
    settings
}

/// Ana's ticket, taken by Marta up to L3.
async fn ticket_at_l3(desk: &mut Desk, user: &str, locale: &str, question: &str) -> TicketId {
    desk.says(user, locale, question).await;
    let ticket = desk.presses(user, choice::NOT_SOLVED).await.ticket.unwrap();
    for to in [Level::L2, Level::L3] {
        desk.agent(
            &agent("Marta"),
            ticket,
            StaffAction::Escalate { to: Some(to), reason: "deeper".into(), vendor: None },
        )
        .await
        .unwrap();
    }
    desk.deliver().await;
    ticket
}

fn to_vendor(vendor: &str, reference: &str) -> StaffAction {
    StaffAction::Escalate {
        to: Some(Level::L4),
        reason: "firmware bug in the relay".into(),
        vendor: Some((vendor.into(), reference.into())),
    }
}

async fn ticket_now(desk: &Desk, id: TicketId) -> escala::domain::Ticket {
    desk.store.ticket_history(id).await.unwrap().unwrap().ticket
}

fn consent_button(ticket: TicketId, yes: bool) -> String {
    format!("{}{}:{}", choice::VENDOR_CONSENT_PREFIX, ticket.0, if yes { "yes" } else { "no" })
}

#[tokio::test]
async fn the_vendor_sees_nothing_until_the_user_agrees() {
    let mut desk = Desk::with_settings(with_acme()).await;
    let ticket = ticket_at_l3(&mut desk, "ana", "en", "I forgot my password").await;
    desk.agent(&agent("Marta"), ticket, to_vendor("acme", "AC-77")).await.unwrap();

    let t = ticket_now(&desk, ticket).await;
    assert_eq!((t.level, t.state), (Level::L3, TicketState::WaitingOnUser), "no L4 before the user agrees");
    assert!(t.awaits_vendor_consent());
    let sent = desk.deliver().await;
    let question = to_user(&sent, "ana").pop().unwrap();
    assert!(question.text.contains("**Acme**") && question.text.contains("May we share"), "{}", question.text);
    assert_eq!(choice_data(&question), vec![consent_button(ticket, true), consent_button(ticket, false)]);
    assert!(!question.text.contains("firmware"), "the internal reason stays internal: {}", question.text);
    let staff = texts(&staff_only(&sent));
    assert!(staff.contains("asked the user's consent to share this ticket with Acme"), "{staff}");

    // Words typed meanwhile reach the agent, and the question still stands.
    desk.says("ana", "en", "who is Acme?").await;
    assert!(texts(&staff_only(&desk.deliver().await)).contains("who is Acme?"));
    assert!(ticket_now(&desk, ticket).await.awaits_vendor_consent());

    desk.presses("ana", &consent_button(ticket, true)).await;
    let t = ticket_now(&desk, ticket).await;
    assert_eq!((t.level, t.state, t.vendor.as_deref()), (Level::L4, TicketState::WaitingOnVendor, Some("Acme")));
    assert_eq!(t.vendor_reference.as_deref(), Some("AC-77"));
    let sent = desk.deliver().await;
    let staff = staff_only(&sent);
    let recap = staff.iter().find(|m| matches!(m.thread, Some(ThreadOp::Move { .. }))).expect("moved to L4's space");
    assert!(recap.text.contains("L3 → L4 with the user's consent") && recap.text.contains("firmware bug"));
    assert!(texts(&staff).contains("answer within 4 hours, fix within 2 days"), "{}", texts(&staff));
    let to_ana = texts(&to_user(&sent, "ana"));
    assert!(to_ana.contains("now with our partner **Acme**") && to_ana.contains("at least every 2 days"), "{to_ana}");
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    let kinds: Vec<&str> = history.events.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.ends_with(&[
        "vendor_consent_asked",
        "user_replied",
        "vendor_consent",
        "escalated",
        "waiting_on_vendor"
    ]));
}

#[tokio::test]
async fn a_refusal_keeps_the_ticket_at_its_level_and_tells_staff_why() {
    let mut desk = Desk::with_settings(with_acme()).await;
    let ticket = ticket_at_l3(&mut desk, "rui", "pt-PT", "esqueci-me da palavra-passe").await;
    desk.agent(&agent("Marta"), ticket, to_vendor("Acme", "AC-78")).await.unwrap();
    let asked = texts(&to_user(&desk.deliver().await, "rui"));
    assert!(asked.contains("Podemos partilhar"), "{asked}");

    desk.presses("rui", &consent_button(ticket, false)).await;
    let t = ticket_now(&desk, ticket).await;
    assert_eq!((t.level, t.state, t.vendor), (Level::L3, TicketState::InProgress, None));
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "rui")).contains("nada do pedido"), "{}", texts(&sent));
    assert!(texts(&staff_only(&sent)).contains("did not agree to share this ticket with Acme; it stays at L3"));

    // The same button again, or one naming somebody else's ticket, is stale.
    desk.presses("rui", &consent_button(ticket, true)).await;
    desk.says("ana", "en", "I forgot my password").await;
    desk.presses("ana", &consent_button(ticket, true)).await;
    let sent = desk.deliver().await;
    assert!(texts(&to_user(&sent, "ana")).contains("belongs to an earlier message"), "{}", texts(&sent));
    assert_eq!(ticket_now(&desk, ticket).await.level, Level::L3);
}

#[tokio::test]
async fn only_a_configured_vendor_takes_tickets() {
    let mut desk = Desk::with_settings(with_acme()).await;
    let ticket = ticket_at_l3(&mut desk, "ana", "en", "I forgot my password").await;
    let refused = desk.agent(&agent("Marta"), ticket, to_vendor("Initech", "X-1")).await;
    match refused {
        Err(EngineError::Invalid(reason)) => {
            assert!(reason.contains("`Initech` is not a configured vendor; configured: Acme"), "{reason}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(desk.deliver().await.is_empty());
    assert_eq!(ticket_now(&desk, ticket).await.state, TicketState::Open);
}

async fn waiting_on_acme(desk: &mut Desk) -> TicketId {
    let ticket = ticket_at_l3(desk, "ana", "en", "I forgot my password").await;
    desk.agent(&agent("Marta"), ticket, to_vendor("acme", "AC-77")).await.unwrap();
    desk.presses("ana", &consent_button(ticket, true)).await;
    desk.deliver().await;
    ticket
}

#[tokio::test]
async fn the_vendors_contracted_clocks_warn_and_breach_staff_and_an_update_meets_the_response() {
    let mut desk = Desk::with_settings(with_acme()).await;
    let late = waiting_on_acme(&mut desk).await;
    // Warning at 80 % of the 4-hour response, breach at 4 hours.
    desk.tick(3 * 60 + 15);
    desk.sweep().await;
    let staff = texts(&staff_only(&desk.deliver().await));
    assert!(staff.contains("Acme's contracted response") && staff.contains("SLA warning"), "{staff}");
    desk.tick(60);
    desk.sweep().await;
    let sent = desk.deliver().await;
    let staff = texts(&staff_only(&sent));
    assert!(staff.contains("Acme's contracted response") && staff.contains("SLA breached"), "{staff}");
    assert!(to_user(&sent, "ana").is_empty(), "a vendor's lateness is not announced as the team's");
    assert_eq!(ticket_now(&desk, late).await.level, Level::L4, "no automatic escalation past the vendor");

    // Another ticket's vendor answers in time: `/vendor update` meets the
    // response clock; resuming meets the resolution clock.
    let mut desk = Desk::with_settings(with_acme()).await;
    let ticket = waiting_on_acme(&mut desk).await;
    desk.tick(60);
    let update = StaffAction::VendorUpdate { text: "reproduced, patch in testing".into(), tell_user: false };
    desk.agent(&agent("Marta"), ticket, update).await.unwrap();
    let sent = desk.deliver().await;
    assert!(to_user(&sent, "ana").is_empty(), "an update kept for staff stays with staff");
    assert!(texts(&staff_only(&sent)).contains("Marta recorded what Acme said: reproduced, patch in testing"));
    desk.tick(10 * 60);
    desk.agent(&agent("Marta"), ticket, StaffAction::Resume).await.unwrap();
    desk.tick(50);
    desk.sweep().await;
    let staff = texts(&staff_only(&desk.deliver().await));
    assert!(!staff.contains("Acme's contracted"), "met clocks never alert: {staff}");
    let stats = desk.engine.store().stats_input(desk.now - Duration::days(7)).await.unwrap();
    let report =
        escala::stats::compute(&stats, desk.now - Duration::days(7), desk.now, &escala::domain::sla::Calendar::Always);
    let acme = report.vendors.iter().find(|v| v.vendor == "Acme").expect("Acme in the report");
    assert_eq!((acme.tickets, acme.waiting, acme.waits.count), (1, 0, 1));
    assert_eq!((acme.response.count, acme.response.total, acme.resolution.count, acme.resolution.total), (1, 1, 1, 1));
    assert_eq!(acme.waits.median_secs, Some((60 + 1 + 600 + 1) * 60), "consent to resume, wall time");
    let output = escala::stats::StatsOutput { report: report.clone(), by: None, groups: Vec::new() };
    let page = escala::stats::text(&output, escala::domain::Lang::En);
    assert!(page.contains("Vendors (level 4)") && page.lines().any(|l| l.trim_start().starts_with("Acme")), "{page}");
    let csv = escala::stats::csv(&output).unwrap();
    assert!(csv.contains("all,vendor_tickets:Acme,1") && csv.contains("all,vendor_response_compliance:Acme,1.0000"));
    // The vendor's clocks are not the team's SLA.
    assert!(
        report.sla.by_level.iter().all(|l| l.level != Level::L4 || l.first_response.total == 0),
        "{:?}",
        report.sla
    );
}

#[tokio::test]
async fn staff_are_reminded_to_chase_the_vendor_and_the_user_hears_during_a_long_wait() {
    let mut desk = Desk::with_settings(with_acme()).await;
    let ticket = waiting_on_acme(&mut desk).await;
    desk.agent(
        &agent("Marta"),
        ticket,
        StaffAction::VendorUpdate { text: "fix planned for version 2.1".into(), tell_user: true },
    )
    .await
    .unwrap();
    let news = texts(&to_user(&desk.deliver().await, "ana"));
    assert!(news.contains("News on ticket") && news.contains("fix planned for version 2.1"), "{news}");

    desk.tick(24 * 60);
    let report = desk.sweep().await;
    assert!(report.timers >= 1);
    let sent = desk.deliver().await;
    let staff = texts(&staff_only(&sent));
    assert!(staff.contains("Follow up with Acme (support@acme.example) on reference AC-77"), "{staff}");
    assert!(to_user(&sent, "ana").is_empty(), "the user's update comes every 2 days");

    desk.tick(24 * 60);
    desk.sweep().await;
    let sent = desk.deliver().await;
    let to_ana = texts(&to_user(&sent, "ana"));
    assert!(to_ana.contains("still with our external partner, for 2 days"), "{to_ana}");
    assert!(to_ana.contains("Latest news: fix planned for version 2.1"), "{to_ana}");
    assert!(texts(&staff_only(&sent)).contains("Follow up with Acme"), "the follow-up repeats every day");

    // The wait ends: no more rounds.
    desk.agent(&agent("Marta"), ticket, StaffAction::Resume).await.unwrap();
    desk.deliver().await;
    desk.tick(5 * 24 * 60);
    desk.sweep().await;
    let after = desk.deliver().await;
    assert!(!texts(&after).contains("Follow up") && !texts(&after).contains("still with"), "{}", texts(&after));
}

#[tokio::test]
async fn vendor_updates_exist_only_while_a_ticket_waits_on_its_vendor() {
    let mut desk = Desk::with_settings(with_acme()).await;
    let ticket = ticket_at_l3(&mut desk, "ana", "en", "I forgot my password").await;
    let update = StaffAction::VendorUpdate { text: "anything".into(), tell_user: true };
    let refused = desk.agent(&agent("Marta"), ticket, update).await;
    assert!(matches!(refused, Err(EngineError::Transition(_))), "{refused:?}");
    assert!(desk.deliver().await.iter().all(|m| m.destination != Destination::User { chat_id: "ana".into() }));
}

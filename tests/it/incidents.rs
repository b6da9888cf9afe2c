//! Incident specifications with a fixed clock: a matching question hears of
//! the incident before its KB answer, subscribers get every update once in
//! their language, staff get them in the alerts space, and resolving the
//! incident resolves the tickets linked to it.

use crate::support::*;
use escala::domain::{Destination, Lang, TicketId, TicketState};
use escala::engine::{choice, EngineSettings, StaffAction};
use escala::kb::incident::{create_incident_file, update_incident_files};
use escala::kb::IncidentStatus;

const INCIDENT: &str = "login-outage";

/// A desk whose KB has an active "login problems" incident in English and
/// Portuguese; the folder is returned to be edited.
async fn desk_with_incident() -> (Desk, tempfile::TempDir) {
    let kb = editable_kb();
    let status = IncidentStatus::Investigating;
    let en = vec!["password".to_string(), "log in".to_string()];
    let pt = vec!["palavra-passe".to_string(), "iniciar sessão".to_string()];
    create_incident_file(kb.path(), INCIDENT, status, Lang::En, "Login problems", &en, "Some users cannot log in.")
        .unwrap();
    std::fs::write(
        kb.path().join("incidents/login-outage.pt.md"),
        escala::kb::incident::render_incident(
            INCIDENT,
            status,
            Lang::Pt,
            "Problemas a iniciar sessão",
            &pt,
            "Alguns utilizadores não conseguem entrar.",
        ),
    )
    .unwrap();
    let desk = Desk::on_kb(kb.path().to_path_buf(), EngineSettings::default()).await;
    (desk, kb)
}

fn alerts(messages: &[escala::domain::Outbound]) -> Vec<&str> {
    messages.iter().filter(|m| m.destination == Destination::StaffAlerts).map(|m| m.text.as_str()).collect()
}

fn subscribe_data() -> String {
    format!("{}{INCIDENT}", choice::SUBSCRIBE_PREFIX)
}

async fn ticket_state(desk: &Desk, id: TicketId) -> TicketState {
    desk.store.ticket_history(id).await.unwrap().unwrap().ticket.state
}

/// Moves the incident on as `escala incident update` does, then lets the
/// watcher reload and the sweeper announce it.
async fn update(desk: &Desk, kb: &tempfile::TempDir, status: IncidentStatus, message: &str) -> usize {
    update_incident_files(kb.path(), INCIDENT, status, Lang::En, Some(message)).unwrap();
    desk.reload_kb();
    desk.engine.sync_incidents(desk.now).await.unwrap()
}

#[tokio::test]
async fn a_matching_question_hears_of_the_incident_first_and_still_gets_its_answer() {
    let (mut desk, _kb) = desk_with_incident().await;
    desk.says("ana", "en", "I forgot my password").await;
    let to_ana = desk.inbox("ana").await;
    assert!(to_ana.len() >= 2, "{}", texts(&to_ana));
    assert!(to_ana[0].text.contains("Known problem: Login problems"), "{}", to_ana[0].text);
    assert!(to_ana[0].text.contains("Some users cannot log in."));
    assert_eq!(choice_data(&to_ana[0]), vec![subscribe_data().as_str()]);
    assert!(to_ana[1].text.contains("reset your password"), "the KB answer follows: {}", to_ana[1].text);

    desk.says("rui", "pt-PT", "esqueci-me da palavra-passe").await;
    let to_rui = desk.inbox("rui").await;
    assert!(
        to_rui[0].text.contains("Problema conhecido: Problemas a iniciar sessão (em investigação)"),
        "{}",
        to_rui[0].text
    );

    desk.says("bea", "en", "How do I change my email address?").await;
    assert!(!texts(&desk.inbox("bea").await).contains("Known problem"), "an unrelated question is not told");
}

#[tokio::test]
async fn subscribers_get_each_update_once_in_their_language_and_staff_in_the_alerts_space() {
    let (mut desk, kb) = desk_with_incident().await;
    assert_eq!(desk.engine.sync_incidents(desk.now).await.unwrap(), 1, "the new incident is announced to staff");
    let opened = desk.deliver().await;
    assert_eq!(alerts(&opened).len(), 1);
    assert!(alerts(&opened)[0].contains("Incident login-outage — investigating: Login problems"), "{opened:?}");

    desk.says("ana", "en", "I cannot log in").await;
    desk.presses("ana", &subscribe_data()).await;
    desk.says("rui", "pt-PT", "não consigo iniciar sessão").await;
    desk.presses("rui", &subscribe_data()).await;
    let subscribed = desk.deliver().await;
    assert!(texts(&to_user(&subscribed, "ana")).contains("you will get the updates on “Login problems”"));
    assert!(texts(&to_user(&subscribed, "rui")).contains("vai receber aqui as novidades"));

    desk.says("ana", "en", "still cannot log in").await;
    assert!(!texts(&desk.inbox("ana").await).contains("Known problem"), "a subscriber is not told again");

    assert_eq!(update(&desk, &kb, IncidentStatus::Identified, "A certificate expired; renewing it.").await, 1);
    let sent = desk.deliver().await;
    let to_ana = texts(&to_user(&sent, "ana"));
    assert!(to_ana.contains("Update on “Login problems” (cause identified):"), "{to_ana}");
    assert!(to_ana.contains("A certificate expired"), "{to_ana}");
    let to_rui = texts(&to_user(&sent, "rui"));
    assert!(to_rui.contains("Novidades sobre “Problemas a iniciar sessão” (causa identificada)"), "{to_rui}");
    assert_eq!(alerts(&sent).len(), 1);
    assert!(alerts(&sent)[0].contains("identified"));

    assert_eq!(desk.engine.sync_incidents(desk.now).await.unwrap(), 0, "announced once");
    desk.restart().await;
    assert_eq!(desk.engine.sync_incidents(desk.now).await.unwrap(), 0, "once even after a restart");
    assert!(desk.deliver().await.is_empty());
}

#[tokio::test]
async fn resolving_the_incident_resolves_its_linked_tickets_and_tells_every_subscriber() {
    let (mut desk, kb) = desk_with_incident().await;
    desk.engine.sync_incidents(desk.now).await.unwrap();
    desk.says("ana", "en", "I cannot log in").await;
    desk.presses("ana", &subscribe_data()).await;
    desk.says("bea", "en", "I forgot my password").await;
    let ticket = desk.presses("bea", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;

    let marta = agent("Marta");
    let missing = desk.agent(&marta, ticket, StaffAction::LinkIncident { id: "nope".into() }).await;
    assert!(missing.unwrap_err().to_string().contains("active: login-outage"));
    desk.agent(&marta, ticket, StaffAction::LinkIncident { id: INCIDENT.into() }).await.unwrap();
    let linked = desk.deliver().await;
    assert!(texts(&to_user(&linked, "bea")).contains(&format!("Ticket {ticket} is part of a known problem")));
    assert!(texts(&staff_only(&linked)).contains("Linked to incident login-outage"));

    assert_eq!(update(&desk, &kb, IncidentStatus::Resolved, "The certificate was renewed.").await, 1);
    assert_eq!(ticket_state(&desk, ticket).await, TicketState::Resolved);
    let sent = desk.deliver().await;
    let to_bea = to_user(&sent, "bea");
    assert_eq!(to_bea.len(), 1, "bea hears once, as her ticket's resolution: {}", texts(&to_bea));
    assert!(to_bea[0].text.contains("resolved") && to_bea[0].text.contains("Login problems"), "{}", to_bea[0].text);
    assert_eq!(choice_data(&to_bea[0]), vec![choice::FIXED_YES, choice::FIXED_NO]);
    let to_ana = texts(&to_user(&sent, "ana"));
    assert!(to_ana.contains("Resolved: “Login problems”.") && to_ana.contains("The certificate was renewed."));

    desk.says("carla", "en", "I forgot my password").await;
    assert!(!texts(&desk.inbox("carla").await).contains("Known problem"), "a resolved incident is not news");
    desk.presses("ana", &subscribe_data()).await;
    assert!(texts(&desk.inbox("ana").await).contains("is already resolved"), "an old button says it is over");
}

#[tokio::test]
async fn a_broken_incident_edit_is_reported_by_kb_check_with_its_line() {
    let kb = editable_kb();
    let dir = kb.path().join("incidents");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("bad.en.md"),
        "---\nid: bad\nstatus: burning\nlang: en\ntitle: T\nkeywords: [x]\n---\nBody\n",
    )
    .unwrap();
    let report = escala::kb::check(kb.path());
    let shown = report.to_string();
    assert!(report.has_errors());
    assert!(shown.contains("bad.en.md:3: error: unknown incident status `burning`"), "{shown}");
}

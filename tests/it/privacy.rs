//! Users' rights over their data, on both backends: erasure leaves no
//! personal field of theirs in any text column of any table, while every
//! figure `escala stats` reports stays the same; the other user's data is
//! untouched; a dry run changes nothing; the erased user writing again is
//! a new contact.

use chrono::Duration;
use escala::domain::{Channel, TicketState};
use escala::engine::{choice, EngineSettings, Operator, StaffAction};
use escala::store::TicketFilter;
use serde_json::Value;

use crate::support::*;

const ZELDA: &str = "zelda-quixote";

/// Every (table, column, value) of text in the database, as text.
async fn every_text(url: &str) -> Vec<(String, String, String)> {
    use sqlx::{Connection, Row};
    let mut found = Vec::new();
    if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        let columns = sqlx::query(
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
             WHERE table_schema = current_schema() AND data_type IN ('text', 'jsonb', 'character varying')",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for column in &columns {
            let (table, name): (String, String) = (column.get("t"), column.get("c"));
            let sql = format!("SELECT CAST(\"{name}\" AS TEXT) AS v FROM \"{table}\" WHERE \"{name}\" IS NOT NULL");
            for row in sqlx::query(&sql).fetch_all(&mut conn).await.unwrap() {
                found.push((table.clone(), name.clone(), row.get("v")));
            }
        }
    } else {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        for table in tables {
            let columns = sqlx::query(&format!("PRAGMA table_info(\"{table}\")")).fetch_all(&mut conn).await.unwrap();
            for column in &columns {
                let name: String = column.get("name");
                let sql = format!("SELECT CAST(\"{name}\" AS BLOB) AS v FROM \"{table}\" WHERE \"{name}\" IS NOT NULL");
                for row in sqlx::query(&sql).fetch_all(&mut conn).await.unwrap() {
                    let bytes: Vec<u8> = row.get("v");
                    found.push((table.clone(), name.clone(), String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
        }
    }
    found
}

/// The numbers of a report, by their place in it: what erasure must keep.
fn figures(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Number(n) => out.push((path.to_string(), n.to_string())),
        Value::Bool(b) => out.push((path.to_string(), b.to_string())),
        Value::Array(items) => {
            out.push((format!("{path}.len"), items.len().to_string()));
            for (i, item) in items.iter().enumerate() {
                figures(item, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                figures(v, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

async fn report_figures(desk: &Desk) -> Vec<(String, String)> {
    let since = desk.now - Duration::days(30);
    let input = desk.store.stats_input(since).await.unwrap();
    let calendar = EngineSettings::default().sla.calendar;
    let report = escala::stats::compute(&input, since, desk.now, &calendar);
    let mut value = serde_json::to_value(report).unwrap();
    // The gaps list groups question texts, which erasure takes out.
    value.as_object_mut().unwrap().remove("top_gaps");
    let mut out = Vec::new();
    figures(&value, "", &mut out);
    out
}

async fn a_forgotten_user_leaves_no_trace_and_the_figures_stay(mut desk: Desk, url: String) {
    // Zelda: a question, a ticket with a reply, a file-less rating with a
    // comment, her name typed in her own words; Bea: a ticket of her own.
    desk.says(ZELDA, "en", "I forgot my password").await;
    let ticket = desk.presses(ZELDA, choice::NOT_SOLVED).await.ticket.unwrap();
    desk.says(ZELDA, "en", "this is zelda-quixote speaking").await;
    desk.says(ZELDA, "en", "my phone is +351 912 345 678").await;
    let marta = agent("Marta");
    desk.agent(&marta, ticket, StaffAction::Reply { text: "Hello zelda-quixote, try again".into() }).await.unwrap();
    desk.agent(&marta, ticket, StaffAction::Close { reason: "answered".into() }).await.unwrap();
    desk.presses(ZELDA, "csat:2").await;
    desk.says(ZELDA, "en", "zelda-quixote was not happy").await;
    desk.says("bea", "en", "I need a human").await;
    let bea_ticket = desk.presses("bea", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.command(ZELDA, "ticket", "again, zelda-quixote here").await;
    let second = desk.store.list_tickets(&TicketFilter::default()).await.unwrap();
    let second = second.iter().find(|t| t.id != bea_ticket).unwrap().id;
    desk.agent(&marta, second, StaffAction::Close { reason: "duplicate of zelda-quixote's first".into() })
        .await
        .unwrap();
    desk.deliver().await;
    desk.engine.set_blocked(Channel::Console, ZELDA, true, &Operator::cli("lead"), desk.now).await.unwrap();
    desk.engine.set_blocked(Channel::Console, ZELDA, false, &Operator::cli("lead"), desk.now).await.unwrap();
    let before = report_figures(&desk).await;
    let traces = |rows: &[(String, String, String)]| -> Vec<String> {
        rows.iter()
            .filter(|(_, _, v)| v.contains(ZELDA) || v.contains("912 345 678"))
            .map(|(t, c, v)| format!("{t}.{c}: {v}"))
            .collect()
    };
    assert!(!traces(&every_text(&url).await).is_empty(), "the fixture stores her name");

    let dpo = Operator::cli("dpo");
    let dry = desk.engine.forget_user(Channel::Console, ZELDA, &dpo, true, desk.now).await.unwrap().unwrap();
    assert!(dry.messages > 0, "{dry:?}");
    assert!(!traces(&every_text(&url).await).is_empty(), "a dry run changes nothing");

    let report = desk.engine.forget_user(Channel::Console, ZELDA, &dpo, false, desk.now).await.unwrap().unwrap();
    assert_eq!(report, dry, "the dry run said what would change");
    let left = traces(&every_text(&url).await);
    assert!(left.is_empty(), "personal data left behind:\n{}", left.join("\n"));
    let after = report_figures(&desk).await;
    let changed: Vec<String> =
        before.iter().zip(after.iter()).filter(|(b, a)| b != a).map(|(b, a)| format!("{b:?} → {a:?}")).collect();
    assert!(changed.is_empty() && before.len() == after.len(), "figures changed: {changed:#?}");

    let sent = desk.deliver().await;
    assert!(texts(&sent).contains("A user's data was erased at their request"), "staff alerts say so");
    // Bea's data is untouched.
    let bea = desk.store.ticket_history(bea_ticket).await.unwrap().unwrap();
    assert!(bea.messages.iter().any(|m| m.body.contains("I need a human")), "{:?}", bea.messages);
    assert_eq!(bea.contact.external_id, "bea");
    // The log names who erased, not whom.
    let log = desk.engine.audit_log(&Default::default()).await.unwrap();
    let forget = log.iter().find(|r| r.action == "user.forget").unwrap();
    assert_eq!(forget.actor, "cli:dpo");
    assert!(log.iter().all(|r| !r.payload.to_string().contains(ZELDA)), "{log:?}");
    // Writing again, she is someone new.
    desk.says(ZELDA, "en", "hello again").await;
    let again = desk.store.user_data(Channel::Console, ZELDA, false).await.unwrap().unwrap();
    assert_eq!((again.tickets.len(), again.conversations.len()), (0, 1));
    assert!(desk.engine.forget_user(Channel::Console, "nobody", &dpo, false, desk.now).await.unwrap().is_none());
}

#[tokio::test]
async fn a_forgotten_user_leaves_no_trace_and_the_figures_stay_on_sqlite() {
    let desk = Desk::new().await;
    let url = desk.url().to_string();
    a_forgotten_user_leaves_no_trace_and_the_figures_stay(desk, url).await;
}

#[tokio::test]
async fn a_forgotten_user_leaves_no_trace_and_the_figures_stay_on_postgres() {
    let desk = Desk::on_postgres(EngineSettings::default()).await;
    let url = desk.url().to_string();
    a_forgotten_user_leaves_no_trace_and_the_figures_stay(desk, url).await;
}

/// A user erased while their ticket is open: the ticket is closed with a
/// notice in its staff space (the figures then count it closed).
#[tokio::test]
async fn forgetting_a_user_with_an_open_ticket_closes_it_with_a_notice_to_staff() {
    let mut desk = Desk::new().await;
    desk.says(ZELDA, "en", "I forgot my password").await;
    let ticket = desk.presses(ZELDA, choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    let dpo = Operator::cli("dpo");
    desk.engine.forget_user(Channel::Console, ZELDA, &dpo, false, desk.now).await.unwrap().unwrap();
    let closed = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert_eq!(closed.ticket.state, TicketState::Closed);
    let sent = desk.deliver().await;
    let staff = texts(&staff_only(&sent));
    assert!(staff.contains("asked for their data to be erased") && !staff.contains(ZELDA), "{staff}");
    assert!(to_user(&sent, ZELDA).is_empty(), "nothing more is sent to them");
}

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
    desk.says("bea", "en", "I forgot my password").await;
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
    assert!(bea.messages.iter().any(|m| m.body.contains("I forgot my password")), "{:?}", bea.messages);
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

/// `/forget` in the chat, in each language: the bot asks first; "keep it"
/// changes nothing; "erase" erases, says so in the user's language and the
/// user writing again is someone new. A forged "erase" button that answers
/// no question erases nothing.
#[tokio::test]
async fn forget_in_the_chat_asks_first_and_erases_in_the_users_language() {
    let cases = [
        ("en", "I forgot my password", "Erase my data", "Nothing was erased", "your data has been erased"),
        (
            "pt-PT",
            "esqueci-me da palavra-passe",
            "Apagar os meus dados",
            "Não foi apagado nada",
            "os seus dados foram apagados",
        ),
        ("es-ES", "olvidé mi contraseña", "Borrar mis datos", "No se ha borrado nada", "tus datos se han borrado"),
        (
            "ca",
            "he oblidat la contrasenya",
            "Esborrar les meves dades",
            "No s'ha esborrat res",
            "les teves dades s'han esborrat",
        ),
    ];
    for (locale, question, erase, kept, done) in cases {
        let mut desk = Desk::new().await;
        let user = format!("user-{locale}");
        desk.says(&user, locale, question).await;
        desk.deliver().await;
        // A forged answer to a question never asked.
        desk.presses(&user, choice::FORGET_YES).await;
        desk.deliver().await;
        assert!(desk.store.user_data(Channel::Console, &user, false).await.unwrap().is_some(), "{locale}: forged");

        desk.command(&user, "forget", "").await;
        let asked = desk.inbox(&user).await;
        let ask = asked.last().unwrap();
        assert_eq!(choice_data(ask), [choice::FORGET_YES, choice::FORGET_NO], "{locale}");
        assert_eq!(ask.choices[0].label, erase, "{locale}: {}", ask.text);
        desk.presses(&user, choice::FORGET_NO).await;
        assert!(texts(&desk.inbox(&user).await).contains(kept), "{locale}");
        assert!(desk.store.user_data(Channel::Console, &user, false).await.unwrap().is_some(), "{locale}: kept");

        desk.command(&user, "forget", "").await;
        desk.deliver().await;
        desk.presses(&user, choice::FORGET_YES).await;
        assert!(texts(&desk.inbox(&user).await).contains(done), "{locale}");
        assert!(desk.store.user_data(Channel::Console, &user, false).await.unwrap().is_none(), "{locale}: erased");
        let log = desk.engine.audit_log(&Default::default()).await.unwrap();
        assert!(log.iter().any(|r| r.action == "user.forget" && r.actor == "console:self"), "{locale}: {log:?}");
        desk.says(&user, locale, question).await;
        let again = desk.store.user_data(Channel::Console, &user, false).await.unwrap().unwrap();
        assert_eq!(again.conversations.len(), 1, "{locale}: a new contact");
    }
}

/// `/mydata` in the chat, in each language: the bot asks first; "not now"
/// sends nothing; "send" sends the export as a file of the user's own data
/// and audits it; a second request the same day is refused politely.
#[tokio::test]
async fn mydata_in_the_chat_sends_the_export_once_a_day_in_the_users_language() {
    let cases = [
        (
            "en",
            "I forgot my password",
            "Send my data",
            "All right, nothing was sent",
            "Here is everything",
            "less than a day ago",
        ),
        (
            "pt-PT",
            "esqueci-me da palavra-passe",
            "Enviar os meus dados",
            "não foi enviado nada",
            "Aqui está tudo",
            "há menos de um dia",
        ),
        (
            "es-ES",
            "olvidé mi contraseña",
            "Enviar mis datos",
            "no se ha enviado nada",
            "Aquí tienes todo",
            "hace menos de un día",
        ),
        (
            "ca",
            "he oblidat la contrasenya",
            "Enviar les meves dades",
            "no s'ha enviat res",
            "Aquí tens tot",
            "fa menys d'un dia",
        ),
    ];
    for (locale, question, send, kept, sent, too_soon) in cases {
        let mut desk = Desk::new().await;
        let user = format!("user-{locale}");
        desk.says(&user, locale, question).await;
        desk.says("bea", "en", "bea's own question").await;
        desk.deliver().await;
        desk.presses(&user, choice::MYDATA_YES).await;
        assert!(desk.inbox(&user).await.iter().all(|m| m.attachment.is_none()), "{locale}: forged button");

        desk.command(&user, "mydata", "").await;
        let asked = desk.inbox(&user).await;
        let ask = asked.last().unwrap();
        assert_eq!(choice_data(ask), [choice::MYDATA_YES, choice::MYDATA_NO], "{locale}");
        assert_eq!(ask.choices[0].label, send, "{locale}");
        desk.presses(&user, choice::MYDATA_NO).await;
        assert!(texts(&desk.inbox(&user).await).contains(kept), "{locale}");

        desk.command(&user, "mydata", "").await;
        desk.deliver().await;
        desk.presses(&user, choice::MYDATA_YES).await;
        let inbox = desk.inbox(&user).await;
        let message = inbox.iter().find(|m| m.attachment.is_some()).expect("the export as a file");
        assert!(message.text.contains(sent), "{locale}: {}", message.text);
        let file = message.attachment.as_ref().unwrap();
        let document = file.content.as_deref().unwrap();
        assert_eq!(file.file_name(), "my-data.md");
        assert!(document.contains(question) && !document.contains("bea"), "{locale}: {document}");
        let log = desk.engine.audit_log(&Default::default()).await.unwrap();
        assert!(log.iter().any(|r| r.action == "user.export" && r.actor == "console:self"), "{locale}");

        desk.command(&user, "mydata", "").await;
        desk.deliver().await;
        desk.presses(&user, choice::MYDATA_YES).await;
        let again = desk.inbox(&user).await;
        assert!(again.iter().all(|m| m.attachment.is_none()) && texts(&again).contains(too_soon), "{locale}");
    }
}

/// Incident changes and doctor runs made at the terminal are on the audit
/// log with who made them and the files written.
#[test]
fn incident_changes_and_doctor_runs_are_on_the_audit_log() {
    use crate::support::cli::{escala, stdout};
    let dir = tempfile::tempdir().unwrap();
    let kb = editable_kb();
    let run = |args: &[&str]| {
        let output =
            escala(dir.path()).env("ESCALA_KB__DIR", kb.path()).env("USER", "marta").args(args).output().unwrap();
        assert!(output.status.success() || args[0] == "doctor", "{args:?}: {output:?}");
        stdout(&output)
    };
    run(&["incident", "open", "mail-down", "--title", "Mail is down", "--keywords", "mail", "We are on it"]);
    run(&["incident", "resolve", "mail-down"]);
    run(&["doctor"]);
    let audit = run(&["audit"]);
    let lines: Vec<&str> = audit.lines().collect();
    assert!(
        lines.iter().any(|l| l.contains("cli:marta  incident.open") && l.contains("incidents/mail-down.en.md")),
        "{audit}"
    );
    assert!(
        lines.iter().any(|l| l.contains("cli:marta  incident.resolve") && l.contains("incident=mail-down")),
        "{audit}"
    );
    assert!(lines.iter().any(|l| l.contains("cli:marta  doctor.run") && l.contains("checks=")), "{audit}");
}

/// Every reload of the KB by the file watcher is on the audit log with the
/// files that changed, and an edit it refused too.
#[tokio::test]
async fn knowledge_base_reloads_are_on_the_audit_log_with_their_files() {
    let kb = editable_kb();
    let dir = tempfile::tempdir().unwrap();
    let mut config = escala::config::Config::default();
    config.database.url = format!("sqlite://{}", dir.path().join("escala.db").display());
    config.kb.dir = kb.path().to_path_buf();
    config.kb.watch = true;
    let app = escala::runtime::App::open(config).await.unwrap();
    let shutdown = tokio_util::sync::CancellationToken::new();
    app.watch_kb(shutdown.clone()).unwrap();
    let article = std::fs::read_dir(kb.path().join("en"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"));
    let article = article.unwrap();
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("{text}\nOne more line.\n")).unwrap();
    let name = format!("en/{}", article.file_name().unwrap().to_string_lossy());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let log = app.engine.audit_log(&Default::default()).await.unwrap();
        let found = log.iter().find(|r| r.action == "kb.reload");
        if let Some(row) = found {
            assert_eq!(row.actor, "kb:watcher");
            assert!(row.payload["files"].as_array().unwrap().iter().any(|f| f == name.as_str()), "{row:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no reload on the audit log: {log:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    shutdown.cancel();
}

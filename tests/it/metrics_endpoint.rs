//! `/metrics`, `/healthz` and `/readyz` served on a free loopback port and
//! read like Prometheus would: every sample line parses, and the counters
//! move when the engine handles a message and the outbox delivers it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::Utc;
use escala::delivery::{self, Outbox, Placement, SendResult};
use escala::domain::{Channel, Inbound, Outbound, Sender, UserInput};
use escala::engine::{Engine, EngineSettings};
use escala::kb::{KnowledgeBase, SharedKb};
use escala::store::{sqlite::SqliteStore, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

/// One HTTP/1.1 GET; returns the status code, the headers (lower-cased
/// names) and the body.
async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, HashMap<String, String>, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body.to_string())
}

/// Parses the exposition text into `name{labels}` → value, checking that
/// every line is a comment (`# TYPE`, `# HELP`, `# EOF`) or a sample.
fn samples(text: &str) -> HashMap<String, f64> {
    let sample = regex::Regex::new(
        r#"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (\S+)$"#,
    )
    .unwrap();
    let mut out = HashMap::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix("# ") {
            let word = comment.split_whitespace().next().unwrap_or_default();
            assert!(["TYPE", "HELP", "EOF", "UNIT"].contains(&word), "unexpected comment line `{line}`");
            continue;
        }
        let caps = sample.captures(line).unwrap_or_else(|| panic!("not a sample line: `{line}`"));
        let value: f64 = caps[3].parse().unwrap_or_else(|_| panic!("not a number in `{line}`"));
        out.insert(format!("{}{}", &caps[1], caps.get(2).map_or("", |m| m.as_str())), value);
    }
    out
}

struct Accepting;

#[async_trait]
impl delivery::Sender for Accepting {
    async fn send(&mut self, _message: &Outbound, _space: &mut Placement) -> SendResult {
        SendResult::Sent
    }
}

#[tokio::test]
async fn metrics_are_scraped_over_http_and_move_when_a_message_is_handled_and_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("escala.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await.unwrap());
    let kb_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kb");
    let kb: SharedKb = Arc::new(arc_swap::ArcSwap::from_pointee(KnowledgeBase::load(&kb_dir).unwrap()));
    let metrics = Arc::new(escala::telemetry::Metrics::default());
    let engine = Engine::new(store.clone(), kb.clone(), EngineSettings::default()).with_counters(metrics.clone());

    let listener = escala::telemetry::bind("127.0.0.1:0").await.unwrap().expect("an address was given");
    let addr = listener.local_addr().unwrap();
    let shutdown = CancellationToken::new();
    let server = tokio::spawn(escala::telemetry::serve(listener, metrics.clone(), store.clone(), kb, shutdown.clone()));

    let (status, _, body) = get(addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    let (status, _, body) = get(addr, "/readyz").await;
    assert_eq!(status, 200, "{body}");

    let (status, headers, before) = get(addr, "/metrics").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].starts_with("application/openmetrics-text"), "{headers:?}");
    let before = samples(&before);
    let console_in = r#"escala_messages_in_total{channel="console"}"#;
    let console_out = r#"escala_messages_out_total{channel="console"}"#;
    let answered = r#"escala_kb_queries_total{outcome="answered"}"#;
    let count = |s: &HashMap<String, f64>, key: &str| s.get(key).copied().unwrap_or(0.0);

    let sender = Sender {
        external_id: "ana".into(),
        chat_id: "ana".into(),
        display_name: "Ana".into(),
        locale: Some("en".into()),
    };
    let inbound = Inbound {
        channel: Channel::Console,
        key: Some("update-1".into()),
        sender,
        input: UserInput::Text("I forgot my password".into()),
        at: Utc::now(),
        source: None,
    };
    engine.handle(inbound).await.unwrap();
    let (_, _, pending) = get(addr, "/metrics").await;
    let pending = samples(&pending);
    assert_eq!(count(&pending, "escala_outbox_depth"), 1.0, "the answer waits in the outbox");
    Outbox::new(store.clone())
        .with_counters(metrics.clone())
        .drain_once(Channel::Console, &mut Accepting, Utc::now())
        .await
        .unwrap();

    let (_, _, after_text) = get(addr, "/metrics").await;
    let after = samples(&after_text);
    // The counters are this engine's own (no process-wide set), so they
    // moved by exactly what this test did.
    assert_eq!(count(&after, console_in), count(&before, console_in) + 1.0, "{after_text}");
    assert_eq!(count(&after, console_out), count(&before, console_out) + 1.0, "{after_text}");
    assert_eq!(count(&after, answered), count(&before, answered) + 1.0, "{after_text}");
    assert_eq!(count(&after, "escala_outbox_depth"), 0.0);
    assert_eq!(count(&after, "escala_kb_search_seconds_count"), 1.0, "{after_text}");
    for line in [
        "# TYPE escala_messages_in counter",
        "# TYPE escala_kb_search_seconds histogram",
        "# TYPE escala_tickets gauge",
        "# TYPE escala_outbox_depth gauge",
    ] {
        assert!(after_text.lines().any(|l| l == line), "missing `{line}` in:\n{after_text}");
    }
    assert!(after.keys().any(|k| k.starts_with("escala_kb_search_seconds_bucket{le=")), "{after_text}");

    shutdown.cancel();
    server.await.unwrap().unwrap();
}

/// Every family's sample names follow the exposition conventions: counters
/// end in `_total`, histograms time in `_seconds` (base units, never
/// milliseconds or minutes), gauges never claim `_total`; and an agent's
/// name, free text, cannot close its label and forge a sample.
#[tokio::test]
async fn metric_names_follow_the_exposition_conventions_and_labels_cannot_be_forged() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("escala.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await.unwrap());
    let kb_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kb");
    let kb: SharedKb = Arc::new(arc_swap::ArcSwap::from_pointee(KnowledgeBase::load(&kb_dir).unwrap()));
    let metrics = Arc::new(escala::telemetry::Metrics::default());
    let engine = Engine::new(store.clone(), kb.clone(), EngineSettings::default()).with_counters(metrics.clone());
    let sender = Sender {
        external_id: "ana".into(),
        chat_id: "ana".into(),
        display_name: "Ana".into(),
        locale: Some("en".into()),
    };
    let now = Utc::now();
    let say = |input: UserInput, at| Inbound {
        channel: Channel::Console,
        key: None,
        sender: sender.clone(),
        input,
        at,
        source: None,
    };
    engine.handle(say(UserInput::Text("I forgot my password".into()), now)).await.unwrap();
    let ticket = engine
        .handle(say(UserInput::Choice(escala::engine::choice::NOT_SOLVED.into()), now))
        .await
        .unwrap()
        .ticket
        .unwrap();
    let forger = "rui\"} 999\nescala_forged 1\n#";
    let agent = escala::engine::Agent::operator(forger);
    engine.staff(&agent, ticket, escala::engine::StaffAction::Reply { text: "hi".into() }, now).await.unwrap();

    let listener = escala::telemetry::bind("127.0.0.1:0").await.unwrap().expect("an address was given");
    let addr = listener.local_addr().unwrap();
    let shutdown = CancellationToken::new();
    let server = tokio::spawn(escala::telemetry::serve(listener, metrics.clone(), store.clone(), kb, shutdown.clone()));
    let (_, _, text) = get(addr, "/metrics").await;
    let parsed = samples(&text);
    assert!(!parsed.keys().any(|k| k.starts_with("escala_forged")), "{text}");
    // The engine keeps names on one line; the quote is escaped here.
    let open = r#"escala_agent_open_tickets{agent="rui\"} 999 escala_forged 1 #",level="L1"}"#;
    assert_eq!(parsed.get(open), Some(&1.0), "{text}");

    let mut families: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap();
            families.push((name.to_string(), kind.to_string()));
        }
    }
    assert!(families.len() >= 9, "{families:?}");
    for (name, kind) in &families {
        assert!(name.starts_with("escala_"), "{name}");
        assert!(name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{name}");
        for unit in ["_ms", "millis", "_minutes", "_hours", "_microseconds"] {
            assert!(!name.contains(unit), "{name}: base units only");
        }
        let sample_names: Vec<&str> = parsed
            .keys()
            .map(|k| k.split('{').next().unwrap())
            .filter(|n| *n == name || n.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('_')))
            .collect();
        match kind.as_str() {
            "counter" => {
                assert!(!name.ends_with("_total"), "{name}: the family is named without its _total suffix");
                for sample in &sample_names {
                    assert!(sample.ends_with("_total") || sample.ends_with("_created"), "{sample}");
                }
            }
            "histogram" => {
                assert!(name.ends_with("_seconds"), "{name}: a histogram of time is in seconds");
                for sample in &sample_names {
                    assert!(["_bucket", "_sum", "_count", "_created"].iter().any(|s| sample.ends_with(s)), "{sample}");
                }
            }
            "gauge" => assert!(!name.ends_with("_total"), "{name}: a gauge is not a total"),
            other => panic!("unexpected metric type {other} for {name}"),
        }
    }
    shutdown.cancel();
    server.await.unwrap().unwrap();
}

//! The stats report checked against a history computed by hand: six
//! conversations and three tickets driven through the engine with a fixed
//! clock, SLA clocks written as the SLA sweeper would, then every figure of
//! `escala stats` and `/stats` compared with the arithmetic in the comments.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, TimeZone, Utc};
use escala::domain::{Channel, Destination, Inbound, Level, Sender, TicketId, UserInput};
use escala::engine::{choice, Agent, Engine, EngineSettings, StaffAction};
use escala::kb::{KnowledgeBase, SharedKb};
use escala::stats::{self, Dimension, Ratio};
use escala::store::{sqlite::SqliteStore, Store};

/// 2026-11-23 09:00 UTC plus `minutes`.
fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

struct Desk {
    engine: Engine,
    store: Arc<dyn Store>,
    url: String,
    _dir: tempfile::TempDir,
}

impl Desk {
    async fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("escala.db").display());
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await.unwrap());
        let kb_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kb");
        let kb: SharedKb = Arc::new(arc_swap::ArcSwap::from_pointee(KnowledgeBase::load(&kb_dir).unwrap()));
        let engine = Engine::new(store.clone(), kb, EngineSettings::default());
        Desk { engine, store, url, _dir: dir }
    }

    async fn user(&self, user: &str, input: UserInput, minute: i64) -> Option<TicketId> {
        let sender = Sender {
            external_id: user.into(),
            chat_id: user.into(),
            display_name: user.into(),
            locale: Some("en".into()),
        };
        let inbound = Inbound { channel: Channel::Console, key: None, sender, input, at: at(minute) };
        self.engine.handle(inbound).await.unwrap().ticket
    }

    async fn says(&self, user: &str, text: &str, minute: i64) -> Option<TicketId> {
        self.user(user, UserInput::Text(text.into()), minute).await
    }

    async fn presses(&self, user: &str, data: &str, minute: i64) -> Option<TicketId> {
        self.user(user, UserInput::Choice(data.into()), minute).await
    }

    async fn agent(&self, name: &str, ticket: TicketId, action: StaffAction, minute: i64) {
        self.engine.staff(&Agent::operator(name), ticket, action, at(minute)).await.unwrap();
    }

    /// An SLA clock row as the sweeper leaves it (minutes after 09:00),
    /// replacing the one the engine keeps for the ticket.
    async fn clock(&self, ticket: TicketId, clock: &str, breached: Option<i64>, met: Option<i64>) {
        let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
        let ts = |m: Option<i64>| m.map(|m| at(m).to_rfc3339_opts(SecondsFormat::Micros, true));
        sqlx::query(
            "INSERT OR REPLACE INTO sla_clocks (ticket_id, clock, level, priority, target_secs, remaining_secs, breached_at, met_at)
             VALUES (?, ?, 'L1', 'normal', 3600, 0, ?, ?)",
        )
        .bind(ticket.0)
        .bind(clock)
        .bind(ts(breached))
        .bind(ts(met))
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
}

/// The history behind every number asserted below.
async fn known_history() -> Desk {
    let desk = Desk::new().await;
    // Two users are answered by the bot and press Solved: deflected.
    desk.says("ana", "I forgot my password", 0).await;
    desk.presses("ana", choice::SOLVED, 1).await;
    desk.says("bea", "where can I download my invoice", 2).await;
    desk.presses("bea", choice::SOLVED, 3).await;
    // Ticket 1 (opened 09:11): answered, Not solved. First reply after
    // 10 min, resolved after 2 h, confirmed, rated 5.
    desk.says("caio", "I forgot my password", 10).await;
    let first = desk.presses("caio", choice::NOT_SOLVED, 11).await.unwrap();
    desk.agent("rui", first, StaffAction::Reply { text: "Looking".into() }, 21).await;
    desk.agent("rui", first, StaffAction::Resolve { summary: "Reset".into() }, 131).await;
    desk.presses("caio", choice::FIXED_YES, 132).await;
    desk.presses("caio", &format!("{}5", choice::CSAT_PREFIX), 133).await;
    // Ticket 2 (opened 09:21): a miss, then a ticket. First reply after
    // 30 min, escalated to L2, resolved after 5 h, reopened by the user,
    // resolved again 26 h after opening, confirmed, rated 3.
    desk.says("dora", "my quantum flux capacitor hums", 20).await;
    let second = desk.presses("dora", choice::TICKET_YES, 21).await.unwrap();
    desk.agent("rui", second, StaffAction::Reply { text: "Checking".into() }, 51).await;
    let escalate = StaffAction::Escalate { to: None, reason: "needs an engineer".into(), vendor: None };
    desk.agent("rui", second, escalate, 60).await;
    desk.agent("eva", second, StaffAction::Resolve { summary: "Recalibrated".into() }, 21 + 300).await;
    desk.presses("dora", choice::FIXED_NO, 322).await;
    desk.says("dora", "it still hums", 323).await;
    desk.agent("eva", second, StaffAction::Resolve { summary: "Replaced".into() }, 21 + 26 * 60).await;
    desk.presses("dora", choice::FIXED_YES, 21 + 26 * 60 + 1).await;
    desk.presses("dora", &format!("{}3", choice::CSAT_PREFIX), 21 + 26 * 60 + 2).await;
    // Ticket 3 (opened 09:31): answered, Talk to a person; first reply
    // after 2 h, still open.
    desk.says("eli", "I cannot log in to my account", 30).await;
    let third = desk.presses("eli", choice::HUMAN, 31).await.unwrap();
    desk.agent("rui", third, StaffAction::Reply { text: "Hi".into() }, 151).await;
    // A miss the user did not want a ticket for: abandoned.
    desk.says("fay", "my quantum flux capacitor hums", 40).await;
    desk.presses("fay", choice::TICKET_NO, 41).await;
    // SLA: ticket 1 met both clocks; ticket 2 breached both (its first
    // response clock was met late); ticket 3 met first response and its
    // resolution clock is still running.
    desk.clock(first, "first_response", None, Some(21)).await;
    desk.clock(first, "resolution", None, Some(131)).await;
    desk.clock(second, "first_response", Some(41), Some(51)).await;
    desk.clock(second, "resolution", Some(261), None).await;
    desk.clock(third, "first_response", None, Some(151)).await;
    desk.clock(third, "resolution", None, None).await;
    desk
}

#[tokio::test]
async fn every_figure_of_the_report_matches_the_hand_computed_history() {
    let desk = known_history().await;
    let since = at(-60);
    let until = at(3 * 24 * 60);
    let output = stats::stats_output(desk.store.as_ref(), since, until, None).await.unwrap();
    let r = &output.report;

    // 6 conversations (ana, bea, caio, dora, eli, fay), 3 tickets.
    assert_eq!((r.conversations, r.tickets), (6, 3));
    // Deflected: ana and bea pressed Solved → 2 / 6.
    assert_eq!(r.deflection, Ratio::new(2, 6));
    // First responses: 10 min, 30 min, 2 h = [600, 1800, 7200] s.
    // Nearest rank: median = rank ceil(0.5·3) = 2 → 1800; p90 = rank ceil(0.9·3) = 3 → 7200.
    assert_eq!(
        (r.first_response.count, r.first_response.median_secs, r.first_response.p90_secs),
        (3, Some(1800), Some(7200))
    );
    // Resolutions: ticket 1 after 2 h = 7200 s; ticket 2's last after 26 h = 93600 s.
    // Median = rank ceil(0.5·2) = 1 → 7200; p90 = rank ceil(0.9·2) = 2 → 93600.
    assert_eq!((r.resolution.count, r.resolution.median_secs, r.resolution.p90_secs), (2, Some(7200), Some(93_600)));
    // Resolved: tickets 1 and 2 of 3.
    assert_eq!(r.resolution_rate, Ratio::new(2, 3));
    // Resolved or closed at least once: tickets 1 and 2; reopened: ticket 2 → 1 / 2.
    assert_eq!(r.reopen_rate, Ratio::new(1, 2));
    // At L1: all 3, escalated out of L1: ticket 2 → 1/3. At L2: ticket 2, never
    // escalated further → 0/1. Nobody at L3 → 0/0, no rate.
    let escalation: Vec<(Level, Ratio)> = r.escalation.iter().map(|e| (e.level, e.escalated)).collect();
    assert_eq!(
        escalation,
        [(Level::L1, Ratio::new(1, 3)), (Level::L2, Ratio::new(0, 1)), (Level::L3, Ratio::new(0, 0))]
    );
    // First-response clocks finished: 3, breached: ticket 2's → 2 / 3.
    assert_eq!(r.sla_first_response, Ratio::new(2, 3));
    // Resolution clocks finished: ticket 1 (met), ticket 2 (breached); ticket 3 runs → 1 / 2.
    assert_eq!(r.sla_resolution, Ratio::new(1, 2));
    // Ratings 5 and 3: average 4.0.
    assert_eq!((r.csat.count, r.csat.average), (2, Some(4.0)));
    let spread: Vec<u64> = r.csat.distribution.values().copied().collect();
    assert_eq!(spread, [0, 0, 1, 0, 1]);
    // Shown as the answer and still recorded so: ana's and bea's queries
    // (caio's and eli's became `ticket`); equal counts read alphabetically.
    let articles: Vec<_> = r.top_articles.iter().map(|a| (a.article.as_str(), a.answered, a.solved)).collect();
    assert_eq!(articles, [("invoice-copy", 1, 1), ("reset-password", 1, 1)]);
    // Gaps: dora's and fay's question twice, then caio's and eli's once each.
    let gaps: Vec<_> = r.top_gaps.iter().map(|g| (g.example.as_str(), g.count)).collect();
    assert_eq!(
        gaps,
        [("my quantum flux capacitor hums", 2), ("I forgot my password", 1), ("I cannot log in to my account", 1)]
    );
    // Days 23–26 Nov; resolutions at 11:11 and 14:21 on the 23rd, 11:21 on the 24th.
    let daily: Vec<_> = r.daily.iter().map(|d| (d.date, d.conversations, d.tickets, d.resolved)).collect();
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    assert_eq!(daily, [(day(23), 6, 3, 2), (day(24), 0, 0, 1), (day(25), 0, 0, 0), (day(26), 0, 0, 0)]);
}

#[tokio::test]
async fn by_level_puts_the_bot_conversations_at_l0_and_tickets_at_their_level() {
    let desk = known_history().await;
    let output =
        stats::stats_output(desk.store.as_ref(), at(-60), at(3 * 24 * 60), Some(Dimension::Level)).await.unwrap();
    let groups: Vec<_> =
        output.groups.iter().map(|g| (g.key.as_str(), g.report.conversations, g.report.tickets)).collect();
    // Tickets 1 and 3 stayed at L1, ticket 2 ended at L2.
    assert_eq!(groups, [("L0", 6, 0), ("L1", 0, 2), ("L2", 0, 1)]);
    let l1 = &output.groups[1].report;
    // L1: first responses 600 and 7200 s; resolved 1 of 2.
    assert_eq!((l1.first_response.median_secs, l1.resolution_rate), (Some(600), Ratio::new(1, 2)));
    assert_eq!(output.groups[0].report.deflection, Ratio::new(2, 6));
}

#[tokio::test]
async fn stats_typed_in_a_staff_space_replies_there_with_the_last_seven_days() {
    let desk = known_history().await;
    let now = at(3 * 24 * 60);
    let outcome = desk.engine.staff_message(&Agent::operator("rui"), TicketId(3), "/stats", now).await.unwrap();
    assert_eq!(outcome.sent.len(), 1);
    let reply = &outcome.sent[0];
    assert!(matches!(reply.destination, Destination::Staff { ticket: TicketId(3), .. }), "{reply:?}");
    for expected in ["6 conversations, 3 tickets", "33.3 % (2 of 6", "median 30m, p90 2h 00m", "4.00 from 2 ratings"] {
        assert!(reply.text.contains(expected), "missing `{expected}` in:\n{}", reply.text);
    }
}

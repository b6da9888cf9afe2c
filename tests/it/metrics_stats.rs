//! The stats report checked against a history computed by hand: seven
//! conversations and four tickets driven through the engine and the SLA
//! sweeper with a fixed clock, then every figure of `escala stats`,
//! `/stats`, the Prometheus gauges and `escala kb health` compared with
//! the arithmetic in the comments. Nothing is written to the database
//! behind the engine's back.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use escala::domain::sla::{BusinessHours, Calendar};
use escala::domain::{Channel, Destination, Inbound, Lang, Level, Sender, TicketId, UserInput};
use escala::engine::{choice, Agent, Engine, EngineSettings, StaffAction};
use escala::kb::{KnowledgeBase, SharedKb};
use escala::stats::{self, Dimension, Durations, Ratio, StatsOutput};
use escala::store::{sqlite::SqliteStore, Store};

/// Monday 2026-11-23 09:00 UTC plus `minutes`.
fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

struct Desk {
    engine: Engine,
    store: Arc<dyn Store>,
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
        Desk { engine, store, _dir: dir }
    }

    async fn user(&self, user: &str, input: UserInput, minute: i64) -> Option<TicketId> {
        let sender = Sender {
            external_id: user.into(),
            chat_id: user.into(),
            display_name: user.into(),
            locale: Some("en".into()),
        };
        let inbound = Inbound { channel: Channel::Console, key: None, sender, input, at: at(minute), source: None };
        self.engine.handle(inbound).await.unwrap().ticket
    }

    async fn says(&self, user: &str, text: &str, minute: i64) -> Option<TicketId> {
        self.user(user, UserInput::Text(text.into()), minute).await
    }

    async fn presses(&self, user: &str, data: &str, minute: i64) -> Option<TicketId> {
        self.user(user, UserInput::Choice(data.into()), minute).await
    }

    async fn rates(&self, user: &str, ticket: TicketId, score: u8, minute: i64) {
        self.presses(user, &format!("{}{}:{score}", choice::CSAT_PREFIX, ticket.0), minute).await;
    }

    async fn agent(&self, name: &str, ticket: TicketId, action: StaffAction, minute: i64) {
        self.engine.staff(&Agent::operator(name), ticket, action, at(minute)).await.unwrap();
    }

    async fn reply(&self, name: &str, ticket: TicketId, minute: i64) {
        self.agent(name, ticket, StaffAction::Reply { text: format!("{name} here") }, minute).await;
    }

    async fn escalate(&self, name: &str, ticket: TicketId, minute: i64) {
        let escalate = StaffAction::Escalate { to: None, reason: "needs an engineer".into(), vendor: None };
        self.agent(name, ticket, escalate, minute).await;
    }

    async fn resolve(&self, name: &str, ticket: TicketId, minute: i64) {
        self.agent(name, ticket, StaffAction::Resolve { summary: "Fixed".into() }, minute).await;
    }

    /// The SLA sweeper runs at 09:00 + `minute`, as the bot's would.
    async fn sweep(&self, minute: i64) -> (usize, usize) {
        let report = self.engine.sweep(at(minute)).await.unwrap();
        (report.warnings, report.breaches)
    }
}

/// A low rating's comment that a spreadsheet would run as a formula.
const FORMULA_COMMENT: &str = "=HYPERLINK(\"http://evil.example\") useless";

/// The history behind every number asserted below (default SLA policy:
/// L1 normal answers within 4 h and resolves within 24 h, L2 normal within
/// 8 h and 3 days; the calendar runs round the clock).
async fn known_history() -> Desk {
    let desk = Desk::new().await;
    // Two users are answered by the bot and press Solved: deflected.
    desk.says("ana", "I forgot my password", 0).await;
    desk.presses("ana", choice::SOLVED, 1).await;
    desk.says("bea", "where can I download my invoice", 2).await;
    desk.presses("bea", choice::SOLVED, 3).await;
    // Ticket 1 (09:11): reset-password did not solve it. rui answers after
    // 10 min and resolves after 2 h; caio confirms and rates 4.
    desk.says("caio", "I forgot my password", 10).await;
    let t1 = desk.presses("caio", choice::NOT_SOLVED, 11).await.unwrap();
    desk.reply("rui", t1, 21).await;
    desk.resolve("rui", t1, 131).await;
    desk.presses("caio", choice::FIXED_YES, 132).await;
    desk.rates("caio", t1, 4, 133).await;
    // Ticket 2 (09:21): a miss, then a ticket. rui answers after 30 min and
    // escalates to L2 at 10:00; L2 owes its own first answer by 18:00 and
    // breaches it (swept at 19:00); eva answers at 19:20, resolves at
    // 20:40, dora says it is not fixed, eva resolves again 26 h after
    // opening; dora confirms, rates 3 and comments.
    desk.says("dora", "my quantum flux capacitor hums", 20).await;
    let t2 = desk.presses("dora", choice::TICKET_YES, 21).await.unwrap();
    desk.reply("rui", t2, 51).await;
    desk.escalate("rui", t2, 60).await;
    // Ticket 3 (09:31): reset-password shown, then Talk to a person. L1
    // breaches its first answer (due 13:31, swept at 14:00); rui answers at
    // 14:30 and escalates at 14:40; eva answers at L2 ten minutes later.
    desk.says("eli", "I cannot log in to my account", 30).await;
    let t3 = desk.presses("eli", choice::HUMAN, 31).await.unwrap();
    // A miss the user did not want a ticket for: abandoned.
    desk.says("fay", "my quantum flux capacitor hums", 40).await;
    desk.presses("fay", choice::TICKET_NO, 41).await;
    // Ticket 4 (09:51): reset-password failed again. rui answers after 5
    // min and resolves after 35; gil rates 1 with a comment.
    desk.says("gil", "I forgot my password", 50).await;
    let t4 = desk.presses("gil", choice::NOT_SOLVED, 51).await.unwrap();
    desk.reply("rui", t4, 56).await;
    desk.resolve("rui", t4, 86).await;
    desk.presses("gil", choice::FIXED_YES, 87).await;
    desk.rates("gil", t4, 1, 88).await;
    desk.says("gil", FORMULA_COMMENT, 89).await;

    assert_eq!((desk.sweep(300).await).1, 1, "ticket 3's L1 first response breaches");
    desk.reply("rui", t3, 330).await;
    desk.escalate("rui", t3, 340).await;
    desk.reply("eva", t3, 350).await;

    assert_eq!((desk.sweep(600).await).1, 1, "ticket 2's L2 first response breaches");
    desk.reply("eva", t2, 620).await;
    desk.resolve("eva", t2, 700).await;
    desk.presses("dora", choice::FIXED_NO, 701).await;
    desk.says("dora", "it still hums", 702).await;
    desk.resolve("eva", t2, 21 + 26 * 60).await;
    desk.presses("dora", choice::FIXED_YES, 21 + 26 * 60 + 1).await;
    desk.rates("dora", t2, 3, 21 + 26 * 60 + 2).await;
    desk.says("dora", "slow at first", 21 + 26 * 60 + 3).await;
    assert_eq!((t1, t2, t3, t4), (TicketId(1), TicketId(2), TicketId(3), TicketId(4)));
    desk
}

async fn report_of(desk: &Desk, by: Option<Dimension>, calendar: &Calendar) -> StatsOutput {
    stats::stats_output(desk.store.as_ref(), at(-60), at(3 * 24 * 60), by, calendar).await.unwrap()
}

fn durations(count: u64, mean: i64, median: i64, p90: i64) -> Durations {
    Durations { count, mean_secs: Some(mean), median_secs: Some(median), p90_secs: Some(p90) }
}

#[tokio::test]
async fn every_figure_of_the_report_matches_the_hand_computed_history() {
    let desk = known_history().await;
    let output = report_of(&desk, None, &Calendar::Always).await;
    let r = &output.report;

    // 7 conversations (ana, bea, caio, dora, eli, fay, gil), 4 tickets.
    assert_eq!((r.conversations, r.tickets), (7, 4));
    // Deflected: ana and bea pressed Solved → 2 / 7.
    assert_eq!(r.deflection, Ratio::new(2, 7));
    // First responses: 10 min, 30 min, 4 h 59 min, 5 min = [300, 600, 1800, 17940] s.
    // Mean 20640 / 4 = 5160; nearest rank: median = rank 2 → 600; p90 = rank ceil(3.6) = 4 → 17940.
    assert_eq!(r.first_response.wall, durations(4, 5160, 600, 17_940));
    // Round the clock, business time is wall time.
    assert_eq!(r.first_response.business, r.first_response.wall);
    assert!(!r.business_hours);
    // Resolutions: ticket 4 after 35 min, ticket 1 after 2 h, ticket 2's last after
    // 26 h = [2100, 7200, 93600] s; mean 102900 / 3 = 34300; median rank 2; p90 rank 3.
    assert_eq!(r.resolution.wall, durations(3, 34_300, 7200, 93_600));
    // Resolved: tickets 1, 2 and 4 of 4.
    assert_eq!(r.resolution_rate, Ratio::new(3, 4));
    // Resolved or closed at least once: 1, 2, 4; reopened: ticket 2 → 1 / 3.
    assert_eq!(r.reopen_rate, Ratio::new(1, 3));
    // At L1: all 4, escalated out of it: tickets 2 and 3. At L2: both, neither left.
    let escalation: Vec<(Level, Ratio)> = r.escalation.iter().map(|e| (e.level, e.escalated)).collect();
    assert_eq!(
        escalation,
        [(Level::L1, Ratio::new(2, 4)), (Level::L2, Ratio::new(0, 2)), (Level::L3, Ratio::new(0, 0))]
    );
    // Daily: 23 Nov holds every conversation and ticket and the resolutions
    // of tickets 4 (10:26), 1 (11:11) and 2 (20:40); 24 Nov ticket 2's second.
    let daily: Vec<_> = r.daily.iter().map(|d| (d.date, d.conversations, d.tickets, d.resolved)).collect();
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    assert_eq!(daily, [(day(23), 7, 4, 3), (day(24), 0, 0, 1), (day(25), 0, 0, 0), (day(26), 0, 0, 0)]);
}

/// The break the issue reported: a breach at L1 disappeared once the ticket
/// moved to L2 and L2 answered in time (compliance went 0/1 → 1/1).
#[tokio::test]
async fn a_breach_at_one_level_stays_counted_after_escalation() {
    let desk = known_history().await;
    let sla = report_of(&desk, None, &Calendar::Always).await.report.sla;
    // First-response clocks finished: L1 of tickets 1–4 and L2 of tickets 2
    // and 3 = 6; broken: ticket 3 at L1, ticket 2 at L2 → 4 / 6.
    assert_eq!(sla.first_response, Ratio::new(4, 6));
    // Resolution clocks finished: ticket 1 (L1), 4 (L1), 2 (L2, met after the
    // reopening) → 3 / 3. Tickets 2 and 3 handed their L1 clock over
    // unbreached; ticket 3's L2 clock still runs.
    assert_eq!(sla.resolution, Ratio::new(3, 3));
    assert_eq!((sla.handed_over, sla.running), (2, 1));
    let per_level: Vec<_> = sla.by_level.iter().map(|l| (l.level, l.first_response, l.resolution)).collect();
    assert_eq!(
        per_level,
        [(Level::L1, Ratio::new(3, 4), Ratio::new(2, 2)), (Level::L2, Ratio::new(1, 2), Ratio::new(1, 1))]
    );
    // The Prometheus gauge counts the same breaches, each at its level.
    let gauges = desk.store.gauge_counts().await.unwrap();
    let breaches: Vec<_> = gauges.sla_breaches.iter().map(|(clock, level, n)| (clock.as_str(), *level, *n)).collect();
    assert_eq!(breaches, [("first_response", Level::L1, 1), ("first_response", Level::L2, 1)]);
}

#[tokio::test]
async fn each_showing_of_an_article_keeps_its_fate() {
    let desk = known_history().await;
    let r = report_of(&desk, None, &Calendar::Always).await.report;
    // reset-password: ana solved, caio and gil not solved, eli asked for a
    // person → shown 4, solved 1 of 4 judged; 3 of the 4 became tickets.
    let reset = r.articles.iter().find(|a| a.article == "reset-password").unwrap();
    assert_eq!(
        (reset.shown, reset.solved, reset.not_solved, reset.ticket, reset.no_feedback, reset.led_to_ticket),
        (4, 1, 2, 1, 0, 3)
    );
    assert_eq!(reset.success_rate, Some(0.25));
    assert_eq!(reset.last_shown, Some(at(50)));
    let invoice = r.articles.iter().find(|a| a.article == "invoice-copy").unwrap();
    assert_eq!((invoice.shown, invoice.solved, invoice.success_rate), (1, 1, Some(1.0)));
    assert_eq!(r.articles[0].article, "reset-password", "most shown first");
    // Gaps: caio's and gil's question (reset-password tried, tickets 1 and 4
    // resolved), dora's and fay's (no article; ticket 2 resolved, so a draft
    // can start from it), eli's (ticket 3 still open).
    let gaps: Vec<_> = r
        .top_gaps
        .iter()
        .map(|g| (g.example.as_str(), g.count, g.articles.clone(), g.tickets.clone(), g.wants_draft()))
        .collect();
    let reset = vec!["reset-password".to_string()];
    assert_eq!(
        gaps,
        [
            ("I forgot my password", 2, reset.clone(), vec![TicketId(1), TicketId(4)], false),
            ("my quantum flux capacitor hums", 2, vec![], vec![TicketId(2)], true),
            ("I cannot log in to my account", 1, reset, vec![], false),
        ]
    );
}

#[tokio::test]
async fn feedback_lists_every_rating_lowest_first_with_its_context() {
    let desk = known_history().await;
    let output = report_of(&desk, None, &Calendar::Always).await;
    let r = &output.report;
    // Ratings 4 (ticket 1), 3 (ticket 2), 1 (ticket 4): average 8 / 3.
    assert_eq!(r.csat.count, 3);
    assert!((r.csat.average.unwrap() - 8.0 / 3.0).abs() < 1e-9);
    assert_eq!(r.csat.distribution.values().copied().collect::<Vec<_>>(), [1, 0, 1, 1, 0]);
    // 23 Nov: 4 and 1 → 2.5; 24 Nov: 3.
    let trend: Vec<_> = r.csat.trend.iter().map(|d| (d.date.day(), d.count, d.average)).collect();
    assert_eq!(trend, [(23, 2, Some(2.5)), (24, 1, Some(3.0)), (25, 0, None), (26, 0, None)]);
    let ratings: Vec<_> = r
        .ratings
        .iter()
        .map(|x| (x.ticket.0, x.score, x.agent.as_deref(), x.level, x.articles.clone(), x.comment.as_deref()))
        .collect();
    let reset = vec!["reset-password".to_string()];
    assert_eq!(
        ratings,
        [
            (4, 1, Some("rui"), Some(Level::L1), reset.clone(), Some(FORMULA_COMMENT)),
            (2, 3, Some("eva"), Some(Level::L2), vec![], Some("slow at first")),
            (1, 4, Some("rui"), Some(Level::L1), reset, None),
        ]
    );
    // Per agent: eva 3 (1 rating), rui (4 + 1) / 2; per level: L1 2.5, L2 3.
    let by_agent: Vec<_> = r.csat.by_agent.iter().map(|g| (g.key.as_str(), g.count, g.average)).collect();
    assert_eq!(by_agent, [("eva", 1, Some(3.0)), ("rui", 2, Some(2.5))]);
    let by_level: Vec<_> = r.csat.by_level.iter().map(|g| (g.key.as_str(), g.count, g.average)).collect();
    assert_eq!(by_level, [("L1", 2, Some(2.5)), ("L2", 1, Some(3.0))]);

    // The comments are in the JSON and the CSV, where a formula stays text.
    let json = serde_json::to_value(&output).unwrap();
    assert_eq!(json["ratings"][0]["comment"], FORMULA_COMMENT);
    let csv = stats::csv(&output).unwrap();
    assert!(csv.contains("rating:4@2026-11-23T10:28:00Z,comment,\"'=HYPERLINK"), "{csv}");
    assert!(csv.contains("rating:2@2026-11-24T11:23:00Z,comment,slow at first"), "{csv}");
}

#[tokio::test]
async fn workload_counts_replies_resolutions_first_answers_and_open_tickets_per_agent() {
    let desk = known_history().await;
    let output = report_of(&desk, Some(Dimension::Agent), &Calendar::Always).await;
    let workload: Vec<_> = output
        .report
        .workload
        .iter()
        .map(|w| {
            let open: Vec<_> = w.open.iter().map(|o| (o.level, o.count)).collect();
            (w.agent.as_str(), w.replies, w.resolutions, w.first_response.median_secs, open)
        })
        .collect();
    // rui replied on tickets 1, 2, 3, 4 and resolved 1 and 4; his first
    // answers [300, 600, 1800, 17940] s have median 600. eva replied on 3
    // and 2, resolved ticket 2 twice, answered none first, and holds ticket 3
    // at L2, the only ticket open.
    assert_eq!(workload, [("eva", 2, 2, None, vec![(Level::L2, 1)]), ("rui", 4, 2, Some(600), vec![])]);
    let text = stats::text(&output, escala::domain::Lang::En);
    assert!(text.contains("Agent            open (L1 L2 L3 L4)"), "{text}");
    // Slices by agent: eva holds tickets 2 and 3 now, rui 1 and 4.
    let groups: Vec<_> = output.groups.iter().map(|g| (g.key.as_str(), g.report.tickets)).collect();
    assert_eq!(groups, [("bot", 0), ("eva", 2), ("rui", 2)]);
    let gauges = desk.store.gauge_counts().await.unwrap();
    let open: Vec<_> = gauges.open_load.iter().map(|o| (o.agent.as_deref(), o.level, o.count)).collect();
    assert_eq!(open, [(Some("eva"), Level::L2, 1)]);
}

#[tokio::test]
async fn business_time_leaves_out_nights_and_weekends() {
    let desk = known_history().await;
    let hours = BusinessHours {
        time_zone: chrono_tz::UTC,
        days: [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri].into(),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        holidays: Default::default(),
    };
    let r = report_of(&desk, None, &Calendar::BusinessHours(hours)).await.report;
    assert!(r.business_hours);
    // Every first answer came on Monday within hours: the same figures.
    assert_eq!(r.first_response.business, r.first_response.wall);
    // Ticket 2, Mon 09:21 → Tue 11:21: 7 h 39 min on Monday + 2 h 21 min on
    // Tuesday = 36000 s. [2100, 7200, 36000]: mean 45300 / 3 = 15100.
    assert_eq!(r.resolution.business, durations(3, 15_100, 7200, 36_000));
    assert_eq!(r.resolution.wall, durations(3, 34_300, 7200, 93_600));
}

#[tokio::test]
async fn by_level_and_priority_slice_the_tickets_and_put_the_bot_apart() {
    let desk = known_history().await;
    let output = report_of(&desk, Some(Dimension::Level), &Calendar::Always).await;
    let groups: Vec<_> =
        output.groups.iter().map(|g| (g.key.as_str(), g.report.conversations, g.report.tickets)).collect();
    // Tickets 1 and 4 stayed at L1, tickets 2 and 3 ended at L2.
    assert_eq!(groups, [("L0", 7, 0), ("L1", 0, 2), ("L2", 0, 2)]);
    let l1 = &output.groups[1].report;
    // L1: first answers 600 and 300 s → mean 450, median (rank 1) 300, p90 600.
    assert_eq!(l1.first_response.wall, durations(2, 450, 300, 600));
    assert_eq!(output.groups[0].report.deflection, Ratio::new(2, 7));
    let output = report_of(&desk, Some(Dimension::Priority), &Calendar::Always).await;
    let groups: Vec<_> =
        output.groups.iter().map(|g| (g.key.as_str(), g.report.conversations, g.report.tickets)).collect();
    assert_eq!(groups, [("bot", 7, 0), ("normal", 0, 4)]);
}

#[tokio::test]
async fn stats_typed_in_a_staff_space_replies_with_the_week_and_its_low_ratings() {
    let desk = known_history().await;
    let now = at(3 * 24 * 60);
    let outcome = desk.engine.staff_message(&Agent::operator("rui"), TicketId(3), "/stats", now).await.unwrap();
    assert_eq!(outcome.sent.len(), 1);
    let reply = &outcome.sent[0];
    assert!(matches!(reply.destination, Destination::Staff { ticket: TicketId(3), .. }), "{reply:?}");
    for expected in [
        "7 conversations, 4 tickets",
        "28.6 % (2 of 7",
        "mean 1h 26m, median 10m, p90 4h 59m",
        "2.67 from 3 ratings",
        "Low ratings (1 at 2★ or less)",
        "1★ ticket #4 · rui · L1 · reset-password — “=HYPERLINK(\"http://evil.example\") useless”",
    ] {
        assert!(reply.text.contains(expected), "missing `{expected}` in:\n{}", reply.text);
    }
    assert!(!reply.text.contains("ticket #2 ·"), "a 3★ rating is not low:\n{}", reply.text);
}

#[tokio::test]
async fn kb_health_ranks_articles_by_the_tickets_they_lead_to() {
    let desk = known_history().await;
    let kb_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kb");
    let kb = KnowledgeBase::load(&kb_dir).unwrap();
    let views = desk.store.stats_input(at(-60)).await.unwrap().views;
    // Files all modified at the same moment: only declared dates could differ.
    let health = stats::kb_health(&kb, &views, at(-60), at(4320), &|_| Some(at(0)));
    let leaders: Vec<_> =
        health.ticket_leaders.iter().map(|a| (a.article.as_str(), a.lang, a.led_to_ticket, a.shown)).collect();
    assert_eq!(leaders, [("reset-password", Some(Lang::En), 3, 4)]);
    // The Portuguese reset-password was never shown; invoice-copy has no
    // Portuguese translation.
    let never: Vec<_> = health.never_shown.iter().map(|a| (a.article.as_str(), a.lang)).collect();
    assert_eq!(never, [("reset-password", Lang::Pt)]);
    let missing: Vec<_> = health.translations.iter().map(|t| (t.article.as_str(), t.lang, t.updated.clone())).collect();
    assert_eq!(missing, [("invoice-copy", Lang::Pt, None)]);
    assert!(health.cross_language.is_empty(), "every question was answered in English");
}

//! Bad rows and growth, on both backends: one row that cannot be read must
//! not stop the rows after it (outbox, SLA clocks, timers), old rows are
//! pruned in batches without breaking the reports, and text reaches either
//! database the same way.

use async_trait::async_trait;
use chrono::{Duration, Utc};
use escala::delivery::{Outbox, Placement, SendResult, Sender};
use escala::domain::sla::{ClockKind, SlaClock};
use escala::domain::{Channel, Destination, Lang, Level, Outbound, Priority, TextFormat, TicketId};
use escala::store::{NewContact, NewLoggedQuery, NewTicket, Retention};

use crate::support::backends::{open_postgres, open_sqlite, Opened};

fn message(chat: &str, text: &str) -> Outbound {
    Outbound {
        channel: Channel::Telegram,
        destination: Destination::User { chat_id: chat.into() },
        text: text.into(),
        format: TextFormat::Plain,
        choices: Vec::new(),
        thread: None,
        attachment: None,
        ticket: None,
        relay: false,
        source: None,
        copies: None,
    }
}

struct Recording(Vec<String>);

#[async_trait]
impl Sender for Recording {
    async fn send(&mut self, message: &Outbound, _space: &mut Placement) -> SendResult {
        self.0.push(message.text.clone());
        SendResult::Sent
    }
}

async fn an_unreadable_outbox_row_is_dead_lettered_and_every_other_row_delivered(db: Opened) {
    let mut tx = db.store.begin().await.unwrap();
    tx.enqueue(&message("1", "for eve"), Utc::now()).await.unwrap();
    tx.enqueue(&message("2", "for ana"), Utc::now()).await.unwrap();
    tx.commit().await.unwrap();
    db.raw("UPDATE outbox SET payload = '{\"not\": \"a message\"}' WHERE destination = 'user:1'").await;
    let mut sender = Recording(Vec::new());
    let sent = Outbox::new(db.store.clone()).drain_once(Channel::Telegram, &mut sender, Utc::now()).await.unwrap();
    assert_eq!((sent, sender.0), (1, vec!["for ana".to_string()]));
    assert_eq!(db.store.outbox_depth().await.unwrap(), 0, "the unreadable row is a dead letter, not pending");
    assert_eq!(db.count("SELECT COUNT(*) FROM outbox WHERE dead AND last_error LIKE '%corrupt%'").await, 1);
}

async fn ticket_with_clocks(db: &Opened) -> TicketId {
    let now = Utc::now() - Duration::hours(10);
    let mut tx = db.store.begin().await.unwrap();
    let contact = NewContact {
        channel: Channel::Telegram,
        external_id: "5".into(),
        chat_id: "5".into(),
        display_name: "Ana".into(),
        lang: Some(Lang::En),
    };
    let contact = tx.insert_contact(&contact, now).await.unwrap();
    let new = NewTicket {
        contact: contact.id,
        conversation: None,
        channel: Channel::Telegram,
        lang: Lang::En,
        level: Level::L1,
        priority: Priority::Normal,
        subject: "mail".into(),
        at: now,
    };
    let ticket = tx.insert_ticket(&new, "user").await.unwrap();
    for kind in ClockKind::TEAM {
        let clock = SlaClock {
            id: None,
            ticket: ticket.id,
            kind,
            level: Level::L1,
            priority: Priority::Normal,
            target_secs: 3600,
            remaining_secs: 3600,
            running_since: Some(now),
            due_at: Some(now + Duration::hours(1)),
            warn_at: Some(now + Duration::minutes(48)),
            warned_at: None,
            breached_at: None,
            met_at: None,
            handed_over_at: None,
        };
        tx.save_sla_clock(&clock).await.unwrap();
    }
    let due = [(escala::domain::sla::TimerKind::RemindUser, now), (escala::domain::sla::TimerKind::CloseSilent, now)];
    tx.replace_timers(ticket.id, &due, now).await.unwrap();
    tx.commit().await.unwrap();
    ticket.id
}

async fn unreadable_clock_and_timer_rows_are_set_aside_and_the_sweep_goes_on(db: Opened) {
    let ticket = ticket_with_clocks(&db).await;
    db.raw("UPDATE sla_clocks SET level = 'L9' WHERE clock = 'resolution'").await;
    db.raw("UPDATE timers SET kind = 'bogus' WHERE kind = 'close_silent'").await;
    for round in 0..2 {
        let clocks = db.store.due_sla_clocks(Utc::now(), 10).await.unwrap();
        assert_eq!(clocks.iter().map(|c| c.kind).collect::<Vec<_>>(), vec![ClockKind::FirstResponse], "round {round}");
        let timers = db.store.due_timers(Utc::now(), 10).await.unwrap();
        assert_eq!(timers.len(), 1, "round {round}");
        assert_eq!(timers[0].ticket, ticket);
    }
    assert_eq!(db.count("SELECT COUNT(*) FROM sla_clocks WHERE unreadable IS NOT NULL").await, 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM timers WHERE unreadable IS NOT NULL").await, 1);
}

/// Ana, a console user first seen at `since`.
async fn ana(tx: &mut dyn escala::store::StoreTx, since: chrono::DateTime<Utc>) -> escala::store::Contact {
    let contact = NewContact {
        channel: Channel::Console,
        external_id: "ana".into(),
        chat_id: "ana".into(),
        display_name: "Ana".into(),
        lang: Some(Lang::En),
    };
    tx.insert_contact(&contact, since).await.unwrap()
}

/// A bot conversation of `contact` at `at` that ended unanswered: one
/// message per line of `said`, then `question` in the query log.
async fn ended_conversation(
    tx: &mut dyn escala::store::StoreTx,
    contact: &escala::store::Contact,
    at: chrono::DateTime<Utc>,
    said: &[String],
    question: String,
) {
    let conversation = tx.start_conversation(contact.id, Lang::En, at).await.unwrap();
    for body in said {
        let message = escala::store::NewMessage {
            conversation: Some(conversation),
            ticket: None,
            author: escala::store::Author::User,
            author_name: "Ana".into(),
            body: body.clone(),
            at,
        };
        tx.append_message(&message).await.unwrap();
    }
    let query = NewLoggedQuery {
        contact: contact.id,
        conversation: Some(conversation),
        text: question,
        lang: Lang::En,
        best_article: None,
        confidence: 0.0,
        outcome: escala::domain::QueryOutcome::Missed,
        at,
    };
    tx.log_query(&query).await.unwrap();
    tx.end_conversation(conversation, escala::domain::ConversationEnd::Abandoned, at).await.unwrap();
}

async fn retention_prunes_old_rows_in_batches_and_the_reports_keep_working(db: Opened) {
    let now = Utc::now();
    let old = now - Duration::days(400);
    let mut tx = db.store.begin().await.unwrap();
    let contact = ana(tx.as_mut(), old).await;
    for (i, at) in [old, old, old, now].into_iter().enumerate() {
        tx.record_inbound(Channel::Console, &format!("key-{i}"), at).await.unwrap();
        tx.enqueue(&message("9", &format!("message {i}")), at).await.unwrap();
        ended_conversation(tx.as_mut(), &contact, at, &[format!("question {i}")], format!("question {i}")).await;
    }
    tx.commit().await.unwrap();
    // Each message delivered when it was queued.
    db.raw("UPDATE outbox SET sent_at = due_at").await;
    let cutoff = now - Duration::days(30);
    let retention = Retention {
        sent_messages: cutoff,
        dead_letters: cutoff,
        inbound_keys: cutoff,
        kb_queries: cutoff,
        closed_conversations: cutoff,
        // Far back: this spec is about pruning, the next about erasing.
        personal_data: now - Duration::days(3650),
    };
    let first = db.store.prune(&retention, 2).await.unwrap();
    assert_eq!((first.sent_messages, first.inbound_keys, first.kb_queries, first.conversations), (2, 2, 2, 2));
    let second = db.store.prune(&retention, 2).await.unwrap();
    assert_eq!(second.total(), 4, "the rest of the old rows: {second:?}");
    assert_eq!(db.store.prune(&retention, 2).await.unwrap().total(), 0);
    for table in ["outbox", "processed_inbound", "kb_queries", "conversations", "messages"] {
        assert_eq!(db.count(&format!("SELECT COUNT(*) FROM {table}")).await, 1, "{table} keeps its recent row");
    }
    let stats = escala::stats::stats_output(
        db.store.as_ref(),
        now - Duration::days(7),
        now,
        None,
        &escala::domain::sla::Calendar::Always,
    )
    .await
    .unwrap();
    assert_eq!(stats.report.conversations, 1);
    assert_eq!(db.store.logged_queries(now - Duration::days(30)).await.unwrap().len(), 1);
}

/// Past `retention.personal_data`, what people wrote is erased in batches
/// (messages of closed tickets and ended conversations, subjects, query
/// texts) while the rows the reports count stay; recent texts are kept.
async fn old_personal_data_is_erased_in_batches_and_the_rows_stay(db: Opened) {
    let now = chrono::Utc::now();
    let old = now - Duration::days(400);
    let mut tx = db.store.begin().await.unwrap();
    let contact = ana(tx.as_mut(), old).await;
    for (i, at) in [old, now].into_iter().enumerate() {
        let said: Vec<String> = (0..3).map(|n| format!("secret {i}.{n}")).collect();
        ended_conversation(tx.as_mut(), &contact, at, &said, format!("secret question {i}")).await;
    }
    tx.commit().await.unwrap();
    let far = now - Duration::days(3650);
    let retention = Retention {
        sent_messages: far,
        dead_letters: far,
        inbound_keys: far,
        kb_queries: far,
        closed_conversations: far,
        personal_data: now - Duration::days(365),
    };
    let first = db.store.prune(&retention, 2).await.unwrap();
    assert_eq!(first.anonymised, 3, "two messages and one query in the first batch: {first:?}");
    let second = db.store.prune(&retention, 2).await.unwrap();
    assert_eq!(second.anonymised, 1, "the last old message: {second:?}");
    assert_eq!(db.store.prune(&retention, 2).await.unwrap().anonymised, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM messages WHERE body LIKE 'secret 0.%'").await, 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM messages WHERE body LIKE 'secret 1.%'").await, 3, "recent kept");
    assert_eq!(db.count("SELECT COUNT(*) FROM messages").await, 6, "every row stays");
    assert_eq!(db.count("SELECT COUNT(*) FROM kb_queries WHERE text = 'secret question 1'").await, 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM kb_queries").await, 2);
}

macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $case() { super::$case(super::open_sqlite().await).await; })*
        }
        mod postgres {
            $(#[tokio::test] async fn $case() { super::$case(super::open_postgres().await).await; })*
        }
    };
}

on_both_backends!(
    an_unreadable_outbox_row_is_dead_lettered_and_every_other_row_delivered,
    unreadable_clock_and_timer_rows_are_set_aside_and_the_sweep_goes_on,
    retention_prunes_old_rows_in_batches_and_the_reports_keep_working,
    old_personal_data_is_erased_in_batches_and_the_rows_stay,
);

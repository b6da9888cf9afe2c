//! The store test suite, written once against the `Store` traits and run on
//! every backend: SQLite in a temporary file, PostgreSQL in a schema of its
//! own per test on the server named by `DATABASE_URL`.

use std::sync::Arc;

use crate::support::backends::{postgres, sqlite};
use chrono::{Duration, TimeZone, Utc};
use escala::domain::*;
use escala::store::{NewContact, NewLoggedQuery, NewTicket, Store, StoreError, TicketFilter};

fn t(minute: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap() + Duration::minutes(minute)
}

fn contact(name: &str) -> NewContact {
    NewContact {
        channel: Channel::Telegram,
        external_id: name.into(),
        chat_id: format!("chat-{name}"),
        display_name: name.into(),
        lang: Some(Lang::Pt),
    }
}

fn new_ticket(contact: ContactId) -> NewTicket {
    NewTicket {
        contact,
        conversation: None,
        channel: Channel::Telegram,
        lang: Lang::Pt,
        level: Level::L1,
        priority: Priority::Normal,
        subject: "sem internet".into(),
        at: t(0),
    }
}

fn user_message(chat: &str, text: &str) -> Outbound {
    Outbound {
        channel: Channel::Telegram,
        destination: Destination::User { chat_id: chat.into() },
        text: text.into(),
        format: TextFormat::Plain,
        choices: vec![],
        thread: None,
        attachment: None,
        ticket: None,
        relay: false,
        source: None,
        copies: None,
    }
}

async fn an_inbound_key_is_accepted_once(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    assert!(tx.record_inbound(Channel::Telegram, "42", t(0)).await.unwrap());
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(!tx.record_inbound(Channel::Telegram, "42", t(1)).await.unwrap());
    assert!(tx.record_inbound(Channel::Discord, "42", t(1)).await.unwrap());
}

async fn a_rolled_back_transaction_leaves_nothing(store: Arc<dyn Store>) {
    {
        let mut tx = store.begin().await.unwrap();
        tx.record_inbound(Channel::Telegram, "7", t(0)).await.unwrap();
        let c = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
        tx.insert_ticket(&new_ticket(c.id), "user").await.unwrap();
        tx.enqueue(&user_message("chat-ana", "hello"), t(0)).await.unwrap();
        // dropped without commit
    }
    assert!(store.list_tickets(&TicketFilter::default()).await.unwrap().is_empty());
    assert_eq!(store.outbox_depth().await.unwrap(), 0);
    let mut tx = store.begin().await.unwrap();
    assert!(tx.record_inbound(Channel::Telegram, "7", t(0)).await.unwrap());
}

async fn the_database_allows_one_open_ticket_per_contact(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    let c = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    let first = tx.insert_ticket(&new_ticket(c.id), "user").await.unwrap();
    let second = tx.insert_ticket(&new_ticket(c.id), "user").await;
    assert!(matches!(second, Err(StoreError::OpenTicketExists)), "{second:?}");
    let event = TicketEvent::Closed { reason: "done".into() };
    let closed = first.apply(&event, t(1)).unwrap();
    tx.save_ticket(&closed, first.version, &event, "agent").await.unwrap();
    tx.insert_ticket(&new_ticket(c.id), "user").await.unwrap();
    tx.commit().await.unwrap();
}

async fn a_stale_ticket_version_is_a_conflict(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    let c = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    let ticket = tx.insert_ticket(&new_ticket(c.id), "user").await.unwrap();
    let claim = TicketEvent::Claimed { agent: "rui".into() };
    let claimed = ticket.apply(&claim, t(1)).unwrap();
    tx.save_ticket(&claimed, ticket.version, &claim, "rui").await.unwrap();
    let late = ticket.apply(&TicketEvent::Claimed { agent: "eva".into() }, t(2)).unwrap();
    let result = tx.save_ticket(&late, ticket.version, &claim, "eva").await;
    assert!(matches!(result, Err(StoreError::Conflict(id)) if id == ticket.id), "{result:?}");
}

async fn a_ticket_round_trips_with_its_history(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    let c = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    let ticket = tx.insert_ticket(&new_ticket(c.id), "user").await.unwrap();
    let reply = TicketEvent::AgentReplied { agent: "rui".into() };
    let replied = ticket.apply(&reply, t(3)).unwrap();
    tx.save_ticket(&replied, ticket.version, &reply, "rui").await.unwrap();
    tx.commit().await.unwrap();
    let history = store.ticket_history(ticket.id).await.unwrap().unwrap();
    assert_eq!(history.ticket, replied);
    assert_eq!(history.events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["opened", "agent_replied"]);
    assert_eq!(history.contact.display_name, "ana");
}

async fn the_outbox_delivers_in_order_per_destination_and_holds_back_after_a_failure(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    for text in ["a1", "a2"] {
        tx.enqueue(&user_message("A", text), t(0)).await.unwrap();
    }
    tx.enqueue(&user_message("B", "b1"), t(0)).await.unwrap();
    tx.commit().await.unwrap();
    let due = store.due_outbox(Channel::Telegram, t(0), 10).await.unwrap();
    let texts: Vec<_> = due.iter().map(|r| r.message.text.as_str()).collect();
    assert_eq!(texts, ["a1", "b1"], "only the head of each destination is due");
    store.mark_failed(due[0].id, "503", t(5), false).await.unwrap();
    store.mark_sent(due[1].id, t(0)).await.unwrap();
    assert!(store.due_outbox(Channel::Telegram, t(1), 10).await.unwrap().is_empty(), "a2 waits behind a1");
    let retry = store.due_outbox(Channel::Telegram, t(5), 10).await.unwrap();
    assert_eq!((retry[0].message.text.as_str(), retry[0].attempts), ("a1", 1));
    assert_eq!(store.outbox_depth().await.unwrap(), 2);
    // A rate limit postpones without counting an attempt.
    store.postpone(retry[0].id, "429", t(9)).await.unwrap();
    assert!(store.due_outbox(Channel::Telegram, t(8), 10).await.unwrap().is_empty());
    let later = store.due_outbox(Channel::Telegram, t(9), 10).await.unwrap();
    assert_eq!((later[0].message.text.as_str(), later[0].attempts), ("a1", 1));
}

async fn a_staff_thread_maps_both_ways(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    let c = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    let ticket = tx.insert_ticket(&new_ticket(c.id), "user").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.staff_thread(ticket.id, Channel::Telegram).await.unwrap(), None);
    store.set_staff_thread(ticket.id, Channel::Telegram, "-100:7", t(0)).await.unwrap();
    assert_eq!(store.staff_thread(ticket.id, Channel::Telegram).await.unwrap().as_deref(), Some("-100:7"));
    assert_eq!(store.ticket_for_staff_thread(Channel::Telegram, "-100:7").await.unwrap(), Some(ticket.id));
    assert_eq!(store.ticket_for_staff_thread(Channel::Discord, "-100:7").await.unwrap(), None);
}

/// Where to catch up after downtime: users with an open conversation or
/// ticket and open tickets' staff spaces, each from its last message;
/// closed ones and other channels are left out.
async fn catch_up_points_start_from_the_last_stored_message(store: Arc<dyn Store>) {
    use escala::store::{Author, CatchUpPoint, NewMessage};
    let mut tx = store.begin().await.unwrap();
    let ana = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    let bea = tx.insert_contact(&contact("bea"), t(0)).await.unwrap();
    let conversation = tx.start_conversation(ana.id, Lang::Pt, t(1)).await.unwrap();
    let said = |at| NewMessage {
        conversation: Some(conversation),
        ticket: None,
        author: Author::User,
        author_name: "ana".into(),
        body: "olá".into(),
        at,
    };
    tx.append_message(&said(t(5))).await.unwrap();
    tx.append_message(&said(t(7))).await.unwrap();
    let ticket = tx.insert_ticket(&new_ticket(bea.id), "user").await.unwrap();
    let note = NewMessage { conversation: None, ticket: Some(ticket.id), ..said(t(9)) };
    tx.append_message(&note).await.unwrap();
    tx.commit().await.unwrap();
    store.set_staff_thread(ticket.id, Channel::Discord, "777", t(0)).await.unwrap();
    let mut points = store.catch_up_points(Channel::Telegram).await.unwrap();
    points.sort_by_key(|p| format!("{p:?}"));
    assert_eq!(
        points,
        vec![
            CatchUpPoint::User { external_id: "ana".into(), last_seen: t(7) },
            CatchUpPoint::User { external_id: "bea".into(), last_seen: t(9) },
        ]
    );
    assert_eq!(
        store.catch_up_points(Channel::Discord).await.unwrap(),
        vec![CatchUpPoint::StaffThread { thread_ref: "777".into(), last_seen: t(9) }]
    );
    let mut tx = store.begin().await.unwrap();
    tx.end_conversation(conversation, ConversationEnd::Deflected, t(10)).await.unwrap();
    tx.commit().await.unwrap();
    let points = store.catch_up_points(Channel::Telegram).await.unwrap();
    assert_eq!(points, vec![CatchUpPoint::User { external_id: "bea".into(), last_seen: t(9) }]);
}

/// The audit log keeps each row as written, and reads it back by window
/// and actor, oldest first.
async fn the_audit_log_is_read_back_by_window_and_actor(store: Arc<dyn Store>) {
    use escala::store::{AuditFilter, NewAudit};
    let row = |actor: &str, action: &str, minute| NewAudit {
        actor: actor.into(),
        channel: "cli".into(),
        action: action.into(),
        payload: serde_json::json!({"user": "telegram:1", "files": ["a", "b"]}),
        at: t(minute),
    };
    let mut tx = store.begin().await.unwrap();
    tx.record_audit(&row("cli:ana", "user.block", 1)).await.unwrap();
    tx.record_audit(&row("cli:bea", "incident.open", 2)).await.unwrap();
    tx.record_audit(&row("cli:ana", "user.unblock", 3)).await.unwrap();
    tx.commit().await.unwrap();
    let all = store.audit_events(&AuditFilter::default()).await.unwrap();
    assert_eq!(
        all.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(),
        ["user.block", "incident.open", "user.unblock"]
    );
    assert_eq!(all[0].payload, serde_json::json!({"user": "telegram:1", "files": ["a", "b"]}));
    assert_eq!(all[0].at, t(1));
    let filter = AuditFilter { since: Some(t(2)), actor: Some("cli:ana".into()), limit: None };
    let ana = store.audit_events(&filter).await.unwrap();
    assert_eq!(ana.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(), ["user.unblock"]);
    let mut tx = store.begin().await.unwrap();
    tx.record_audit(&row("cli:ana", "user.block", 4)).await.unwrap();
    drop(tx);
    assert_eq!(
        store.audit_events(&AuditFilter::default()).await.unwrap().len(),
        3,
        "a rolled back action leaves no row"
    );
}

/// A user's export holds their conversations, tickets, questions and
/// subscriptions, and nothing of another user's; internal notes only when
/// asked for.
async fn a_users_export_holds_exactly_their_data(store: Arc<dyn Store>) {
    use escala::store::{Author, NewMessage};
    let mut tx = store.begin().await.unwrap();
    let mut seeded = Vec::new();
    for name in ["ana", "bea"] {
        let who = tx.insert_contact(&contact(name), t(0)).await.unwrap();
        let conversation = tx.start_conversation(who.id, Lang::Pt, t(1)).await.unwrap();
        let line = |author, body: String, ticket| NewMessage {
            conversation: Some(conversation),
            ticket,
            author,
            author_name: name.into(),
            body,
            at: t(2),
        };
        tx.append_message(&line(Author::User, format!("{name} asks the bot"), None)).await.unwrap();
        let query = NewLoggedQuery {
            contact: who.id,
            conversation: Some(conversation),
            text: format!("{name} question"),
            lang: Lang::Pt,
            best_article: None,
            confidence: 0.1,
            outcome: escala::domain::QueryOutcome::Missed,
            at: t(2),
        };
        tx.log_query(&query).await.unwrap();
        let ticket = tx.insert_ticket(&new_ticket(who.id), "user").await.unwrap();
        tx.append_message(&line(Author::User, format!("{name} writes to staff"), Some(ticket.id))).await.unwrap();
        tx.append_message(&line(Author::Note, format!("note about {name}"), Some(ticket.id))).await.unwrap();
        let note = TicketEvent::NoteAdded { agent: "eva".into() };
        tx.save_ticket(&ticket.apply(&note, t(3)).unwrap(), ticket.version, &note, "eva").await.unwrap();
        tx.subscribe_incident(&format!("outage-{name}"), who.id, t(3)).await.unwrap();
        seeded.push(who);
    }
    tx.commit().await.unwrap();
    let data = store.user_data(Channel::Telegram, "ana", false).await.unwrap().unwrap();
    let text = serde_json::to_string(&data).unwrap();
    for wanted in ["ana asks the bot", "ana question", "ana writes to staff", "outage-ana"] {
        assert!(text.contains(wanted), "{wanted} missing: {text}");
    }
    assert!(!text.contains("bea"), "nothing of another user's: {text}");
    assert!(!text.contains("note about ana") && !text.contains("note_added"), "notes are internal: {text}");
    assert_eq!((data.conversations.len(), data.tickets.len(), data.queries.len()), (1, 1, 1));
    let internal = store.user_data(Channel::Telegram, "ana", true).await.unwrap().unwrap();
    assert!(serde_json::to_string(&internal).unwrap().contains("note about ana"));
    assert!(store.user_data(Channel::Telegram, "nobody", false).await.unwrap().is_none());
    assert!(store.user_data(Channel::Discord, "ana", false).await.unwrap().is_none(), "per platform");
}

async fn incident_revisions_subscriptions_and_links_are_recorded_once(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    let ana = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    let bea = tx.insert_contact(&contact("bea"), t(0)).await.unwrap();
    let ticket = tx.insert_ticket(&new_ticket(bea.id), "user").await.unwrap();
    assert!(tx.record_incident_revision("login", "investigating-1", "investigating", t(1)).await.unwrap());
    assert!(!tx.record_incident_revision("login", "investigating-1", "investigating", t(2)).await.unwrap());
    assert!(tx.record_incident_revision("login", "resolved-2", "resolved", t(3)).await.unwrap());
    assert!(tx.subscribe_incident("login", bea.id, t(1)).await.unwrap());
    assert!(tx.subscribe_incident("login", ana.id, t(1)).await.unwrap());
    assert!(!tx.subscribe_incident("login", ana.id, t(2)).await.unwrap());
    assert!(tx.link_incident_ticket("login", ticket.id, t(1)).await.unwrap());
    assert!(!tx.link_incident_ticket("login", ticket.id, t(2)).await.unwrap());
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.incident_subscribers("login").await.unwrap(), vec![ana.id, bea.id]);
    assert_eq!(tx.incident_tickets("login").await.unwrap(), vec![ticket.id]);
    assert!(tx.incident_subscribers("other").await.unwrap().is_empty());
    assert!(!tx.record_incident_revision("login", "resolved-2", "resolved", t(4)).await.unwrap(), "after commit too");
}

async fn sla_clocks_and_timers_fire_once(store: Arc<dyn Store>) {
    use escala::domain::sla::{ClockKind, SlaClock, TimerKind};
    use escala::store::SlaAlert;
    let mut tx = store.begin().await.unwrap();
    let contact = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    let ticket = tx.insert_ticket(&new_ticket(contact.id), "user").await.unwrap();
    let new = SlaClock {
        id: None,
        ticket: ticket.id,
        kind: ClockKind::FirstResponse,
        level: Level::L1,
        priority: Priority::Normal,
        target_secs: 600,
        remaining_secs: 600,
        running_since: Some(t(0)),
        due_at: Some(t(10)),
        warn_at: Some(t(8)),
        warned_at: None,
        breached_at: None,
        met_at: None,
        handed_over_at: None,
    };
    tx.save_sla_clock(&new).await.unwrap();
    let clock = tx.sla_clocks(ticket.id).await.unwrap().remove(0);
    assert_eq!(SlaClock { id: None, ..clock.clone() }, new, "stored as given, with an id");
    // Saving a stored clock again updates it: still one clock.
    tx.save_sla_clock(&clock).await.unwrap();
    tx.replace_timers(ticket.id, &[(TimerKind::RemindUser, t(30)), (TimerKind::CloseSilent, t(60))], t(0))
        .await
        .unwrap();
    tx.replace_timers(ticket.id, &[(TimerKind::CloseResolved, t(40))], t(0)).await.unwrap();
    assert_eq!(tx.sla_clocks(ticket.id).await.unwrap(), vec![clock.clone()]);
    tx.commit().await.unwrap();

    assert!(store.due_sla_clocks(t(7), 10).await.unwrap().is_empty());
    assert_eq!(store.due_sla_clocks(t(8), 10).await.unwrap(), vec![clock.clone()]);
    let mut tx = store.begin().await.unwrap();
    let id = clock.id.unwrap();
    assert!(tx.mark_sla_alert(id, SlaAlert::Warned, t(8)).await.unwrap());
    assert!(!tx.mark_sla_alert(id, SlaAlert::Warned, t(9)).await.unwrap());
    tx.commit().await.unwrap();
    assert!(store.due_sla_clocks(t(9), 10).await.unwrap().is_empty(), "warned, not yet due");
    assert_eq!(store.due_sla_clocks(t(10), 10).await.unwrap().len(), 1);

    // Only the replacing timer is left.
    assert!(store.due_timers(t(39), 10).await.unwrap().is_empty());
    let due = store.due_timers(t(90), 10).await.unwrap();
    assert_eq!(due.iter().map(|d| (d.kind, d.due_at)).collect::<Vec<_>>(), vec![(TimerKind::CloseResolved, t(40))]);
    let mut tx = store.begin().await.unwrap();
    assert!(tx.claim_timer(due[0].id, t(41)).await.unwrap());
    assert!(!tx.claim_timer(due[0].id, t(42)).await.unwrap());
    tx.commit().await.unwrap();
    assert!(store.due_timers(t(90), 10).await.unwrap().is_empty());
}

/// Two instances handling two messages of one user at once: the second
/// reads the contact only after the first committed, so neither dialogue
/// update is lost.
async fn a_contact_read_in_a_transaction_waits_for_the_other_writer(store: Arc<dyn Store>) {
    let mut setup = store.begin().await.unwrap();
    setup.insert_contact(&contact("ana"), t(0)).await.unwrap();
    setup.commit().await.unwrap();

    let mut first = store.begin().await.unwrap();
    let mut ana = first.contact_by_external(Channel::Telegram, "ana").await.unwrap().unwrap();
    let second = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tx = store.begin().await.unwrap();
            // A user message reads the contact with its update key.
            let found = tx.record_inbound_from(Channel::Telegram, "k2", "ana", t(2)).await.unwrap();
            let mut ana = found.expect("a new key").expect("ana exists");
            let seen = ana.dialogue.clone();
            ana.dialogue = format!("{seen}+second");
            tx.update_contact(&ana, t(2)).await.unwrap();
            tx.commit().await.unwrap();
            seen
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    ana.dialogue = "first".into();
    first.update_contact(&ana, t(1)).await.unwrap();
    first.commit().await.unwrap();
    assert_eq!(second.await.unwrap(), "first", "the second writer saw the first one's update");
    let mut check = store.begin().await.unwrap();
    let ana = check.contact_by_external(Channel::Telegram, "ana").await.unwrap().unwrap();
    assert_eq!(ana.dialogue, "first+second");
}

/// SQLite serves one process, which holds every role itself.
async fn the_only_instance_holds_every_role(store: Arc<dyn Store>) {
    let mut first = store.try_lead("telegram-poller").await.unwrap().unwrap();
    assert!(first.is_held().await);
    assert!(store.try_lead("telegram-poller").await.unwrap().is_some());
}

async fn one_instance_at_a_time_holds_a_role(store: Arc<dyn Store>) {
    let mut leader = store.try_lead("telegram-poller").await.unwrap().expect("the first instance leads");
    assert!(leader.is_held().await);
    assert!(store.try_lead("telegram-poller").await.unwrap().is_none(), "a second instance stands by");
    assert!(store.try_lead("discord-shard-0").await.unwrap().is_some(), "roles are independent");
    drop(leader);
    let mut waited = 0;
    while store.try_lead("telegram-poller").await.unwrap().is_none() {
        waited += 1;
        assert!(waited < 50, "the role was not handed over after the leader left");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn stats_input_reads_the_window_in_one_snapshot_and_gauges_count_tickets(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    let ana = tx.insert_contact(&contact("ana"), t(-200)).await.unwrap();
    let rui = tx.insert_contact(&contact("rui"), t(-200)).await.unwrap();
    tx.start_conversation(ana.id, Lang::Pt, t(-120)).await.unwrap();
    let conversation = tx.start_conversation(ana.id, Lang::Pt, t(10)).await.unwrap();
    tx.end_conversation(conversation, escala::domain::ConversationEnd::Deflected, t(11)).await.unwrap();
    let query = NewLoggedQuery {
        contact: ana.id,
        conversation: Some(conversation),
        text: "sem internet".into(),
        lang: Lang::Pt,
        best_article: Some("wifi".into()),
        confidence: 0.5,
        outcome: escala::domain::QueryOutcome::Answered,
        at: t(10),
    };
    tx.log_query(&query).await.unwrap();
    // A ticket opened before the window and closed inside it.
    let old = tx.insert_ticket(&NewTicket { at: t(-120), ..new_ticket(ana.id) }, "user").await.unwrap();
    let close = TicketEvent::Closed { reason: "done".into() };
    tx.save_ticket(&old.apply(&close, t(5)).unwrap(), old.version, &close, "agent").await.unwrap();
    let new = tx.insert_ticket(&NewTicket { at: t(20), ..new_ticket(rui.id) }, "user").await.unwrap();
    let reply = TicketEvent::AgentReplied { agent: "eva".into() };
    let replied = new.apply(&reply, t(25)).unwrap();
    tx.save_ticket(&replied, new.version, &reply, "eva").await.unwrap();
    tx.commit().await.unwrap();

    let input = store.stats_input(t(0)).await.unwrap();
    assert_eq!(input.conversations.len(), 1, "{:?}", input.conversations);
    let seen = &input.conversations[0];
    assert_eq!((seen.id, seen.channel, seen.lang, seen.started_at), (conversation, Channel::Telegram, Lang::Pt, t(10)));
    assert_eq!(seen.outcome, Some(escala::domain::ConversationEnd::Deflected));
    assert_eq!(input.tickets, vec![replied]);
    let kinds: Vec<_> = input.events.iter().map(|e| (e.ticket, e.kind.as_str(), e.at)).collect();
    assert_eq!(kinds, [(old.id, "closed", t(5)), (new.id, "opened", t(20)), (new.id, "agent_replied", t(25))]);
    let payload: TicketEvent = serde_json::from_value(input.events[2].payload.clone()).unwrap();
    assert_eq!(payload, reply);
    assert_eq!(input.queries.len(), 1);
    assert_eq!(input.queries[0].best_article.as_deref(), Some("wifi"));
    assert!(input.sla_clocks.is_empty());

    let mut gauges = store.gauge_counts().await.unwrap();
    gauges.tickets.sort_by_key(|(level, state, _)| (*level, state.as_str()));
    assert_eq!(gauges.tickets, [(Level::L1, TicketState::Closed, 1), (Level::L1, TicketState::InProgress, 1)]);
    assert!(gauges.sla_breaches.is_empty());
}

/// What a turn writes without reading it back (messages, the query log,
/// article views, outbox rows, the contact) is sent in batches: a read in the same
/// transaction still sees it, ids keep the order it was written in, each
/// view belongs to the question before it, and a broadcast larger than one
/// batch arrives whole.
async fn rows_written_together_keep_their_order_and_their_links(store: Arc<dyn Store>) {
    use escala::domain::{ArticleFate, QueryOutcome};
    use escala::store::{Author, NewArticleView, NewMessage};
    let mut tx = store.begin().await.unwrap();
    let ana = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    let conversation = tx.start_conversation(ana.id, Lang::Pt, t(0)).await.unwrap();
    let question = |text: &str, best: &str, minute| NewLoggedQuery {
        contact: ana.id,
        conversation: Some(conversation),
        text: text.into(),
        lang: Lang::Pt,
        best_article: Some(best.into()),
        confidence: 0.9,
        outcome: QueryOutcome::Answered,
        at: t(minute),
    };
    let view = |article: &str, minute| NewArticleView {
        contact: ana.id,
        conversation: Some(conversation),
        article: article.into(),
        lang: Lang::Pt,
        at: t(minute),
    };
    let said = |author, body: &str, minute| NewMessage {
        conversation: Some(conversation),
        ticket: None,
        author,
        author_name: "ana".into(),
        body: body.into(),
        at: t(minute),
    };
    tx.append_message(&said(Author::User, "sem wifi", 1)).await.unwrap();
    tx.log_query(&question("sem wifi", "wifi", 1)).await.unwrap();
    tx.append_message(&said(Author::Bot, "[article wifi]", 1)).await.unwrap();
    tx.record_article_view(&view("wifi", 1)).await.unwrap();
    tx.enqueue(&user_message("A", "a1"), t(1)).await.unwrap();
    tx.update_contact(&escala::store::Contact { dialogue: "first".into(), ..ana.clone() }, t(1)).await.unwrap();
    assert_eq!(tx.contact(ana.id).await.unwrap().unwrap().dialogue, "first", "a read sees the saved contact");
    let read = tx.conversation_messages(conversation).await.unwrap();
    let bodies: Vec<_> = read.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["sem wifi", "[article wifi]"], "a read sees the writes before it, in order");
    assert!(tx.decide_article(conversation, ArticleFate::NotSolved, t(2)).await.unwrap());
    tx.log_query(&question("router piscando", "router", 3)).await.unwrap();
    tx.record_article_view(&view("router", 3)).await.unwrap();
    tx.enqueue(&user_message("A", "a2"), t(3)).await.unwrap();
    for n in 0..70 {
        tx.enqueue(&user_message(&format!("B{n}"), &format!("b{n}")), t(3)).await.unwrap();
    }
    tx.update_contact(&escala::store::Contact { dialogue: "last".into(), ..ana.clone() }, t(3)).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.contact(ana.id).await.unwrap().unwrap().dialogue, "last", "the last save of the contact stands");
    assert!(tx.decide_article(conversation, ArticleFate::Solved, t(4)).await.unwrap());
    tx.commit().await.unwrap();

    let logged = store.logged_queries(t(0)).await.unwrap();
    let fates: Vec<_> = logged.iter().map(|q| (q.text.as_str(), q.fate)).collect();
    assert_eq!(
        fates,
        [("sem wifi", Some(ArticleFate::NotSolved)), ("router piscando", Some(ArticleFate::Solved))],
        "each view belongs to the question it answered"
    );
    let due = store.due_outbox(Channel::Telegram, t(3), 100).await.unwrap();
    let texts: Vec<_> = due.iter().map(|r| r.message.text.clone()).collect();
    let expected: Vec<String> = std::iter::once("a1".to_string()).chain((0..70).map(|n| format!("b{n}"))).collect();
    assert_eq!(texts, expected, "every row arrived, in the order written; a2 waits behind a1");
    assert_eq!(store.outbox_depth().await.unwrap(), 72);
}

/// A user message's update key and its sender's contact are read in one
/// trip: a new sender, a known one with and without an open ticket, and a
/// repeated key.
async fn an_update_key_is_recorded_with_its_senders_contact(store: Arc<dyn Store>) {
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.record_inbound_from(Channel::Telegram, "1", "ana", t(0)).await.unwrap(), Some(None), "a new sender");
    let ana = tx.insert_contact(&contact("ana"), t(0)).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.record_inbound_from(Channel::Telegram, "1", "ana", t(1)).await.unwrap(), None, "a repeat");
    assert_eq!(tx.record_inbound_from(Channel::Telegram, "2", "ana", t(1)).await.unwrap(), Some(Some(ana.clone())));
    assert_eq!(tx.open_ticket_for(ana.id).await.unwrap(), None);
    let ticket = tx.insert_ticket(&new_ticket(ana.id), "user").await.unwrap();
    assert_eq!(tx.open_ticket_for(ana.id).await.unwrap().map(|t| t.id), Some(ticket.id), "a ticket opened since");
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.record_inbound_from(Channel::Telegram, "3", "ana", t(2)).await.unwrap(), Some(Some(ana.clone())));
    assert_eq!(tx.open_ticket_for(ana.id).await.unwrap().map(|t| t.id), Some(ticket.id));
    assert!(!tx.record_inbound(Channel::Telegram, "3", t(2)).await.unwrap(), "the key was recorded");
}

macro_rules! store_suite {
    ($backend:ident: $($case:ident),* $(,)?) => {
        mod $backend {
            $(
                #[tokio::test]
                async fn $case() {
                    let (store, _guard) = super::$backend().await;
                    super::$case(store).await;
                }
            )*
        }
    };
}

store_suite!(sqlite:
    an_inbound_key_is_accepted_once,
    a_rolled_back_transaction_leaves_nothing,
    the_database_allows_one_open_ticket_per_contact,
    a_stale_ticket_version_is_a_conflict,
    a_ticket_round_trips_with_its_history,
    the_outbox_delivers_in_order_per_destination_and_holds_back_after_a_failure,
    a_staff_thread_maps_both_ways,
    catch_up_points_start_from_the_last_stored_message,
    the_audit_log_is_read_back_by_window_and_actor,
    a_users_export_holds_exactly_their_data,
    sla_clocks_and_timers_fire_once,
    incident_revisions_subscriptions_and_links_are_recorded_once,
    a_contact_read_in_a_transaction_waits_for_the_other_writer,
    the_only_instance_holds_every_role,
    stats_input_reads_the_window_in_one_snapshot_and_gauges_count_tickets,
    rows_written_together_keep_their_order_and_their_links,
    an_update_key_is_recorded_with_its_senders_contact,
);

store_suite!(postgres:
    an_inbound_key_is_accepted_once,
    a_rolled_back_transaction_leaves_nothing,
    the_database_allows_one_open_ticket_per_contact,
    a_stale_ticket_version_is_a_conflict,
    a_ticket_round_trips_with_its_history,
    the_outbox_delivers_in_order_per_destination_and_holds_back_after_a_failure,
    a_staff_thread_maps_both_ways,
    catch_up_points_start_from_the_last_stored_message,
    the_audit_log_is_read_back_by_window_and_actor,
    a_users_export_holds_exactly_their_data,
    sla_clocks_and_timers_fire_once,
    incident_revisions_subscriptions_and_links_are_recorded_once,
    a_contact_read_in_a_transaction_waits_for_the_other_writer,
    one_instance_at_a_time_holds_a_role,
    stats_input_reads_the_window_in_one_snapshot_and_gauges_count_tickets,
    rows_written_together_keep_their_order_and_their_links,
    an_update_key_is_recorded_with_its_senders_contact,
);

/// Deployments in separate schemas of one PostgreSQL database do not share
/// roles: each has its own Telegram poller.
#[tokio::test]
async fn postgres_roles_are_per_schema() {
    let (production, _production_schema) = postgres().await;
    let (staging, _staging_schema) = postgres().await;
    let held = production.try_lead("telegram").await.unwrap();
    assert!(held.is_some());
    assert!(staging.try_lead("telegram").await.unwrap().is_some(), "another schema's instance leads too");
    assert!(production.try_lead("telegram").await.unwrap().is_none(), "but not a second one in the same schema");
}

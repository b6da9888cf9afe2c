//! The rows a transaction writes and never reads back in it (messages, the
//! KB query log, article views, outbox rows, the contact's new state), held
//! until its next read or its commit and sent then in one round trip. A KB
//! answer's turn wrote them with five statements, each a trip to the
//! database and back, which was most of the turn's time (see the README's
//! *Performance*).
//!
//! SQLite receives them as a list of statements in one call; PostgreSQL as
//! one statement whose `WITH` clauses are the writes, because its protocol
//! prepares one statement at a time. Inside such a statement no insert sees
//! another's rows, so an article view finds the query inserted beside it
//! through that insert's `RETURNING`, and each table gets a single insert
//! (rows in the order they were written, so ids keep the order).

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;

use super::{ts, DbConn, BATCH_AS_CTE};
use crate::domain::Outbound;
use crate::store::{Contact, NewArticleView, NewLoggedQuery, NewMessage, StoreError, StoreResult};

/// Most rows sent in one batch: a broadcast to many users goes in several,
/// which keeps each statement and its parameters small (PostgreSQL takes
/// at most 65 535 parameters).
const MAX_ROWS: usize = 64;

/// Batches of up to this many rows keep their prepared statement; larger
/// ones are rare shapes that would only crowd the statement cache.
const CACHED_ROWS: usize = 8;

struct OutboxRow {
    channel: &'static str,
    destination: String,
    payload: Box<RawValue>,
    at: DateTime<Utc>,
}

#[derive(Default)]
pub(super) struct Pending {
    /// The contact as it is to be saved (a later save replaces it: the row
    /// is written whole) and when.
    contact: Option<(Contact, DateTime<Utc>)>,
    messages: Vec<NewMessage>,
    /// At most one: a view belongs to the latest query of its conversation,
    /// which a second query in the same batch would make ambiguous.
    query: Option<NewLoggedQuery>,
    views: Vec<NewArticleView>,
    outbox: Vec<OutboxRow>,
}

impl Pending {
    fn len(&self) -> usize {
        usize::from(self.contact.is_some())
            + self.messages.len()
            + usize::from(self.query.is_some())
            + self.views.len()
            + self.outbox.len()
    }

    /// Whether the rows held must be sent before another is held.
    pub(super) fn full(&self) -> bool {
        self.len() >= MAX_ROWS
    }

    /// Whether a query can join: not beside another one, nor after a view
    /// (which belongs to the query before it, sent first).
    pub(super) fn takes_query(&self) -> bool {
        self.query.is_none() && self.views.is_empty() && !self.full()
    }

    pub(super) fn contact(&mut self, contact: &Contact, now: DateTime<Utc>) {
        self.contact = Some((contact.clone(), now));
    }

    pub(super) fn message(&mut self, message: &NewMessage) {
        self.messages.push(message.clone());
    }

    pub(super) fn query(&mut self, query: &NewLoggedQuery) {
        self.query = Some(query.clone());
    }

    pub(super) fn view(&mut self, view: &NewArticleView) {
        self.views.push(view.clone());
    }

    pub(super) fn outbox(&mut self, message: &Outbound, now: DateTime<Utc>) -> StoreResult<()> {
        let payload = serde_json::value::to_raw_value(message)
            .map_err(|e| StoreError::Corrupt { table: "outbox", detail: e.to_string() })?;
        self.outbox.push(OutboxRow {
            channel: message.channel.as_str(),
            destination: message.destination.key(),
            payload,
            at: now,
        });
        Ok(())
    }

    /// Sends what is held on `conn` (nothing if nothing is); what was held
    /// is gone afterwards either way, since a failed batch fails its
    /// transaction.
    pub(super) async fn send(&mut self, conn: &mut DbConn) -> StoreResult<()> {
        let rows = std::mem::take(self);
        if rows.len() == 0 {
            return Ok(());
        }
        let sql = rows.sql();
        let mut query = sqlx::query(&sql).persistent(rows.len() <= CACHED_ROWS);
        if let Some((c, at)) = &rows.contact {
            query = query
                .bind(&c.chat_id)
                .bind(&c.display_name)
                .bind(c.lang.map(|l| l.code()))
                .bind(&c.dialogue)
                .bind(c.blocked)
                .bind(ts(*at))
                .bind(c.id.0);
        }
        for m in &rows.messages {
            query = query
                .bind(m.conversation.map(|c| c.0))
                .bind(m.ticket.map(|t| t.0))
                .bind(m.author.as_str())
                .bind(&m.author_name)
                .bind(&m.body)
                .bind(ts(m.at));
        }
        if let Some(q) = &rows.query {
            query = query
                .bind(q.contact.0)
                .bind(q.conversation.map(|c| c.0))
                .bind(&q.text)
                .bind(q.lang.code())
                .bind(&q.best_article)
                .bind(f64::from(q.confidence))
                .bind(q.outcome.as_str())
                .bind(ts(q.at));
        }
        for v in &rows.views {
            query = query
                .bind(v.conversation.map(|c| c.0))
                .bind(v.contact.0)
                .bind(&v.article)
                .bind(v.lang.code())
                .bind(ts(v.at));
        }
        for o in &rows.outbox {
            query = query.bind(o.channel).bind(&o.destination).bind(sqlx::types::Json(&o.payload)).bind(ts(o.at));
        }
        query.execute(&mut *conn).await?;
        Ok(())
    }

    /// The batch's SQL: one statement per table that has rows, its placeholders
    /// numbered in the order `send` binds the values.
    fn sql(&self) -> String {
        let mut next = 0usize;
        let mut take = |n: usize| -> Vec<String> {
            let first = next + 1;
            next += n;
            (first..=next).map(|i| format!("${i}")).collect()
        };
        let mut statements: Vec<(&str, String)> = Vec::new();
        if self.contact.is_some() {
            let p = take(7);
            statements.push((
                "saved",
                format!(
                    "UPDATE contacts SET chat_id = {}, display_name = {}, lang = {}, dialogue = {}, blocked = {}, \
                     updated_at = {} WHERE id = {}",
                    p[0], p[1], p[2], p[3], p[4], p[5], p[6]
                ),
            ));
        }
        if !self.messages.is_empty() {
            let rows: Vec<String> = self.messages.iter().map(|_| format!("({})", take(6).join(", "))).collect();
            statements.push((
                "written",
                format!(
                    "INSERT INTO messages (conversation_id, ticket_id, author, author_name, body, created_at) VALUES {}",
                    rows.join(", ")
                ),
            ));
        }
        if self.query.is_some() {
            let returning = if BATCH_AS_CTE { " RETURNING id, conversation_id" } else { "" };
            statements.push((
                "logged",
                format!(
                    "INSERT INTO kb_queries (contact_id, conversation_id, text, lang, best_article, confidence, \
                     outcome, created_at) VALUES ({}){returning}",
                    take(8).join(", ")
                ),
            ));
        }
        if !self.views.is_empty() {
            let rows: Vec<String> = self
                .views
                .iter()
                .map(|_| {
                    let p = take(5);
                    let latest = format!("(SELECT MAX(id) FROM kb_queries WHERE conversation_id = {})", p[0]);
                    let query_id = if BATCH_AS_CTE && self.query.is_some() {
                        format!("COALESCE((SELECT id FROM logged WHERE conversation_id = {}), {latest})", p[0])
                    } else {
                        latest
                    };
                    format!("({query_id}, {})", p.join(", "))
                })
                .collect();
            statements.push((
                "viewed",
                format!(
                    "INSERT INTO article_views (query_id, conversation_id, contact_id, article_id, lang, shown_at) \
                     VALUES {}",
                    rows.join(", ")
                ),
            ));
        }
        if !self.outbox.is_empty() {
            let rows: Vec<String> = self
                .outbox
                .iter()
                .map(|_| {
                    let p = take(4);
                    format!("({}, {}, {}, {}, {})", p[0], p[1], p[2], p[3], p[3])
                })
                .collect();
            statements.push((
                "queued",
                format!(
                    "INSERT INTO outbox (channel, destination, payload, created_at, due_at) VALUES {}",
                    rows.join(", ")
                ),
            ));
        }
        if !BATCH_AS_CTE {
            return statements.into_iter().map(|(_, sql)| sql).collect::<Vec<_>>().join(";\n");
        }
        let Some((_, last)) = statements.pop() else { return String::new() };
        if statements.is_empty() {
            return last;
        }
        let with: Vec<String> = statements.iter().map(|(name, sql)| format!("{name} AS ({sql})")).collect();
        format!("WITH {} {last}", with.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContactId, ConversationId, Lang, QueryOutcome};
    use crate::store::Author;

    fn message() -> NewMessage {
        NewMessage {
            conversation: Some(ConversationId(1)),
            ticket: None,
            author: Author::User,
            author_name: "Ana".into(),
            body: "hi".into(),
            at: Utc::now(),
        }
    }

    fn query() -> NewLoggedQuery {
        NewLoggedQuery {
            contact: ContactId(1),
            conversation: Some(ConversationId(1)),
            text: "hi".into(),
            lang: Lang::En,
            best_article: None,
            confidence: 0.0,
            outcome: QueryOutcome::Missed,
            at: Utc::now(),
        }
    }

    #[test]
    fn placeholders_are_numbered_once_across_the_tables() {
        let mut pending = Pending::default();
        pending.message(&message());
        pending.message(&message());
        pending.query(&query());
        let sql = pending.sql();
        assert!(sql.contains("$12)") && sql.contains("($13, "), "{sql}");
        assert!(sql.contains("$20)") && !sql.contains("$21"), "{sql}");
    }

    #[test]
    fn a_query_waits_for_the_views_before_it() {
        let mut pending = Pending::default();
        assert!(pending.takes_query());
        pending.query(&query());
        assert!(!pending.takes_query(), "two queries would make a view's query ambiguous");
        let mut pending = Pending::default();
        pending.view(&NewArticleView {
            contact: ContactId(1),
            conversation: Some(ConversationId(1)),
            article: "a".into(),
            lang: Lang::En,
            at: Utc::now(),
        });
        assert!(!pending.takes_query(), "the view belongs to the query before it");
    }
}

//! `StoreTx` for this backend: every statement of one state change runs on
//! the transaction's connection; the concern files hold the SQL. Rows
//! nothing reads back in the transaction wait in `batch::Pending` and go
//! with the next statement that may read, or with the commit.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{assignment, callbacks, clocks, contacts, conversations, incidents, relays, tags, tickets, DbConn, SqlTx};
use crate::domain::callback::Callback;
use crate::domain::sla::{SlaClock, TimerKind};
use crate::domain::{
    ArticleFate, Channel, ContactId, ConversationEnd, ConversationId, Lang, Level, Outbound, Ticket, TicketEvent,
    TicketId,
};
use crate::store::{
    Contact, EventRow, ForgetReport, MessageRow, NewArticleView, NewAudit, NewContact, NewLoggedQuery, NewMessage,
    NewTicket, RelayKind, Relayed, SlaAlert, StoreResult, StoreTx,
};

impl SqlTx {
    /// The transaction's connection for a statement that may read: the
    /// rows held back are sent first, so it sees every write before it.
    async fn conn(&mut self) -> StoreResult<&mut DbConn> {
        self.pending.send(&mut self.tx).await?;
        Ok(&mut self.tx)
    }

    /// Makes room for one more held-back row.
    async fn room(&mut self) -> StoreResult<()> {
        if self.pending.full() {
            self.pending.send(&mut self.tx).await?;
        }
        Ok(())
    }
}

#[async_trait]
impl StoreTx for SqlTx {
    async fn record_inbound(&mut self, channel: Channel, key: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        contacts::record_inbound(self.conn().await?, channel, key, now).await
    }

    async fn contact_by_external(&mut self, channel: Channel, external_id: &str) -> StoreResult<Option<Contact>> {
        let found = contacts::by_external(self.conn().await?, channel, external_id).await?;
        self.open_ticket_seen = found.as_ref().map(|(contact, open)| (contact.id, *open));
        Ok(found.map(|(contact, _)| contact))
    }

    async fn record_inbound_from(
        &mut self,
        channel: Channel,
        key: &str,
        external_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Option<Contact>>> {
        let Some(found) = contacts::record_inbound_from(self.conn().await?, channel, key, external_id, now).await?
        else {
            return Ok(None);
        };
        self.open_ticket_seen = found.as_ref().map(|(contact, open)| (contact.id, *open));
        Ok(Some(found.map(|(contact, _)| contact)))
    }

    async fn contact(&mut self, id: ContactId) -> StoreResult<Option<Contact>> {
        contacts::by_id(self.conn().await?, id).await
    }

    async fn insert_contact(&mut self, new: &NewContact, now: DateTime<Utc>) -> StoreResult<Contact> {
        contacts::insert(self.conn().await?, new, now).await
    }

    async fn update_contact(&mut self, contact: &Contact, now: DateTime<Utc>) -> StoreResult<()> {
        self.room().await?;
        self.pending.contact(contact, now);
        Ok(())
    }

    async fn start_conversation(
        &mut self,
        contact: ContactId,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> StoreResult<ConversationId> {
        conversations::start(self.conn().await?, contact, lang, now).await
    }

    async fn end_conversation(
        &mut self,
        id: ConversationId,
        end: ConversationEnd,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        conversations::end(self.conn().await?, id, end, now).await
    }

    async fn append_message(&mut self, message: &NewMessage) -> StoreResult<()> {
        self.room().await?;
        self.pending.message(message);
        Ok(())
    }

    async fn conversation_messages(&mut self, id: ConversationId) -> StoreResult<Vec<MessageRow>> {
        conversations::messages(self.conn().await?, id).await
    }

    async fn open_ticket_for(&mut self, contact: ContactId) -> StoreResult<Option<Ticket>> {
        if self.open_ticket_seen == Some((contact, None)) {
            return Ok(None);
        }
        tickets::open_for(self.conn().await?, contact).await
    }

    async fn tickets_of(&mut self, contact: ContactId, limit: i64) -> StoreResult<Vec<Ticket>> {
        tickets::of_contact(self.conn().await?, contact, limit).await
    }

    async fn ticket(&mut self, id: TicketId) -> StoreResult<Option<Ticket>> {
        tickets::by_id(self.conn().await?, id).await
    }

    async fn record_relay(
        &mut self,
        source: &str,
        ticket: TicketId,
        kind: RelayKind,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        relays::record(self.conn().await?, source, ticket, kind, now).await
    }

    async fn forget_contact(&mut self, contact: &Contact, now: DateTime<Utc>) -> StoreResult<ForgetReport> {
        super::forget::forget(self.conn().await?, contact, now).await
    }

    async fn record_audit(&mut self, audit: &NewAudit) -> StoreResult<()> {
        super::audit::record(self.conn().await?, audit).await
    }

    async fn ticket_messages(&mut self, id: TicketId) -> StoreResult<Vec<MessageRow>> {
        tickets::messages(self.conn().await?, id).await
    }

    async fn relayed(&mut self, source: &str) -> StoreResult<Option<Relayed>> {
        relays::of(self.conn().await?, source).await
    }

    async fn insert_ticket(&mut self, new: &NewTicket, actor: &str) -> StoreResult<Ticket> {
        self.open_ticket_seen = None;
        tickets::insert(self.conn().await?, new, actor).await
    }

    async fn save_ticket(
        &mut self,
        ticket: &Ticket,
        previous_version: i64,
        event: &TicketEvent,
        actor: &str,
    ) -> StoreResult<()> {
        self.open_ticket_seen = None;
        tickets::save(self.conn().await?, ticket, previous_version, event, actor).await
    }

    async fn record_event(
        &mut self,
        ticket: TicketId,
        event: &TicketEvent,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        tickets::record_event(self.conn().await?, ticket, event, actor, now).await
    }

    async fn enqueue(&mut self, message: &Outbound, now: DateTime<Utc>) -> StoreResult<()> {
        self.room().await?;
        self.pending.outbox(message, now)
    }

    async fn log_query(&mut self, query: &NewLoggedQuery) -> StoreResult<()> {
        if !self.pending.takes_query() {
            self.pending.send(&mut self.tx).await?;
        }
        self.pending.query(query);
        Ok(())
    }

    async fn record_article_view(&mut self, view: &NewArticleView) -> StoreResult<()> {
        self.room().await?;
        self.pending.view(view);
        Ok(())
    }

    async fn decide_article(
        &mut self,
        conversation: ConversationId,
        fate: ArticleFate,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        conversations::decide(self.conn().await?, conversation, fate, now).await
    }

    async fn sla_clocks(&mut self, ticket: TicketId) -> StoreResult<Vec<SlaClock>> {
        clocks::of_ticket(self.conn().await?, ticket).await
    }

    async fn save_sla_clock(&mut self, clock: &SlaClock) -> StoreResult<()> {
        clocks::save(self.conn().await?, clock).await
    }

    async fn mark_sla_alert(&mut self, clock: i64, alert: SlaAlert, now: DateTime<Utc>) -> StoreResult<bool> {
        clocks::mark_alert(self.conn().await?, clock, alert, now).await
    }

    async fn replace_timers(
        &mut self,
        ticket: TicketId,
        timers: &[(TimerKind, DateTime<Utc>)],
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        clocks::replace_timers(self.conn().await?, ticket, timers).await
    }

    async fn claim_timer(&mut self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        clocks::claim_timer(self.conn().await?, id, now).await
    }

    async fn schedule_timer(&mut self, ticket: TicketId, kind: TimerKind, due: DateTime<Utc>) -> StoreResult<()> {
        clocks::schedule_timer(self.conn().await?, ticket, kind, due).await
    }

    async fn save_callback(&mut self, callback: &Callback) -> StoreResult<i64> {
        callbacks::save(self.conn().await?, callback).await
    }

    async fn set_away(&mut self, agent: &str, away: bool, now: DateTime<Utc>) -> StoreResult<bool> {
        assignment::set_away(self.conn().await?, agent, away, now).await
    }

    async fn away_agents(&mut self) -> StoreResult<Vec<String>> {
        assignment::away(self.conn().await?).await
    }

    async fn assignment_cursor(&mut self, level: Level) -> StoreResult<Option<String>> {
        assignment::cursor(self.conn().await?, level).await
    }

    async fn set_assignment_cursor(&mut self, level: Level, agent: &str) -> StoreResult<()> {
        assignment::set_cursor(self.conn().await?, level, agent).await
    }

    async fn agent_load(&mut self) -> StoreResult<Vec<(String, i64)>> {
        assignment::load(self.conn().await?).await
    }

    async fn add_tag(&mut self, ticket: TicketId, tag: &str) -> StoreResult<bool> {
        tags::add(self.conn().await?, ticket, tag).await
    }

    async fn remove_tag(&mut self, ticket: TicketId, tag: &str) -> StoreResult<bool> {
        tags::remove(self.conn().await?, ticket, tag).await
    }

    async fn tags(&mut self, ticket: TicketId) -> StoreResult<Vec<String>> {
        tags::of_ticket(self.conn().await?, ticket).await
    }

    async fn erase_callback_phones(&mut self, ticket: TicketId) -> StoreResult<()> {
        callbacks::erase_phones(self.conn().await?, ticket).await
    }

    async fn last_callback(&mut self, ticket: TicketId) -> StoreResult<Option<Callback>> {
        callbacks::last(self.conn().await?, ticket).await
    }

    async fn last_event(&mut self, ticket: TicketId, kinds: &[&str]) -> StoreResult<Option<EventRow>> {
        tickets::last_event(self.conn().await?, ticket, kinds).await
    }

    async fn record_incident_revision(
        &mut self,
        incident: &str,
        revision: &str,
        status: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        incidents::record_revision(self.conn().await?, incident, revision, status, now).await
    }

    async fn subscribe_incident(
        &mut self,
        incident: &str,
        contact: ContactId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        incidents::subscribe(self.conn().await?, incident, contact, now).await
    }

    async fn incident_subscribers(&mut self, incident: &str) -> StoreResult<Vec<ContactId>> {
        incidents::subscribers(self.conn().await?, incident).await
    }

    async fn link_incident_ticket(
        &mut self,
        incident: &str,
        ticket: TicketId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        incidents::link_ticket(self.conn().await?, incident, ticket, now).await
    }

    async fn incident_tickets(&mut self, incident: &str) -> StoreResult<Vec<TicketId>> {
        incidents::tickets(self.conn().await?, incident).await
    }

    async fn commit(mut self: Box<Self>) -> StoreResult<()> {
        self.pending.send(&mut self.tx).await?;
        self.tx.commit().await?;
        Ok(())
    }
}

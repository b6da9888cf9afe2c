//! `StoreTx` for this backend: every statement of one state change runs on
//! the transaction's connection; the concern files hold the SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{assignment, callbacks, clocks, contacts, conversations, incidents, outbox, relays, tags, tickets, SqlTx};
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

#[async_trait]
impl StoreTx for SqlTx {
    async fn record_inbound(&mut self, channel: Channel, key: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        contacts::record_inbound(&mut self.tx, channel, key, now).await
    }

    async fn contact_by_external(&mut self, channel: Channel, external_id: &str) -> StoreResult<Option<Contact>> {
        contacts::by_external(&mut self.tx, channel, external_id).await
    }

    async fn contact(&mut self, id: ContactId) -> StoreResult<Option<Contact>> {
        contacts::by_id(&mut self.tx, id).await
    }

    async fn insert_contact(&mut self, new: &NewContact, now: DateTime<Utc>) -> StoreResult<Contact> {
        contacts::insert(&mut self.tx, new, now).await
    }

    async fn update_contact(&mut self, contact: &Contact, now: DateTime<Utc>) -> StoreResult<()> {
        contacts::update(&mut self.tx, contact, now).await
    }

    async fn start_conversation(
        &mut self,
        contact: ContactId,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> StoreResult<ConversationId> {
        conversations::start(&mut self.tx, contact, lang, now).await
    }

    async fn end_conversation(
        &mut self,
        id: ConversationId,
        end: ConversationEnd,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        conversations::end(&mut self.tx, id, end, now).await
    }

    async fn append_message(&mut self, message: &NewMessage) -> StoreResult<()> {
        conversations::append_message(&mut self.tx, message).await
    }

    async fn conversation_messages(&mut self, id: ConversationId) -> StoreResult<Vec<MessageRow>> {
        conversations::messages(&mut self.tx, id).await
    }

    async fn open_ticket_for(&mut self, contact: ContactId) -> StoreResult<Option<Ticket>> {
        tickets::open_for(&mut self.tx, contact).await
    }

    async fn tickets_of(&mut self, contact: ContactId, limit: i64) -> StoreResult<Vec<Ticket>> {
        tickets::of_contact(&mut self.tx, contact, limit).await
    }

    async fn ticket(&mut self, id: TicketId) -> StoreResult<Option<Ticket>> {
        tickets::by_id(&mut self.tx, id).await
    }

    async fn record_relay(
        &mut self,
        source: &str,
        ticket: TicketId,
        kind: RelayKind,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        relays::record(&mut self.tx, source, ticket, kind, now).await
    }

    async fn forget_contact(&mut self, contact: &Contact, now: DateTime<Utc>) -> StoreResult<ForgetReport> {
        super::forget::forget(&mut self.tx, contact, now).await
    }

    async fn record_audit(&mut self, audit: &NewAudit) -> StoreResult<()> {
        super::audit::record(&mut self.tx, audit).await
    }

    async fn ticket_messages(&mut self, id: TicketId) -> StoreResult<Vec<MessageRow>> {
        tickets::messages(&mut self.tx, id).await
    }

    async fn relayed(&mut self, source: &str) -> StoreResult<Option<Relayed>> {
        relays::of(&mut self.tx, source).await
    }

    async fn insert_ticket(&mut self, new: &NewTicket, actor: &str) -> StoreResult<Ticket> {
        tickets::insert(&mut self.tx, new, actor).await
    }

    async fn save_ticket(
        &mut self,
        ticket: &Ticket,
        previous_version: i64,
        event: &TicketEvent,
        actor: &str,
    ) -> StoreResult<()> {
        tickets::save(&mut self.tx, ticket, previous_version, event, actor).await
    }

    async fn record_event(
        &mut self,
        ticket: TicketId,
        event: &TicketEvent,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        tickets::record_event(&mut self.tx, ticket, event, actor, now).await
    }

    async fn enqueue(&mut self, message: &Outbound, now: DateTime<Utc>) -> StoreResult<()> {
        outbox::enqueue(&mut self.tx, message, now).await
    }

    async fn log_query(&mut self, query: &NewLoggedQuery) -> StoreResult<()> {
        conversations::log_query(&mut self.tx, query).await
    }

    async fn record_article_view(&mut self, view: &NewArticleView) -> StoreResult<()> {
        conversations::record_view(&mut self.tx, view).await
    }

    async fn decide_article(
        &mut self,
        conversation: ConversationId,
        fate: ArticleFate,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        conversations::decide(&mut self.tx, conversation, fate, now).await
    }

    async fn sla_clocks(&mut self, ticket: TicketId) -> StoreResult<Vec<SlaClock>> {
        clocks::of_ticket(&mut self.tx, ticket).await
    }

    async fn save_sla_clock(&mut self, clock: &SlaClock) -> StoreResult<()> {
        clocks::save(&mut self.tx, clock).await
    }

    async fn mark_sla_alert(&mut self, clock: i64, alert: SlaAlert, now: DateTime<Utc>) -> StoreResult<bool> {
        clocks::mark_alert(&mut self.tx, clock, alert, now).await
    }

    async fn replace_timers(
        &mut self,
        ticket: TicketId,
        timers: &[(TimerKind, DateTime<Utc>)],
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        clocks::replace_timers(&mut self.tx, ticket, timers).await
    }

    async fn claim_timer(&mut self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        clocks::claim_timer(&mut self.tx, id, now).await
    }

    async fn schedule_timer(&mut self, ticket: TicketId, kind: TimerKind, due: DateTime<Utc>) -> StoreResult<()> {
        clocks::schedule_timer(&mut self.tx, ticket, kind, due).await
    }

    async fn save_callback(&mut self, callback: &Callback) -> StoreResult<i64> {
        callbacks::save(&mut self.tx, callback).await
    }

    async fn set_away(&mut self, agent: &str, away: bool, now: DateTime<Utc>) -> StoreResult<bool> {
        assignment::set_away(&mut self.tx, agent, away, now).await
    }

    async fn away_agents(&mut self) -> StoreResult<Vec<String>> {
        assignment::away(&mut self.tx).await
    }

    async fn assignment_cursor(&mut self, level: Level) -> StoreResult<Option<String>> {
        assignment::cursor(&mut self.tx, level).await
    }

    async fn set_assignment_cursor(&mut self, level: Level, agent: &str) -> StoreResult<()> {
        assignment::set_cursor(&mut self.tx, level, agent).await
    }

    async fn agent_load(&mut self) -> StoreResult<Vec<(String, i64)>> {
        assignment::load(&mut self.tx).await
    }

    async fn add_tag(&mut self, ticket: TicketId, tag: &str) -> StoreResult<bool> {
        tags::add(&mut self.tx, ticket, tag).await
    }

    async fn remove_tag(&mut self, ticket: TicketId, tag: &str) -> StoreResult<bool> {
        tags::remove(&mut self.tx, ticket, tag).await
    }

    async fn tags(&mut self, ticket: TicketId) -> StoreResult<Vec<String>> {
        tags::of_ticket(&mut *self.tx, ticket).await
    }

    async fn erase_callback_phones(&mut self, ticket: TicketId) -> StoreResult<()> {
        callbacks::erase_phones(&mut self.tx, ticket).await
    }

    async fn last_callback(&mut self, ticket: TicketId) -> StoreResult<Option<Callback>> {
        callbacks::last(&mut self.tx, ticket).await
    }

    async fn last_event(&mut self, ticket: TicketId, kinds: &[&str]) -> StoreResult<Option<EventRow>> {
        tickets::last_event(&mut self.tx, ticket, kinds).await
    }

    async fn record_incident_revision(
        &mut self,
        incident: &str,
        revision: &str,
        status: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        incidents::record_revision(&mut self.tx, incident, revision, status, now).await
    }

    async fn subscribe_incident(
        &mut self,
        incident: &str,
        contact: ContactId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        incidents::subscribe(&mut self.tx, incident, contact, now).await
    }

    async fn incident_subscribers(&mut self, incident: &str) -> StoreResult<Vec<ContactId>> {
        incidents::subscribers(&mut self.tx, incident).await
    }

    async fn link_incident_ticket(
        &mut self,
        incident: &str,
        ticket: TicketId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        incidents::link_ticket(&mut self.tx, incident, ticket, now).await
    }

    async fn incident_tickets(&mut self, incident: &str) -> StoreResult<Vec<TicketId>> {
        incidents::tickets(&mut self.tx, incident).await
    }

    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

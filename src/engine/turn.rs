//! One engine step: the open transaction, the clock reading and the messages
//! the step will send. `finish` writes the messages to the outbox and commits,
//! so a state change and what it tells people land together or not at all.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::domain::sla::{self, SlaClock, SlaPolicy};
use crate::domain::{
    Attachment, Channel, Choice, CopyOp, Destination, Lang, Outbound, TextFormat, ThreadOp, Ticket, TicketEvent,
    TicketId,
};
use crate::store::{Contact, RelayCopy, RelayKind, StoreResult, StoreTx};

use super::i18n::t;

pub(crate) struct Turn {
    pub tx: Box<dyn StoreTx>,
    pub now: DateTime<Utc>,
    pub staff_channel: Channel,
    pub sla: Arc<SlaPolicy>,
    /// The ticket this step is about, stamped on its messages to the user
    /// so a failed delivery is told in the ticket's staff space.
    about: Option<TicketId>,
    /// The platform reference of the message this step handles, stamped on
    /// the copies it relays so later edits and deletions reach them.
    source: Option<String>,
    out: Vec<Outbound>,
    outbox_signal: Arc<tokio::sync::Notify>,
}

impl Turn {
    pub fn new(
        tx: Box<dyn StoreTx>,
        now: DateTime<Utc>,
        staff_channel: Channel,
        sla: Arc<SlaPolicy>,
        outbox_signal: Arc<tokio::sync::Notify>,
    ) -> Turn {
        Turn { tx, now, staff_channel, sla, about: None, source: None, out: Vec::new(), outbox_signal }
    }

    /// The message this step handles, as the platform names it.
    pub fn handling_source(&mut self, source: Option<String>) {
        self.source = source;
    }

    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Records the handled message as relayed (or, for a note, kept) for
    /// `ticket`, so an edit or deletion of it is treated as what it was.
    pub async fn record_relay(&mut self, ticket: TicketId, kind: RelayKind) -> StoreResult<()> {
        if let Some(source) = self.source.clone() {
            self.tx.record_relay(&source, ticket, kind, self.now).await?;
        }
        Ok(())
    }

    /// Changes (or removes) the copies of a relayed message, one message
    /// per place they are in; `text` is the new text (or the notice posted
    /// where a copy cannot be removed).
    pub fn change_copies(&mut self, copies: &[RelayCopy], edit: bool, text: String, ticket: TicketId) {
        let mut places: Vec<(Channel, Destination, Vec<String>)> = Vec::new();
        for copy in copies {
            match places.iter_mut().find(|(c, d, _)| *c == copy.channel && *d == copy.destination) {
                Some((_, _, refs)) => refs.push(copy.copy_ref.clone()),
                None => places.push((copy.channel, copy.destination.clone(), vec![copy.copy_ref.clone()])),
            }
        }
        for (channel, destination, refs) in places {
            let op = if edit { CopyOp::Edit { refs } } else { CopyOp::Delete { refs } };
            self.out.push(Outbound {
                channel,
                destination,
                text: text.clone(),
                format: TextFormat::Plain,
                choices: Vec::new(),
                thread: None,
                attachment: None,
                ticket: Some(ticket),
                relay: edit,
                source: None,
                copies: Some(op),
            });
        }
    }

    /// From now on this step's messages to the user are about `ticket`.
    pub fn about(&mut self, ticket: TicketId) {
        self.about = Some(ticket);
    }

    /// Saves `after` (= `before` + `event`) and moves its SLA clocks and
    /// timers along in the same transaction.
    pub async fn save_ticket(
        &mut self,
        before: &Ticket,
        after: &Ticket,
        event: &TicketEvent,
        actor: &str,
    ) -> StoreResult<Vec<SlaClock>> {
        self.tx.save_ticket(after, before.version, event, actor).await?;
        self.track_sla(Some(before), after, event).await
    }

    /// Starts, pauses, resumes or stops the ticket's SLA clocks after an
    /// event (`before` is `None` for a new ticket); a state change resets
    /// its reminder and auto-close timers.
    pub async fn track_sla(
        &mut self,
        before: Option<&Ticket>,
        after: &Ticket,
        event: &TicketEvent,
    ) -> StoreResult<Vec<SlaClock>> {
        let stored = self.tx.sla_clocks(after.id).await?;
        let clocks = sla::advance(&self.sla, before, after, event, stored.clone(), self.now);
        for clock in clocks.iter().filter(|c| !stored.contains(c)) {
            self.tx.save_sla_clock(clock).await?;
        }
        if before.is_none_or(|b| b.state != after.state) {
            let timers = sla::timers_for(&self.sla, after, self.now);
            self.tx.replace_timers(after.id, &timers, self.now).await?;
        }
        Ok(clocks)
    }

    pub fn send_user(&mut self, contact: &Contact, text: String, format: TextFormat, choices: Vec<Choice>) {
        self.out.push(Outbound {
            channel: contact.channel,
            destination: Destination::User { chat_id: contact.chat_id.clone() },
            text,
            format,
            choices,
            thread: None,
            attachment: None,
            ticket: self.about,
            relay: false,
            source: None,
            copies: None,
        });
    }

    /// An agent's words to the user, plain text as typed.
    pub fn relay_to_user(&mut self, contact: &Contact, text: String, format: TextFormat) {
        self.send_user(contact, text, format, Vec::new());
        if let Some(last) = self.out.last_mut() {
            last.relay = true;
            last.source = self.source.clone();
        }
    }

    /// A line of the ticket's history (a reply, a note, a file).
    /// Ticket `id` if it is `contact`'s and work is still owed on it: what
    /// a button naming a ticket may act on.
    pub async fn users_active_ticket(
        &mut self,
        contact: &Contact,
        id: crate::domain::TicketId,
    ) -> StoreResult<Option<Ticket>> {
        Ok(self.tx.ticket(id).await?.filter(|t| t.contact == contact.id && t.state.is_active()))
    }

    /// The user's answer to a question on `ticket` (a consent button):
    /// the event applied and saved, the button's label in the history.
    pub async fn record_users_answer(
        &mut self,
        contact: &Contact,
        ticket: &Ticket,
        event: &crate::domain::TicketEvent,
        label: &str,
    ) -> Result<Ticket, super::EngineError> {
        let answered = ticket.apply(event, self.now)?;
        self.save_ticket(ticket, &answered, event, "user").await?;
        self.log_to_ticket(ticket.id, crate::store::Author::User, &contact.display_name, label).await?;
        Ok(answered)
    }

    pub async fn log_to_ticket(
        &mut self,
        ticket: crate::domain::TicketId,
        author: crate::store::Author,
        name: &str,
        body: &str,
    ) -> StoreResult<()> {
        let message = crate::store::NewMessage {
            conversation: None,
            ticket: Some(ticket),
            author,
            author_name: name.to_string(),
            body: body.to_string(),
            at: self.now,
        };
        self.tx.append_message(&message).await
    }

    /// The file the last message carries (an agent's reply with a file).
    pub fn attach(&mut self, file: Attachment) {
        if let Some(last) = self.out.last_mut() {
            last.attachment = Some(file);
        }
    }

    /// A user's words (and maybe a file) relayed to the ticket's staff space.
    pub fn relay_to_staff(&mut self, ticket: &Ticket, text: String, attachment: Option<Attachment>) {
        self.send_staff(ticket, text, None);
        if let Some(last) = self.out.last_mut() {
            last.attachment = attachment;
            last.relay = true;
            last.source = self.source.clone();
        }
    }

    /// A translated bot message to the user, in `lang`.
    pub fn say(&mut self, contact: &Contact, lang: Lang, key: &str, args: &[(&str, String)]) {
        self.send_user(contact, t(lang, key, args), TextFormat::Markdown, Vec::new());
    }

    pub fn ask(&mut self, contact: &Contact, lang: Lang, key: &str, args: &[(&str, String)], choices: Vec<Choice>) {
        self.send_user(contact, t(lang, key, args), TextFormat::Markdown, choices);
    }

    /// A message in the ticket's staff space. Staff text is plain: it quotes
    /// what users wrote, which must never be interpreted as markup.
    pub fn send_staff(&mut self, ticket: &Ticket, text: String, thread: Option<ThreadOp>) {
        self.staff_message(ticket, text, TextFormat::Plain, thread);
    }

    /// A staff message the engine formatted itself (a code block), every
    /// outside text in it escaped by the caller.
    pub fn send_staff_formatted(&mut self, ticket: &Ticket, text: String, format: TextFormat) {
        self.staff_message(ticket, text, format, None);
    }

    fn staff_message(&mut self, ticket: &Ticket, text: String, format: TextFormat, thread: Option<ThreadOp>) {
        self.out.push(Outbound {
            channel: self.staff_channel,
            destination: Destination::Staff { ticket: ticket.id, level: ticket.level },
            text,
            format,
            choices: Vec::new(),
            thread,
            attachment: None,
            ticket: None,
            relay: false,
            source: None,
            copies: None,
        });
    }

    /// A message in the staff alerts space (SLA warnings and breaches).
    pub fn send_alert(&mut self, text: String) {
        self.out.push(Outbound {
            channel: self.staff_channel,
            destination: Destination::StaffAlerts,
            text,
            format: TextFormat::Plain,
            choices: Vec::new(),
            thread: None,
            attachment: None,
            ticket: None,
            relay: false,
            source: None,
            copies: None,
        });
    }

    pub async fn finish(mut self) -> StoreResult<Vec<Outbound>> {
        for message in &self.out {
            self.tx.enqueue(message, self.now).await?;
        }
        self.tx.commit().await?;
        if !self.out.is_empty() {
            self.outbox_signal.notify_one();
        }
        Ok(self.out)
    }
}

/// A button labelled in the user's language.
pub fn button(lang: Lang, key: &str, data: impl Into<String>) -> Choice {
    Choice { label: t(lang, key, &[]), data: data.into() }
}

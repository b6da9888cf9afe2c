//! Opening a ticket with the handoff context, and relaying the user's
//! messages and files into it while it is open.

use super::User;
use crate::domain::sla::{Calendar, ClockKind};
use crate::domain::{
    ArticleFate, Attachment, ConversationEnd, ConversationId, Level, Priority, TextFormat, TicketEvent, TicketId,
};
use crate::engine::dialogue::Dialogue;
use crate::engine::handoff;
use crate::engine::i18n::{duration_words, t};
use crate::engine::EngineError;
use crate::store::{Author, NewTicket, RelayKind, StoreError};

impl User<'_> {
    pub(super) async fn relay_to_ticket(
        &mut self,
        id: TicketId,
        text: String,
        attachment: Option<Attachment>,
    ) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let next = ticket.apply(&TicketEvent::UserReplied, self.turn.now)?;
        self.turn.save_ticket(&ticket, &next, &TicketEvent::UserReplied, "user").await?;
        self.ticket = Some(id);
        self.turn.about(id);
        if attachment.is_none() {
            // A remote-session code goes to staff as a code block and is
            // kept masked; the rest of the message was relayed with it.
            if let Some(masked) = self.engine.remote_code(self.turn, self.contact, &next, &text).await? {
                self.log(None, Author::User, masked).await?;
                return Ok(());
            }
        }
        self.log(None, Author::User, text.clone()).await?;
        let line = format!("{}: {}", self.contact.display_name, text);
        self.turn.relay_to_staff(&next, line, attachment);
        self.turn.record_relay(id, RelayKind::User).await?;
        Ok(())
    }

    pub(super) async fn open_ticket(
        &mut self,
        conversation: ConversationId,
        level: Level,
        priority: Priority,
        tag: Option<String>,
    ) -> Result<(), EngineError> {
        if let Some(open) = self.turn.tx.open_ticket_for(self.contact.id).await? {
            self.say("ticket-already-open", &[("ticket", open.id.to_string())]);
            self.dialogue = Dialogue::Idle;
            return Ok(());
        }
        let messages = self.turn.tx.conversation_messages(conversation).await?;
        let staff_lang = self.engine.settings.staff_lang;
        let subject = handoff::subject(&messages, staff_lang);
        let triage = self.engine.triage(&messages, self.lang, level, priority, tag);
        let (level, priority) = (triage.level, triage.priority);
        let new = NewTicket {
            contact: self.contact.id,
            conversation: Some(conversation),
            channel: self.contact.channel,
            lang: self.lang,
            level,
            priority,
            subject,
            at: self.turn.now,
        };
        let ticket = match self.turn.tx.insert_ticket(&new, "user").await {
            Err(StoreError::OpenTicketExists) => {
                self.say("ticket-already-open", &[("ticket", String::new())]);
                return Ok(());
            }
            other => other?,
        };
        // An article shown without a verdict led to this ticket.
        self.turn.tx.decide_article(conversation, ArticleFate::Ticket, self.turn.now).await?;
        self.turn.tx.end_conversation(conversation, ConversationEnd::Ticket, self.turn.now).await?;
        for tag in &triage.tags {
            self.turn.tx.add_tag(ticket.id, tag).await?;
        }
        let context = handoff::context(&ticket, self.contact, &messages, &triage.tags, staff_lang);
        let title = handoff::thread_title(&ticket, &self.contact.display_name);
        self.turn.send_staff(&ticket, context, Some(crate::domain::ThreadOp::Open { title }));
        let opened = TicketEvent::Opened { level, priority, subject: ticket.subject.clone() };
        let clocks = self.turn.track_sla(None, &ticket, &opened).await?;
        let mut text = t(self.lang, "ticket-opened", &[("ticket", ticket.id.to_string())]);
        // The promise made to the user is the first-response target.
        // Opened out of hours: say so, with when the team is back.
        if let Calendar::BusinessHours(hours) = &self.turn.sla.calendar {
            if let Some(opens) = hours.next_opening(self.turn.now) {
                let local = opens.with_timezone(&hours.time_zone);
                let day = t(self.lang, &format!("weekday-{}", local.format("%a").to_string().to_lowercase()), &[]);
                let args = [
                    ("time", local.format("%H:%M").to_string()),
                    ("day", day),
                    ("date", local.format("%Y-%m-%d").to_string()),
                    ("zone", hours.time_zone.name().to_string()),
                ];
                text.push_str("\n\n");
                text.push_str(&t(self.lang, "ticket-out-of-hours", &args));
            }
        }
        if let Some(first) = clocks.iter().find(|c| c.kind == ClockKind::FirstResponse) {
            let key = match self.turn.sla.calendar {
                Calendar::Always => "ticket-first-response",
                Calendar::BusinessHours(_) => "ticket-first-response-business",
            };
            text.push_str("\n\n");
            text.push_str(&t(self.lang, key, &[("within", duration_words(self.lang, first.target_secs))]));
        }
        self.turn.send_user(self.contact, text, TextFormat::Markdown, Vec::new());
        self.engine.auto_assign(self.turn, self.contact, &ticket, None).await?;
        self.ticket = Some(ticket.id);
        self.turn.about(ticket.id);
        self.dialogue = Dialogue::Idle;
        Ok(())
    }
}

//! Files agents post in a ticket's staff space: relayed to the user as a
//! reply that carries the file (signed like any reply), or, captioned with
//! the note prefix, kept in the staff space as an internal note. Either
//! way the ticket's history keeps a durable line for the file.

use crate::domain::{Attachment, TextFormat, Ticket, TicketEvent};
use crate::store::{Author, Contact, RelayKind};

use super::turn::Turn;
use super::{EngineError, EngineSettings};

/// An agent's file as the staff space posted it.
pub(super) struct FileReply {
    pub file: Attachment,
    pub caption: String,
    /// Captioned with the note prefix: stays in the staff space.
    pub internal: bool,
    /// How the agent signs replies to the user.
    pub signature: String,
}

/// Applies an agent's file; the ticket after it and the event recorded.
pub(super) async fn file(
    settings: &EngineSettings,
    turn: &mut Turn,
    name: &str,
    ticket: &Ticket,
    contact: &Contact,
    reply: FileReply,
) -> Result<(Ticket, TicketEvent), EngineError> {
    let FileReply { file, caption, internal, signature } = reply;
    let caption = caption.as_str();
    let mut line = file.describe();
    if !caption.is_empty() {
        line.push('\n');
        line.push_str(caption);
    }
    if internal {
        let event = TicketEvent::NoteAdded { agent: name.to_string() };
        let next = ticket.apply(&event, turn.now)?;
        turn.record_relay(ticket.id, RelayKind::Note).await?;
        turn.log_to_ticket(ticket.id, Author::Note, name, &line).await?;
        return Ok((next, event));
    }
    if let Some(max) = settings.file_limit(&file, contact.channel) {
        let args = [("file", file.file_name()), ("max", max.to_string())];
        return Err(EngineError::Invalid(crate::i18n::t(settings.staff_lang, "staff-file-too-large", &args)));
    }
    let event = TicketEvent::AgentReplied { agent: name.to_string() };
    let next = ticket.apply(&event, turn.now)?;
    let text = if caption.is_empty() { format!("{signature}:") } else { format!("{signature}: {caption}") };
    turn.relay_to_user(contact, text, TextFormat::Plain);
    turn.attach(file);
    turn.record_relay(ticket.id, RelayKind::Reply).await?;
    turn.log_to_ticket(ticket.id, Author::Agent, name, &line).await?;
    Ok((next, event))
}

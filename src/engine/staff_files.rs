//! Files agents post in a ticket's staff space: relayed to the user as a
//! reply that carries the file (signed like any reply), or, captioned with
//! the note prefix, kept in the staff space as an internal note. Either
//! way the ticket's history keeps a durable line for the file.

use crate::domain::{Attachment, TextFormat, Ticket, TicketEvent};
use crate::store::{Author, Contact, RelayKind};

use super::staff::log;
use super::turn::Turn;
use super::{Engine, EngineError};

/// Applies an agent's file; the ticket after it and the event recorded.
#[allow(clippy::too_many_arguments)]
pub(super) async fn file(
    engine: &Engine,
    turn: &mut Turn,
    name: &str,
    ticket: &Ticket,
    contact: &Contact,
    file: Attachment,
    caption: &str,
    internal: bool,
) -> Result<(Ticket, TicketEvent), EngineError> {
    let mut line = file.describe();
    if !caption.is_empty() {
        line.push('\n');
        line.push_str(caption);
    }
    if internal {
        let event = TicketEvent::NoteAdded { agent: name.to_string() };
        let next = ticket.apply(&event, turn.now)?;
        turn.record_relay(ticket.id, RelayKind::Note).await?;
        log(turn, ticket.id, Author::Note, name, &line).await?;
        return Ok((next, event));
    }
    if let Some(max) = engine.settings.file_limit(&file, contact.channel) {
        return Err(EngineError::Invalid(format!(
            "{} is too large for the user's platform: files up to {max} MB reach them; send a link instead",
            file.file_name()
        )));
    }
    let event = TicketEvent::AgentReplied { agent: name.to_string() };
    let next = ticket.apply(&event, turn.now)?;
    let signature = engine.signature(name, ticket.lang);
    let text = if caption.is_empty() { format!("{signature}:") } else { format!("{signature}: {caption}") };
    turn.relay_to_user(contact, text, TextFormat::Plain);
    turn.attach(file);
    turn.record_relay(ticket.id, RelayKind::Reply).await?;
    log(turn, ticket.id, Author::Agent, name, &line).await?;
    Ok((next, event))
}

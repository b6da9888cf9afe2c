//! A user changed a message they sent into a ticket: the copy in the staff
//! space changes with it (or the new text follows, marked edited, where
//! the copy cannot change), and the ticket's history keeps both. A question
//! the bot already answered is not reconsidered. (Deletions, which the
//! platforms report without an author, are `Engine::message_deleted`.)

use super::User;
use crate::domain::EDITED_MARK;
use crate::engine::EngineError;
use crate::store::{Author, RelayKind};

impl User<'_> {
    pub(super) async fn edited(&mut self, text: &str) -> Result<(), EngineError> {
        let text = text.trim();
        let Some(source) = self.turn.source().map(str::to_string) else { return Ok(()) };
        if crate::domain::text::is_blank(text) {
            return Ok(());
        }
        let Some(relayed) = self.turn.tx.relayed(&source).await?.filter(|r| r.kind == RelayKind::User) else {
            return Ok(());
        };
        let Some(ticket) = self.turn.tx.ticket(relayed.ticket).await? else { return Ok(()) };
        self.ticket = Some(ticket.id);
        self.turn.about(ticket.id);
        let line = format!("{}: {}", self.contact.display_name, text);
        if relayed.copies.is_empty() {
            self.turn.relay_to_staff(&ticket, format!("{EDITED_MARK}{line}"), None);
        } else {
            self.turn.change_copies(&relayed.copies, true, line, ticket.id);
        }
        self.log(None, Author::User, format!("{EDITED_MARK}(edited) {text}")).await
    }
}

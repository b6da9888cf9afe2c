//! What someone wrote in a staff space (a Telegram forum topic, a Discord
//! forum post), however the platform delivered it: the one path from the
//! space to its ticket, the staff check, the action, and what to answer in
//! the space when the action could not be taken.

use chrono::{DateTime, Utc};

use super::{Agent, Engine, EngineError, Outcome};
use crate::domain::{Channel, Level};

/// A message written in a platform's staff space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffPost {
    pub channel: Channel,
    /// The space written in, as the delivery side recorded it for the
    /// ticket (e.g. `"<chat_id>:<thread_id>"` on Telegram).
    pub thread_ref: String,
    /// The author's platform id and display name.
    pub author_id: String,
    pub author_name: String,
    /// The levels the author may act at, from the platform's roles or the
    /// group's administrators; empty for people who are not staff.
    pub levels: Vec<Level>,
    pub text: String,
    /// The update's key (message id), recorded with the effects, so a
    /// redelivered update changes nothing.
    pub key: String,
    /// The message as the platform names it (`Inbound::source`).
    pub source: Option<String>,
    /// `text` is the new text of the earlier message `source`.
    pub edited: bool,
    /// A file posted with the message (`text` is then its caption).
    pub attachment: Option<crate::domain::Attachment>,
}

/// What the adapter does after a staff post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffReply {
    /// The space is not a ticket's: nothing to do.
    NotATicket,
    /// Handled; what it caused is in the outbox.
    Done,
    /// Say this in the space (a refusal, or why the action failed).
    Answer(String),
    /// The database failed: nothing changed. Try the update again if the
    /// platform redelivers it, else say this.
    Retry(String),
}

impl Engine {
    pub async fn staff_post(&self, post: StaffPost, now: DateTime<Utc>) -> StaffReply {
        self.handled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let lang = self.settings.staff_lang;
        let ticket = match self.store.ticket_for_staff_thread(post.channel, &post.thread_ref).await {
            Ok(Some(ticket)) => ticket,
            Ok(None) => return StaffReply::NotATicket,
            Err(error) => {
                tracing::error!(%error, "staff space lookup failed");
                return StaffReply::Retry(super::i18n::t(lang, "staff-retry", &[]));
            }
        };
        if post.levels.is_empty() {
            return StaffReply::Answer(super::i18n::t(lang, "staff-only", &[]));
        }
        let agent = Agent {
            id: format!("{}:{}", post.channel, post.author_id),
            display_name: post.author_name,
            levels: post.levels,
        };
        let key = Some((post.channel, post.key.as_str()));
        if let (Some(file), false) = (post.attachment, post.edited) {
            let prefix = &self.settings.note_prefix;
            let internal = !prefix.is_empty() && post.text.trim_start().starts_with(prefix.as_str());
            let caption = if internal { post.text.trim_start()[prefix.len()..].to_string() } else { post.text };
            let action = super::StaffAction::File { file, caption, internal };
            let handled = self.staff_once(&agent, ticket, action, key, post.source.as_deref(), now).await;
            return match handled {
                Ok(_) => StaffReply::Done,
                Err(EngineError::Store(error)) => {
                    tracing::error!(%error, %ticket, "staff file not handled");
                    StaffReply::Retry(super::i18n::t(lang, "staff-retry", &[]))
                }
                Err(error) => StaffReply::Answer(error.message(lang)),
            };
        }
        let handled = match (&post.source, post.edited) {
            (Some(source), true) => self.staff_edited(&agent, source, &post.text, key, now).await,
            // An edit the platform did not name cannot be matched: left.
            (None, true) => Ok(Outcome::default()),
            (source, false) => self.staff_message_from(&agent, ticket, &post.text, key, source.clone(), now).await,
        };
        match handled {
            Ok(_) => StaffReply::Done,
            Err(EngineError::Store(error)) => {
                tracing::error!(%error, %ticket, "staff message not handled");
                StaffReply::Retry(super::i18n::t(lang, "staff-retry", &[]))
            }
            Err(error) => StaffReply::Answer(error.message(lang)),
        }
    }
}

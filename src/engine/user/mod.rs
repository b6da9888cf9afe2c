//! The user side of the conversation: one update from a user, in their
//! language, through the dialogue state kept on their contact. Questions
//! (`question`), tickets (`ticket`) and the feedback buttons (`feedback`)
//! each have their file.

mod callback;
mod edits;
mod feedback;
mod privacy;
mod question;
mod ticket;

use crate::domain::{Attachment, ConversationId, Lang, Level, Priority, TicketId, UserInput};
use crate::kb::detect_language;
use crate::store::{Author, Contact, NewMessage};

use super::dialogue::{choice, Dialogue};
use super::turn::{button, Turn};
use super::{Engine, EngineError};
use crate::domain::TicketId as Tid;

struct User<'a> {
    engine: &'a Engine,
    turn: &'a mut Turn,
    contact: &'a mut Contact,
    lang: Lang,
    /// False when neither the platform, the user nor detection told the
    /// language: then the best KB hit's language is the best guess.
    lang_known: bool,
    /// The country a phone number without `+` is read in.
    region: Option<String>,
    dialogue: Dialogue,
    ticket: Option<Tid>,
}

pub(crate) async fn handle(
    engine: &Engine,
    turn: &mut Turn,
    contact: &mut Contact,
    locale: Option<&str>,
    input: UserInput,
) -> Result<Option<TicketId>, EngineError> {
    let locale_lang = locale.and_then(Lang::from_locale);
    // An explicit choice (/lang) wins over the platform locale, which wins
    // over detection from the text.
    if contact.lang.is_none() {
        contact.lang = locale_lang;
    }
    let known = match (&contact.lang, &input) {
        (Some(lang), _) => Some(*lang),
        (None, UserInput::Text(text)) => detect_language(text),
        (None, _) => None,
    };
    // Remember a detected language so buttons and tickets keep using it.
    if contact.lang.is_none() {
        contact.lang = known;
    }
    let lang = known.unwrap_or(engine.settings.fallback_lang);
    let dialogue = Dialogue::from_stored(&contact.dialogue);
    let region = crate::domain::callback::default_region(locale, lang);
    let mut user = User { engine, turn, contact, lang, lang_known: known.is_some(), region, dialogue, ticket: None };
    // Every path for the user's words has the same limit, commands' too:
    // a `/ticket` of 300 MB is as much a flood as a message of 300 MB.
    let max = engine.settings.max_text_chars;
    let words = match &input {
        UserInput::Text(text) => text.as_str(),
        UserInput::Command { args, .. } => args.as_str(),
        UserInput::Edited(text) => text.as_str(),
        UserInput::Attachment(file) => file.caption.as_deref().unwrap_or_default(),
        UserInput::Choice(_) => "",
    };
    if words.chars().count() > max {
        user.say("message-too-long", &[("max", max.to_string())]);
        return Ok(None);
    }
    match input {
        UserInput::Text(text) => user.text(&text).await?,
        UserInput::Choice(data) => user.choice(&data).await?,
        UserInput::Command { name, args } => user.command(&name, &args).await?,
        UserInput::Attachment(attachment) => user.attachment(attachment).await?,
        UserInput::Edited(text) => user.edited(&text).await?,
    }
    let stored = user.dialogue.to_stored();
    let ticket = user.ticket;
    contact.dialogue = stored;
    Ok(ticket)
}

impl User<'_> {
    fn say(&mut self, key: &str, args: &[(&str, String)]) {
        self.turn.say(self.contact, self.lang, key, args);
    }

    /// A line for staff about this user, in the staff spaces' language.
    fn staff_text(&self, key: &str) -> String {
        self.staff_text_with(key, &[])
    }

    fn staff_text_with(&self, key: &str, args: &[(&str, String)]) -> String {
        super::i18n::t(self.engine.settings.staff_lang, key, args)
    }

    async fn log(
        &mut self,
        conversation: Option<ConversationId>,
        author: Author,
        body: String,
    ) -> Result<(), EngineError> {
        let ticket = self.ticket;
        let name = match author {
            Author::User => self.contact.display_name.clone(),
            _ => "escala".to_string(),
        };
        let message = NewMessage { conversation, ticket, author, author_name: name, body, at: self.turn.now };
        self.turn.tx.append_message(&message).await?;
        Ok(())
    }

    async fn text(&mut self, raw: &str) -> Result<(), EngineError> {
        let text = raw.trim();
        if crate::domain::text::is_blank(text) {
            self.say("empty-message", &[]);
            return Ok(());
        }
        match self.dialogue.clone() {
            Dialogue::ReopenReason { ticket } => return self.reopen(ticket, text).await,
            Dialogue::RatingComment { ticket } => return self.rating_comment(ticket, text).await,
            Dialogue::Rating { ticket } => {
                if let Ok(score @ 1..=5) = text.parse::<u8>() {
                    return self.rate(ticket, score).await;
                }
            }
            Dialogue::CallbackPhone { ticket } => return self.callback_phone(ticket, text).await,
            Dialogue::CallbackWindow { ticket, phone, note, ask_note } => {
                return self.callback_typed_window(ticket, phone, note, ask_note, text).await
            }
            Dialogue::CallbackNote { ticket, phone, window } => {
                return self.callback_note(ticket, phone, window, Some(text.to_string())).await
            }
            _ => {}
        }
        if let Some(open) = self.turn.tx.open_ticket_for(self.contact.id).await? {
            if matches!(self.dialogue, Dialogue::ConfirmFix { .. }) {
                self.turn.ask(
                    self.contact,
                    self.lang,
                    "fix-question",
                    &[("ticket", open.id.to_string())],
                    fix_buttons(self.lang),
                );
                return Ok(());
            }
            return self.relay_to_ticket(open.id, text.to_string(), None).await;
        }
        self.question(text).await
    }

    async fn command(&mut self, name: &str, args: &str) -> Result<(), EngineError> {
        match name.trim_start_matches('/').to_ascii_lowercase().as_str() {
            "start" | "help" => {
                if crate::domain::text::is_blank(args) {
                    self.say("help", &[]);
                    Ok(())
                } else {
                    self.text(args).await
                }
            }
            "status" => self.status(args).await,
            "tickets" => self.ticket_list().await,
            "close" => match self.turn.tx.open_ticket_for(self.contact.id).await? {
                Some(open) => {
                    let reason = match crate::domain::text::is_blank(args) {
                        true => self.staff_text("staff-close-reason-asked"),
                        false => args.trim().to_string(),
                    };
                    self.close_ticket(open.id, &reason).await
                }
                None => {
                    self.say("no-open-ticket", &[]);
                    Ok(())
                }
            },
            "new" => match self.turn.tx.open_ticket_for(self.contact.id).await? {
                Some(open) => {
                    let choices = vec![
                        button(self.lang, "button-close-and-new", choice::CLOSE_AND_NEW),
                        button(self.lang, "button-keep-ticket", choice::KEEP_TICKET),
                    ];
                    self.turn.ask(
                        self.contact,
                        self.lang,
                        "new-while-open",
                        &[("ticket", open.id.to_string())],
                        choices,
                    );
                    self.dialogue = Dialogue::ConfirmNewQuestion { ticket: open.id };
                    Ok(())
                }
                None => {
                    self.dialogue = Dialogue::Idle;
                    self.say("ask-new-question", &[]);
                    Ok(())
                }
            },
            "ticket" => {
                let conversation = self.conversation().await?;
                if !crate::domain::text::is_blank(args) {
                    self.log(Some(conversation), Author::User, args.trim().to_string()).await?;
                }
                self.open_ticket(conversation, Level::L1, Priority::Normal, None).await
            }
            "callback" => self.callback_command(args).await,
            "forget" => self.ask_forget(),
            "mydata" => self.ask_mydata(),
            "lang" => match Lang::from_locale(args.trim()) {
                Some(lang) => self.switch_language(lang),
                None => {
                    self.say("lang-usage", &[]);
                    Ok(())
                }
            },
            _ => {
                self.say("unknown-command", &[("command", name.chars().take(32).collect())]);
                Ok(())
            }
        }
    }

    fn switch_language(&mut self, lang: Lang) -> Result<(), EngineError> {
        self.contact.lang = Some(lang);
        self.lang = lang;
        self.lang_known = true;
        self.say("language-switched", &[]);
        Ok(())
    }

    /// `/status` (the open ticket) or `/status N` (one of the user's).
    async fn status(&mut self, args: &str) -> Result<(), EngineError> {
        let wanted = args.trim().trim_start_matches('#');
        let found = if wanted.is_empty() {
            self.turn.tx.open_ticket_for(self.contact.id).await?
        } else {
            match wanted.parse::<i64>() {
                Ok(n) => self.turn.tx.ticket(TicketId(n)).await?.filter(|t| t.contact == self.contact.id),
                Err(_) => None,
            }
        };
        let Some(ticket) = found else {
            if wanted.is_empty() {
                self.say("no-open-ticket", &[]);
            } else {
                // The same answer whether the ticket is someone else's or
                // does not exist: numbers are not a way to probe.
                self.say("status-not-yours", &[("ticket", wanted.chars().take(12).collect())]);
            }
            return Ok(());
        };
        let state = super::i18n::state_words(self.lang, ticket.state);
        let priority = super::i18n::t(self.lang, &format!("priority-{}", ticket.priority.as_str()), &[]);
        let updated = ticket.updated_at.format("%Y-%m-%d %H:%M UTC").to_string();
        let mut text = super::i18n::t(
            self.lang,
            "ticket-status",
            &[
                ("ticket", ticket.id.to_string()),
                ("state", state),
                ("level", ticket.level.to_string()),
                ("priority", priority),
                ("updated", updated),
            ],
        );
        let tags = self.turn.tx.tags(ticket.id).await?;
        if !tags.is_empty() {
            let tags = crate::domain::text::markdown_literal(&tags.join(", "));
            text.push('\n');
            text.push_str(&super::i18n::t(self.lang, "ticket-status-tags", &[("tags", tags)]));
        }
        self.turn.send_user(self.contact, text, crate::domain::TextFormat::Markdown, Vec::new());
        self.ticket = Some(ticket.id);
        self.turn.about(ticket.id);
        Ok(())
    }

    /// `/tickets`: the user's latest tickets with their state and date.
    async fn ticket_list(&mut self) -> Result<(), EngineError> {
        let tickets = self.turn.tx.tickets_of(self.contact.id, 10).await?;
        if tickets.is_empty() {
            self.say("no-tickets", &[]);
            return Ok(());
        }
        let mut text = super::i18n::t(self.lang, "ticket-list", &[]);
        for ticket in &tickets {
            let state = super::i18n::state_words(self.lang, ticket.state);
            let args = [
                ("ticket", ticket.id.to_string()),
                ("date", ticket.created_at.format("%Y-%m-%d").to_string()),
                ("state", state),
                (
                    "subject",
                    crate::domain::text::markdown_literal(&ticket.subject.chars().take(60).collect::<String>()),
                ),
            ];
            text.push('\n');
            text.push_str(&super::i18n::t(self.lang, "ticket-list-line", &args));
        }
        self.turn.send_user(self.contact, text, crate::domain::TextFormat::Markdown, Vec::new());
        Ok(())
    }

    async fn attachment(&mut self, attachment: Attachment) -> Result<(), EngineError> {
        let settings = &self.engine.settings;
        if let Some(max) = settings.file_limit(&attachment, settings.staff_channel) {
            self.say("attachment-too-big", &[("n", max.to_string())]);
            return Ok(());
        }
        match self.turn.tx.open_ticket_for(self.contact.id).await? {
            Some(open) => {
                let mut body = attachment.describe();
                if let Some(caption) = attachment.caption.as_deref().filter(|c| !c.trim().is_empty()) {
                    body.push('\n');
                    body.push_str(caption);
                }
                self.relay_to_ticket(open.id, body, Some(attachment)).await
            }
            None => {
                let Some(caption) = attachment.caption.clone().filter(|c| !c.trim().is_empty()) else {
                    self.say("attachment-needs-ticket", &[]);
                    return Ok(());
                };
                // The words come first: a question is answered, and a
                // `/ticket` opens the ticket the file then joins.
                match UserInput::typed(&caption) {
                    UserInput::Command { name, args } => self.command(&name, &args).await?,
                    _ => self.text(&caption).await?,
                }
                match self.turn.tx.open_ticket_for(self.contact.id).await? {
                    Some(open) => {
                        let file = Attachment { caption: None, ..attachment };
                        self.relay_to_ticket(open.id, file.describe(), Some(file)).await
                    }
                    None => {
                        self.say("attachment-needs-ticket", &[]);
                        Ok(())
                    }
                }
            }
        }
    }
}

pub(crate) fn fix_buttons(lang: Lang) -> Vec<crate::domain::Choice> {
    vec![button(lang, "button-fixed-yes", choice::FIXED_YES), button(lang, "button-fixed-no", choice::FIXED_NO)]
}

/// The 1–5 buttons for rating `ticket`; each names the ticket.
pub(crate) fn csat_buttons(lang: Lang, ticket: TicketId) -> Vec<crate::domain::Choice> {
    (1..=5)
        .map(|n| button(lang, &format!("csat-score-{n}"), format!("{}{}:{n}", choice::CSAT_PREFIX, ticket.0)))
        .collect()
}

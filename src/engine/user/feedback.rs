//! The end of a ticket on the user's side: the buttons under answers and
//! notices, confirming the fix or reopening, closing, and the 1–5 rating
//! with its optional comment.

use super::{csat_buttons, User};
use crate::domain::{ArticleFate, ConversationEnd, Level, Priority, ThreadOp, TicketEvent, TicketId};
use crate::engine::dialogue::{choice, Dialogue};
use crate::engine::turn::button;
use crate::engine::EngineError;
use crate::store::Author;

impl User<'_> {
    pub(super) async fn choice(&mut self, data: &str) -> Result<(), EngineError> {
        if self.forget_answer(data).await? || self.mydata_answer(data).await? {
            return Ok(());
        }
        // Following an incident works from any old notice, whatever the
        // conversation is doing now.
        if let Some(id) = data.strip_prefix(choice::SUBSCRIBE_PREFIX) {
            return self.engine.subscribe_incident(self.turn, self.contact, self.lang, id).await;
        }
        if self.callback_button(data).await? || self.callback_pressed_window(data).await? {
            return Ok(());
        }
        if let Some((ticket, given)) = crate::engine::remote::parse_consent(data) {
            if !self.engine.remote_consent_answer(self.turn, self.contact, ticket, given).await? {
                self.stale_choice();
            }
            return Ok(());
        }
        if let Some((ticket, given)) = crate::engine::vendor::parse_consent(data) {
            if !self.engine.vendor_consent_answer(self.turn, self.contact, ticket, given).await? {
                self.stale_choice();
            }
            return Ok(());
        }
        // A rating button names its ticket, so it works whatever the user
        // did since (asked a new question, say): the rating offered is the
        // rating taken. Buttons from before that carried only the score
        // still work while the dialogue waits for the rating.
        if let Some(rest) = data.strip_prefix(choice::CSAT_PREFIX) {
            let rating = match rest.split_once(':') {
                Some((ticket, score)) => ticket.parse().ok().map(TicketId).zip(score.parse::<u8>().ok()),
                None => match self.dialogue {
                    Dialogue::Rating { ticket } => rest.parse::<u8>().ok().map(|score| (ticket, score)),
                    _ => None,
                },
            };
            return match rating {
                Some((ticket, score @ 1..=5)) => self.rate(ticket, score).await,
                _ => {
                    self.stale_choice();
                    Ok(())
                }
            };
        }
        let label = |key: &str, lang| crate::engine::i18n::t(lang, key, &[]);
        match (self.dialogue.clone(), data) {
            (Dialogue::AfterAnswer { conversation, .. }, choice::SOLVED) => {
                self.log(Some(conversation), Author::User, label("button-solved", self.lang)).await?;
                self.turn.tx.decide_article(conversation, ArticleFate::Solved, self.turn.now).await?;
                self.turn.tx.end_conversation(conversation, ConversationEnd::Deflected, self.turn.now).await?;
                self.say("glad-it-helped", &[]);
                self.dialogue = Dialogue::Idle;
            }
            (Dialogue::AfterAnswer { conversation, .. }, choice::NOT_SOLVED) => {
                self.log(Some(conversation), Author::User, label("button-not-solved", self.lang)).await?;
                self.turn.tx.decide_article(conversation, ArticleFate::NotSolved, self.turn.now).await?;
                self.open_ticket(conversation, Level::L1, Priority::Normal, None).await?;
            }
            (
                Dialogue::AfterAnswer { conversation, .. } | Dialogue::AfterSuggestions { conversation, .. },
                choice::HUMAN,
            )
            | (Dialogue::AfterMiss { conversation }, choice::TICKET_YES)
            | (Dialogue::AfterSuggestions { conversation, .. }, choice::NONE_OF_THESE) => {
                self.log(Some(conversation), Author::User, label("button-human", self.lang)).await?;
                self.open_ticket(conversation, Level::L1, Priority::Normal, None).await?;
            }
            (Dialogue::AfterSuggestions { conversation, articles }, data)
                if data.strip_prefix(choice::ARTICLE_PREFIX).is_some_and(|id| articles.iter().any(|a| a == id)) =>
            {
                let id = data.trim_start_matches(choice::ARTICLE_PREFIX).to_string();
                self.show_article(conversation, &id).await?;
            }
            (Dialogue::AfterMiss { conversation }, choice::TICKET_NO) => {
                self.turn.tx.end_conversation(conversation, ConversationEnd::Abandoned, self.turn.now).await?;
                self.say("ok-ask-again", &[]);
                self.dialogue = Dialogue::Idle;
            }
            (Dialogue::CallbackNote { ticket, phone, window }, choice::SKIP) => {
                self.callback_note(ticket, phone, window, None).await?
            }
            (Dialogue::ConfirmFix { ticket }, choice::FIXED_YES) => self.confirm_fixed(ticket).await?,
            (Dialogue::ConfirmFix { ticket }, choice::FIXED_NO) => {
                self.say("what-is-still-wrong", &[]);
                self.dialogue = Dialogue::ReopenReason { ticket };
            }
            (Dialogue::RatingComment { .. }, choice::SKIP) => {
                self.say("thanks-for-feedback", &[]);
                self.dialogue = Dialogue::Idle;
            }
            (Dialogue::ConfirmNewQuestion { ticket }, choice::CLOSE_AND_NEW) => {
                // The rating asked for stays open beside the new question.
                self.close_ticket(ticket, &self.staff_text("staff-close-reason-new-question")).await?;
                self.say("ask-new-question", &[]);
            }
            (Dialogue::ConfirmNewQuestion { ticket }, choice::KEEP_TICKET) => {
                self.say("ticket-kept", &[("ticket", ticket.to_string())]);
                self.dialogue = Dialogue::Idle;
            }
            _ => self.stale_choice(),
        }
        Ok(())
    }

    /// A button from an old message: say so instead of guessing.
    pub(super) fn stale_choice(&mut self) {
        self.say("stale-choice", &[]);
    }

    pub(super) async fn confirm_fixed(&mut self, id: TicketId) -> Result<(), EngineError> {
        let reason = self.staff_text("staff-close-reason-confirmed");
        self.close_ticket(id, &reason).await
    }

    /// Closes the ticket (by the user) and asks for a rating.
    pub(super) async fn close_ticket(&mut self, id: TicketId, reason: &str) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let event = TicketEvent::Closed { reason: reason.to_string() };
        let next = ticket.apply(&event, self.turn.now)?;
        self.turn.save_ticket(&ticket, &next, &event, "user").await?;
        let notice = self.staff_text_with("staff-closed-by-user", &[("reason", reason.to_string())]);
        self.turn.send_staff(&next, notice, Some(crate::domain::ThreadOp::Close));
        self.ticket = Some(id);
        self.turn.about(id);
        self.turn.ask(
            self.contact,
            self.lang,
            "rate-question",
            &[("ticket", id.to_string())],
            csat_buttons(self.lang, id),
        );
        self.dialogue = Dialogue::Rating { ticket: id };
        Ok(())
    }

    pub(super) async fn reopen(&mut self, id: TicketId, reason: &str) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let event = TicketEvent::Reopened { reason: reason.to_string() };
        let next = ticket.apply(&event, self.turn.now)?;
        self.turn.save_ticket(&ticket, &next, &event, "user").await?;
        self.ticket = Some(id);
        self.turn.about(id);
        self.log(None, Author::User, reason.to_string()).await?;
        let alert = self.staff_text_with("staff-reopened-by-user", &[("reason", reason.to_string())]);
        self.turn.send_staff(&next, alert, Some(crate::domain::ThreadOp::Reopen));
        self.say("ticket-reopened", &[("ticket", id.to_string())]);
        self.dialogue = Dialogue::Idle;
        Ok(())
    }

    pub(super) async fn rate(&mut self, id: TicketId, score: u8) -> Result<(), EngineError> {
        // Callback data can be forged: only the user's own ticket is rated.
        let ticket = self.turn.tx.ticket(id).await?.filter(|t| t.contact == self.contact.id);
        let event = TicketEvent::Rated { score, comment: None };
        match ticket.as_ref().map(|t| (t, t.apply(&event, self.turn.now))) {
            Some((ticket, Ok(next))) => {
                self.turn.save_ticket(ticket, &next, &event, "user").await?;
                // A rating comes after the close: the space is closed again
                // after the line (a Discord post unarchives on a message).
                let notice = self.staff_text_with("staff-rated-by-user", &[("score", score.to_string())]);
                self.turn.send_staff(&next, notice, Some(ThreadOp::Close));
                let choices = vec![button(self.lang, "button-skip", choice::SKIP)];
                self.turn.ask(self.contact, self.lang, "rating-comment-question", &[], choices);
                self.dialogue = Dialogue::RatingComment { ticket: id };
            }
            _ => {
                self.stale_choice();
                self.dialogue = Dialogue::Idle;
            }
        }
        Ok(())
    }

    pub(super) async fn rating_comment(&mut self, id: TicketId, comment: &str) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let event = TicketEvent::RatingCommented { comment: comment.to_string() };
        if let Ok(next) = ticket.apply(&event, self.turn.now) {
            self.turn.save_ticket(&ticket, &next, &event, "user").await?;
            self.ticket = Some(id);
            self.turn.about(id);
            self.log(None, Author::User, comment.to_string()).await?;
            let notice = self.staff_text_with("staff-rating-comment", &[("comment", comment.to_string())]);
            self.turn.send_staff(&next, notice, Some(ThreadOp::Close));
        }
        self.say("thanks-for-feedback", &[]);
        self.dialogue = Dialogue::Idle;
        Ok(())
    }
}

//! The user side of the conversation: rules, KB answers, feedback buttons,
//! opening a ticket, relaying into it, confirming the fix and rating it.

use crate::domain::sla::{Calendar, ClockKind};
use crate::domain::{Attachment, ConversationId, Lang, Level, Priority, TextFormat, TicketEvent, TicketId, UserInput};
use crate::kb::{detect_language, Decision, RuleAction};
use crate::store::{Author, Contact, NewLoggedQuery, NewMessage, NewTicket, StoreError};

use super::dialogue::{choice, Dialogue};
use super::i18n::{duration_words, t};
use super::turn::{button, Turn};
use super::{handoff, Engine, EngineError};
use crate::domain::TicketId as Tid;

struct User<'a> {
    engine: &'a Engine,
    turn: &'a mut Turn,
    contact: &'a mut Contact,
    lang: Lang,
    /// False when neither the platform, the user nor detection told the
    /// language: then the best KB hit's language is the best guess.
    lang_known: bool,
    dialogue: Dialogue,
    ticket: Option<Tid>,
}

pub(crate) async fn handle(
    engine: &Engine,
    turn: &mut Turn,
    contact: &mut Contact,
    locale_lang: Option<Lang>,
    input: UserInput,
) -> Result<Option<TicketId>, EngineError> {
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
    let mut user = User { engine, turn, contact, lang, lang_known: known.is_some(), dialogue, ticket: None };
    match input {
        UserInput::Text(text) => user.text(&text).await?,
        UserInput::Choice(data) => user.choice(&data).await?,
        UserInput::Command { name, args } => user.command(&name, &args).await?,
        UserInput::Attachment(attachment) => user.attachment(attachment).await?,
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
        if text.is_empty() {
            self.say("empty-message", &[]);
            return Ok(());
        }
        let max = self.engine.settings.max_text_chars;
        if text.chars().count() > max {
            self.say("message-too-long", &[("max", max.to_string())]);
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

    /// A new question: rules first, then the knowledge base.
    async fn question(&mut self, text: &str) -> Result<(), EngineError> {
        let kb = self.engine.kb.load();
        if let Some(rule) = kb.rules().first_match(text) {
            match rule.action {
                RuleAction::Greet => {
                    self.say("greeting", &[("name", self.contact.display_name.clone())]);
                    return Ok(());
                }
                RuleAction::SwitchLanguage(lang) => return self.switch_language(lang),
                RuleAction::Human => {
                    let conversation = self.conversation().await?;
                    self.log(Some(conversation), Author::User, text.to_string()).await?;
                    return self.open_ticket(conversation, Level::L1, Priority::Normal, None).await;
                }
                RuleAction::Ticket { level, priority, tag } => {
                    let conversation = self.conversation().await?;
                    self.log(Some(conversation), Author::User, text.to_string()).await?;
                    let level = level.and_then(|l| l.parse().ok()).filter(|l| *l >= Level::L1).unwrap_or(Level::L1);
                    let priority = priority.and_then(|p| p.parse().ok()).unwrap_or_default();
                    return self.open_ticket(conversation, level, priority, tag).await;
                }
                RuleAction::Article(id) => {
                    let conversation = self.conversation().await?;
                    self.log(Some(conversation), Author::User, text.to_string()).await?;
                    return self.show_article(conversation, &id).await;
                }
            }
        }
        // A known outage is news before any article.
        self.engine.incident_notice(self.turn, self.contact, self.lang, text).await?;
        let conversation = self.conversation().await?;
        self.log(Some(conversation), Author::User, text.to_string()).await?;
        let search_lang = if self.lang_known { Some(self.lang) } else { None };
        let decision = crate::metrics::timed_search(|| kb.decide(text, search_lang, &self.engine.settings.kb));
        let best_lang = match &decision {
            Decision::Answer(hit) => Some(hit.lang),
            Decision::Suggest(hits) => hits.first().map(|h| h.lang),
            Decision::Miss => None,
        };
        if let (false, Some(lang)) = (self.lang_known, best_lang) {
            self.lang = lang;
            self.lang_known = true;
            self.contact.lang = Some(lang);
        }
        let (best, confidence, outcome) = match &decision {
            Decision::Answer(hit) => (Some(hit.article_id.clone()), hit.confidence, "answered"),
            Decision::Suggest(hits) => {
                (hits.first().map(|h| h.article_id.clone()), hits.first().map_or(0.0, |h| h.confidence), "suggested")
            }
            Decision::Miss => (None, 0.0, "missed"),
        };
        crate::metrics::global().kb_query(outcome);
        let logged = NewLoggedQuery {
            contact: self.contact.id,
            conversation: Some(conversation),
            text: text.to_string(),
            lang: self.lang,
            best_article: best,
            confidence,
            outcome: outcome.to_string(),
            at: self.turn.now,
        };
        self.turn.tx.log_query(&logged).await?;
        match decision {
            Decision::Answer(hit) => self.show_article(conversation, &hit.article_id).await,
            Decision::Suggest(hits) => {
                let mut choices: Vec<_> = hits
                    .iter()
                    .map(|h| crate::domain::Choice {
                        label: h.title.clone(),
                        data: format!("{}{}", choice::ARTICLE_PREFIX, h.article_id),
                    })
                    .collect();
                choices.push(button(self.lang, "button-none-of-these", choice::NONE_OF_THESE));
                self.turn.ask(self.contact, self.lang, "suggestions", &[], choices);
                let articles = hits.into_iter().map(|h| h.article_id).collect();
                self.log(Some(conversation), Author::Bot, "[suggestions shown]".into()).await?;
                self.dialogue = Dialogue::AfterSuggestions { conversation, articles };
                Ok(())
            }
            Decision::Miss => self.offer_ticket(conversation, "no-answer").await,
        }
    }

    async fn offer_ticket(&mut self, conversation: ConversationId, key: &str) -> Result<(), EngineError> {
        let choices = vec![
            button(self.lang, "button-open-ticket", choice::TICKET_YES),
            button(self.lang, "button-no-thanks", choice::TICKET_NO),
        ];
        self.turn.ask(self.contact, self.lang, key, &[], choices);
        self.dialogue = Dialogue::AfterMiss { conversation };
        Ok(())
    }

    /// The conversation in progress, or a new one for a fresh question.
    async fn conversation(&mut self) -> Result<ConversationId, EngineError> {
        match self.dialogue.conversation() {
            Some(id) => Ok(id),
            None => Ok(self.turn.tx.start_conversation(self.contact.id, self.lang, self.turn.now).await?),
        }
    }

    async fn show_article(&mut self, conversation: ConversationId, id: &str) -> Result<(), EngineError> {
        let kb = self.engine.kb.load();
        let Some(article) = kb.article(id, self.lang) else {
            return self.offer_ticket(conversation, "no-answer").await;
        };
        let mut text = format!("**{}**\n\n{}", article.title, article.body_markdown);
        if article.lang != self.lang {
            text = format!("{}\n\n{}", super::i18n::t(self.lang, "article-other-language", &[]), text);
        }
        let choices = vec![
            button(self.lang, "button-solved", choice::SOLVED),
            button(self.lang, "button-not-solved", choice::NOT_SOLVED),
            button(self.lang, "button-human", choice::HUMAN),
        ];
        self.turn.send_user(self.contact, text, TextFormat::Markdown, choices);
        self.log(Some(conversation), Author::Bot, handoff::article_marker(&article.id, &article.title)).await?;
        self.dialogue = Dialogue::AfterAnswer { conversation, article: article.id.clone() };
        Ok(())
    }

    async fn choice(&mut self, data: &str) -> Result<(), EngineError> {
        // Following an incident works from any old notice, whatever the
        // conversation is doing now.
        if let Some(id) = data.strip_prefix(choice::SUBSCRIBE_PREFIX) {
            return self.engine.subscribe_incident(self.turn, self.contact, self.lang, id).await;
        }
        let label = |key: &str, lang| super::i18n::t(lang, key, &[]);
        match (self.dialogue.clone(), data) {
            (Dialogue::AfterAnswer { conversation, .. }, choice::SOLVED) => {
                self.log(Some(conversation), Author::User, label("button-solved", self.lang)).await?;
                self.turn.tx.set_query_outcome(conversation, "solved").await?;
                self.turn.tx.end_conversation(conversation, "deflected", self.turn.now).await?;
                self.say("glad-it-helped", &[]);
                self.dialogue = Dialogue::Idle;
            }
            (Dialogue::AfterAnswer { conversation, .. }, choice::NOT_SOLVED) => {
                self.log(Some(conversation), Author::User, label("button-not-solved", self.lang)).await?;
                self.turn.tx.set_query_outcome(conversation, "not_solved").await?;
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
                self.turn.tx.end_conversation(conversation, "abandoned", self.turn.now).await?;
                self.say("ok-ask-again", &[]);
                self.dialogue = Dialogue::Idle;
            }
            (Dialogue::ConfirmFix { ticket }, choice::FIXED_YES) => self.confirm_fixed(ticket).await?,
            (Dialogue::ConfirmFix { ticket }, choice::FIXED_NO) => {
                self.say("what-is-still-wrong", &[]);
                self.dialogue = Dialogue::ReopenReason { ticket };
            }
            (Dialogue::Rating { ticket }, data) if data.starts_with(choice::CSAT_PREFIX) => {
                match data[choice::CSAT_PREFIX.len()..].parse::<u8>() {
                    Ok(score @ 1..=5) => self.rate(ticket, score).await?,
                    _ => self.stale_choice(),
                }
            }
            (Dialogue::RatingComment { .. }, choice::SKIP) => {
                self.say("thanks-for-feedback", &[]);
                self.dialogue = Dialogue::Idle;
            }
            (Dialogue::ConfirmNewQuestion { ticket }, choice::CLOSE_AND_NEW) => {
                self.close_ticket(ticket, "user started a new question").await?;
                self.say("ask-new-question", &[]);
                self.dialogue = Dialogue::Idle;
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
    fn stale_choice(&mut self) {
        self.say("stale-choice", &[]);
    }

    async fn command(&mut self, name: &str, args: &str) -> Result<(), EngineError> {
        match name.trim_start_matches('/').to_ascii_lowercase().as_str() {
            "start" | "help" => {
                if args.trim().is_empty() {
                    self.say("help", &[]);
                    Ok(())
                } else {
                    self.text(args).await
                }
            }
            "status" => self.status().await,
            "close" => match self.turn.tx.open_ticket_for(self.contact.id).await? {
                Some(open) => {
                    let reason = if args.trim().is_empty() { "closed by the user" } else { args.trim() };
                    self.close_ticket(open.id, reason).await
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
                if !args.trim().is_empty() {
                    self.log(Some(conversation), Author::User, args.trim().to_string()).await?;
                }
                self.open_ticket(conversation, Level::L1, Priority::Normal, None).await
            }
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

    async fn status(&mut self) -> Result<(), EngineError> {
        let Some(open) = self.turn.tx.open_ticket_for(self.contact.id).await? else {
            self.say("no-open-ticket", &[]);
            return Ok(());
        };
        let state = super::i18n::t(self.lang, &format!("state-{}", open.state.as_str().replace('_', "-")), &[]);
        let updated = open.updated_at.format("%Y-%m-%d %H:%M UTC").to_string();
        self.say(
            "ticket-status",
            &[
                ("ticket", open.id.to_string()),
                ("state", state),
                ("level", open.level.to_string()),
                ("updated", updated),
            ],
        );
        self.ticket = Some(open.id);
        Ok(())
    }

    async fn attachment(&mut self, attachment: Attachment) -> Result<(), EngineError> {
        let max = self.engine.settings.max_attachment_bytes;
        if attachment.size.is_some_and(|size| size > max) {
            self.say("attachment-too-big", &[("n", (max / 1_000_000).to_string())]);
            return Ok(());
        }
        match self.turn.tx.open_ticket_for(self.contact.id).await? {
            Some(open) => {
                let name = attachment.name.clone().unwrap_or_else(|| attachment.kind.clone());
                let body = format!("[{}: {}]", attachment.kind, name);
                self.relay_to_ticket(open.id, body, Some(attachment)).await
            }
            None => {
                self.say("attachment-needs-ticket", &[]);
                Ok(())
            }
        }
    }

    async fn relay_to_ticket(
        &mut self,
        id: TicketId,
        text: String,
        attachment: Option<Attachment>,
    ) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let next = ticket.apply(&TicketEvent::UserReplied, self.turn.now)?;
        self.turn.save_ticket(&ticket, &next, &TicketEvent::UserReplied, "user").await?;
        self.ticket = Some(id);
        self.log(None, Author::User, text.clone()).await?;
        let line = format!("{}: {}", self.contact.display_name, text);
        match attachment {
            Some(attachment) => self.turn.send_staff_attachment(&next, line, attachment),
            None => self.turn.send_staff(&next, line, None),
        }
        Ok(())
    }

    async fn open_ticket(
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
        let subject = handoff::subject(&messages);
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
        self.turn.tx.set_query_outcome(conversation, "ticket").await?;
        self.turn.tx.end_conversation(conversation, "ticket", self.turn.now).await?;
        let context = handoff::context(&ticket, self.contact, &messages, tag.as_deref());
        let title = handoff::thread_title(&ticket, &self.contact.display_name);
        self.turn.send_staff(&ticket, context, Some(crate::domain::ThreadOp::Open { title }));
        let opened = TicketEvent::Opened { level, priority, subject: ticket.subject.clone() };
        let clocks = self.turn.track_sla(None, &ticket, &opened).await?;
        let mut text = t(self.lang, "ticket-opened", &[("ticket", ticket.id.to_string())]);
        // The promise made to the user is the first-response target.
        if let Some(first) = clocks.iter().find(|c| c.kind == ClockKind::FirstResponse) {
            let key = match self.turn.sla.calendar {
                Calendar::Always => "ticket-first-response",
                Calendar::BusinessHours(_) => "ticket-first-response-business",
            };
            text.push_str("\n\n");
            text.push_str(&t(self.lang, key, &[("within", duration_words(self.lang, first.target_secs))]));
        }
        self.turn.send_user(self.contact, text, TextFormat::Markdown, Vec::new());
        self.ticket = Some(ticket.id);
        self.dialogue = Dialogue::Idle;
        Ok(())
    }

    async fn confirm_fixed(&mut self, id: TicketId) -> Result<(), EngineError> {
        self.close_ticket(id, "confirmed fixed by the user").await
    }

    /// Closes the ticket (by the user) and asks for a rating.
    async fn close_ticket(&mut self, id: TicketId, reason: &str) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let event = TicketEvent::Closed { reason: reason.to_string() };
        let next = ticket.apply(&event, self.turn.now)?;
        self.turn.save_ticket(&ticket, &next, &event, "user").await?;
        self.turn.send_staff(&next, format!("Closed by the user: {reason}"), Some(crate::domain::ThreadOp::Close));
        self.ticket = Some(id);
        self.turn.ask(self.contact, self.lang, "rate-question", &[("ticket", id.to_string())], csat_buttons(self.lang));
        self.dialogue = Dialogue::Rating { ticket: id };
        Ok(())
    }

    async fn reopen(&mut self, id: TicketId, reason: &str) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let event = TicketEvent::Reopened { reason: reason.to_string() };
        let next = ticket.apply(&event, self.turn.now)?;
        self.turn.save_ticket(&ticket, &next, &event, "user").await?;
        self.ticket = Some(id);
        self.log(None, Author::User, reason.to_string()).await?;
        let alert = format!("⚠ Reopened: the user says it is not fixed: {reason}");
        self.turn.send_staff(&next, alert, Some(crate::domain::ThreadOp::Reopen));
        self.say("ticket-reopened", &[("ticket", id.to_string())]);
        self.dialogue = Dialogue::Idle;
        Ok(())
    }

    async fn rate(&mut self, id: TicketId, score: u8) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let event = TicketEvent::Rated { score, comment: None };
        match ticket.apply(&event, self.turn.now) {
            Ok(next) => {
                self.turn.save_ticket(&ticket, &next, &event, "user").await?;
                self.turn.send_staff(&next, format!("Rated {score}/5 by the user"), None);
                let choices = vec![button(self.lang, "button-skip", choice::SKIP)];
                self.turn.ask(self.contact, self.lang, "rating-comment-question", &[], choices);
                self.dialogue = Dialogue::RatingComment { ticket: id };
            }
            Err(_) => {
                self.stale_choice();
                self.dialogue = Dialogue::Idle;
            }
        }
        Ok(())
    }

    async fn rating_comment(&mut self, id: TicketId, comment: &str) -> Result<(), EngineError> {
        let ticket = self.turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        let event = TicketEvent::RatingCommented { comment: comment.to_string() };
        if let Ok(next) = ticket.apply(&event, self.turn.now) {
            self.turn.save_ticket(&ticket, &next, &event, "user").await?;
            self.ticket = Some(id);
            self.log(None, Author::User, comment.to_string()).await?;
            self.turn.send_staff(&next, format!("Rating comment: {comment}"), None);
        }
        self.say("thanks-for-feedback", &[]);
        self.dialogue = Dialogue::Idle;
        Ok(())
    }
}

pub(crate) fn fix_buttons(lang: Lang) -> Vec<crate::domain::Choice> {
    vec![button(lang, "button-fixed-yes", choice::FIXED_YES), button(lang, "button-fixed-no", choice::FIXED_NO)]
}

pub(crate) fn csat_buttons(lang: Lang) -> Vec<crate::domain::Choice> {
    (1..=5).map(|n| button(lang, &format!("csat-score-{n}"), format!("{}{n}", choice::CSAT_PREFIX))).collect()
}

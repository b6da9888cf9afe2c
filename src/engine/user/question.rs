//! A new question: the regex rules first, then a known incident's notice,
//! then the knowledge base — an answer, suggestions, or an honest miss with
//! the offer of a ticket. Every search is logged for the gaps report.

use super::User;
use crate::domain::{ConversationId, Level, Priority, QueryOutcome, TextFormat};
use crate::engine::dialogue::{choice, Dialogue};
use crate::engine::handoff;
use crate::engine::turn::button;
use crate::engine::EngineError;
use crate::kb::{Decision, RuleAction};
use crate::store::{Author, NewArticleView, NewLoggedQuery};

impl User<'_> {
    /// A new question: rules first, then the knowledge base.
    pub(super) async fn question(&mut self, text: &str) -> Result<(), EngineError> {
        let kb = self.engine.kb.load();
        if let Some(rule) = kb.rules().first_match(text) {
            match rule.action {
                RuleAction::Greet => {
                    self.say(
                        "greeting",
                        &[("name", crate::domain::text::markdown_literal(&self.contact.display_name))],
                    );
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
        let searching = std::time::Instant::now();
        let decision = kb.decide(text, search_lang, &self.engine.settings.kb);
        let searched = searching.elapsed();
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
            Decision::Answer(hit) => (Some(hit.article_id.clone()), hit.confidence, QueryOutcome::Answered),
            Decision::Suggest(hits) => (
                hits.first().map(|h| h.article_id.clone()),
                hits.first().map_or(0.0, |h| h.confidence),
                QueryOutcome::Suggested,
            ),
            Decision::Miss => (None, 0.0, QueryOutcome::Missed),
        };
        self.engine.counters.kb_query(outcome, searched);
        let logged = NewLoggedQuery {
            contact: self.contact.id,
            conversation: Some(conversation),
            text: text.to_string(),
            lang: self.lang,
            best_article: best,
            confidence,
            outcome,
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

    pub(super) async fn offer_ticket(&mut self, conversation: ConversationId, key: &str) -> Result<(), EngineError> {
        let choices = vec![
            button(self.lang, "button-open-ticket", choice::TICKET_YES),
            button(self.lang, "button-no-thanks", choice::TICKET_NO),
        ];
        self.turn.ask(self.contact, self.lang, key, &[], choices);
        self.dialogue = Dialogue::AfterMiss { conversation };
        Ok(())
    }

    /// The conversation in progress, or a new one for a fresh question.
    pub(super) async fn conversation(&mut self) -> Result<ConversationId, EngineError> {
        match self.dialogue.conversation() {
            Some(id) => Ok(id),
            None => Ok(self.turn.tx.start_conversation(self.contact.id, self.lang, self.turn.now).await?),
        }
    }

    pub(super) async fn show_article(&mut self, conversation: ConversationId, id: &str) -> Result<(), EngineError> {
        let kb = self.engine.kb.load();
        let Some(article) = kb.article(id, self.lang) else {
            return self.offer_ticket(conversation, "no-answer").await;
        };
        let mut text = format!("**{}**\n\n{}", article.title, article.body_markdown);
        if article.lang != self.lang {
            text = format!("{}\n\n{}", crate::engine::i18n::t(self.lang, "article-other-language", &[]), text);
        }
        let choices = vec![
            button(self.lang, "button-solved", choice::SOLVED),
            button(self.lang, "button-not-solved", choice::NOT_SOLVED),
            button(self.lang, "button-human", choice::HUMAN),
        ];
        self.turn.send_user(self.contact, text, TextFormat::Markdown, choices);
        self.log(Some(conversation), Author::Bot, handoff::article_marker(&article.id, &article.title)).await?;
        let view = NewArticleView {
            contact: self.contact.id,
            conversation: Some(conversation),
            article: article.id.clone(),
            lang: article.lang,
            at: self.turn.now,
        };
        self.turn.tx.record_article_view(&view).await?;
        self.dialogue = Dialogue::AfterAnswer { conversation, article: article.id.clone() };
        Ok(())
    }
}

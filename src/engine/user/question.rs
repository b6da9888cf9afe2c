//! A new question: the regex rules first, then a known incident's notice,
//! then the knowledge base — an answer, suggestions, or an honest miss with
//! the offer of a ticket. Every search is logged for the gaps report.

use super::User;
use crate::domain::{ConversationId, Level, Priority, QueryOutcome, TextFormat};
use crate::engine::dialogue::{choice, Dialogue};
use crate::engine::handoff;
use crate::engine::i18n::t;
use crate::engine::turn::button;
use crate::engine::EngineError;
use crate::kb::{Decision, RuleAction, RuleMatch, Step};
use crate::store::{Author, NewArticleView, NewLoggedQuery};

impl User<'_> {
    /// A new question: a matching incident's notice, the rules, then the
    /// knowledge base, as `KnowledgeBase::respond` decides.
    pub(super) async fn question(&mut self, text: &str) -> Result<(), EngineError> {
        let kb = self.engine.kb.load();
        let search_lang = if self.lang_known { Some(self.lang) } else { None };
        let searching = std::time::Instant::now();
        let response = kb.respond(text, search_lang, &self.engine.settings.kb);
        let searched = searching.elapsed();
        if let Some(incident) = &response.incident {
            // A known outage is news before anything else.
            self.engine.incident_notice(self.turn, self.contact, self.lang, incident).await?;
        }
        let decision = match response.step {
            Step::Rule(rule) => return self.follow_rule(rule, text).await,
            Step::Search(decision) => decision,
        };
        let conversation = self.routed(text).await?;
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
                        // Another language's title says so, never passing
                        // for an article in the user's language.
                        label: if h.fallback_language {
                            let language = language_name(self.lang, h.lang);
                            t(
                                self.lang,
                                "suggestion-in-language",
                                &[("title", h.title.clone()), ("language", language)],
                            )
                        } else {
                            h.title.clone()
                        },
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

    /// A rule's action. A rule written in one language answers in it: "olá"
    /// gets a Portuguese greeting whatever the platform said, and a user
    /// nothing else told the language of keeps it.
    async fn follow_rule(&mut self, rule: RuleMatch, text: &str) -> Result<(), EngineError> {
        if let Some(lang) = rule.lang {
            self.lang = lang;
            if !self.lang_known {
                self.lang_known = true;
                self.contact.lang = Some(lang);
            }
        }
        match rule.action {
            RuleAction::Greet => {
                self.say("greeting", &[("name", crate::domain::text::markdown_literal(&self.contact.display_name))]);
                Ok(())
            }
            RuleAction::SwitchLanguage(lang) => self.switch_language(lang),
            RuleAction::Human => {
                let conversation = self.routed(text).await?;
                self.open_ticket(conversation, Level::L1, Priority::Normal, None).await
            }
            RuleAction::Ticket { level, priority, tag } => {
                let conversation = self.routed(text).await?;
                let level = level.and_then(|l| l.parse().ok()).filter(|l| *l >= Level::L1).unwrap_or(Level::L1);
                let priority = priority.and_then(|p| p.parse().ok()).unwrap_or_default();
                self.open_ticket(conversation, level, priority, tag).await
            }
            RuleAction::Article(id) => {
                let conversation = self.routed(text).await?;
                self.show_article(conversation, &id).await
            }
        }
    }

    /// The user's message, logged in the conversation it belongs to, before
    /// a rule or the search routes it.
    async fn routed(&mut self, text: &str) -> Result<ConversationId, EngineError> {
        let conversation = self.conversation().await?;
        self.log(Some(conversation), Author::User, text.to_string()).await?;
        Ok(conversation)
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
        let body = match kb.body(article) {
            Ok(body) => body,
            Err(error) => {
                // Its index and its file both failed it: say so and offer
                // people, rather than send a title with nothing under it.
                tracing::warn!(article = %article.id, %error, "article body unavailable");
                return self.offer_ticket(conversation, "no-answer").await;
            }
        };
        let mut text = format!("**{}**\n\n{}", article.title, body);
        if article.lang != self.lang {
            let language = language_name(self.lang, article.lang);
            text = format!("{}\n\n{}", t(self.lang, "article-other-language", &[("language", language)]), text);
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

/// The name of `language` as a reader of `reader` writes it.
fn language_name(reader: crate::domain::Lang, language: crate::domain::Lang) -> String {
    t(reader, &format!("language-name-{}", language.code()), &[])
}

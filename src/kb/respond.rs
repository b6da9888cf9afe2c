//! The level-0 decision for one message, in the order the bot applies it: a
//! matching active incident first, then the regex rules, then the search
//! with the thresholds of the message's language. The engine acts on it and
//! `kb eval --as-configured` scores it, so both see the same decision.

use super::base::KnowledgeBase;
use super::rules::{RuleAction, RuleMatch};
use super::search::decision;
use super::settings::{Decision, KbSettings};
use crate::domain::Lang;

/// What the bot does with a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The id of the active incident the message matches: its notice is
    /// sent before anything else.
    pub incident: Option<String>,
    pub step: Step,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A rule routes the message (greeting, language switch, ticket…).
    Rule(RuleMatch),
    Search(Decision),
}

impl KnowledgeBase {
    /// The decision for `text` from a user of `lang` (`None`: unknown).
    ///
    /// During an incident the message matches, only the rules that answer
    /// by themselves (greetings, language switches) still run: the ones that
    /// open a ticket or show an article would route the very outage the
    /// notice is about.
    pub fn respond(&self, text: &str, lang: Option<Lang>, settings: &KbSettings) -> Response {
        let incident = self.incidents().matching(text).map(|i| i.id.clone());
        let rule = self.rules().first_match(text).filter(|rule| {
            incident.is_none() || matches!(rule.action, RuleAction::Greet | RuleAction::SwitchLanguage(_))
        });
        if let Some(rule) = rule {
            return Response { incident, step: Step::Rule(rule) };
        }
        let hits = self.search(text, lang, settings.max_suggestions.max(1));
        // Unknown language: the thresholds of the language that answers best.
        let judged_in = lang.or_else(|| hits.first().map(|h| h.lang)).unwrap_or(Lang::En);
        let decision = decision(hits, self.thresholds(judged_in, settings), settings.max_suggestions);
        Response { incident, step: Step::Search(decision) }
    }
}

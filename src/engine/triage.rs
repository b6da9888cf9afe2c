//! Triage on opening: a ticket takes the highest level and priority, and
//! the tags, of the articles the user tried and the rules their messages
//! matched, and a priority keyword in any of their messages ("urgent",
//! "não consigo trabalhar") raises its priority.

use std::collections::BTreeSet;

use crate::domain::{Lang, Level, Priority};
use crate::kb::RuleAction;
use crate::store::{Author, MessageRow};

use super::{handoff, Engine};

/// At most this many tags on a ticket, each at most `MAX_TAG_CHARS`.
pub const MAX_TAGS: usize = 12;
pub const MAX_TAG_CHARS: usize = 32;

/// A tag as stored: lowercase letters, digits, `-` and `_`; `None` for
/// anything else (a tag is a filter key, never free text).
pub fn tag_key(text: &str) -> Option<String> {
    let tag = text.trim().trim_start_matches('#').to_lowercase();
    let valid = !tag.is_empty()
        && tag.chars().count() <= MAX_TAG_CHARS
        && tag.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    valid.then_some(tag)
}

/// The default priority keywords per language: what users write when they
/// cannot wait.
pub fn default_keywords() -> Vec<(Lang, Vec<String>)> {
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect();
    vec![
        (Lang::En, words(&["urgent", "asap", "can't work", "cannot work", "production is down"])),
        (Lang::Pt, words(&["urgente", "não consigo trabalhar", "nao consigo trabalhar", "parado"])),
        (Lang::Es, words(&["urgente", "no puedo trabajar", "producción parada"])),
        (Lang::Ca, words(&["urgent", "no puc treballar", "producció aturada"])),
    ]
}

/// What a new ticket starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    pub level: Level,
    pub priority: Priority,
    pub tags: Vec<String>,
}

impl Engine {
    /// `level`, `priority` and `tag` are what opened the ticket (a rule, or
    /// L1 normal); the conversation's articles, rules and keywords may
    /// only raise them.
    pub(super) fn triage(
        &self,
        messages: &[MessageRow],
        lang: Lang,
        level: Level,
        priority: Priority,
        tag: Option<String>,
    ) -> Triage {
        let kb = self.kb.load();
        let mut triage = Triage { level: level.max(Level::L1), priority, tags: Vec::new() };
        let mut tags: BTreeSet<String> = tag.as_deref().and_then(tag_key).into_iter().collect();
        for id in handoff::tried_article_ids(messages) {
            let Some(article) = kb.article(&id, lang) else { continue };
            if let Some(level) = article.level {
                triage.level = triage.level.max(level);
            }
            if let Some(priority) = article.priority {
                triage.priority = triage.priority.max(priority);
            }
            tags.extend(article.tags.iter().filter_map(|t| tag_key(t)));
        }
        let said: Vec<&MessageRow> = messages.iter().filter(|m| m.author == Author::User).collect();
        for message in &said {
            if let Some(rule) = kb.rules().first_match(&message.body) {
                if let RuleAction::Ticket { level, priority, tag } = rule.action {
                    if let Some(level) = level.and_then(|l| l.parse::<Level>().ok()) {
                        triage.level = triage.level.max(level);
                    }
                    if let Some(priority) = priority.and_then(|p| p.parse::<Priority>().ok()) {
                        triage.priority = triage.priority.max(priority);
                    }
                    tags.extend(tag.as_deref().and_then(tag_key));
                }
            }
        }
        let urgent = said.iter().any(|m| {
            let text = m.body.to_lowercase();
            self.settings
                .priority_keywords
                .iter()
                .flat_map(|(_, words)| words)
                .any(|w| text.contains(&w.to_lowercase()))
        });
        if urgent {
            triage.priority = triage.priority.max(self.settings.keyword_priority);
        }
        triage.tags = tags.into_iter().take(MAX_TAGS).collect();
        triage
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_a_short_lowercase_key_or_nothing() {
        assert_eq!(tag_key(" #Password "), Some("password".into()));
        assert_eq!(tag_key("palavra-passe"), Some("palavra-passe".into()));
        for bad in ["", "two words", "a\u{1b}[2J", "<b>", &"x".repeat(33)] {
            assert_eq!(tag_key(bad), None, "{bad:?}");
        }
    }
}

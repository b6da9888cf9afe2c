//! The regex rules of `kb/rules.toml`, run before any search: greetings,
//! "talk to a human", known incidents, language switches.

use std::path::Path;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use super::error::KbError;
use crate::domain::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleAction {
    Greet,
    Human,
    SwitchLanguage(Lang),
    Article(String),
    Ticket { level: Option<String>, priority: Option<String>, tag: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    pub name: String,
    pub action: RuleAction,
    /// The language the rule's pattern is written in (`lang =`): the reply
    /// uses it, so "olá" gets a Portuguese greeting whatever the platform
    /// locale says.
    pub lang: Option<Lang>,
}

/// Rules in file order, matched with one `RegexSet` pass over the text.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    names: Vec<String>,
    actions: Vec<RuleAction>,
    langs: Vec<Option<Lang>>,
    set: Option<RegexSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rule: Vec<RuleDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    name: String,
    pattern: String,
    action: String,
    lang: Option<String>,
    article: Option<String>,
    level: Option<String>,
    priority: Option<String>,
    tag: Option<String>,
}

impl Rules {
    /// Parses rules text; errors carry the 1-based line to blame.
    pub fn parse(path: &Path, text: &str) -> Result<Rules, KbError> {
        let fail = |line: usize, message: String| KbError::Data { path: path.to_path_buf(), line, message };
        let file: RulesFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            fail(line, e.message().to_string())
        })?;
        let mut rules = Rules::default();
        let mut patterns = Vec::new();
        for def in file.rule {
            let line = text.find(&format!("\"{}\"", def.name)).map_or(1, |at| line_of(text, at));
            if let Err(e) = Regex::new(&def.pattern) {
                return Err(fail(line, format!("rule `{}`: pattern does not compile: {e}", def.name)));
            }
            let action = parse_action(&def).map_err(|m| fail(line, format!("rule `{}`: {m}", def.name)))?;
            let lang = def.lang.as_deref().map(str::parse::<Lang>).transpose();
            let lang = lang.map_err(|e| fail(line, format!("rule `{}`: {e}", def.name)))?;
            patterns.push(def.pattern);
            rules.langs.push(lang);
            rules.names.push(def.name);
            rules.actions.push(action);
        }
        let set = RegexSet::new(&patterns).map_err(|e| fail(1, e.to_string()))?;
        rules.set = Some(set);
        Ok(rules)
    }

    /// The first rule, in file order, whose pattern matches `text`.
    pub fn first_match(&self, text: &str) -> Option<RuleMatch> {
        let first = self.set.as_ref()?.matches(text).into_iter().next()?;
        Some(RuleMatch {
            name: self.names[first].clone(),
            action: self.actions[first].clone(),
            lang: self.langs[first],
        })
    }

    /// `(rule name, article id)` for every rule that answers with an article.
    pub fn article_refs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().zip(&self.actions).filter_map(|(n, a)| match a {
            RuleAction::Article(id) => Some((n.as_str(), id.as_str())),
            _ => None,
        })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Why a rule's action cannot be used, for the lint line that names it.
#[derive(Debug, thiserror::Error)]
enum ActionError {
    #[error("switch_language needs `lang`")]
    NoLang,
    #[error(transparent)]
    Lang(#[from] crate::domain::lang::UnknownLang),
    #[error("action article needs `article`")]
    NoArticle,
    #[error("unknown action `{0}` (expected greet, human, switch_language, article or ticket)")]
    Unknown(String),
}

fn parse_action(def: &RuleDef) -> Result<RuleAction, ActionError> {
    Ok(match def.action.as_str() {
        "greet" => RuleAction::Greet,
        "human" => RuleAction::Human,
        "switch_language" => RuleAction::SwitchLanguage(def.lang.as_deref().ok_or(ActionError::NoLang)?.parse()?),
        "article" => RuleAction::Article(def.article.clone().ok_or(ActionError::NoArticle)?),
        "ticket" => {
            RuleAction::Ticket { level: def.level.clone(), priority: def.priority.clone(), tag: def.tag.clone() }
        }
        other => return Err(ActionError::Unknown(other.to_string())),
    })
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"
[[rule]]
name = "greeting"
pattern = "(?i)^\\s*(ol[áa]|oi|hello|hi)\\b"
action = "greet"

[[rule]]
name = "human"
pattern = "(?i)\\b(human|humano|pessoa)\\b"
action = "human"

[[rule]]
name = "to-spanish"
pattern = "(?i)\\ben español\\b"
action = "switch_language"
lang = "es"

[[rule]]
name = "outage"
pattern = "(?i)\\b(down|fora do ar)\\b"
action = "ticket"
level = "L2"
priority = "high"
tag = "outage"
"#;

    #[test]
    fn the_first_matching_rule_in_file_order_wins() {
        let rules = Rules::parse(Path::new("rules.toml"), RULES).unwrap();
        assert_eq!(rules.len(), 4);
        let m = rules.first_match("Olá, quero falar com um humano").unwrap();
        assert_eq!((m.name.as_str(), m.action), ("greeting", RuleAction::Greet));
        assert_eq!(rules.first_match("um humano, por favor").unwrap().action, RuleAction::Human);
        assert_eq!(rules.first_match("habla en español").unwrap().action, RuleAction::SwitchLanguage(Lang::Es));
        let outage = rules.first_match("the site is down").unwrap().action;
        assert_eq!(
            outage,
            RuleAction::Ticket { level: Some("L2".into()), priority: Some("high".into()), tag: Some("outage".into()) }
        );
        assert_eq!(rules.first_match("how do I reset my password"), None);
    }

    #[test]
    fn a_missing_or_empty_rules_file_means_no_rules() {
        let rules = Rules::parse(Path::new("kb/rules.toml"), "").unwrap();
        assert!(rules.is_empty());
        assert_eq!(rules.first_match("hello"), None);
        let dir = tempfile::tempdir().unwrap();
        let report = crate::kb::check(dir.path());
        assert!(!report.problems.iter().any(|p| p.path.ends_with(super::super::RULES_FILE)), "{report}");
    }

    #[test]
    fn a_pattern_that_does_not_compile_is_reported_at_its_rule() {
        let text = "[[rule]]\nname = \"ok\"\npattern = \"a\"\naction = \"greet\"\n\n[[rule]]\nname = \"bad\"\npattern = \"(\"\naction = \"greet\"\n";
        match Rules::parse(Path::new("rules.toml"), text) {
            Err(KbError::Data { line, message, .. }) => {
                assert_eq!(line, 7);
                assert!(message.contains("does not compile"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn switch_language_without_a_language_is_rejected() {
        let text = "[[rule]]\nname = \"x\"\npattern = \"a\"\naction = \"switch_language\"\n";
        assert!(Rules::parse(Path::new("rules.toml"), text).is_err());
    }
}

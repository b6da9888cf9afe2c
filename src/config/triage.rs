//! The `[triage]` section: the words in a user's messages that raise a new
//! ticket's priority, per language (each language given replaces its
//! defaults), and the priority they raise it to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::domain::{Lang, Priority};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TriageConfig {
    pub keyword_priority: Priority,
    /// `en = ["urgent", "can't work"]`: replaces that language's defaults.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub keywords: BTreeMap<Lang, Vec<String>>,
}

impl Default for TriageConfig {
    fn default() -> Self {
        TriageConfig { keyword_priority: Priority::High, keywords: BTreeMap::new() }
    }
}

const MAX_KEYWORDS: usize = 100;
const MAX_KEYWORD_CHARS: usize = 60;

impl TriageConfig {
    /// The keywords per language, defaults where none are given, checked.
    pub fn keywords(&self) -> Result<Vec<(Lang, Vec<String>)>, ConfigError> {
        let mut all = crate::engine::triage_defaults();
        for (lang, words) in &self.keywords {
            if words.len() > MAX_KEYWORDS {
                return Err(ConfigError::invalid(format!("triage.keywords.{lang}: at most {MAX_KEYWORDS} keywords")));
            }
            for word in words {
                let ok = !word.trim().is_empty()
                    && word.chars().count() <= MAX_KEYWORD_CHARS
                    && !word.chars().any(char::is_control);
                if !ok {
                    let shown: String = word.chars().take(MAX_KEYWORD_CHARS).flat_map(char::escape_default).collect();
                    return Err(ConfigError::invalid(format!(
                        "triage.keywords.{lang}: `{shown}` must be one line of 1 to {MAX_KEYWORD_CHARS} characters"
                    )));
                }
            }
            let words = words.iter().map(|w| w.trim().to_lowercase()).collect();
            match all.iter_mut().find(|(l, _)| l == lang) {
                Some(entry) => entry.1 = words,
                None => all.push((*lang, words)),
            }
        }
        Ok(all)
    }
}

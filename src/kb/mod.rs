//! TEMPORARY stand-in for the knowledge base module (being replaced by the
//! tantivy implementation); same public API.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::Lang;

pub type SharedKb = Arc<arc_swap::ArcSwap<KnowledgeBase>>;

#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{0}")]
    Io(String),
}

#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub lang: Lang,
    pub title: String,
    pub questions: Vec<String>,
    pub body_markdown: String,
    pub path: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub article_id: String,
    pub lang: Lang,
    pub title: String,
    pub confidence: f32,
    pub fallback_language: bool,
}

#[derive(Deserialize, Serialize, Clone, Debug)]
pub struct KbSettings {
    pub answer_threshold: f32,
    pub suggest_threshold: f32,
    pub max_suggestions: usize,
}

impl Default for KbSettings {
    fn default() -> Self {
        KbSettings { answer_threshold: 0.5, suggest_threshold: 0.2, max_suggestions: 3 }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Answer(Hit),
    Suggest(Vec<Hit>),
    Miss,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleAction {
    Greet,
    Human,
    SwitchLanguage(Lang),
    Article(String),
    Ticket { level: Option<String>, priority: Option<String>, tag: Option<String> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleMatch {
    pub name: String,
    pub action: RuleAction,
}

#[derive(Default)]
pub struct Rules;

impl Rules {
    pub fn first_match(&self, _text: &str) -> Option<RuleMatch> {
        None
    }
}

#[derive(Default)]
pub struct KnowledgeBase {
    articles: Vec<Article>,
    rules: Rules,
}

#[derive(Deserialize)]
struct Front {
    id: String,
    lang: String,
    title: String,
    #[serde(default)]
    questions: Vec<String>,
}

fn words(s: &str) -> Vec<String> {
    s.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2).map(String::from).collect()
}

impl KnowledgeBase {
    pub fn load(dir: &Path) -> Result<KnowledgeBase, KbError> {
        let mut articles = Vec::new();
        for lang in Lang::ALL {
            let Ok(entries) = std::fs::read_dir(dir.join(lang.code())) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                let text = std::fs::read_to_string(&path).map_err(|e| KbError::Io(e.to_string()))?;
                let Some(rest) = text.strip_prefix("---\n") else { continue };
                let Some((front, body)) = rest.split_once("\n---\n") else { continue };
                let Ok(f) = serde_yaml::from_str::<Front>(front) else { continue };
                let Some(lang) = Lang::from_locale(&f.lang) else { continue };
                articles.push(Article {
                    id: f.id,
                    lang,
                    title: f.title,
                    questions: f.questions,
                    body_markdown: body.trim().to_string(),
                    path,
                });
            }
        }
        Ok(KnowledgeBase { articles, rules: Rules })
    }

    pub fn search(&self, query: &str, lang: Option<Lang>, limit: usize) -> Vec<Hit> {
        let q = words(query);
        if q.is_empty() {
            return vec![];
        }
        let mut hits: Vec<Hit> = self
            .articles
            .iter()
            .filter(|a| lang.is_none_or(|l| l == a.lang))
            .map(|a| {
                let best = std::iter::once(&a.title)
                    .chain(a.questions.iter())
                    .map(|text| {
                        let w = words(text);
                        q.iter().filter(|x| w.contains(x)).count() as f32 / q.len().max(w.len()) as f32
                    })
                    .fold(0.0, f32::max);
                Hit {
                    article_id: a.id.clone(),
                    lang: a.lang,
                    title: a.title.clone(),
                    confidence: best,
                    fallback_language: false,
                }
            })
            .filter(|h| h.confidence > 0.0)
            .collect();
        hits.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        hits.truncate(limit);
        hits
    }

    pub fn decide(&self, query: &str, lang: Option<Lang>, settings: &KbSettings) -> Decision {
        let hits = self.search(query, lang, settings.max_suggestions);
        match hits.first() {
            Some(h) if h.confidence >= settings.answer_threshold => Decision::Answer(h.clone()),
            Some(h) if h.confidence >= settings.suggest_threshold => {
                Decision::Suggest(hits.into_iter().filter(|h| h.confidence >= settings.suggest_threshold).collect())
            }
            _ => Decision::Miss,
        }
    }

    pub fn article(&self, id: &str, lang: Lang) -> Option<&Article> {
        self.articles
            .iter()
            .find(|a| a.id == id && a.lang == lang)
            .or_else(|| self.articles.iter().find(|a| a.id == id))
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }
}

pub fn detect_language(_text: &str) -> Option<Lang> {
    None
}
pub mod snippets;

//! The knowledge base: markdown articles with front matter, their lint, the
//! regex rules, a per-language tantivy index with word weights learned from
//! the phrasings and calibrated confidence, hot reload, and the tools that
//! measure it (intent import, eval, gaps, bench).

mod analysis;
mod article;
mod article_cache;
mod base;
mod bench;
mod byte_reader;
mod calibrate;
mod calibration;
mod detect;
mod draft;
mod error;
mod eval;
mod eval_configured;
pub mod files;
mod gaps;
pub mod incident;
mod index;
mod index_cache;
mod learned;
mod lint;
mod loader;
mod parity;
mod report;
mod respond;
mod rules;
mod search;
mod settings;
mod small_talk;
pub mod snippets;
mod watch;

pub use analysis::analyze;
pub use article::{parse_article, Article, ParseProblem, MAX_ID_BYTES};
pub use base::KnowledgeBase;
pub use bench::{run_search_bench, write_synthetic_kb, BenchReport};
pub use calibrate::{calibrate, CalibrateOptions};
pub use calibration::{Calibration, LangCalibration, CALIBRATION_FILE};
pub use detect::detect_language;
pub use draft::{draft_article, Draft, DraftSource};
pub use error::KbError;
pub use eval::{evaluate, import_intents, read_labeled, EvalReport, LabeledQuery};
pub use eval_configured::{evaluate_as_configured, ConfidentWrong, ConfiguredReport, Experience};
pub use gaps::{cluster_gaps, GapCluster, LoggedQuery};
pub use incident::{Incident, IncidentStatus, Incidents};
pub use index_cache::IndexOrigin;
pub use lint::{check, check_capped, check_parity};
pub use loader::{article_files, RULES_FILE};
pub use report::{Problem, Report, Severity};
pub use respond::{Response, Step};
pub use rules::{RuleAction, RuleMatch, Rules};
pub use settings::{Decision, Hit, KbSettings, Thresholds, Tuning};
pub use watch::{spawn_watcher, Reload, SharedKb};

//! Configuration, layered: built-in defaults → `escala.toml` → `ESCALA_*`
//! environment variables (`ESCALA_KB__ANSWER_THRESHOLD=0.6`; `__` separates
//! sections). Unknown keys are errors that name the key. Secrets (bot tokens,
//! database passwords) come only from the environment and never print.

mod assignment;
mod database;
mod discord;
mod metrics;
mod remote;
mod retention;
mod sla;
mod telegram;
mod triage;
mod vendors;

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

use crate::domain::{Channel, Lang};
use crate::engine::EngineSettings;
use crate::kb::KbSettings;

pub use assignment::AssignmentConfig;
pub use database::{redact_url, url_has_password, DatabaseConfig};
pub use discord::{DiscordConfig, Shards};
pub use metrics::MetricsConfig;
pub use remote::RemoteToolConfig;
pub use retention::RetentionConfig;
pub use sla::{BusinessHoursConfig, SlaConfig, TargetConfig};
pub use telegram::TelegramConfig;
pub use triage::TriageConfig;
pub use vendors::VendorConfig;

/// Environment variables read directly, never through the config tree, so
/// they cannot end up in `escala config` output or a config file.
pub const SECRET_VARS: [&str; 3] = ["ESCALA_TELEGRAM_TOKEN", "ESCALA_TELEGRAM_WEBHOOK_SECRET", "ESCALA_DISCORD_TOKEN"];
/// Variables that steer loading itself rather than set a key.
const LOADER_VARS: [&str; 2] = ["CONFIG", "LOG"];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub database: DatabaseConfig,
    pub kb: KbConfig,
    pub support: SupportConfig,
    pub telegram: TelegramConfig,
    pub sla: SlaConfig,
    pub discord: DiscordConfig,
    pub metrics: MetricsConfig,
    pub retention: RetentionConfig,
    /// `[vendors.NAME]`: the external vendors of level 4.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub vendors: std::collections::BTreeMap<String, VendorConfig>,
    pub triage: TriageConfig,
    /// `[assignment.Ln]`: levels that assign their tickets automatically.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub assignment: std::collections::BTreeMap<crate::domain::Level, AssignmentConfig>,
    /// `[remote_tools.ID]`: what `/remote` offers; unset, the defaults.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub remote_tools: std::collections::BTreeMap<String, RemoteToolConfig>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct KbConfig {
    pub dir: PathBuf,
    /// Confidence at or above which the bot answers with the article, in
    /// every language; unset, each language uses `kb/calibration.toml`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_threshold: Option<f64>,
    /// Confidence at or above which articles are offered as suggestions;
    /// unset, each language uses `kb/calibration.toml`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggest_threshold: Option<f64>,
    pub max_suggestions: usize,
    /// Rebuild the index when files under `dir` change.
    pub watch: bool,
    /// Largest KB file read, in megabytes; larger ones are reported, not read.
    pub max_file_mb: u64,
    /// Where the search index is saved between starts; unset, beside the
    /// SQLite file (in RAM with PostgreSQL); `""`, always in RAM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SupportConfig {
    pub fallback_lang: Lang,
    /// The language of the bot's own text in staff spaces.
    pub staff_lang: Lang,
    pub sign_replies: bool,
    pub max_text_chars: usize,
    pub staff_channel: Channel,
    /// A staff message starting with this is an internal note.
    pub note_prefix: String,
    /// Largest file a user may send into a ticket, in megabytes.
    pub max_attachment_mb: u64,
    /// Messages a user may send per minute once their burst is spent; 0: no limit.
    pub flood_per_minute: u32,
    /// Messages a user may send in a quick burst.
    pub flood_burst: u32,
    /// The team's IANA time zone, e.g. "Europe/Lisbon": callback windows
    /// are in it. Unset: the business hours' zone, else UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// The index folder's name beside the SQLite file.
pub const DEFAULT_INDEX_FOLDER: &str = "escala-index";

impl Default for KbConfig {
    fn default() -> Self {
        KbConfig {
            dir: PathBuf::from("kb"),
            answer_threshold: None,
            suggest_threshold: None,
            max_suggestions: KbSettings::default().max_suggestions,
            watch: true,
            max_file_mb: crate::kb::files::DEFAULT_MAX_FILE_BYTES / 1_000_000,
            index_dir: None,
        }
    }
}

impl Default for SupportConfig {
    fn default() -> Self {
        let engine = EngineSettings::default();
        SupportConfig {
            fallback_lang: engine.fallback_lang,
            staff_lang: engine.staff_lang,
            sign_replies: engine.sign_replies,
            max_text_chars: engine.max_text_chars,
            staff_channel: engine.staff_channel,
            note_prefix: engine.note_prefix,
            max_attachment_mb: engine.max_attachment_bytes / 1_000_000,
            flood_per_minute: engine.flood.per_minute,
            flood_burst: engine.flood.burst,
            time_zone: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
    #[error(
        "configuration: the database URL in {0} holds a password; put the whole URL in the ESCALA_DATABASE__URL environment variable instead"
    )]
    PasswordInFile(String),
}

/// An environment variable's key path as the configuration spells it:
/// lowercase, except the level names that key the per-level maps (`L1` in
/// `ESCALA_SLA__TARGETS__L1__NORMAL__FIRST_RESPONSE`), which the defaults
/// and the files write in capitals.
fn env_key(key: &str) -> String {
    key.split('.')
        .map(|part| {
            let lower = part.to_ascii_lowercase();
            match lower.as_str() {
                "l0" | "l1" | "l2" | "l3" | "l4" => lower.to_ascii_uppercase(),
                _ => lower,
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

impl ConfigError {
    pub(crate) fn invalid(reason: impl Into<String>) -> ConfigError {
        ConfigError::Invalid(reason.into())
    }
}

/// A name staff type (a vendor, a remote tool) as the key of `[section.NAME]`:
/// 1 to `max` ASCII letters, digits, `-` or `_`, else why not, the name
/// shown escaped.
pub(crate) fn check_key_name(section: &str, what: &str, name: &str, max: usize) -> Result<(), ConfigError> {
    let valid = !name.is_empty()
        && name.chars().count() <= max
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        return Ok(());
    }
    let shown: String = name.chars().take(max).flat_map(char::escape_default).collect();
    Err(ConfigError::invalid(format!("{section}.{shown}: {what} is 1 to {max} letters, digits, `-` or `_`")))
}

impl Config {
    /// Loads defaults, then `file` (if it exists; an explicitly named file
    /// must exist), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, must_exist) = match file {
            Some(path) => (path.to_path_buf(), true),
            None => (PathBuf::from("escala.toml"), false),
        };
        if must_exist && !path.exists() {
            return Err(ConfigError::Invalid(format!("config file {} does not exist", path.display())));
        }
        let from_file: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(&path))
            .extract()
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        if url_has_password(&from_file.database.url) {
            return Err(ConfigError::PasswordInFile(path.display().to_string()));
        }
        let secrets = SECRET_VARS.map(|v| v.trim_start_matches("ESCALA_"));
        let config: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(&path))
            .merge(
                Env::prefixed("ESCALA_")
                    .split("__")
                    .filter(move |key| !secrets.contains(&key.as_str()) && !LOADER_VARS.contains(&key.as_str()))
                    .map(|key| env_key(key.as_str()).into())
                    // `env_key` chose the case; figment would lowercase all.
                    .lowercase(false),
            )
            .extract()
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.database.validate()?;
        self.retention.validate()?;
        let kb = &self.kb;
        let in_unit = |x: Option<f64>| x.is_none_or(|x| (0.0..=1.0).contains(&x));
        let ordered = match (kb.suggest_threshold, kb.answer_threshold) {
            (Some(suggest), Some(answer)) => suggest <= answer,
            _ => true,
        };
        if !in_unit(kb.answer_threshold) || !in_unit(kb.suggest_threshold) || !ordered {
            return Err(ConfigError::Invalid(
                "kb.suggest_threshold and kb.answer_threshold must lie in [0, 1] with suggest ≤ answer".into(),
            ));
        }
        self.sla_policy()?;
        remote::remote_tools(&self.remote_tools)?;
        self.time_zone()?;
        self.triage.keywords()?;
        assignment::assignment(&self.assignment)?;
        if self.kb.max_file_mb == 0 {
            return Err(ConfigError::invalid("kb.max_file_mb must be at least 1"));
        }
        if self.support.max_text_chars == 0 {
            return Err(ConfigError::Invalid("support.max_text_chars must be positive".into()));
        }
        if !(1..=500).contains(&self.discord.max_upload_mb) {
            return Err(ConfigError::invalid("discord.max_upload_mb must lie between 1 and 500 (10 without boosts)"));
        }
        Ok(())
    }

    /// `kb.max_file_mb` in bytes.
    pub fn kb_max_file_bytes(&self) -> u64 {
        self.kb.max_file_mb.saturating_mul(1_000_000)
    }

    /// Where the search index is saved (`kb.index_dir`), `None` for RAM:
    /// by default the `escala-index` folder beside the SQLite file.
    pub fn kb_index_dir(&self) -> Option<PathBuf> {
        match &self.kb.index_dir {
            Some(dir) if dir.as_os_str().is_empty() => None,
            Some(dir) => Some(dir.clone()),
            None => {
                let file = self.database.sqlite_file()?;
                let parent = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                Some(parent.join(DEFAULT_INDEX_FOLDER))
            }
        }
    }

    /// `support.time_zone`, else the business hours' zone, else UTC.
    pub fn time_zone(&self) -> Result<chrono_tz::Tz, ConfigError> {
        let named =
            self.support.time_zone.as_deref().or(self.sla.business_hours.as_ref().map(|h| h.time_zone.as_str()));
        match named {
            None => Ok(chrono_tz::UTC),
            Some(name) => name.parse().map_err(|_| {
                let shown: String = name.chars().take(64).flat_map(char::escape_default).collect();
                ConfigError::invalid(format!("support.time_zone `{shown}` is not an IANA time zone like Europe/Lisbon"))
            }),
        }
    }

    /// The `[sla]` policy with the `[vendors]` terms, checked.
    pub fn sla_policy(&self) -> Result<crate::domain::sla::SlaPolicy, ConfigError> {
        let mut policy = self.sla.policy()?;
        policy.vendors = vendors::vendor_terms(&self.vendors)?;
        Ok(policy)
    }

    pub fn engine_settings(&self) -> EngineSettings {
        EngineSettings {
            kb: KbSettings {
                answer_threshold: self.kb.answer_threshold.map(|t| t as f32),
                suggest_threshold: self.kb.suggest_threshold.map(|t| t as f32),
                max_suggestions: self.kb.max_suggestions,
            },
            fallback_lang: self.support.fallback_lang,
            staff_lang: self.support.staff_lang,
            sign_replies: self.support.sign_replies,
            max_text_chars: self.support.max_text_chars,
            staff_channel: self.support.staff_channel,
            snippets_dir: self.kb.dir.join("snippets"),
            note_prefix: self.support.note_prefix.clone(),
            // `load` validated the section; a hand-built Config falls back
            // to the defaults rather than failing here.
            sla: self.sla_policy().unwrap_or_default(),
            max_attachment_bytes: self.support.max_attachment_mb.saturating_mul(1_000_000),
            discord_upload_bytes: self.discord.max_upload_mb.saturating_mul(1024 * 1024),
            flood: crate::engine::FloodLimit {
                per_minute: self.support.flood_per_minute,
                burst: self.support.flood_burst,
            },
            remote_tools: remote::remote_tools(&self.remote_tools)
                .unwrap_or_else(|_| crate::engine::RemoteTool::defaults()),
            time_zone: self.time_zone().unwrap_or(chrono_tz::UTC),
            priority_keywords: self.triage.keywords().unwrap_or_else(|_| crate::engine::triage_defaults()),
            keyword_priority: self.triage.keyword_priority,
            assignment: assignment::assignment(&self.assignment).unwrap_or_default(),
        }
    }

    /// The effective configuration as TOML, secrets redacted.
    pub fn to_redacted_toml(&self) -> String {
        let mut shown = self.clone();
        shown.database.url = redact_url(&shown.database.url);
        let mut text = toml::to_string_pretty(&shown).unwrap_or_else(|e| format!("# cannot render: {e}\n"));
        text.push_str("\n# secrets (environment only)\n");
        for var in SECRET_VARS {
            let state = if std::env::var_os(var).is_some() { "set" } else { "not set" };
            text.push_str(&format!("# {var}: {state}\n"));
        }
        text
    }
}

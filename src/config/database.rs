//! The `[database]` section: which database the bot keeps its state in,
//! and the checks on its URL — never blank or in memory for the bot (the
//! state would vanish with each pooled connection), never with a password
//! in a file, and never printed with one.

use serde::{Deserialize, Serialize};

use super::ConfigError;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://escala.db` (embedded default) or `postgres://…`.
    pub url: String,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig { url: "sqlite://escala.db".into() }
    }
}

impl DatabaseConfig {
    /// The SQLite database file, when the URL names one.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let url = self.url.trim();
        if !url.to_ascii_lowercase().starts_with("sqlite:") {
            return None;
        }
        let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or_default();
        (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
    }

    /// Refuses a URL the bot cannot keep its state in.
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let url = self.url.trim();
        let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        if url.is_empty() || path.is_empty() {
            return Err(ConfigError::invalid(
                "database.url is empty (is ESCALA_DATABASE__URL set to nothing?): set it to a file such as \
                 sqlite://escala.db or to postgres://user@host/db",
            ));
        }
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("sqlite") && (path == ":memory:" || lower.contains("mode=memory")) {
            return Err(ConfigError::invalid(format!(
                "database.url `{}` is an in-memory database, which forgets everything (and differs for each \
                 connection): point it at a file such as sqlite://escala.db",
                redact_url(url)
            )));
        }
        Ok(())
    }
}

/// The part of `url` between `://` and the host, if any.
fn userinfo(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    Some(authority.rsplit_once('@')?.0)
}

/// The `password=` query parameters of `url` (any case), as byte ranges of
/// their values.
fn password_params(url: &str) -> Vec<std::ops::Range<usize>> {
    let Some(start) = url.find('?') else { return Vec::new() };
    let mut ranges = Vec::new();
    let mut offset = start + 1;
    for pair in url[start + 1..].split('&') {
        if let Some((key, _)) = pair.split_once('=') {
            if key.eq_ignore_ascii_case("password") {
                ranges.push(offset + key.len() + 1..offset + pair.len());
            }
        }
        offset += pair.len() + 1;
    }
    ranges
}

/// Whether `url` carries a password, in its user info or a `password=`
/// query parameter.
pub fn url_has_password(url: &str) -> bool {
    userinfo(url).is_some_and(|info| info.contains(':')) || !password_params(url).is_empty()
}

/// `url` with every password replaced by `***`, for printing and logs:
/// `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`.
pub fn redact_url(url: &str) -> String {
    let mut shown = url.to_string();
    for range in password_params(url).into_iter().rev() {
        shown.replace_range(range, "***");
    }
    if let Some(info) = userinfo(&shown).filter(|info| info.contains(':')).map(str::to_string) {
        let user = info.split(':').next().unwrap_or_default();
        shown = shown.replacen(&info, &format!("{user}:***"), 1);
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_are_redacted_wherever_they_are() {
        assert_eq!(redact_url("postgres://esc:hunter2@db:5432/x"), "postgres://esc:***@db:5432/x");
        assert_eq!(
            redact_url("postgres://db/x?password=hunter2&sslmode=require"),
            "postgres://db/x?password=***&sslmode=require"
        );
        assert_eq!(redact_url("postgres://a:b@db/x?user=a&PASSWORD=c"), "postgres://a:***@db/x?user=a&PASSWORD=***");
        assert_eq!(redact_url("sqlite://escala.db"), "sqlite://escala.db");
        assert!(url_has_password("postgres://a:b@h/d"));
        assert!(url_has_password("postgres://h/d?password=x"));
        assert!(!url_has_password("postgres://a@h/d?passwordless=1"));
        assert!(!url_has_password("postgres://a@h/d"));
    }

    #[test]
    fn blank_and_in_memory_urls_are_refused_naming_the_setting() {
        for url in ["", "  ", "sqlite://", "sqlite:", "sqlite::memory:", "sqlite://:memory:", "sqlite://x?mode=memory"]
        {
            let error = DatabaseConfig { url: url.into() }.validate().unwrap_err().to_string();
            assert!(error.contains("database.url"), "{url:?}: {error}");
        }
        assert!(DatabaseConfig::default().validate().is_ok());
        assert!(DatabaseConfig { url: "postgres://db/x".into() }.validate().is_ok());
    }
}

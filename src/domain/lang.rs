//! The languages escala speaks to users in, parsed once from locales and tags.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ids::deserialize_from_str;

/// A user-facing language. Platform locales (`pt-BR`, `es_ES`, `ca`) parse to
/// the base language; anything else is rejected so it cannot leak inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Pt,
    Es,
    Ca,
    En,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Pt, Lang::Es, Lang::Ca, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Pt => "pt",
            Lang::Es => "es",
            Lang::Ca => "ca",
            Lang::En => "en",
        }
    }

    /// Parses a platform locale such as `pt-BR`, `es_419` or `EN`; the region
    /// is dropped because the KB and the translations are per language.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let base = locale.split(['-', '_']).next().unwrap_or_default().trim().to_ascii_lowercase();
        match base.as_str() {
            "pt" => Some(Lang::Pt),
            "es" => Some(Lang::Es),
            "ca" => Some(Lang::Ca),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown language `{0}` (expected one of pt, es, ca, en)")]
pub struct UnknownLang(pub String);

deserialize_from_str!(Lang);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_locale(s).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_locales_map_to_their_base_language() {
        assert_eq!(Lang::from_locale("pt-BR"), Some(Lang::Pt));
        assert_eq!(Lang::from_locale("es_419"), Some(Lang::Es));
        assert_eq!(Lang::from_locale("CA"), Some(Lang::Ca));
        assert_eq!(Lang::from_locale("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_locale("fr"), None);
        assert_eq!(Lang::from_locale(""), None);
    }
}

//! Identifiers and small closed vocabularies (channel, level, priority) that
//! are parsed once at the boundary so no stringly-typed value travels inside.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($name:ident, $prefix:literal) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(TicketId, "#");
id_type!(ContactId, "contact ");
id_type!(ConversationId, "conversation ");

impl FromStr for TicketId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .trim_start_matches('#')
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(TicketId)
            .ok_or_else(|| ParseError::new("ticket number", s, "a positive number such as 12 or #12"))
    }
}

/// Implements `Deserialize` through `FromStr`, so stored and configured
/// values are read with the same (case-insensitive) rules people type them
/// by: `ESCALA_SLA__TARGETS__L1__…` arrives lowercased as `l1`.
macro_rules! deserialize_from_str {
    ($($name:ty),*) => {$(
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}
pub(crate) use deserialize_from_str;

deserialize_from_str!(Channel, Level, Priority);

/// Why a textual value could not become a domain value; shown to people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {what} `{input}`: expected {expected}")]
pub struct ParseError {
    pub what: &'static str,
    pub input: String,
    pub expected: &'static str,
}

impl ParseError {
    pub fn new(what: &'static str, input: &str, expected: &'static str) -> Self {
        let input: String = input.chars().take(40).collect();
        ParseError { what, input, expected }
    }
}

/// Where a user talks to escala.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Console,
    Telegram,
    Discord,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Console => "console",
            Channel::Telegram => "telegram",
            Channel::Discord => "discord",
        }
    }
}

impl Channel {
    /// A user id as this channel writes it, checked: a positive number on
    /// Telegram, a snowflake on Discord, a one-line name at the console.
    /// An `@username` or a display name never matches a real id, so they
    /// are refused rather than blocked in vain.
    pub fn user_id(self, id: &str) -> Result<String, ParseError> {
        let id = id.trim();
        let ok = match self {
            Channel::Telegram => id.parse::<i64>().is_ok_and(|n| n > 0),
            Channel::Discord => id.len() <= 20 && id.parse::<u64>().is_ok_and(|n| n > 0),
            Channel::Console => {
                !id.is_empty() && id.chars().count() <= 64 && !id.chars().any(|c| c.is_control() || c.is_whitespace())
            }
        };
        let expected = match self {
            Channel::Telegram => "a Telegram user id: digits, e.g. telegram:123456789",
            Channel::Discord => "a Discord user id (a snowflake): digits, e.g. discord:80351110224678912",
            Channel::Console => "a console user name: one word of up to 64 characters, e.g. console:ana",
        };
        ok.then(|| id.to_string()).ok_or_else(|| ParseError::new("user id", id, expected))
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "console" => Ok(Channel::Console),
            "telegram" => Ok(Channel::Telegram),
            "discord" => Ok(Channel::Discord),
            _ => Err(ParseError::new("channel", s, "console, telegram or discord")),
        }
    }
}

/// The support ladder: L0 self-service (the bot), L1 first line, L2
/// technical, L3 experts, L4 an external vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Level {
    L0,
    L1,
    L2,
    L3,
    L4,
}

impl Level {
    pub const STAFFED: [Level; 4] = [Level::L1, Level::L2, Level::L3, Level::L4];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn next(self) -> Option<Level> {
        match self {
            Level::L0 => Some(Level::L1),
            Level::L1 => Some(Level::L2),
            Level::L2 => Some(Level::L3),
            Level::L3 => Some(Level::L4),
            Level::L4 => None,
        }
    }

    pub fn previous(self) -> Option<Level> {
        match self {
            Level::L0 | Level::L1 => None,
            Level::L2 => Some(Level::L1),
            Level::L3 => Some(Level::L2),
            Level::L4 => Some(Level::L3),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "L{}", self.number())
    }
}

impl FromStr for Level {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().trim_start_matches('L') {
            "0" => Ok(Level::L0),
            "1" => Ok(Level::L1),
            "2" => Ok(Level::L2),
            "3" => Ok(Level::L3),
            "4" => Ok(Level::L4),
            _ => Err(ParseError::new("level", s, "L0, L1, L2, L3 or L4")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(Priority::Low),
            "normal" => Ok(Priority::Normal),
            "high" => Ok(Priority::High),
            "urgent" => Ok(Priority::Urgent),
            _ => Err(ParseError::new("priority", s, "low, normal, high or urgent")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_with_or_without_the_l() {
        assert_eq!("L2".parse::<Level>(), Ok(Level::L2));
        assert_eq!("3".parse::<Level>(), Ok(Level::L3));
        assert_eq!("l4".parse::<Level>(), Ok(Level::L4));
        assert!("L5".parse::<Level>().is_err());
    }

    #[test]
    fn configured_and_stored_values_read_without_regard_to_case() {
        let levels: std::collections::BTreeMap<Level, Priority> =
            serde_json::from_str(r#"{"l1": "NORMAL", "L2": "urgent"}"#).unwrap();
        assert_eq!(levels[&Level::L1], Priority::Normal);
        assert_eq!(serde_json::to_string(&Level::L2).unwrap(), r#""L2""#, "written as before");
        assert_eq!(serde_json::from_str::<Channel>(r#""Telegram""#).unwrap(), Channel::Telegram);
        assert!(serde_json::from_str::<Level>(r#""L9""#).unwrap_err().to_string().contains("L0, L1"));
    }

    #[test]
    fn user_ids_must_be_what_the_platform_uses() {
        assert_eq!(Channel::Telegram.user_id(" 123456789 ").unwrap(), "123456789");
        assert!(Channel::Telegram.user_id("@spammer").unwrap_err().to_string().contains("digits"));
        assert!(Channel::Telegram.user_id("-1001").is_err());
        assert!(Channel::Discord.user_id("some name").is_err());
        assert!(Channel::Discord.user_id("80351110224678912").is_ok());
        assert!(Channel::Console.user_id("").is_err());
        assert!(Channel::Console.user_id("ana").is_ok());
    }

    #[test]
    fn ticket_numbers_accept_a_hash_and_refuse_zero() {
        assert_eq!("#12".parse::<TicketId>(), Ok(TicketId(12)));
        assert!("0".parse::<TicketId>().is_err());
        assert!("abc".parse::<TicketId>().is_err());
    }
}

//! What the bot did with a question, and what the user said about an
//! article they were shown: typed values shared by the engine that records
//! them, the store that keeps them and the reports that count them.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::ids::ParseError;

/// The bot's decision on a question, as logged with its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryOutcome {
    /// One article was confident enough to be the answer.
    Answered,
    /// A few articles were offered to pick from.
    Suggested,
    /// Nothing fit; a ticket was offered.
    Missed,
}

/// What became of one article shown to a user (`None` while, or if, they
/// said nothing about it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleFate {
    /// The user pressed *Solved*.
    Solved,
    /// The user pressed *Not solved* (a ticket follows).
    NotSolved,
    /// The user asked for a person, or opened a ticket, without a verdict.
    Ticket,
}

/// How a conversation with the bot ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationEnd {
    /// The user said an answer solved it: a ticket the bot spared.
    Deflected,
    /// It became a ticket.
    Ticket,
    /// The user declined the offered ticket.
    Abandoned,
}

macro_rules! names {
    ($ty:ty, $what:literal, $expected:literal: $($variant:path => $name:literal),*) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $($variant => $name),* }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($name => Ok($variant),)* _ => Err(ParseError::new($what, s, $expected)) }
            }
        }
    };
}

names!(QueryOutcome, "query outcome", "answered, suggested or missed":
    QueryOutcome::Answered => "answered", QueryOutcome::Suggested => "suggested", QueryOutcome::Missed => "missed");
names!(ConversationEnd, "conversation end", "deflected, ticket or abandoned":
    ConversationEnd::Deflected => "deflected", ConversationEnd::Ticket => "ticket", ConversationEnd::Abandoned => "abandoned");
names!(ArticleFate, "article fate", "solved, not_solved or ticket":
    ArticleFate::Solved => "solved", ArticleFate::NotSolved => "not_solved", ArticleFate::Ticket => "ticket");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_and_fates_read_back_as_written() {
        for outcome in [QueryOutcome::Answered, QueryOutcome::Suggested, QueryOutcome::Missed] {
            assert_eq!(outcome.as_str().parse::<QueryOutcome>(), Ok(outcome));
        }
        for fate in [ArticleFate::Solved, ArticleFate::NotSolved, ArticleFate::Ticket] {
            assert_eq!(fate.to_string().parse::<ArticleFate>(), Ok(fate));
        }
        assert!("answer".parse::<QueryOutcome>().is_err(), "the old misspelling is not an outcome");
    }
}

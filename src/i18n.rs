//! User-facing text in pt, es, ca and en through Fluent (`locales/*/main.ftl`,
//! compiled into the binary). A string missing in a language falls back to
//! English; `tests/i18n.rs` checks that no language misses any.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use crate::domain::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Isolation marks around placeables show up as garbage in chat apps.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn language_id(lang: Lang) -> LanguageIdentifier {
    // The codes are fixed ASCII tags, so parsing cannot fail; fall back to
    // the default identifier (English) rather than panic if it ever did.
    lang.code().parse().unwrap_or_default()
}

/// The text of message `key` in `lang`, with its named arguments. An
/// argument named `n` is a count, passed as a number so that plural
/// variants (`[one]`, `[other]`) are chosen by the language's rules.
pub fn t(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let value = |name: &str, text: &String| match text.parse::<i64>() {
        Ok(count) if name == "n" => FluentValue::from(count),
        _ => FluentValue::from(text.clone()),
    };
    let map: HashMap<Cow<'static, str>, FluentValue> =
        args.iter().map(|(name, text)| (Cow::Owned(name.to_string()), value(name, text))).collect();
    LOCALES.lookup_with_args(&language_id(lang), key, &map)
}

/// A ticket's state as the user reads it ("waiting for your reply").
pub fn state_words(lang: Lang, state: crate::domain::TicketState) -> String {
    t(lang, &format!("state-{}", state_key(state)), &[])
}

/// A ticket's state as staff read it ("waiting on the user").
pub fn staff_state_words(lang: Lang, state: crate::domain::TicketState) -> String {
    t(lang, &format!("staff-state-{}", state_key(state)), &[])
}

fn state_key(state: crate::domain::TicketState) -> String {
    state.as_str().replace('_', "-")
}

/// A span of time in words ("4 hours", "2 dias"), rounded to the largest
/// whole unit that fits, for promises made to users.
pub fn duration_words(lang: Lang, secs: i64) -> String {
    let minutes = (secs.max(60) + 59) / 60;
    let (key, n) = if minutes < 120 {
        ("duration-minutes", minutes)
    } else if minutes < 48 * 60 {
        ("duration-hours", (minutes + 59) / 60)
    } else {
        ("duration-days", (minutes + 24 * 60 - 1) / (24 * 60))
    };
    t(lang, key, &[("n", n.to_string())])
}

/// Time gone by in words ("2 days" after 2 days and 3 hours), rounded
/// down to the largest whole unit: what has passed is never overstated.
pub fn elapsed_words(lang: Lang, secs: i64) -> String {
    let minutes = secs.max(60) / 60;
    let (key, n) = if minutes < 120 {
        ("duration-minutes", minutes)
    } else if minutes < 48 * 60 {
        ("duration-hours", minutes / 60)
    } else {
        ("duration-days", minutes / (24 * 60))
    };
    t(lang, key, &[("n", n.to_string())])
}

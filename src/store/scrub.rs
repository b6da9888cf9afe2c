//! Taking a person's names and ids out of stored text and JSON, for their
//! erasure: whole values, whole words, or every occurrence in their own
//! rows. Pure functions; the SQL that uses them is in `sql/forget.rs`.

use serde_json::Value;

use crate::domain::text::ERASED;
use crate::store::Contact;

/// The strings that name the contact, longest first (a name containing the
/// id is replaced whole).
pub(crate) fn tokens(contact: &Contact) -> Vec<String> {
    let mut tokens: Vec<String> = [&contact.external_id, &contact.chat_id, &contact.display_name]
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    tokens.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    tokens.dedup();
    tokens
}

/// `text` with each token erased where it stands as a whole word (not as
/// part of a longer number or name).
pub(crate) fn scrub_words(text: &str, tokens: &[String]) -> String {
    let mut text = text.to_string();
    for token in tokens {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(token.as_str()) {
            let before = rest[..at].chars().next_back();
            let after = rest[at + token.len()..].chars().next();
            let whole = !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
            out.push_str(&rest[..at]);
            out.push_str(if whole { ERASED } else { token.as_str() });
            rest = &rest[at + token.len()..];
        }
        out.push_str(rest);
        text = out;
    }
    text
}

pub(crate) fn scrub_text(text: &str, tokens: &[String]) -> String {
    tokens.iter().fold(text.to_string(), |text, token| text.replace(token.as_str(), ERASED))
}

/// Replaces the tokens in every string value of `value` (keys stay, so the
/// JSON keeps its shape); whether anything changed.
pub(crate) fn scrub(value: &mut Value, tokens: &[String]) -> bool {
    match value {
        Value::String(text) => {
            let new = scrub_text(text, tokens);
            let changed = new != *text;
            *text = new;
            changed
        }
        // Every item is visited: `any` would stop at the first change.
        Value::Array(items) => items.iter_mut().map(|item| scrub(item, tokens)).fold(false, |a, b| a | b),
        Value::Object(map) => map.values_mut().map(|item| scrub(item, tokens)).fold(false, |a, b| a | b),
        _ => false,
    }
}

/// The fields of ticket events that hold what someone wrote (a subject, a
/// reason, a summary, a rating comment, a vendor's update, a callback's
/// note and outcome) or a masked phone number: erased whole, as any of it may be
/// about the user. Levels, priorities, agents and scores stay for reports.
const FREE_TEXT: [&str; 8] = ["subject", "reason", "summary", "comment", "text", "note", "phone", "outcome"];

pub(crate) fn erase_free_text(payload: &mut Value) -> bool {
    let Value::Object(map) = payload else { return false };
    let mut changed = false;
    for key in FREE_TEXT {
        if let Some(value @ Value::String(_)) = map.get_mut(key) {
            if value.as_str() != Some(ERASED) {
                *value = Value::String(ERASED.to_string());
                changed = true;
            }
        }
    }
    changed
}

/// Replaces every string value equal to `named` with the erased mark.
pub(crate) fn replace_exact(value: &mut Value, named: &str) -> bool {
    match value {
        Value::String(text) if text == named => {
            *text = ERASED.to_string();
            true
        }
        // Every item is visited: `any` would stop at the first change.
        Value::Array(items) => items.iter_mut().map(|item| replace_exact(item, named)).fold(false, |a, b| a | b),
        Value::Object(map) => map.values_mut().map(|item| replace_exact(item, named)).fold(false, |a, b| a | b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_erased_whole_and_only_whole() {
        let tokens = vec!["5001".to_string(), "Ana".to_string()];
        assert_eq!(
            scrub_words("SLA breached on #7 for Ana (5001)", &tokens),
            "SLA breached on #7 for [erased] ([erased])"
        );
        assert_eq!(scrub_words("ticket 50012 of Anabel", &tokens), "ticket 50012 of Anabel", "no part of another word");
    }

    #[test]
    fn free_text_of_events_is_erased_and_their_shape_kept() {
        let mut payload = serde_json::json!({"kind": "escalated", "to": "L2", "reason": "Ana's router"});
        assert!(erase_free_text(&mut payload));
        assert_eq!(payload, serde_json::json!({"kind": "escalated", "to": "L2", "reason": ERASED}));
        let mut rated = serde_json::json!({"kind": "rated", "score": 2, "comment": null});
        assert!(!erase_free_text(&mut rated), "nothing written, nothing changed");
    }
}

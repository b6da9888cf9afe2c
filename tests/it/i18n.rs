//! Specifications of the translations: every `locales/*/main.ftl` has the
//! messages of the English file, with the same placeables and line breaks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use escala::domain::Lang;
use escala::engine::i18n::t;

/// The languages that must be translated besides English.
const TRANSLATIONS: [&str; 3] = ["pt", "es", "ca"];

/// One message of a Fluent file: its lines (the first one after `=`, then the
/// indented continuation lines) as written.
#[derive(Debug, Default, Clone)]
struct Message {
    lines: Vec<String>,
}

impl Message {
    fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// The names of the variables used in the message, e.g. `ticket` for
    /// `{ $ticket }`.
    fn placeables(&self) -> BTreeSet<String> {
        let text = self.text();
        let mut names = BTreeSet::new();
        for (start, _) in text.match_indices('$') {
            let name: String =
                text[start + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
        names
    }
}

/// A parsed `main.ftl`: messages by id, plus ids defined more than once.
struct Catalog {
    messages: BTreeMap<String, Message>,
    duplicates: Vec<String>,
}

/// The message id at the start of `line`, if it matches `^[a-z][a-z0-9-]*\s*=`.
fn message_id(line: &str) -> Option<(&str, &str)> {
    if !line.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    let id_len = line.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')).unwrap_or(line.len());
    let rest = line[id_len..].trim_start();
    rest.strip_prefix('=').map(|value| (&line[..id_len], value.trim()))
}

fn parse(source: &str) -> Catalog {
    let mut messages = BTreeMap::new();
    let mut duplicates = Vec::new();
    let mut current: Option<(String, Message)> = None;
    for line in source.lines() {
        if let Some((id, value)) = message_id(line) {
            if let Some((id, message)) = current.take() {
                messages.insert(id, message);
            }
            if messages.contains_key(id) {
                duplicates.push(id.to_string());
            }
            current = Some((id.to_string(), Message { lines: vec![value.to_string()] }));
        } else if line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            if let Some((_, message)) = current.as_mut() {
                message.lines.push(line.trim().to_string());
            }
        } else if !line.trim().is_empty() {
            // A comment or anything else ends the current message.
            if let Some((id, message)) = current.take() {
                messages.insert(id, message);
            }
        }
    }
    if let Some((id, message)) = current.take() {
        messages.insert(id, message);
    }
    Catalog { messages, duplicates }
}

fn locales_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("locales")
}

/// Every `locales/<lang>/main.ftl`, parsed, by language code.
fn catalogs() -> BTreeMap<String, Catalog> {
    let dir = locales_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut catalogs = BTreeMap::new();
    for entry in entries {
        let entry = entry.expect("readable locales entry");
        let file = entry.path().join("main.ftl");
        if !file.is_file() {
            continue;
        }
        let source = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        catalogs.insert(entry.file_name().to_string_lossy().into_owned(), parse(&source));
    }
    catalogs
}

/// The English catalog and every other one, checking that pt, es and ca exist.
fn english_and_translations() -> (Catalog, BTreeMap<String, Catalog>) {
    let mut catalogs = catalogs();
    let english = catalogs.remove("en").expect("locales/en/main.ftl exists");
    assert!(!english.messages.is_empty(), "locales/en/main.ftl has no messages");
    let absent: Vec<_> = TRANSLATIONS.iter().filter(|lang| !catalogs.contains_key(**lang)).collect();
    assert!(absent.is_empty(), "missing translation files: {absent:?} (expected locales/<lang>/main.ftl)");
    (english, catalogs)
}

fn report(problems: &[String]) -> String {
    problems.join("\n")
}

#[test]
fn every_language_has_every_message_of_the_english_file() {
    let (english, translations) = english_and_translations();
    let mut problems = Vec::new();
    for (lang, catalog) in &translations {
        let missing: Vec<_> = english.messages.keys().filter(|id| !catalog.messages.contains_key(*id)).collect();
        if !missing.is_empty() {
            problems.push(format!("{lang} misses {missing:?}"));
        }
    }
    assert!(problems.is_empty(), "messages missing from translations:\n{}", report(&problems));
}

#[test]
fn no_language_has_messages_that_the_english_file_lacks() {
    let (english, translations) = english_and_translations();
    let mut problems = Vec::new();
    for (lang, catalog) in &translations {
        let extra: Vec<_> = catalog.messages.keys().filter(|id| !english.messages.contains_key(*id)).collect();
        if !extra.is_empty() {
            problems.push(format!("{lang} has extra {extra:?}"));
        }
    }
    assert!(problems.is_empty(), "messages not in locales/en/main.ftl:\n{}", report(&problems));
}

#[test]
fn no_file_defines_a_message_twice() {
    let problems: Vec<_> = catalogs()
        .iter()
        .filter(|(_, catalog)| !catalog.duplicates.is_empty())
        .map(|(lang, catalog)| format!("{lang} defines {:?} more than once", catalog.duplicates))
        .collect();
    assert!(problems.is_empty(), "duplicate message ids:\n{}", report(&problems));
}

#[test]
fn every_placeable_of_an_english_message_appears_in_its_translations() {
    let (english, translations) = english_and_translations();
    let mut problems = Vec::new();
    for (id, message) in &english.messages {
        let wanted = message.placeables();
        for (lang, catalog) in &translations {
            let Some(translated) = catalog.messages.get(id) else { continue };
            let found = translated.placeables();
            let missing: Vec<_> = wanted.difference(&found).collect();
            if !missing.is_empty() {
                problems.push(format!("{lang} `{id}` lacks {missing:?}"));
            }
            let unknown: Vec<_> = found.difference(&wanted).collect();
            if !unknown.is_empty() {
                problems.push(format!("{lang} `{id}` uses {unknown:?}, which English does not pass"));
            }
        }
    }
    assert!(problems.is_empty(), "placeables differ from English:\n{}", report(&problems));
}

#[test]
fn multi_line_messages_keep_their_line_breaks_in_every_language() {
    let (english, translations) = english_and_translations();
    let mut problems = Vec::new();
    for (id, message) in &english.messages {
        for (lang, catalog) in &translations {
            let Some(translated) = catalog.messages.get(id) else { continue };
            if translated.lines.len() != message.lines.len() {
                problems.push(format!(
                    "{lang} `{id}` has {} line(s), English has {}",
                    translated.lines.len(),
                    message.lines.len()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "line structure differs from English:\n{}", report(&problems));
}

#[test]
fn every_translated_message_is_served_in_its_language_rather_than_the_english_fallback() {
    // A Fluent syntax error drops the message, and escala then silently
    // answers in English; this catches that through the real loader.
    let (english, translations) = english_and_translations();
    let mut problems = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|lang| *lang != Lang::En) {
        let Some(catalog) = translations.get(lang.code()) else { continue };
        for (id, message) in &catalog.messages {
            let Some(original) = english.messages.get(id) else { continue };
            if message.text() == original.text() {
                continue;
            }
            let names = original.placeables();
            let args: Vec<(&str, String)> = names.iter().map(|name| (name.as_str(), format!("«{name}»"))).collect();
            let rendered = t(lang, id, &args);
            if rendered == t(Lang::En, id, &args) {
                problems.push(format!("{lang} `{id}` renders the English text"));
            }
            for (name, value) in &args {
                if !rendered.contains(value.as_str()) {
                    problems.push(format!("{lang} `{id}` does not show ${name}: {rendered:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "translations not served:\n{}", report(&problems));
}

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

/// The text of message `key` in `lang`, with its named arguments.
pub fn t(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> =
        args.iter().map(|(name, value)| (Cow::Owned(name.to_string()), FluentValue::from(value.clone()))).collect();
    LOCALES.lookup_with_args(&language_id(lang), key, &map)
}

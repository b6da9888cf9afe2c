//! Any `kb/rules.toml` contents must parse into rules or a `KbError` without
//! panicking, and parsed rules must match text without panicking.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match escala::kb::Rules::parse(Path::new("kb/rules.toml"), text) {
        Ok(rules) => {
            let _ = rules.first_match(text);
            let _ = rules.first_match("hello, I need a human");
            let _ = rules.article_refs().count();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});

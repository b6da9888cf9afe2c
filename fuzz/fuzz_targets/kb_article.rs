//! Any file contents, valid UTF-8 or not, must parse into an article or a
//! `ParseProblem` without panicking.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(article) = escala::kb::parse_article(Path::new("kb/en/x.md"), &text) {
        assert!(!article.id.trim().is_empty() && !article.title.trim().is_empty());
    }
});

//! Any bytes that parse as a Telegram `Update` must classify without
//! panicking, and any text must go through `parse_command` without panicking.
#![no_main]

use chrono::{TimeZone, Utc};
use escala::channels::telegram::update::{classify, TelegramEvent};
use escala::domain::command::parse_command;
use libfuzzer_sys::fuzz_target;
use teloxide::types::Update;

/// The staff supergroup the classifier is told about.
const STAFF: i64 = -100123;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_command(text);
    }
    let Ok(update) = serde_json::from_slice::<Update>(data) else {
        return;
    };
    let now = Utc.timestamp_opt(1_790_000_000, 0).unwrap();
    match classify(&update, &[STAFF], now) {
        TelegramEvent::Staff { text, .. } => {
            let _ = parse_command(&text);
        }
        TelegramEvent::User(_) | TelegramEvent::Ignore => {}
    }
    // The same update outside the staff group takes the user path.
    let _ = classify(&update, &[], now);
});

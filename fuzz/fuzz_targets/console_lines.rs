//! Any bytes on the console's stdin, in any chunking, split into lines that
//! never exceed the bound and lose nothing within it; each line then goes
//! through the console's input parser and the staff-command parser (what an
//! agent types in a staff space) without panicking.
#![no_main]

use chrono::{TimeZone, Utc};
use escala::channels::console::ConsoleUser;
use escala::channels::console_lines::{Line, LineSplitter};
use escala::engine::parse_staff_command;
use libfuzzer_sys::fuzz_target;

const MAX: usize = 64;

fuzz_target!(|data: &[u8]| {
    let Some((&chunking, input)) = data.split_first() else { return };
    let chunk = usize::from(chunking % 17) + 1;
    let mut splitter = LineSplitter::new(MAX);
    let mut lines = Vec::new();
    for piece in input.chunks(chunk) {
        let mut rest = piece;
        while !rest.is_empty() {
            let (used, line) = splitter.feed(rest);
            assert!(used > 0 && used <= rest.len());
            lines.extend(line);
            rest = &rest[used..];
        }
    }
    lines.extend(splitter.finish());
    // Every line within the bound is the input's line, whole.
    let mut expected: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if input.is_empty() || input.ends_with(b"\n") {
        expected.pop();
    }
    assert_eq!(lines.len(), expected.len());
    let user = ConsoleUser::new("fuzz", None);
    let at = Utc.timestamp_opt(1_790_000_000, 0).unwrap();
    for (line, original) in lines.iter().zip(expected) {
        match line {
            Line::Text(text) => {
                let original = original.strip_suffix(b"\r").unwrap_or(original);
                assert_eq!(text.as_slice(), original);
                assert!(text.len() <= MAX);
                let text = String::from_utf8_lossy(text);
                let _ = user.parse_line(&text, at);
                let _ = parse_staff_command(&text, "!");
            }
            Line::TooLong => assert!(original.len() > MAX),
        }
    }
});

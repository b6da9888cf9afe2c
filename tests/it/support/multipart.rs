//! Reading `multipart/form-data` bodies as the platforms do, for the fakes:
//! Telegram's methods that carry a file and Discord's messages with files.

#![allow(dead_code)]

/// The parts of a multipart body: (field name, file name, bytes).
pub fn parts(content_type: &str, body: &[u8]) -> Vec<(String, Option<String>, Vec<u8>)> {
    let Some(boundary) = content_type.split("boundary=").nth(1) else { return Vec::new() };
    let boundary = format!("--{}", boundary.trim_matches('"'));
    let boundary = boundary.as_bytes();
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(found) = body[at..].windows(boundary.len()).position(|w| w == boundary) {
        starts.push(at + found);
        at += found + boundary.len();
    }
    let mut parts = Vec::new();
    for pair in starts.windows(2) {
        let part = &body[pair[0] + boundary.len()..pair[1]];
        let Some(split) = part.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&part[..split]).to_string();
        let field =
            |key: &str| head.split(&format!("; {key}=\"")).nth(1).and_then(|r| r.split('"').next()).map(str::to_string);
        let Some(name) = field("name") else { continue };
        let content = &part[split + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        parts.push((name, field("filename"), content.to_vec()));
    }
    parts
}

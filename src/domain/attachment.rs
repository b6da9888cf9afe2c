//! A file a user or agent sent: what it is, where the platform that holds
//! it keeps it, and what it takes to pass it to the other side — a copy
//! within Telegram, a download and an upload anywhere else, each within
//! the platforms' size limits.

use serde::{Deserialize, Serialize};

use super::ids::Channel;

/// Telegram bots download files of up to 20 MB (`getFile`) and upload up
/// to 50 MB; Discord's upload limit is per server (`discord.max_upload_mb`).
pub const TELEGRAM_DOWNLOAD_BYTES: u64 = 20 * 1024 * 1024;
pub const TELEGRAM_UPLOAD_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// A MIME type, or Telegram's kind ("photo", "document", "voice").
    pub kind: String,
    /// Where the platform keeps it: a Telegram message (`<chat>:<message>`,
    /// which a Telegram sender copies) or a Discord CDN URL.
    pub reference: String,
    pub name: Option<String>,
    pub size: Option<u64>,
    /// The platform holding the file; absent in rows written before files
    /// crossed platforms (then a URL is Discord's, anything else Telegram's).
    #[serde(default)]
    pub origin: Option<Channel>,
    /// The platform's own id of the file: Telegram's `file_id` (what
    /// `getFile` downloads), Discord's attachment id.
    #[serde(default)]
    pub file_id: Option<String>,
    /// Text sent with the file (a Telegram caption, a Discord message's text).
    #[serde(default)]
    pub caption: Option<String>,
    /// A document escala wrote itself (a user's data export), carried
    /// whole instead of fetched from a platform.
    #[serde(default)]
    pub content: Option<String>,
}

impl Attachment {
    /// The platform that holds the file.
    pub fn held_by(&self) -> Channel {
        if self.content.is_some() {
            return Channel::Console;
        }
        self.origin.unwrap_or(if self.reference.starts_with("http") { Channel::Discord } else { Channel::Telegram })
    }

    /// The file's name to show and to upload under.
    pub fn file_name(&self) -> String {
        match &self.name {
            Some(name) if !name.trim().is_empty() => name.clone(),
            _ => match self.kind.as_str() {
                "photo" => "photo.jpg".into(),
                "voice" => "voice.ogg".into(),
                _ => "file".into(),
            },
        }
    }

    /// The line that stands for the file in the ticket's history and
    /// transcript, durable after the platform's link expires: name, type,
    /// size and the platform's file id.
    pub fn describe(&self) -> String {
        let mut line = format!("📎 {} ({}", self.file_name(), self.kind);
        if let Some(size) = self.size {
            line.push_str(&format!(", {}", human_size(size)));
        }
        line.push(')');
        if let Some(id) = &self.file_id {
            line.push_str(&format!(" · {} file {id}", self.held_by()));
        }
        line
    }

    /// The largest file that can go from this file's platform to `to`, if
    /// passing it needs a download and an upload; `None` when the platform
    /// copies it itself (Telegram to Telegram).
    pub fn transfer_limit(&self, to: Channel, discord_upload: u64) -> Option<u64> {
        match (self.held_by(), to) {
            (Channel::Telegram, Channel::Telegram) => None,
            (Channel::Telegram, Channel::Discord) => Some(TELEGRAM_DOWNLOAD_BYTES.min(discord_upload)),
            (_, Channel::Discord) => Some(discord_upload),
            (_, Channel::Telegram) => Some(TELEGRAM_UPLOAD_BYTES),
            (_, Channel::Console) => None,
        }
    }
}

/// `1.5 MB`, `800 KB`, `12 B`: sizes as people read them.
pub fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / MB),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(reference: &str, origin: Option<Channel>) -> Attachment {
        Attachment {
            kind: "image/png".into(),
            reference: reference.into(),
            name: Some("shot.png".into()),
            size: Some(1_572_864),
            origin,
            file_id: Some("F1".into()),
            caption: None,
            content: None,
        }
    }

    #[test]
    fn a_file_is_described_durably_with_its_platform_id() {
        assert_eq!(file("1:2", None).describe(), "📎 shot.png (image/png, 1.5 MB) · telegram file F1");
        assert_eq!(file("https://cdn/x", None).held_by(), Channel::Discord);
    }

    #[test]
    fn limits_follow_the_platforms_that_download_and_upload() {
        let telegram = file("1:2", Some(Channel::Telegram));
        assert_eq!(telegram.transfer_limit(Channel::Telegram, 10), None);
        assert_eq!(telegram.transfer_limit(Channel::Discord, 8 << 20), Some(8 << 20));
        assert_eq!(telegram.transfer_limit(Channel::Discord, 100 << 20), Some(TELEGRAM_DOWNLOAD_BYTES));
        let discord = file("https://cdn/x", Some(Channel::Discord));
        assert_eq!(discord.transfer_limit(Channel::Telegram, 10), Some(TELEGRAM_UPLOAD_BYTES));
        assert_eq!(discord.transfer_limit(Channel::Discord, 10 << 20), Some(10 << 20));
    }
}

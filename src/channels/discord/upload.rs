//! A message's file, after its text: downloaded from the platform that
//! holds it (a Discord CDN link expires, a Telegram file needs `getFile`)
//! and uploaded within the server's limit. A file that fails after the
//! text went out is retried alone: the text is not sent again.

use serde_json::json;
use serenity::all::ChannelId;

use super::rest;
use super::sender::{classify, DiscordSender};
use crate::delivery::files::file_result;
use crate::delivery::SendResult;
use crate::domain::Outbound;

impl DiscordSender {
    /// Sends `message`'s file to `channel` after its text, which ended at
    /// part `parts`; `Sent` when there is no file.
    pub(super) async fn send_file(
        &mut self,
        channel: ChannelId,
        message: &Outbound,
        parts: usize,
        posted: &mut Vec<String>,
    ) -> SendResult {
        let Some(file) = &message.attachment else { return SendResult::Sent };
        let max = self.config.max_upload_mb.saturating_mul(1024 * 1024);
        let bytes = match self.files.fetch(file, max).await {
            Ok(bytes) => bytes,
            Err(error) => return file_result(error),
        };
        let name = file.file_name();
        let payload = json!({
            "content": "",
            "allowed_mentions": { "parse": [] },
            "attachments": [{ "id": 0, "filename": name }],
        });
        self.throttle(channel).await;
        match self.rest.upload(channel.get(), payload, &name, bytes).await {
            Ok(created) => {
                if let Some(id) = rest::id_of(&created) {
                    posted.push(format!("{channel}:{id}"));
                }
                SendResult::Sent
            }
            Err(error) => {
                self.progress.interrupted(message, parts);
                classify(error)
            }
        }
    }
}

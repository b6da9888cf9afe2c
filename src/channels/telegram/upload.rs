//! A message's file, after its text: within Telegram, a copy of the
//! message that carried it (no download, no size limit); from another
//! platform, downloaded and uploaded as a photo or document. A file that
//! fails after the text went out is retried alone: the text is not sent
//! again.

use teloxide::prelude::*;
use teloxide::types::{InputFile, MessageId, ThreadId};
use teloxide::RequestError;

use super::parse_thread_ref;
use super::sender::{classify, TelegramSender};
use crate::delivery::files::file_result;
use crate::delivery::SendResult;
use crate::domain::attachment::TELEGRAM_UPLOAD_BYTES;
use crate::domain::{Attachment, Channel, Outbound};

/// Telegram shows photos inline up to 10 MB; larger images go as documents.
const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

impl TelegramSender {
    /// Sends `message`'s file to `chat` (and topic) after its text, which
    /// ended at part `parts`; `Sent` when there is no file.
    pub(super) async fn send_file(
        &mut self,
        chat: i64,
        thread: Option<i32>,
        message: &Outbound,
        parts: usize,
        posted: &mut Vec<String>,
    ) -> SendResult {
        let Some(file) = &message.attachment else { return SendResult::Sent };
        self.throttle(chat).await;
        let sent = match (file.held_by(), parse_thread_ref(&file.reference)) {
            (Channel::Telegram, Some((from_chat, id))) => self.copy(chat, thread, from_chat, id).await,
            _ => match self.files.fetch(file, TELEGRAM_UPLOAD_BYTES).await {
                Ok(bytes) => self.upload(chat, thread, file, bytes).await,
                Err(error) => return file_result(error),
            },
        };
        match sent {
            Ok(id) => {
                posted.push(super::thread_ref(chat, id));
                SendResult::Sent
            }
            Err(error) => {
                // The text went out: a retry sends the file alone.
                self.progress.interrupted(message, parts);
                classify(&self.bot, error)
            }
        }
    }

    /// Copies message `id` of `from_chat` without its caption, which the
    /// text before it already carried.
    async fn copy(&self, chat: i64, thread: Option<i32>, from_chat: i64, id: i32) -> Result<i32, RequestError> {
        let mut copy = self.bot.copy_message(ChatId(chat), ChatId(from_chat), MessageId(id)).caption("");
        if let Some(thread) = thread {
            copy = copy.message_thread_id(ThreadId(MessageId(thread)));
        }
        Ok(copy.await?.0)
    }

    async fn upload(
        &self,
        chat: i64,
        thread: Option<i32>,
        file: &Attachment,
        bytes: Vec<u8>,
    ) -> Result<i32, RequestError> {
        let name = file.file_name();
        let photo = matches!(file.kind.as_str(), "image/jpeg" | "image/png") && bytes.len() <= MAX_PHOTO_BYTES;
        let input = InputFile::memory(bytes).file_name(name);
        let thread = thread.map(|t| ThreadId(MessageId(t)));
        let sent = if photo {
            let mut request = self.bot.send_photo(ChatId(chat), input);
            if let Some(thread) = thread {
                request = request.message_thread_id(thread);
            }
            request.await?
        } else {
            let mut request = self.bot.send_document(ChatId(chat), input);
            if let Some(thread) = thread {
                request = request.message_thread_id(thread);
            }
            request.await?
        };
        Ok(sent.id.0)
    }
}

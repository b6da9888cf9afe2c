//! How a Telegram bot hands out the files users and agents send it: the
//! `file_id` through `getFile`, then the download link it names. Bots may
//! download files of up to 20 MB.

use async_trait::async_trait;
use teloxide::prelude::*;
use teloxide::types::FileId;
use teloxide::{ApiError, RequestError};

use crate::delivery::files::{download, FetchFile, FileError};
use crate::domain::attachment::TELEGRAM_DOWNLOAD_BYTES;
use crate::domain::Attachment;

pub struct TelegramFiles {
    bot: Bot,
    client: reqwest::Client,
}

impl TelegramFiles {
    pub fn new(bot: Bot) -> TelegramFiles {
        let client =
            reqwest::Client::builder().timeout(std::time::Duration::from_secs(120)).build().unwrap_or_default();
        TelegramFiles { bot, client }
    }
}

#[async_trait]
impl FetchFile for TelegramFiles {
    async fn fetch(&self, file: &Attachment, max: u64) -> Result<Vec<u8>, FileError> {
        let max = max.min(TELEGRAM_DOWNLOAD_BYTES);
        if file.size.is_some_and(|size| size > max) {
            return Err(FileError::TooBig { max });
        }
        let Some(id) = file.file_id.clone() else {
            return Err(FileError::Gone("the Telegram file has no file_id".into()));
        };
        let found = match self.bot.get_file(FileId(id)).await {
            Ok(found) => found,
            Err(RequestError::Api(ApiError::Unknown(text))) if text.contains("file is too big") => {
                return Err(FileError::TooBig { max })
            }
            Err(error @ RequestError::Api(_)) => return Err(FileError::Gone(super::error_text(&self.bot, &error))),
            Err(error) => return Err(FileError::Unavailable(super::error_text(&self.bot, &error))),
        };
        // The link holds the token: it is built here and never shown.
        let base = self.bot.api_url();
        let url = format!("{}/file/bot{}/{}", base.as_str().trim_end_matches('/'), self.bot.token(), found.path);
        download(&self.client, &url, max).await
    }
}

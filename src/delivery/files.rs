//! Files on their way between platforms. A sender that must upload a file
//! another platform holds asks `Files` for its bytes; each platform that
//! runs registers how to fetch what it holds (Telegram's `getFile`, a
//! Discord CDN link). Downloads stop at the size the destination accepts,
//! so an oversized file never fills the memory.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use async_trait::async_trait;

use crate::domain::{Attachment, Channel};

/// Why a file's bytes could not be had.
#[derive(Debug, Clone, PartialEq)]
pub enum FileError {
    /// Larger than the destination (or the download) allows.
    TooBig { max: u64 },
    /// The platform no longer has it, or refuses to hand it out.
    Gone(String),
    /// No answer now (network, outage): worth a retry.
    Unavailable(String),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::TooBig { max } => {
                write!(f, "the file is larger than {}", crate::domain::attachment::human_size(*max))
            }
            FileError::Gone(detail) => write!(f, "the file is no longer available: {detail}"),
            FileError::Unavailable(detail) => write!(f, "the file could not be fetched now: {detail}"),
        }
    }
}

/// How one platform hands out the files it holds.
#[async_trait]
pub trait FetchFile: Send + Sync {
    /// The bytes of `file`, refused past `max`.
    async fn fetch(&self, file: &Attachment, max: u64) -> Result<Vec<u8>, FileError>;
}

/// The fetchers of the platforms this process runs.
#[derive(Default)]
pub struct Files {
    by_platform: RwLock<HashMap<Channel, Arc<dyn FetchFile>>>,
}

impl Files {
    pub fn register(&self, platform: Channel, fetcher: Arc<dyn FetchFile>) {
        if let Ok(mut map) = self.by_platform.write() {
            map.insert(platform, fetcher);
        }
    }

    pub async fn fetch(&self, file: &Attachment, max: u64) -> Result<Vec<u8>, FileError> {
        if let Some(content) = &file.content {
            if content.len() as u64 > max {
                return Err(FileError::TooBig { max });
            }
            return Ok(content.as_bytes().to_vec());
        }
        let platform = file.held_by();
        let fetcher = self.by_platform.read().ok().and_then(|map| map.get(&platform).cloned());
        match fetcher {
            Some(fetcher) => fetcher.fetch(file, max).await,
            None => Err(FileError::Unavailable(format!("{platform} is not running in this process to fetch the file"))),
        }
    }
}

/// Downloads `url`, refusing more than `max` bytes (by the announced
/// length, and again while reading, as a server may not announce it).
pub async fn download(client: &reqwest::Client, url: &str, max: u64) -> Result<Vec<u8>, FileError> {
    let mut response = client.get(url).send().await.map_err(|e| FileError::Unavailable(e.without_url().to_string()))?;
    let status = response.status();
    if status.is_server_error() {
        return Err(FileError::Unavailable(format!("HTTP {}", status.as_u16())));
    }
    if !status.is_success() {
        return Err(FileError::Gone(format!("HTTP {}", status.as_u16())));
    }
    if response.content_length().is_some_and(|length| length > max) {
        return Err(FileError::TooBig { max });
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| FileError::Unavailable(e.without_url().to_string()))? {
        if (bytes.len() + chunk.len()) as u64 > max {
            return Err(FileError::TooBig { max });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The Discord CDN (and any plain link): a GET, no credentials.
pub struct LinkFiles {
    client: reqwest::Client,
}

impl LinkFiles {
    pub fn new() -> LinkFiles {
        let client =
            reqwest::Client::builder().timeout(std::time::Duration::from_secs(120)).build().unwrap_or_default();
        LinkFiles { client }
    }
}

impl Default for LinkFiles {
    fn default() -> Self {
        LinkFiles::new()
    }
}

#[async_trait]
impl FetchFile for LinkFiles {
    async fn fetch(&self, file: &Attachment, max: u64) -> Result<Vec<u8>, FileError> {
        if !file.reference.starts_with("https://") && !file.reference.starts_with("http://") {
            return Err(FileError::Gone(format!("`{}` is not a link", file.reference)));
        }
        download(&self.client, &file.reference, max).await
    }
}

/// What a sender does when a file cannot be fetched.
pub fn file_result(error: FileError) -> super::SendResult {
    match error {
        FileError::Unavailable(detail) => {
            super::SendResult::Retry { after: std::time::Duration::from_secs(5), error: detail }
        }
        other => super::SendResult::Failed { error: other.to_string() },
    }
}

//! Why the Telegram adapter could not start or stopped, for the person
//! running `escala run`; the token never appears in these texts.

#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error("Telegram refused the bot token (401 Unauthorized): check ESCALA_TELEGRAM_TOKEN")]
    InvalidToken,
    #[error("cannot reach the Telegram Bot API ({0}): check the network")]
    Unreachable(String),
    #[error("Telegram {call} failed: {detail}")]
    Api { call: &'static str, detail: String },
    #[error("telegram.api_url `{0}` is not a URL")]
    BadApiUrl(String),
    #[error("cannot build the HTTP client for Telegram: {0}")]
    HttpClient(String),
    #[error("telegram.webhook_url is set: ESCALA_TELEGRAM_WEBHOOK_SECRET must be set too")]
    WebhookSecretMissing,
    #[error("ESCALA_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")]
    WebhookSecretInvalid,
    #[error("telegram.webhook_url `{url}` is not a URL: {detail}")]
    BadWebhookUrl { url: String, detail: String },
    #[error("cannot listen on {listen} for the Telegram webhook: {error}")]
    Listen { listen: String, error: std::io::Error },
    #[error("the Telegram webhook server stopped: {0}")]
    WebhookServer(String),
}

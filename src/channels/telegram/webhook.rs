//! Webhook mode: Telegram POSTs each update to `telegram.webhook_url`, so
//! every instance behind a load balancer can take updates (long polling
//! allows one poller per bot). Updates are handled one at a time per
//! instance; the answer is 200 only once the update's effects are committed,
//! so Telegram redelivers what failed, and the engine's update keys make a
//! redelivered update change nothing.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use teloxide::prelude::*;
use teloxide::types::Update;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use super::handler::{Handled, UpdateHandler};
use super::poller::allowed_updates;
use super::{error_text, TelegramError};

/// The header Telegram fills with `setWebhook`'s `secret_token`.
const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// Telegram's cap on simultaneous webhook connections we ask for; updates
/// are handled in order per instance anyway.
const MAX_CONNECTIONS: u8 = 10;

/// An update waiting for the handler, with where to say whether it stuck.
type Job = (Update, oneshot::Sender<Handled>);

#[derive(Clone)]
struct Receiver {
    secret: Arc<str>,
    jobs: mpsc::Sender<Job>,
}

/// Checks `ESCALA_TELEGRAM_WEBHOOK_SECRET` against Telegram's rules for a
/// `secret_token`: 1–256 characters of `A-Z a-z 0-9 _ -`.
pub fn validate_secret(secret: &str) -> Result<(), TelegramError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if secret.is_empty() || secret.len() > 256 || !secret.chars().all(allowed) {
        return Err(TelegramError::WebhookSecretInvalid);
    }
    Ok(())
}

/// Registers the webhook, serves it on `listen` and hands updates to
/// `handler` until `shutdown`.
pub async fn serve(
    bot: &Bot,
    url: &str,
    listen: &str,
    secret: &str,
    handler: &mut UpdateHandler,
    shutdown: &CancellationToken,
) -> Result<(), TelegramError> {
    let public = url
        .parse::<reqwest::Url>()
        .map_err(|e| TelegramError::BadWebhookUrl { url: url.to_string(), detail: e.to_string() })?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|error| TelegramError::Listen { listen: listen.to_string(), error })?;
    // Every instance registers the same URL and secret, so this is
    // idempotent; the load balancer in front spreads the POSTs.
    bot.set_webhook(public.clone())
        .secret_token(secret)
        .allowed_updates(allowed_updates())
        .max_connections(MAX_CONNECTIONS)
        .await
        .map_err(|e| TelegramError::Api { call: "setWebhook", detail: error_text(bot, &e) })?;
    tracing::info!(url = %public, %listen, "telegram webhook registered");

    let (jobs, mut queue) = mpsc::channel::<Job>(64);
    let receiver = Receiver { secret: secret.into(), jobs };
    let path = match public.path() {
        "" => "/",
        path => path,
    };
    let router = Router::new().route(path, post(receive)).with_state(receiver);
    let stop = shutdown.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, router).with_graceful_shutdown(async move { stop.cancelled().await }).await
    });
    loop {
        let (update, done) = tokio::select! {
            _ = shutdown.cancelled() => break,
            job = queue.recv() => match job { Some(job) => job, None => break },
        };
        let _ = done.send(handler.handle(&update).await);
    }
    drop(queue);
    match server.await {
        Ok(served) => served.map_err(|e| TelegramError::WebhookServer(e.to_string())),
        Err(e) => Err(TelegramError::WebhookServer(e.to_string())),
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !same_secret(given, receiver.secret.as_bytes()) {
        tracing::warn!("webhook request without the right secret token refused");
        return StatusCode::UNAUTHORIZED;
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(error) => {
            // A body Telegram itself sent that we cannot read would fail the
            // same way on every redelivery: log it and let it go.
            tracing::error!(%error, "webhook update is not an Update; dropped");
            return StatusCode::OK;
        }
    };
    let (done, handled) = oneshot::channel();
    if receiver.jobs.send((update, done)).await.is_err() {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    match handled.await {
        Ok(Handled::Done) => StatusCode::OK,
        // Not committed: Telegram delivers it again later (and, for an
        // update that keeps failing, gives up on its own after a while).
        Ok(Handled::Later) => StatusCode::SERVICE_UNAVAILABLE,
        Ok(Handled::Failed) => StatusCode::INTERNAL_SERVER_ERROR,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// Compares in time independent of where the first difference is, so the
/// secret cannot be guessed byte by byte from response times.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_follow_telegrams_alphabet() {
        assert!(validate_secret("abc_DEF-123").is_ok());
        assert!(validate_secret("").is_err());
        assert!(validate_secret("has space").is_err());
        assert!(validate_secret(&"a".repeat(257)).is_err());
    }

    #[test]
    fn only_the_exact_secret_matches() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cres", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
    }
}

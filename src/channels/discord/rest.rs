//! The REST calls of the outbox sender. Requests are serenity's (routes and
//! builders), but the sender executes them itself so it can read a `429`'s
//! `retry_after` and hand it back to the outbox instead of blocking the
//! whole delivery loop in serenity's rate limiter (which also ignores the
//! configured proxy, so a proxy or fake Discord would never see them).

use std::num::NonZeroU64;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;
use serenity::all::{ChannelId, ForumTagId, UserId};
use serenity::http::Request;

/// Why a REST call did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum RestError {
    /// 429: try again after Discord's `retry_after`.
    RateLimited { after: Duration, scope: String },
    /// Discord answered with an error (JSON code and message).
    Refused { status: u16, code: i64, message: String },
    /// The request did not get an answer (network, 5xx, unreadable body).
    Unavailable(String),
}

impl std::fmt::Display for RestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestError::RateLimited { after, scope } => {
                write!(f, "rate limited by Discord ({scope}) for {:.3} s", after.as_secs_f64())
            }
            RestError::Refused { status, code, message } => {
                write!(f, "Discord refused ({status}, code {code}): {message}")
            }
            RestError::Unavailable(detail) => write!(f, "Discord unavailable: {detail}"),
        }
    }
}

#[derive(Clone)]
pub struct Rest {
    client: reqwest::Client,
    /// `Bot …`; secret, never logged (it travels only in a header).
    authorization: String,
    proxy: Option<String>,
}

impl Rest {
    pub fn new(client: reqwest::Client, authorization: String, proxy: Option<String>) -> Rest {
        Rest { client, authorization, proxy }
    }

    /// Executes one request; the JSON body of a success (`Null` if empty).
    pub async fn call(&self, request: Request<'_>) -> Result<Value, RestError> {
        let built = request
            .build(&self.client, &self.authorization, self.proxy.as_deref())
            .map_err(|e| RestError::Unavailable(format!("cannot build the request: {e}")))?;
        let response = built.send().await.map_err(|e| RestError::Unavailable(e.without_url().to_string()))?;
        read(response).await
    }

    /// Posts a message with one file in `channel` (multipart: the JSON
    /// payload, then the file); the message Discord created.
    pub async fn upload(&self, channel: u64, payload: Value, name: &str, bytes: Vec<u8>) -> Result<Value, RestError> {
        let base = self.proxy.as_deref().unwrap_or("https://discord.com");
        let url = format!("{base}/api/v10/channels/{channel}/messages");
        let file = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
        let form = reqwest::multipart::Form::new().text("payload_json", payload.to_string()).part("files[0]", file);
        let sent = self.client.post(url).header("Authorization", &self.authorization).multipart(form).send().await;
        read(sent.map_err(|e| RestError::Unavailable(e.without_url().to_string()))?).await
    }
}

/// A REST answer: the JSON of a success, or why it failed.
async fn read(response: reqwest::Response) -> Result<Value, RestError> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|e| RestError::Unavailable(e.without_url().to_string()))?;
    let json: Value = if body.is_empty() { Value::Null } else { serde_json::from_slice(&body).unwrap_or(Value::Null) };
    match status {
        200..=299 => Ok(json),
        429 => Err(RestError::RateLimited { after: retry_after(&json, &headers), scope: scope(&json, &headers) }),
        500..=599 => Err(RestError::Unavailable(format!("HTTP {status}"))),
        _ => Err(RestError::Refused {
            status,
            code: json["code"].as_i64().unwrap_or(0),
            message: json["message"].as_str().unwrap_or("no message").to_string(),
        }),
    }
}

/// Discord's delay: the body's `retry_after` (seconds, fractional), else
/// the `Retry-After` or `X-RateLimit-Reset-After` header, else a second.
fn retry_after(json: &Value, headers: &HeaderMap) -> Duration {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<f64>().ok());
    let seconds = json["retry_after"]
        .as_f64()
        .or_else(|| header("retry-after"))
        .or_else(|| header("x-ratelimit-reset-after"))
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(1.0);
    Duration::from_secs_f64(seconds.min(3600.0))
}

fn scope(json: &Value, headers: &HeaderMap) -> String {
    if json["global"].as_bool() == Some(true) {
        return "global".into();
    }
    headers.get("x-ratelimit-scope").and_then(|v| v.to_str().ok()).unwrap_or("route").to_string()
}

/// A snowflake from its text; ids are never 0, so 0 is no id.
pub fn snowflake(text: &str) -> Option<NonZeroU64> {
    text.trim().parse::<u64>().ok().and_then(NonZeroU64::new)
}

pub fn channel(id: u64) -> Option<ChannelId> {
    NonZeroU64::new(id).map(ChannelId::from)
}

pub fn user(id: u64) -> Option<UserId> {
    NonZeroU64::new(id).map(UserId::from)
}

pub fn tags(ids: &[u64]) -> Vec<ForumTagId> {
    ids.iter().filter_map(|id| NonZeroU64::new(*id)).map(ForumTagId::from).collect()
}

/// The id in a JSON object Discord returned (snowflakes are strings).
pub fn id_of(json: &Value) -> Option<NonZeroU64> {
    json["id"].as_str().and_then(snowflake)
}

//! The Telegram checks of `escala doctor`, against the live Bot API with
//! the configured token: the token, privacy mode, each staff group (a
//! forum, the bot an administrator that may manage topics), the alerts
//! chat and the webhook. Raw JSON rather than teloxide's types, so a field
//! a newer API adds or drops cannot turn a finding into a parse error.

use std::time::Duration;

use serde_json::{json, Value};

use super::{Finding, Tokens};
use crate::config::{Config, TelegramConfig};
use crate::domain::Channel;

const AREA: &str = "telegram";

/// Why a Bot API call gave no result.
enum CallError {
    /// Telegram answered `ok: false`.
    Refused { code: i64, description: String },
    /// No answer (network, timeout, unreadable body).
    Unreachable(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Refused { code, description } => write!(f, "Telegram answered {code}: {description}"),
            CallError::Unreachable(detail) => write!(f, "Telegram did not answer: {detail}"),
        }
    }
}

struct Api {
    client: reqwest::Client,
    /// `{base}/bot{token}/`: secret, so never part of a message.
    prefix: String,
}

impl Api {
    async fn call(&self, method: &str, params: Value) -> Result<Value, CallError> {
        let url = format!("{}{method}", self.prefix);
        // `without_url`: the URL holds the token.
        let response = self
            .client
            .post(url)
            .json(&params)
            .send()
            .await
            .map_err(|e| CallError::Unreachable(e.without_url().to_string()))?;
        let body: Value = response.json().await.map_err(|e| CallError::Unreachable(e.without_url().to_string()))?;
        if body["ok"].as_bool() == Some(true) {
            return Ok(body["result"].clone());
        }
        Err(CallError::Refused {
            code: body["error_code"].as_i64().unwrap_or(0),
            description: body["description"].as_str().unwrap_or("no description").to_string(),
        })
    }
}

pub async fn check(config: &Config, tokens: &Tokens) -> Vec<Finding> {
    let telegram = &config.telegram;
    let used = config.support.staff_channel == Channel::Telegram
        || !telegram.staff_chat_ids().is_empty()
        || telegram.alerts_chat_id.is_some();
    let Some(token) = tokens.telegram.as_deref() else {
        if used {
            return vec![Finding::problem(
                AREA,
                "token",
                "Telegram is configured but ESCALA_TELEGRAM_TOKEN is not set",
                "put the token @BotFather gave you in ESCALA_TELEGRAM_TOKEN",
            )];
        }
        return vec![Finding::skipped(AREA, "token", "ESCALA_TELEGRAM_TOKEN is not set")];
    };
    let client = match reqwest::Client::builder().timeout(Duration::from_secs(20)).build() {
        Ok(client) => client,
        Err(e) => return vec![Finding::problem(AREA, "HTTP client", e.to_string(), "check the system's TLS setup")],
    };
    let base = telegram.api_url.as_deref().unwrap_or("https://api.telegram.org").trim_end_matches('/');
    let api = Api { client, prefix: format!("{base}/bot{token}/") };
    let me = match api.call("getMe", json!({})).await {
        Ok(me) => me,
        Err(CallError::Refused { code: 401 | 404, .. }) => {
            return vec![Finding::problem(
                AREA,
                "token",
                "Telegram refused the token",
                "put the token @BotFather gave you in ESCALA_TELEGRAM_TOKEN (/token in @BotFather shows it again)",
            )]
        }
        Err(error) => {
            return vec![Finding::problem(
                AREA,
                "token",
                error.to_string(),
                "check the network, or telegram.api_url if you use a local Bot API server",
            )]
        }
    };
    let username = me["username"].as_str().unwrap_or("?");
    let bot_id = me["id"].as_i64().unwrap_or(0);
    let mut findings = vec![Finding::ok(AREA, "token", format!("valid, the bot is @{username}"))];
    findings.push(if me["can_read_all_group_messages"].as_bool() == Some(true) {
        Finding::ok(AREA, "privacy mode", "off: the bot reads agents' messages in the topics")
    } else {
        Finding::problem(
            AREA,
            "privacy mode",
            "on: the bot does not see what agents write in the topics",
            "in @BotFather: /setprivacy → your bot → Disable; then remove the bot from the staff groups and add it again",
        )
    });
    if telegram.staff_chat_ids().is_empty() && config.support.staff_channel == Channel::Telegram {
        findings.push(Finding::problem(
            AREA,
            "staff chat",
            "support.staff_channel is telegram but no staff group is set",
            "set telegram.staff_chat_id (or telegram.staff_chats per level) to the forum supergroup's id",
        ));
    }
    for chat in telegram.staff_chat_ids() {
        findings.extend(staff_chat(&api, chat, bot_id).await);
    }
    if let Some(alerts) = telegram.alerts_chat_id {
        let check = format!("alerts chat {alerts}");
        findings.push(match api.call("getChat", json!({ "chat_id": alerts })).await {
            Ok(chat) => Finding::ok(AREA, check, format!("reachable ({})", chat_name(&chat))),
            Err(error) => Finding::problem(
                AREA,
                check,
                error.to_string(),
                "add the bot to that chat, or fix telegram.alerts_chat_id",
            ),
        });
    }
    findings.push(webhook(&api, telegram, tokens).await);
    findings
}

/// A staff group must be a forum supergroup where the bot is an
/// administrator with the right to manage topics.
async fn staff_chat(api: &Api, chat: i64, bot_id: i64) -> Vec<Finding> {
    let check = format!("staff chat {chat}");
    let info = match api.call("getChat", json!({ "chat_id": chat })).await {
        Ok(info) => info,
        Err(error) => {
            return vec![Finding::problem(
                AREA,
                check,
                error.to_string(),
                "add the bot to the group, and check the id (a supergroup's starts with -100)",
            )]
        }
    };
    let name = chat_name(&info);
    let mut findings = Vec::new();
    if info["type"].as_str() != Some("supergroup") || info["is_forum"].as_bool() != Some(true) {
        findings.push(Finding::problem(
            AREA,
            check.clone(),
            format!("{name} is not a forum supergroup, so tickets cannot get topics"),
            "turn on Topics in the group's settings (Edit → Topics)",
        ));
    } else {
        findings.push(Finding::ok(AREA, check.clone(), format!("{name} is a forum")));
    }
    let rights = format!("{check}: bot rights");
    findings.push(match api.call("getChatMember", json!({ "chat_id": chat, "user_id": bot_id })).await {
        Ok(member) => match member["status"].as_str() {
            Some("creator") => Finding::ok(AREA, rights, "the bot owns the group"),
            Some("administrator") if member["can_manage_topics"].as_bool() == Some(true) => {
                Finding::ok(AREA, rights, "administrator, may manage topics")
            }
            Some("administrator") => Finding::problem(
                AREA,
                rights,
                "the bot is an administrator without the right to manage topics",
                "in the group: Administrators → the bot → turn on Manage Topics",
            ),
            other => Finding::problem(
                AREA,
                rights,
                format!("the bot is {}, not an administrator", other.unwrap_or("unknown")),
                "make the bot an administrator of the group with Manage Topics",
            ),
        },
        Err(error) => Finding::problem(AREA, rights, error.to_string(), "add the bot to the group as an administrator"),
    });
    findings
}

/// The webhook Telegram holds must match the mode: none when polling, the
/// configured URL (with its secret set) in webhook mode.
async fn webhook(api: &Api, telegram: &TelegramConfig, tokens: &Tokens) -> Finding {
    let info = match api.call("getWebhookInfo", json!({})).await {
        Ok(info) => info,
        Err(error) => return Finding::problem(AREA, "webhook", error.to_string(), "try again; check the network"),
    };
    let set = info["url"].as_str().unwrap_or_default();
    let last_error = info["last_error_message"].as_str().filter(|e| !e.is_empty());
    match telegram.webhook_url.as_deref() {
        None if set.is_empty() => Finding::ok(AREA, "webhook", "none set: long polling"),
        None => Finding::problem(
            AREA,
            "webhook",
            format!("polling mode, but Telegram posts updates to {set}"),
            "if another deployment runs in webhook mode, give each its own bot; otherwise `escala run` removes it at start",
        ),
        Some(_) if tokens.telegram_webhook_secret.is_none() => Finding::problem(
            AREA,
            "webhook",
            "webhook mode needs ESCALA_TELEGRAM_WEBHOOK_SECRET, which is not set",
            "set ESCALA_TELEGRAM_WEBHOOK_SECRET to a random string of letters and digits",
        ),
        Some(_) if set.is_empty() => Finding::ok(AREA, "webhook", "not set yet: `escala run` sets it at start"),
        Some(wanted) if set != wanted => Finding::problem(
            AREA,
            "webhook",
            format!("Telegram posts updates to {set}, not to telegram.webhook_url {wanted}"),
            "restart `escala run` (it sets the webhook), or fix telegram.webhook_url",
        ),
        Some(_) => match last_error {
            Some(error) => Finding::problem(
                AREA,
                "webhook",
                format!("Telegram cannot deliver to the webhook: {error}"),
                "check that the URL is reachable from the internet over HTTPS and reaches telegram.webhook_listen",
            ),
            None => Finding::ok(AREA, "webhook", format!("set to {set}")),
        },
    }
}

fn chat_name(chat: &Value) -> String {
    match chat["title"].as_str() {
        Some(title) => format!("\"{title}\""),
        None => chat["id"].to_string(),
    }
}

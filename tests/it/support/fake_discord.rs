//! A fake Discord on 127.0.0.1: the REST API under `/api/v10` (serenity's
//! `HttpBuilder::proxy`), every request checked against the OpenAPI spec
//! and recorded, and a WebSocket gateway (see `discord_gateway.rs`) that
//! dispatches the events the test pushes.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use tokio::sync::Notify;

use super::discord_spec::Spec;

pub const TOKEN: &str = "ODk5.fake-discord.token";
pub const BOT_ID: u64 = 4000;
pub const GUILD: u64 = 7000;

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    /// The spec's route template, e.g. `/channels/{channel_id}/messages`.
    pub route: String,
    pub path: String,
    pub body: Value,
    pub status: u16,
    pub at: Instant,
}

/// An injected answer: status, body and headers.
pub type Injected = (u16, Value, Vec<(String, String)>);

/// When requests were made, to enforce Discord's published limits: 50
/// requests per second per bot, 5 messages per 5 seconds per channel.
/// Windows are 5 % short to absorb HTTP jitter on a loaded machine.
#[derive(Default, Debug)]
pub struct SendLog {
    overall: VecDeque<Instant>,
    per_channel: HashMap<u64, VecDeque<Instant>>,
}

impl SendLog {
    /// `Some((retry_after, global))` if this request now breaks a limit.
    fn admit(&mut self, message_to: Option<u64>) -> Option<(f64, bool)> {
        let now = Instant::now();
        let second = std::time::Duration::from_millis(950);
        while self.overall.front().is_some_and(|t| now - *t >= second) {
            self.overall.pop_front();
        }
        if self.overall.len() >= 50 {
            return Some(((second - (now - self.overall[0])).as_secs_f64(), true));
        }
        if let Some(channel) = message_to {
            let window = std::time::Duration::from_millis(4750);
            let sent = self.per_channel.entry(channel).or_default();
            while sent.front().is_some_and(|t| now - *t >= window) {
                sent.pop_front();
            }
            if sent.len() >= 5 {
                return Some(((window - (now - sent[0])).as_secs_f64(), false));
            }
            sent.push_back(now);
        }
        self.overall.push_back(now);
        None
    }
}

#[derive(Default)]
pub struct State {
    pub calls: Vec<Call>,
    pub violations: Vec<String>,
    /// Dispatches waiting for the gateway: (event name, data).
    pub pending: VecDeque<(String, Value)>,
    /// Every dispatch sent, with its sequence number, for RESUME.
    pub history: Vec<(u64, String, Value)>,
    pub seq: u64,
    pub next_id: u64,
    /// Injected answers per "METHOD route": (status, body, headers).
    pub fail: HashMap<String, VecDeque<Injected>>,
    pub forums: Vec<u64>,
    pub threads: HashMap<u64, Value>,
    pub dms: HashMap<u64, u64>,
    /// Interaction id → (dispatched at, token, acknowledged).
    pub interactions: HashMap<u64, (Instant, String, bool)>,
    /// When set, Discord's published limits answer 429.
    pub limits: Option<SendLog>,
    pub identifies: Vec<Value>,
    pub resumes: Vec<Value>,
    /// Close the gateway connection after the next dispatch.
    pub drop_after_next: bool,
    /// The bot's messages still there: (channel, id) → message.
    pub messages: HashMap<(u64, u64), Value>,
    /// Channels (forum posts) someone deleted.
    pub deleted: std::collections::HashSet<u64>,
    /// The application's flags (`GET /oauth2/applications/@me`); the
    /// Message Content intent (1 << 19) unless a test turns it off.
    pub app_flags: Option<u64>,
    /// Channels answered as given by `GET /channels/{id}` (a text
    /// channel, a forum set up differently from `add_forum`'s).
    pub channels: HashMap<u64, Value>,
    /// The guild's roles; `None`: @everyone with the README's permissions.
    pub roles: Option<Vec<Value>>,
    /// The bot member's role ids.
    pub bot_roles: Vec<u64>,
    /// Members' role ids, by user (the bot's are `bot_roles`).
    pub member_roles: HashMap<u64, Vec<u64>>,
    /// Files on the fake CDN, by path (`/attachments/…`).
    pub cdn: HashMap<String, Vec<u8>>,
    /// Files the bot uploaded: (channel, file name, bytes).
    pub uploads: Vec<(u64, String, Vec<u8>)>,
    /// Slash commands registered so far: route path → commands.
    pub commands: HashMap<String, Vec<Value>>,
}

/// The permissions the README's invite link grants.
pub const INVITE_PERMISSIONS: u64 = 326_417_533_952;

#[derive(Clone)]
pub struct FakeDiscord {
    pub spec: Arc<Spec>,
    pub state: Arc<Mutex<State>>,
    pub pushed: Arc<Notify>,
    pub url: String,
    pub gateway_url: String,
}

fn error(status: u16, code: i64, message: &str) -> Response {
    (StatusCode::from_u16(status).unwrap(), Json(json!({"message": message, "code": code}))).into_response()
}

pub fn user_json(id: u64, name: &str, bot: bool) -> Value {
    json!({"id": id.to_string(), "username": name.to_lowercase(), "discriminator": "0", "global_name": name,
        "avatar": null, "bot": bot})
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let rest = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let ws = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = FakeDiscord {
            spec: Arc::new(Spec::load()),
            state: Arc::new(Mutex::new(State { next_id: 100_000, ..State::default() })),
            pushed: Arc::new(Notify::new()),
            url: format!("http://{}", rest.local_addr().unwrap()),
            gateway_url: format!("ws://{}", ws.local_addr().unwrap()),
        };
        let app = axum::Router::new()
            .route("/attachments/{id}/{name}", axum::routing::get(cdn))
            .fallback(serve)
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(rest, app).await.unwrap() });
        tokio::spawn(super::discord_gateway::accept(fake.clone(), ws));
        fake
    }

    fn next_id(&self) -> u64 {
        let mut state = self.state.lock().unwrap();
        state.next_id += 1;
        state.next_id
    }

    pub fn add_forum(&self, id: u64) {
        self.state.lock().unwrap().forums.push(id);
    }

    /// A file on the fake CDN; the attachment object a message carries
    /// for it (its `url` is what Discord's CDN would serve).
    pub fn host_file(&self, id: u64, name: &str, content_type: &str, bytes: Vec<u8>) -> Value {
        let path = format!("/attachments/{id}/{name}");
        let size = bytes.len();
        self.state.lock().unwrap().cdn.insert(path.clone(), bytes);
        json!({"id": id.to_string(), "filename": name, "size": size, "content_type": content_type,
            "url": format!("{}{path}?ex=1&is=1&hm=signed", self.url), "proxy_url": format!("{}{path}", self.url)})
    }

    /// The files the bot uploaded so far: (channel, file name, bytes).
    pub fn uploads(&self) -> Vec<(u64, String, Vec<u8>)> {
        self.state.lock().unwrap().uploads.clone()
    }

    /// A forum channel as `GET /channels/{id}` shows it: type 15 in the
    /// fake's guild, no tags or overwrites unless `tune` adds them.
    pub fn forum_json(id: u64) -> Value {
        json!({"id": id.to_string(), "type": 15, "guild_id": GUILD.to_string(), "name": "tickets", "position": 0,
            "permission_overwrites": [], "available_tags": [], "flags": 0, "nsfw": false})
    }

    /// `GET /channels/{id}` answers `channel` from now on.
    pub fn set_channel(&self, id: u64, channel: Value) {
        self.state.lock().unwrap().channels.insert(id, channel);
    }

    /// The application's flags as the Developer Portal's intents set them.
    pub fn set_app_flags(&self, flags: u64) {
        self.state.lock().unwrap().app_flags = Some(flags);
    }

    /// The guild's roles and the bot's among them.
    pub fn set_roles(&self, roles: Vec<Value>, bot_roles: &[u64]) {
        let mut state = self.state.lock().unwrap();
        state.roles = Some(roles);
        state.bot_roles = bot_roles.to_vec();
    }

    pub fn role_json(id: u64, name: &str, permissions: u64) -> Value {
        json!({"id": id.to_string(), "name": name, "color": 0, "hoist": false, "position": 0,
            "permissions": permissions.to_string(), "managed": false, "mentionable": false, "flags": 0})
    }

    /// Queues a gateway dispatch (`MESSAGE_CREATE`, `INTERACTION_CREATE`…).
    pub fn dispatch(&self, event: &str, data: Value) {
        if event == "INTERACTION_CREATE" {
            let id = data["id"].as_str().unwrap().parse().unwrap();
            let token = data["token"].as_str().unwrap().to_string();
            self.state.lock().unwrap().interactions.insert(id, (Instant::now(), token, false));
        }
        self.state.lock().unwrap().pending.push_back((event.to_string(), data));
        self.pushed.notify_waiters();
    }

    /// The DM channel of `user` (the one Discord would open).
    pub fn dm_of(&self, user: u64) -> u64 {
        *self.state.lock().unwrap().dms.entry(user).or_insert(user + 1_000_000)
    }

    /// From now on, requests over Discord's published limits answer 429.
    pub fn enforce_limits(&self) {
        self.state.lock().unwrap().limits = Some(SendLog::default());
    }

    /// The next `n` calls of `METHOD route` answer 429 with `retry_after`.
    pub fn rate_limit(&self, method_route: &str, n: usize, retry_after: f64) {
        let body = json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": false});
        let headers = vec![
            ("retry-after".to_string(), retry_after.ceil().to_string()),
            ("x-ratelimit-limit".to_string(), "5".to_string()),
            ("x-ratelimit-remaining".to_string(), "0".to_string()),
            ("x-ratelimit-reset-after".to_string(), retry_after.to_string()),
            ("x-ratelimit-bucket".to_string(), "fake-bucket".to_string()),
            ("x-ratelimit-scope".to_string(), "user".to_string()),
        ];
        let mut state = self.state.lock().unwrap();
        let queue = state.fail.entry(method_route.to_string()).or_default();
        queue.extend((0..n).map(|_| (429, body.clone(), headers.clone())));
    }

    /// The next `n` calls of `METHOD route` are refused as Discord would:
    /// `status` with its JSON error `code` and `message`.
    pub fn refuse(&self, method_route: &str, n: usize, status: u16, code: i64, message: &str) {
        let body = json!({"code": code, "message": message});
        let mut state = self.state.lock().unwrap();
        let queue = state.fail.entry(method_route.to_string()).or_default();
        queue.extend((0..n).map(|_| (status, body.clone(), Vec::new())));
    }

    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    pub fn violations(&self) -> Vec<String> {
        self.state.lock().unwrap().violations.clone()
    }

    /// Bodies of the successful calls of `METHOD route`.
    pub fn sent(&self, method_route: &str) -> Vec<Value> {
        self.calls()
            .into_iter()
            .filter(|c| format!("{} {}", c.method, c.route) == method_route && c.status < 300)
            .map(|c| c.body)
            .collect()
    }

    /// The id of the bot's latest message in `channel` whose content contains `needle`.
    pub fn message_id_of(&self, channel: u64, needle: &str) -> Option<u64> {
        let state = self.state.lock().unwrap();
        state
            .messages
            .iter()
            .filter(|((c, _), m)| *c == channel && m["content"].as_str().is_some_and(|t| t.contains(needle)))
            .map(|((_, id), _)| *id)
            .max()
    }

    /// The bot's message `id` in `channel`, if it is still there.
    pub fn message(&self, channel: u64, id: u64) -> Option<Value> {
        self.state.lock().unwrap().messages.get(&(channel, id)).cloned()
    }

    /// A message someone wrote while the bot was not connected: Discord
    /// keeps it (REST shows it) but no gateway event will ever carry it.
    pub fn written_while_away(&self, message: Value) {
        let channel = message["channel_id"].as_str().unwrap().parse().unwrap();
        let id = message["id"].as_str().unwrap().parse().unwrap();
        self.state.lock().unwrap().messages.insert((channel, id), message);
    }

    /// Someone deletes forum post `thread` (in the Discord app).
    pub fn delete_thread(&self, thread: u64) {
        let mut state = self.state.lock().unwrap();
        state.threads.remove(&thread);
        state.deleted.insert(thread);
    }

    /// A forum post (thread) as the fake holds it now.
    pub fn thread(&self, id: u64) -> Option<Value> {
        self.state.lock().unwrap().threads.get(&id).cloned()
    }

    /// Messages the bot created in `channel`, in order.
    pub fn messages_in(&self, channel: u64) -> Vec<Value> {
        let path = format!("/channels/{channel}/messages");
        self.calls()
            .into_iter()
            .filter(|c| c.method == "POST" && c.path == path && c.status < 300)
            .map(|c| c.body)
            .collect()
    }

    /// Waits until `check` finds something, or panics with the calls made.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&FakeDiscord) -> Option<T>,
    ) -> T {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(found) = check(self) {
                return found;
            }
            if tokio::time::Instant::now() > deadline {
                let calls: Vec<String> =
                    self.calls().iter().map(|c| format!("{} {} {} {}", c.status, c.method, c.path, c.body)).collect();
                panic!("timed out waiting for {what}; calls:\n{}", calls.join("\n"));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub fn message_json(&self, id: u64, channel: u64, author: Value, content: &str, guild: Option<u64>) -> Value {
        let mut message = json!({"id": id.to_string(), "channel_id": channel.to_string(), "author": author,
            "content": content, "timestamp": chrono::Utc::now().to_rfc3339(), "edited_timestamp": null, "tts": false,
            "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
            "pinned": false, "type": 0, "components": []});
        if let Some(guild) = guild {
            message["guild_id"] = json!(guild.to_string());
        }
        message
    }

    fn thread_json(&self, id: u64, parent: u64, name: &str, tags: Value) -> Value {
        json!({"id": id.to_string(), "type": 11, "guild_id": GUILD.to_string(), "parent_id": parent.to_string(),
            "name": name, "applied_tags": tags, "owner_id": BOT_ID.to_string(), "message_count": 1, "member_count": 1,
            "thread_metadata": {"archived": false, "auto_archive_duration": 4320, "locked": false,
                "archive_timestamp": chrono::Utc::now().to_rfc3339()}})
    }

    /// What Discord answers to a valid, authorised request.
    fn answer(&self, method: &str, route: &str, path: &[&str], query: &str, body: &Value) -> Response {
        let id_at = |i: usize| path.get(i).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
        match (method, route) {
            ("GET", "/gateway") => Json(json!({"url": self.gateway_url})).into_response(),
            ("GET", "/gateway/bot") => Json(json!({"url": self.gateway_url, "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}))
            .into_response(),
            ("GET", "/users/@me") => Json(user_json(BOT_ID, "Escala", true)).into_response(),
            ("POST", "/users/@me/channels") => {
                let user: u64 = body["recipient_id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
                let dm = self.dm_of(user);
                Json(json!({"id": dm.to_string(), "type": 1, "last_message_id": null, "flags": 0,
                    "recipients": [user_json(user, "User", false)]}))
                .into_response()
            }
            ("GET", "/channels/{channel_id}/messages") => {
                let param = |name: &str| {
                    query.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
                };
                let after: u64 = param("after").and_then(|v| v.parse().ok()).unwrap_or(0);
                let limit: usize = param("limit").and_then(|v| v.parse().ok()).unwrap_or(50).clamp(1, 100);
                let state = self.state.lock().unwrap();
                let mut found: Vec<(u64, Value)> = state
                    .messages
                    .iter()
                    .filter(|((channel, id), _)| *channel == id_at(1) && *id > after)
                    .map(|((_, id), m)| (*id, m.clone()))
                    .collect();
                // With `after`, Discord gives the oldest `limit` after it,
                // newest first.
                found.sort_by_key(|(id, _)| *id);
                found.truncate(limit);
                found.reverse();
                Json(Value::Array(found.into_iter().map(|(_, m)| m).collect())).into_response()
            }
            ("POST", "/channels/{channel_id}/messages") if self.state.lock().unwrap().deleted.contains(&id_at(1)) => {
                error(404, 10003, "Unknown Channel")
            }
            ("POST", "/channels/{channel_id}/messages") => {
                let channel = id_at(1);
                let content = body["content"].as_str().unwrap_or_default();
                if content.chars().count() > 2000 {
                    return error(400, 50035, "Invalid Form Body: content: Must be 2000 or fewer in length.");
                }
                let empty = |k: &str| body[k].as_array().is_none_or(|a| a.is_empty());
                if content.is_empty() && empty("embeds") && empty("components") && empty("attachments") {
                    return error(400, 50006, "Cannot send an empty message");
                }
                let mut state = self.state.lock().unwrap();
                if let Some(thread) = state.threads.get_mut(&channel) {
                    // A message unarchives an archived (unlocked) thread.
                    thread["thread_metadata"]["archived"] = json!(false);
                }
                drop(state);
                let id = self.next_id();
                let mut message = self.message_json(id, channel, user_json(BOT_ID, "Escala", true), content, None);
                message["embeds"] = body["embeds"].clone();
                if let Some(files) = body["attachments"].as_array().filter(|a| !a.is_empty()) {
                    let uploaded = self.state.lock().unwrap().uploads.last().cloned();
                    message["attachments"] = json!(files
                        .iter()
                        .map(|f| {
                            let name = f["filename"].as_str().unwrap_or("file");
                            let size = uploaded.as_ref().map_or(0, |(_, _, b)| b.len());
                            json!({"id": self.next_id().to_string(), "filename": name, "size": size,
                            "url": format!("{}/attachments/{id}/{name}", self.url), "proxy_url": ""})
                        })
                        .collect::<Vec<_>>());
                }
                self.state.lock().unwrap().messages.insert((channel, id), message.clone());
                // Discord echoes the bot's own messages over the gateway.
                self.dispatch("MESSAGE_CREATE", message.clone());
                Json(message).into_response()
            }
            ("PATCH", "/channels/{channel_id}/messages/{message_id}") => {
                let content = body["content"].as_str().unwrap_or_default();
                if content.chars().count() > 2000 {
                    return error(400, 50035, "Invalid Form Body: content: Must be 2000 or fewer in length.");
                }
                let mut state = self.state.lock().unwrap();
                let Some(message) = state.messages.get_mut(&(id_at(1), id_at(3))) else {
                    return error(404, 10008, "Unknown Message");
                };
                message["content"] = json!(content);
                message["edited_timestamp"] = json!(chrono::Utc::now().to_rfc3339());
                Json(message.clone()).into_response()
            }
            ("DELETE", "/channels/{channel_id}/messages/{message_id}") => {
                match self.state.lock().unwrap().messages.remove(&(id_at(1), id_at(3))) {
                    Some(_) => StatusCode::NO_CONTENT.into_response(),
                    None => error(404, 10008, "Unknown Message"),
                }
            }
            ("POST", "/channels/{channel_id}/threads") => {
                let forum = id_at(1);
                if !self.state.lock().unwrap().forums.contains(&forum) {
                    return error(404, 10003, "Unknown Channel");
                }
                let id = self.next_id();
                let name = body["name"].as_str().unwrap_or_default();
                let mut thread = self.thread_json(id, forum, name, body["applied_tags"].clone());
                self.state.lock().unwrap().threads.insert(id, thread.clone());
                thread["message"] = self.message_json(id, id, user_json(BOT_ID, "Escala", true), "", Some(GUILD));
                Json(thread).into_response()
            }
            ("GET", "/channels/{channel_id}") if !self.state.lock().unwrap().threads.contains_key(&id_at(1)) => {
                let state = self.state.lock().unwrap();
                if let Some(channel) = state.channels.get(&id_at(1)) {
                    return Json(channel.clone()).into_response();
                }
                if state.forums.contains(&id_at(1)) {
                    return Json(Self::forum_json(id_at(1))).into_response();
                }
                error(404, 10003, "Unknown Channel")
            }
            ("GET", "/oauth2/applications/@me") => {
                let flags = self.state.lock().unwrap().app_flags.unwrap_or(1 << 19);
                Json(json!({"id": BOT_ID.to_string(), "name": "Escala", "icon": null, "description": "",
                    "bot_public": true, "bot_require_code_grant": false, "verify_key": "00", "flags": flags,
                    "bot": user_json(BOT_ID, "Escala", true)}))
                .into_response()
            }
            ("GET", "/guilds/{guild_id}/roles") => {
                let roles = self.state.lock().unwrap().roles.clone();
                let roles = roles.unwrap_or_else(|| vec![Self::role_json(GUILD, "@everyone", INVITE_PERMISSIONS)]);
                Json(Value::Array(roles)).into_response()
            }
            ("GET", "/guilds/{guild_id}/members/{user_id}") => {
                let state = self.state.lock().unwrap();
                let roles = match id_at(3) {
                    BOT_ID => state.bot_roles.clone(),
                    user => state.member_roles.get(&user).cloned().unwrap_or_default(),
                };
                let roles: Vec<String> = roles.iter().map(u64::to_string).collect();
                Json(json!({"user": user_json(id_at(3), "Escala", true), "roles": roles, "joined_at": "2026-01-01T00:00:00Z",
                    "deaf": false, "mute": false, "flags": 0}))
                .into_response()
            }
            ("GET", "/applications/{application_id}/commands")
            | ("GET", "/applications/{application_id}/guilds/{guild_id}/commands") => {
                let path = format!("/{}", path.join("/"));
                let commands = self.state.lock().unwrap().commands.get(&path).cloned().unwrap_or_default();
                Json(Value::Array(commands)).into_response()
            }
            ("GET" | "PATCH", "/channels/{channel_id}") => {
                let mut state = self.state.lock().unwrap();
                let Some(thread) = state.threads.get_mut(&id_at(1)) else {
                    return error(404, 10003, "Unknown Channel");
                };
                if method == "PATCH" {
                    let archived = thread["thread_metadata"]["archived"] == json!(true);
                    if archived && body["archived"] != json!(false) {
                        return error(400, 50083, "Thread is archived");
                    }
                    for key in ["archived", "locked"] {
                        if let Some(v) = body.get(key) {
                            thread["thread_metadata"][key] = v.clone();
                        }
                    }
                    for key in ["name", "applied_tags"] {
                        if let Some(v) = body.get(key) {
                            thread[key] = v.clone();
                        }
                    }
                }
                Json(thread.clone()).into_response()
            }
            ("POST", "/interactions/{interaction_id}/{interaction_token}/callback") => {
                let mut state = self.state.lock().unwrap();
                let Some((at, token, acked)) = state.interactions.get_mut(&id_at(1)) else {
                    return error(404, 10062, "Unknown interaction");
                };
                if *token != path[2] || at.elapsed() > Duration::from_secs(3) {
                    return error(404, 10062, "Unknown interaction");
                }
                if *acked {
                    return error(400, 40060, "Interaction has already been acknowledged.");
                }
                *acked = true;
                StatusCode::NO_CONTENT.into_response()
            }
            ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original") => {
                let id = self.next_id();
                let content = body["content"].as_str().unwrap_or_default();
                Json(self.message_json(id, 1, user_json(BOT_ID, "Escala", true), content, None)).into_response()
            }
            ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original") => {
                StatusCode::NO_CONTENT.into_response()
            }
            ("PUT", "/applications/{application_id}/commands")
            | ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands") => {
                let commands: Vec<Value> = body
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|mut c| {
                        c["id"] = json!(self.next_id().to_string());
                        c["application_id"] = json!(BOT_ID.to_string());
                        c["version"] = json!("1");
                        c["type"] = json!(1);
                        c
                    })
                    .collect();
                self.state.lock().unwrap().commands.insert(format!("/{}", path.join("/")), commands.clone());
                Json(Value::Array(commands)).into_response()
            }
            _ => error(404, 0, "404: Not Found (the fake does not serve this route)"),
        }
    }
}

async fn serve(
    axum::extract::State(fake): axum::extract::State<FakeDiscord>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let method = method.as_str().to_string();
    let path = uri.path().strip_prefix("/api/v10").unwrap_or(uri.path()).to_string();
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let mut upload = None;
    let body: Value = if content_type.starts_with("multipart/form-data") {
        // A message with files: the JSON is in `payload_json`, the files
        // in `files[n]`.
        let parts = super::multipart::parts(&content_type, &body);
        upload = parts
            .iter()
            .find(|(name, _, _)| name.starts_with("files["))
            .map(|(_, file, bytes)| (file.clone().unwrap_or_default(), bytes.clone()));
        parts
            .iter()
            .find(|(name, _, _)| name == "payload_json")
            .and_then(|(_, _, bytes)| serde_json::from_slice(bytes).ok())
            .unwrap_or(Value::Null)
    } else if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    };
    let Some((route, schema)) = fake.spec.route(&method, &path) else {
        fake.state.lock().unwrap().violations.push(format!("{method} {path}: no such route in the spec"));
        return error(404, 0, "404: Not Found");
    };
    let record = |status: u16| {
        let call = Call {
            method: method.clone(),
            route: route.clone(),
            path: path.clone(),
            body: body.clone(),
            status,
            at: Instant::now(),
        };
        fake.state.lock().unwrap().calls.push(call);
    };
    let authorised = headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bot {TOKEN}"));
    if !authorised && !route.starts_with("/interactions") && !route.starts_with("/webhooks") {
        record(401);
        return error(401, 0, "401: Unauthorized");
    }
    if let Some(schema) = &schema {
        let problems = fake.spec.check(schema, &body);
        if !problems.is_empty() {
            fake.state.lock().unwrap().violations.push(format!("{method} {route}: {}", problems.join("; ")));
            record(400);
            return error(400, 50035, &format!("Invalid Form Body: {}", problems.join("; ")));
        }
    }
    let key = format!("{method} {route}");
    let injected = fake.state.lock().unwrap().fail.get_mut(&key).and_then(VecDeque::pop_front);
    if let Some((status, body, extra)) = injected {
        record(status);
        let mut response = (StatusCode::from_u16(status).unwrap(), Json(body)).into_response();
        for (name, value) in extra {
            response
                .headers_mut()
                .insert(axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(), value.parse().unwrap());
        }
        return response;
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let message_to = (method == "POST" && route == "/channels/{channel_id}/messages")
        .then(|| segments.get(1).and_then(|id| id.parse().ok()))
        .flatten();
    let over = fake.state.lock().unwrap().limits.as_mut().and_then(|log| log.admit(message_to));
    if let Some((retry_after, global)) = over {
        record(429);
        let body = json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": global});
        let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
        response.headers_mut().insert("retry-after", retry_after.ceil().to_string().parse().unwrap());
        return response;
    }
    if let Some((name, bytes)) = upload {
        let channel = segments.get(1).and_then(|id| id.parse().ok()).unwrap_or(0);
        fake.state.lock().unwrap().uploads.push((channel, name, bytes));
    }
    let response = fake.answer(&method, &route, &segments, uri.query().unwrap_or_default(), &body);
    record(response.status().as_u16());
    response
}

/// The fake CDN: files hosted with `host_file` (and those the bot uploaded).
async fn cdn(
    axum::extract::State(fake): axum::extract::State<FakeDiscord>,
    axum::extract::Path((id, name)): axum::extract::Path<(String, String)>,
) -> Response {
    let path = format!("/attachments/{id}/{name}");
    match fake.state.lock().unwrap().cdn.get(&path) {
        Some(bytes) => bytes.clone().into_response(),
        None => error(404, 0, "404: Not Found"),
    }
}

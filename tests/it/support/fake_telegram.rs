//! A fake Telegram Bot API on 127.0.0.1: checks every request against the
//! Bot API specification in tests/fixtures/platform-specs (a copy of the workspace's ../shared/platform-specs, MIT), serves the methods the
//! adapter uses, queues updates pushed by the test and records every call.
//! Like Telegram, once a webhook is set it POSTs updates there (with the
//! secret token, retrying until answered 200) and refuses `getUpdates`.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use tokio::sync::Notify;

pub const TOKEN: &str = "123456:TEST-token";
pub const BOT_ID: u64 = 123456;

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub params: Value,
    /// The HTTP status the fake answered with.
    pub status: u16,
}

/// One parameter of a method in the spec: name, accepted types, required.
type Field = (String, Vec<String>, bool);

#[derive(Default)]
struct State_ {
    calls: Vec<Call>,
    violations: Vec<String>,
    /// (update, handed out at least once)
    updates: Vec<(Value, bool)>,
    next_message_id: i64,
    next_thread_id: i64,
    fail: HashMap<String, Vec<(u16, Value)>>,
    admins: HashMap<i64, Vec<u64>>,
    /// `setWebhook`'s url and secret_token.
    webhook: Option<(String, String)>,
    /// (update_id, HTTP status) of every webhook POST.
    webhook_posts: Vec<(i64, u16)>,
    /// When set, Telegram's published send limits answer 429.
    limits: Option<SendLog>,
    /// The bot's messages still there: (chat, message id) → text.
    messages: HashMap<(i64, i64), String>,
    /// Forum topics someone deleted: (chat, message_thread_id).
    deleted_topics: std::collections::HashSet<(i64, i64)>,
    /// Privacy mode on: `getMe` says the bot cannot read all group messages.
    privacy: bool,
    /// `getChat` answers for chats set up differently from the default
    /// (a forum supergroup for negative ids); `None` is a chat the bot is not in.
    chats: HashMap<i64, Option<Value>>,
    /// `getChatMember` answers for the bot, per chat (default: an
    /// administrator that may manage topics).
    bot_member: HashMap<i64, Value>,
    /// `getWebhookInfo`'s `last_error_message`.
    webhook_error: Option<String>,
    /// Files users sent, by file_id: (name, bytes), for `getFile` and the
    /// download link.
    files: HashMap<String, (String, Vec<u8>)>,
    /// Files the bot uploaded (sendDocument, sendPhoto).
    uploads: Vec<Upload>,
}

/// A file the bot uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub method: String,
    pub chat_id: i64,
    pub thread_id: Option<i64>,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// When messages were sent, overall and per chat, to enforce Telegram's
/// published limits: 1 message per second to a chat, 20 per minute to a
/// group, about 30 per second overall. Windows are 5 % short to absorb
/// the jitter of HTTP on a loaded machine, not to let bursts through.
#[derive(Default)]
struct SendLog {
    overall: std::collections::VecDeque<std::time::Instant>,
    per_chat: HashMap<i64, std::collections::VecDeque<std::time::Instant>>,
}

impl SendLog {
    /// `Some(retry_after)` if a message to `chat` now breaks a limit.
    fn admit(&mut self, chat: i64) -> Option<u64> {
        let now = std::time::Instant::now();
        let (limit, window) =
            if chat < 0 { (20, Duration::from_millis(57_000)) } else { (1, Duration::from_millis(950)) };
        let sent = self.per_chat.entry(chat).or_default();
        while sent.front().is_some_and(|t| now - *t >= window) {
            sent.pop_front();
        }
        if sent.len() >= limit {
            return Some((window - (now - sent[0])).as_secs().max(1));
        }
        while self.overall.front().is_some_and(|t| now - *t >= Duration::from_millis(950)) {
            self.overall.pop_front();
        }
        if self.overall.len() >= 30 {
            return Some(1);
        }
        sent.push_back(now);
        self.overall.push_back(now);
        None
    }
}

#[derive(Clone)]
pub struct FakeTelegram {
    spec: Arc<HashMap<String, Vec<Field>>>,
    state: Arc<Mutex<State_>>,
    pushed: Arc<Notify>,
    pub url: String,
}

pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/platform-specs/telegram-bot-api.json")
}

fn load_spec() -> HashMap<String, Vec<Field>> {
    let text = std::fs::read_to_string(spec_path()).expect("telegram-bot-api.json");
    let spec: Value = serde_json::from_str(&text).unwrap();
    let mut methods = HashMap::new();
    for (name, method) in spec["methods"].as_object().unwrap() {
        let fields = method["fields"].as_array().cloned().unwrap_or_default();
        let fields = fields
            .iter()
            .map(|f| {
                let types = f["types"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
                (f["name"].as_str().unwrap().to_string(), types, f["required"].as_bool().unwrap_or(false))
            })
            .collect();
        methods.insert(name.clone(), fields);
    }
    methods
}

fn type_matches(value: &Value, ty: &str) -> bool {
    match ty {
        "Integer" => value.is_i64() || value.is_u64(),
        "Float" => value.is_number(),
        "String" => value.is_string(),
        "Boolean" => value.is_boolean(),
        "InputFile" => value.is_string(),
        t if t.starts_with("Array of ") => value.is_array(),
        _ => value.is_object(),
    }
}

/// Telegram's HTML parse mode, strictly: known tags properly nested, `&`
/// only as an entity, no stray `<`.
pub fn check_html(text: &str) -> Result<(), String> {
    const TAGS: [&str; 15] = [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "a",
        "tg-spoiler",
        "span",
        "blockquote",
    ];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find(['<', '&']) {
        let tail = &rest[pos..];
        if tail.starts_with('&') {
            let end = tail.find(';').ok_or("unclosed entity")?;
            let name = &tail[1..end];
            let numeric =
                name.strip_prefix('#').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if !numeric && !["lt", "gt", "amp", "quot"].contains(&name) {
                return Err(format!("unsupported entity &{name};"));
            }
            rest = &tail[end + 1..];
            continue;
        }
        let end = tail.find('>').ok_or("unclosed start tag")?;
        let inner = &tail[1..end];
        if let Some(name) = inner.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name.trim()) {
                return Err(format!("unexpected end tag {name}"));
            }
        } else {
            let name = inner.split_whitespace().next().unwrap_or_default();
            if !TAGS.contains(&name) {
                return Err(format!("unsupported start tag \"{name}\""));
            }
            stack.push(name.to_string());
        }
        rest = &tail[end + 1..];
    }
    if let Some(open) = stack.pop() {
        return Err(format!("can't find end tag corresponding to start tag {open}"));
    }
    Ok(())
}

fn visible_len(html: &str) -> usize {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&").encode_utf16().count()
}

fn ok(result: Value) -> Response {
    Json(json!({"ok": true, "result": result})).into_response()
}

fn refuse(code: u16, description: &str) -> Response {
    let status = StatusCode::from_u16(code).unwrap();
    (status, Json(json!({"ok": false, "error_code": code, "description": description}))).into_response()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn chat_json(id: i64) -> Value {
    if id < 0 {
        json!({"id": id, "type": "supergroup", "title": "Staff", "is_forum": true})
    } else {
        json!({"id": id, "type": "private", "first_name": "User"})
    }
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let fake = FakeTelegram {
            spec: Arc::new(load_spec()),
            state: Arc::new(Mutex::new(State_ { next_message_id: 1000, next_thread_id: 500, ..State_::default() })),
            pushed: Arc::new(Notify::new()),
            url: String::new(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/{bot}/{method}", axum::routing::post(serve).get(serve))
            .route("/file/{bot}/{folder}/{id}", axum::routing::get(download))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeTelegram { url, ..fake }
    }

    /// Queues an update for `getUpdates`, or POSTs it to the webhook.
    pub fn push(&self, update: Value) {
        let webhook = self.state.lock().unwrap().webhook.clone();
        match webhook {
            Some((url, secret)) => self.post_to_webhook(url, secret, update),
            None => {
                self.state.lock().unwrap().updates.push((update, false));
                self.pushed.notify_waiters();
            }
        }
    }

    /// Telegram's webhook delivery: POST until answered 200 (it gives up
    /// after a while; the fake after 50 tries).
    fn post_to_webhook(&self, url: String, secret: String, update: Value) {
        let state = self.state.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let id = update["update_id"].as_i64().unwrap_or(0);
            for _ in 0..50 {
                let sent = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("x-telegram-bot-api-secret-token", &secret)
                    .body(update.to_string())
                    .send()
                    .await;
                let status = sent.map(|r| r.status().as_u16()).unwrap_or(0);
                state.lock().unwrap().webhook_posts.push((id, status));
                if status == 200 {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        });
    }

    /// (update_id, status) of every webhook POST so far.
    pub fn webhook_posts(&self) -> Vec<(i64, u16)> {
        self.state.lock().unwrap().webhook_posts.clone()
    }

    /// The next `n` calls of `method` answer 429 with `retry_after`.
    pub fn rate_limit(&self, method: &str, n: usize, retry_after: u64) {
        let body = json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {retry_after}"),
            "parameters": {"retry_after": retry_after}});
        self.state
            .lock()
            .unwrap()
            .fail
            .entry(method.to_string())
            .or_default()
            .extend((0..n).map(|_| (429, body.clone())));
    }

    /// From now on, sends over Telegram's published limits answer 429.
    pub fn enforce_limits(&self) {
        self.state.lock().unwrap().limits = Some(SendLog::default());
    }

    /// The next `n` calls of `method` fail as an outage would: `status`
    /// (5xx) with Telegram's JSON error body.
    pub fn outage(&self, method: &str, n: usize, status: u16, description: &str) {
        let body = json!({"ok": false, "error_code": status, "description": description});
        self.state
            .lock()
            .unwrap()
            .fail
            .entry(method.to_string())
            .or_default()
            .extend((0..n).map(|_| (status, body.clone())));
    }

    /// The next `n` `getUpdates` calls answer 409 Conflict.
    pub fn conflict(&self, n: usize) {
        let body = json!({"ok": false, "error_code": 409,
            "description": "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"});
        self.state
            .lock()
            .unwrap()
            .fail
            .entry("getUpdates".into())
            .or_default()
            .extend((0..n).map(|_| (409, body.clone())));
    }

    /// A file Telegram keeps for the bot under `file_id` (what a user sent).
    pub fn host_file(&self, file_id: &str, name: &str, bytes: Vec<u8>) {
        self.state.lock().unwrap().files.insert(file_id.to_string(), (name.to_string(), bytes));
    }

    /// The files the bot uploaded so far.
    pub fn uploads(&self) -> Vec<Upload> {
        self.state.lock().unwrap().uploads.clone()
    }

    /// Privacy mode on or off (@BotFather's /setprivacy).
    pub fn set_privacy(&self, on: bool) {
        self.state.lock().unwrap().privacy = on;
    }

    /// `getChat` of `chat` answers `info` (`None`: the bot is not there).
    pub fn set_chat(&self, chat: i64, info: Option<Value>) {
        self.state.lock().unwrap().chats.insert(chat, info);
    }

    /// The bot's membership in `chat`, as `getChatMember` answers it.
    pub fn set_bot_member(&self, chat: i64, member: Value) {
        self.state.lock().unwrap().bot_member.insert(chat, member);
    }

    /// Sets the webhook as `setWebhook` would, with the error Telegram
    /// last met delivering to it.
    pub fn set_webhook(&self, url: &str, error: Option<&str>) {
        let mut state = self.state.lock().unwrap();
        state.webhook = Some((url.to_string(), String::new()));
        state.webhook_error = error.map(str::to_string);
    }

    pub fn set_admins(&self, chat: i64, users: &[u64]) {
        self.state.lock().unwrap().admins.insert(chat, users.to_vec());
    }

    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }

    pub fn violations(&self) -> Vec<String> {
        self.state.lock().unwrap().violations.clone()
    }

    /// The id of the bot's latest message in `chat` whose text contains `needle`.
    pub fn message_id_of(&self, chat: i64, needle: &str) -> Option<i64> {
        let state = self.state.lock().unwrap();
        state.messages.iter().filter(|((c, _), t)| *c == chat && t.contains(needle)).map(|((_, id), _)| *id).max()
    }

    /// Someone deletes forum topic `thread` of `chat` (in the Telegram app).
    pub fn delete_topic(&self, chat: i64, thread: i64) {
        self.state.lock().unwrap().deleted_topics.insert((chat, thread));
    }

    /// Makes message `id` in `chat` gone, as one older than Telegram lets
    /// a bot edit or delete would be.
    pub fn forget(&self, chat: i64, id: i64) {
        self.state.lock().unwrap().messages.remove(&(chat, id));
    }

    /// The text of the bot's message `id` in `chat`, if it is still there.
    pub fn message_text(&self, chat: i64, id: i64) -> Option<String> {
        self.state.lock().unwrap().messages.get(&(chat, id)).cloned()
    }

    /// Successful calls of `method`.
    pub fn sent(&self, method: &str) -> Vec<Value> {
        self.calls().into_iter().filter(|c| c.method == method && c.status == 200).map(|c| c.params).collect()
    }

    /// Waits until `check` finds something in the records, or panics.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&FakeTelegram) -> Option<T>,
    ) -> T {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(found) = check(self) {
                return found;
            }
            if tokio::time::Instant::now() > deadline {
                let calls: Vec<String> = self
                    .calls()
                    .iter()
                    .filter(|c| c.method != "getUpdates")
                    .map(|c| format!("{} {} {}", c.status, c.method, c.params))
                    .collect();
                panic!("timed out waiting for {what}; calls:\n{}", calls.join("\n"));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    fn validate(&self, method: &str, params: &Map<String, Value>) -> Result<(), String> {
        let fields = self.spec.get(method).ok_or_else(|| format!("Not Found: method {method} not found"))?;
        for (name, types, required) in fields {
            match params.get(name) {
                None | Some(Value::Null) if *required => {
                    return Err(format!("Bad Request: {method}: parameter {name} is required"))
                }
                Some(value) if !value.is_null() && !types.iter().any(|t| type_matches(value, t)) => {
                    return Err(format!("Bad Request: {method}: parameter {name} must be {}", types.join(" or ")))
                }
                _ => {}
            }
        }
        if let Some(unknown) = params.keys().find(|k| !fields.iter().any(|(n, _, _)| n == *k)) {
            return Err(format!("Bad Request: {method}: unknown parameter {unknown}"));
        }
        Ok(())
    }

    async fn answer(&self, method: &str, params: &Map<String, Value>) -> Response {
        let p = |k: &str| params.get(k).cloned().unwrap_or(Value::Null);
        if let (Some(chat), Some(thread)) = (p("chat_id").as_i64(), p("message_thread_id").as_i64()) {
            if self.state.lock().unwrap().deleted_topics.contains(&(chat, thread)) {
                return refuse(400, "Bad Request: message thread not found");
            }
        }
        if matches!(method, "sendMessage" | "copyMessage") {
            let chat = p("chat_id").as_i64().unwrap_or(0);
            let over = self.state.lock().unwrap().limits.as_mut().and_then(|log| log.admit(chat));
            if let Some(after) = over {
                let body = json!({"ok": false, "error_code": 429,
                    "description": format!("Too Many Requests: retry after {after}"), "parameters": {"retry_after": after}});
                return (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            }
        }
        match method {
            "getMe" => ok(json!({"id": BOT_ID, "is_bot": true, "first_name": "Escala", "username": "escala_bot",
                "can_join_groups": true, "can_read_all_group_messages": !self.state.lock().unwrap().privacy, "supports_inline_queries": false,
                "can_connect_to_business": false, "has_main_web_app": false})),
            "getUpdates" if self.state.lock().unwrap().webhook.is_some() => {
                refuse(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
            }
            "setWebhook" => {
                let url = p("url").as_str().unwrap_or_default().to_string();
                let secret = p("secret_token").as_str().unwrap_or_default().to_string();
                if url.is_empty() {
                    return refuse(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
                }
                self.state.lock().unwrap().webhook = Some((url, secret));
                ok(json!(true))
            }
            "deleteWebhook" => {
                self.state.lock().unwrap().webhook = None;
                ok(json!(true))
            }
            "getUpdates" => {
                let offset = p("offset").as_i64().unwrap_or(0);
                let timeout = p("timeout").as_u64().unwrap_or(0).min(5);
                let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
                loop {
                    let notified = self.pushed.notified();
                    let batch: Vec<Value> = {
                        let mut state = self.state.lock().unwrap();
                        state.updates.retain(|(u, given)| !(*given && u["update_id"].as_i64().unwrap() < offset));
                        let mut batch = Vec::new();
                        for (update, given) in state.updates.iter_mut() {
                            if !*given || update["update_id"].as_i64().unwrap() >= offset {
                                *given = true;
                                batch.push(update.clone());
                            }
                        }
                        batch
                    };
                    if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                        return ok(Value::Array(batch));
                    }
                    let _ = tokio::time::timeout_at(deadline, notified).await;
                }
            }
            "deleteMessage" => {
                let key = (p("chat_id").as_i64().unwrap_or(0), p("message_id").as_i64().unwrap_or(0));
                match self.state.lock().unwrap().messages.remove(&key) {
                    Some(_) => ok(json!(true)),
                    None => refuse(400, "Bad Request: message to delete not found"),
                }
            }
            "sendMessage" | "editMessageText" | "copyMessage" => {
                let text = p("text").as_str().unwrap_or_default().to_string();
                if method != "copyMessage" {
                    if p("parse_mode").as_str() == Some("HTML") {
                        if let Err(e) = check_html(&text) {
                            return refuse(400, &format!("Bad Request: can't parse entities: {e}"));
                        }
                    }
                    let len = if p("parse_mode").as_str() == Some("HTML") {
                        visible_len(&text)
                    } else {
                        text.encode_utf16().count()
                    };
                    if len == 0 {
                        return refuse(400, "Bad Request: message text is empty");
                    }
                    if len > 4096 {
                        return refuse(400, "Bad Request: message is too long");
                    }
                }
                if let Some(rows) = p("reply_markup")["inline_keyboard"].as_array() {
                    for button in rows.iter().flat_map(|r| r.as_array().cloned().unwrap_or_default()) {
                        if button["callback_data"].as_str().is_some_and(|d| d.len() > 64 || d.is_empty()) {
                            return refuse(400, "Bad Request: BUTTON_DATA_INVALID");
                        }
                    }
                }
                let chat = p("chat_id").as_i64().unwrap_or(0);
                if method == "editMessageText" {
                    // Only the bot's own messages can be edited, and only
                    // to something new.
                    let key = (chat, p("message_id").as_i64().unwrap_or(0));
                    let mut state = self.state.lock().unwrap();
                    return match state.messages.get_mut(&key) {
                        None => refuse(400, "Bad Request: message to edit not found"),
                        Some(old) if *old == text => refuse(
                            400,
                            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
                        ),
                        Some(old) => {
                            *old = text.clone();
                            ok(json!({"message_id": key.1, "date": now(), "edit_date": now(), "chat": chat_json(chat),
                                "text": text, "from": {"id": BOT_ID, "is_bot": true, "first_name": "Escala"}}))
                        }
                    };
                }
                let id = {
                    let mut state = self.state.lock().unwrap();
                    state.next_message_id += 1;
                    let id = state.next_message_id;
                    state.messages.insert((chat, id), text.clone());
                    id
                };
                if method == "copyMessage" {
                    return ok(json!({"message_id": id}));
                }
                let mut message = json!({"message_id": id, "date": now(), "chat": chat_json(chat), "text": text,
                    "from": {"id": BOT_ID, "is_bot": true, "first_name": "Escala"}});
                if let Some(thread) = p("message_thread_id").as_i64() {
                    message["message_thread_id"] = json!(thread);
                    message["is_topic_message"] = json!(true);
                }
                ok(message)
            }
            "answerCallbackQuery" | "closeForumTopic" | "reopenForumTopic" | "editForumTopic" => ok(json!(true)),
            "createForumTopic" => {
                let name = p("name").as_str().unwrap_or_default().to_string();
                if name.is_empty() || name.chars().count() > 128 {
                    return refuse(400, "Bad Request: TOPIC_NAME_INVALID");
                }
                let id = {
                    let mut state = self.state.lock().unwrap();
                    state.next_thread_id += 1;
                    state.next_thread_id
                };
                ok(json!({"message_thread_id": id, "name": name, "icon_color": 7322096}))
            }
            "getFile" => {
                let id = p("file_id").as_str().unwrap_or_default().to_string();
                match self.state.lock().unwrap().files.get(&id) {
                    Some((_, bytes)) if bytes.len() > 20 * 1024 * 1024 => refuse(400, "Bad Request: file is too big"),
                    Some((_, bytes)) => ok(json!({"file_id": id, "file_unique_id": format!("u{id}"),
                        "file_size": bytes.len(), "file_path": format!("documents/{id}")})),
                    None => refuse(400, "Bad Request: invalid file_id"),
                }
            }
            "sendDocument" | "sendPhoto" => {
                let chat = p("chat_id").as_i64().unwrap_or(0);
                let id = {
                    let mut state = self.state.lock().unwrap();
                    state.next_message_id += 1;
                    let id = state.next_message_id;
                    state.messages.insert((chat, id), String::new());
                    id
                };
                let kind = if method == "sendPhoto" { "photo" } else { "document" };
                let mut message = json!({"message_id": id, "date": now(), "chat": chat_json(chat),
                    "from": {"id": BOT_ID, "is_bot": true, "first_name": "Escala"}});
                message[kind] = if kind == "photo" {
                    json!([{"file_id": format!("up{id}"), "file_unique_id": format!("uu{id}"), "width": 10, "height": 10}])
                } else {
                    json!({"file_id": format!("up{id}"), "file_unique_id": format!("uu{id}")})
                };
                if let Some(thread) = p("message_thread_id").as_i64() {
                    message["message_thread_id"] = json!(thread);
                    message["is_topic_message"] = json!(true);
                }
                ok(message)
            }
            "getChat" => {
                let chat = p("chat_id").as_i64().unwrap_or(0);
                match self.state.lock().unwrap().chats.get(&chat).cloned() {
                    Some(Some(info)) => ok(info),
                    Some(None) => refuse(400, "Bad Request: chat not found"),
                    None => {
                        let mut info = chat_json(chat);
                        info["accent_color_id"] = json!(0);
                        info["max_reaction_count"] = json!(11);
                        ok(info)
                    }
                }
            }
            "getChatMember" => {
                let chat = p("chat_id").as_i64().unwrap_or(0);
                let user = p("user_id").as_u64().unwrap_or(0);
                let state = self.state.lock().unwrap();
                if user == BOT_ID {
                    let member = state.bot_member.get(&chat).cloned().unwrap_or_else(|| {
                        json!({"status": "administrator", "can_be_edited": false, "is_anonymous": false,
                            "can_manage_chat": true, "can_delete_messages": true, "can_manage_video_chats": false,
                            "can_restrict_members": false, "can_promote_members": false, "can_change_info": false,
                            "can_invite_users": true, "can_post_stories": false, "can_edit_stories": false,
                            "can_delete_stories": false, "can_manage_topics": true})
                    });
                    let mut member = member;
                    member["user"] = json!({"id": BOT_ID, "is_bot": true, "first_name": "Escala", "username": "escala_bot"});
                    return ok(member);
                }
                let status = if state.admins.get(&chat).is_some_and(|a| a.contains(&user)) { "creator" } else { "member" };
                ok(json!({"status": status, "user": {"id": user, "is_bot": false, "first_name": "User"}}))
            }
            "getWebhookInfo" => {
                let state = self.state.lock().unwrap();
                let mut info = json!({"url": state.webhook.as_ref().map(|(url, _)| url.clone()).unwrap_or_default(),
                    "has_custom_certificate": false, "pending_update_count": 0});
                if let Some(error) = &state.webhook_error {
                    info["last_error_date"] = json!(now());
                    info["last_error_message"] = json!(error);
                }
                ok(info)
            }
            "getChatAdministrators" => {
                let chat = p("chat_id").as_i64().unwrap_or(0);
                let admins = self.state.lock().unwrap().admins.get(&chat).cloned().unwrap_or_default();
                let members: Vec<Value> = admins
                    .iter()
                    .map(|id| json!({"status": "creator", "is_anonymous": false, "user": {"id": id, "is_bot": false, "first_name": "Admin"}}))
                    .collect();
                ok(Value::Array(members))
            }
            other => refuse(400, &format!("Bad Request: the fake does not serve {other}")),
        }
    }
}

/// The fields of a `multipart/form-data` body (teloxide sends methods that
/// may carry a file, like setWebhook, this way), typed as Telegram reads
/// them: numbers, booleans and JSON-encoded arrays/objects, else strings.
fn form_fields(content_type: &str, body: &[u8]) -> Value {
    let parts = super::multipart::parts(content_type, body);
    // File parts another field names as `attach://<name>`: Telegram takes
    // these under any name, so they are not parameters.
    let attached: Vec<String> = parts
        .iter()
        .filter_map(|(_, _, v)| String::from_utf8_lossy(v).strip_prefix("attach://").map(str::to_string))
        .collect();
    let mut fields = Map::new();
    for (name, file_name, value) in parts {
        if file_name.is_some() && attached.contains(&name) {
            continue;
        }
        if file_name.is_some() {
            fields.insert(name, Value::String("<file>".into()));
            continue;
        }
        let value = String::from_utf8_lossy(&value).to_string();
        let typed = match serde_json::from_str::<Value>(&value) {
            Ok(parsed @ (Value::Number(_) | Value::Bool(_) | Value::Array(_) | Value::Object(_))) => parsed,
            _ => Value::String(value),
        };
        fields.insert(name, typed);
    }
    Value::Object(fields)
}

/// The file that field `field` of a multipart body names (directly, or
/// as `attach://<part>`): its file name and bytes.
fn form_file(content_type: &str, body: &[u8], field: &str) -> Option<(String, Vec<u8>)> {
    let parts = super::multipart::parts(content_type, body);
    let named = parts.iter().find(|(name, _, _)| name == field)?;
    let target = match &named.1 {
        Some(_) => named,
        None => {
            let reference = String::from_utf8_lossy(&named.2).to_string();
            let part = reference.strip_prefix("attach://")?;
            parts.iter().find(|(name, _, _)| name == part)?
        }
    };
    Some((target.1.clone().unwrap_or_default(), target.2.clone()))
}

/// Telegram's download link for a file the bot fetched with `getFile`.
async fn download(
    State(fake): State<FakeTelegram>,
    Path((bot, _folder, id)): Path<(String, String, String)>,
) -> Response {
    if bot != format!("bot{TOKEN}") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match fake.state.lock().unwrap().files.get(&id) {
        Some((_, bytes)) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn serve(
    State(fake): State<FakeTelegram>,
    Path((bot, method)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    // Telegram method names are case-insensitive (teloxide sends `SendMessage`).
    let method = fake.spec.keys().find(|k| k.eq_ignore_ascii_case(&method)).cloned().unwrap_or(method);
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let params: Value = if body.is_empty() {
        json!({})
    } else if content_type.starts_with("multipart/form-data") {
        form_fields(content_type, &body)
    } else {
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    };
    let record = |status: u16, params: Value| {
        fake.state.lock().unwrap().calls.push(Call { method: method.clone(), params, status });
    };
    if bot != format!("bot{TOKEN}") {
        record(401, params);
        return refuse(401, "Unauthorized");
    }
    let Some(map) = params.as_object().cloned() else {
        fake.state.lock().unwrap().violations.push(format!("{method}: body is not a JSON object"));
        record(400, params);
        return refuse(400, "Bad Request: body is not a JSON object");
    };
    if let Err(violation) = fake.validate(&method, &map) {
        fake.state.lock().unwrap().violations.push(violation.clone());
        record(400, params);
        return refuse(if violation.starts_with("Not Found") { 404 } else { 400 }, &violation);
    }
    let injected =
        fake.state.lock().unwrap().fail.get_mut(&method).and_then(|queue| (!queue.is_empty()).then(|| queue.remove(0)));
    if let Some((status, body)) = injected {
        record(status, params);
        return (StatusCode::from_u16(status).unwrap(), Json(body)).into_response();
    }
    let response = fake.answer(&method, &map).await;
    if response.status().is_success() && matches!(method.as_str(), "sendDocument" | "sendPhoto") {
        let field = if method == "sendPhoto" { "photo" } else { "document" };
        if let Some((file_name, bytes)) = form_file(content_type, &body, field) {
            fake.state.lock().unwrap().uploads.push(Upload {
                method: method.clone(),
                chat_id: map.get("chat_id").and_then(Value::as_i64).unwrap_or(0),
                thread_id: map.get("message_thread_id").and_then(Value::as_i64),
                file_name,
                bytes,
            });
        }
    }
    record(response.status().as_u16(), params);
    response
}

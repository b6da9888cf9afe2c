//! The Discord adapter against a fake Discord: the real runtime (`App` on a
//! temporary SQLite database with the shipped `kb/`) talks to the fake's
//! REST API and WebSocket gateway; the tests dispatch gateway events and
//! read the REST calls the bot made.

use crate::support::fake_discord;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use escala::config::Config;
use escala::config::DiscordConfig;
use escala::domain::{Channel, TicketId};
use escala::runtime::App;
use fake_discord::{user_json, FakeDiscord, GUILD, TOKEN};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

const FORUM: u64 = 8000;
const STAFF_ROLE: u64 = 8100;
const L1_TAG: u64 = 8201;
const OPEN_TAG: u64 = 8301;
const CLOSED_TAG: u64 = 8302;
const AGENT: u64 = 42;
const OUTSIDER: u64 = 77;
const WAIT: Duration = Duration::from_secs(15);

struct Bot {
    fake: FakeDiscord,
    app: Arc<App>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<Result<(), escala::runtime::StartError>>,
    _dir: tempfile::TempDir,
}

fn config_for(fake: &FakeDiscord, dir: &tempfile::TempDir) -> Config {
    let mut config = Config::default();
    config.database.url = format!("sqlite://{}", dir.path().join("escala.db").display());
    config.kb.dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb");
    config.kb.watch = false;
    config.support.staff_channel = Channel::Discord;
    config.discord = DiscordConfig {
        api_url: Some(fake.url.clone()),
        guild_ids: vec![GUILD],
        staff_forum_id: Some(FORUM),
        staff_role_ids: vec![STAFF_ROLE],
        level_tags: BTreeMap::from([(escala::domain::Level::L1, L1_TAG)]),
        status_tags: BTreeMap::from([("open".to_string(), OPEN_TAG), ("closed".to_string(), CLOSED_TAG)]),
        ..Default::default()
    };
    config
}

impl Bot {
    async fn start(tune: impl FnOnce(&mut Config)) -> Bot {
        let fake = FakeDiscord::start().await;
        fake.add_forum(FORUM);
        let dir = tempfile::tempdir().unwrap();
        let mut config = config_for(&fake, &dir);
        tune(&mut config);
        let app = Arc::new(App::open(config).await.unwrap());
        let shutdown = CancellationToken::new();
        let task = tokio::spawn({
            let (app, shutdown) = (app.clone(), shutdown.clone());
            async move { app.run_discord(TOKEN, shutdown).await }
        });
        let bot = Bot { fake, app, shutdown, task, _dir: dir };
        // Ready once the slash commands are registered (after READY).
        bot.fake
            .wait_for("the slash commands", WAIT, |f| {
                f.sent("PUT /applications/{application_id}/guilds/{guild_id}/commands").into_iter().next()
            })
            .await;
        bot
    }

    fn dm(&self, id: u64, user: u64, text: &str) {
        let message = self.fake.message_json(id, self.fake.dm_of(user), user_json(user, "Ana", false), text, None);
        self.fake.dispatch("MESSAGE_CREATE", message);
    }

    fn staff_says(&self, id: u64, user: u64, thread: u64, text: &str) {
        let roles = if user == AGENT { vec![STAFF_ROLE.to_string()] } else { vec![] };
        let name = if user == AGENT { "Marta" } else { "Rui" };
        let mut message = self.fake.message_json(id, thread, user_json(user, name, false), text, Some(GUILD));
        message["member"] =
            json!({"roles": roles, "deaf": false, "mute": false, "joined_at": "2026-01-01T00:00:00+00:00"});
        self.fake.dispatch("MESSAGE_CREATE", message);
    }

    fn interaction(&self, id: u64, kind: u8, user: u64, data: Value, guild_channel: Option<u64>) -> Value {
        let mut interaction = json!({"id": id.to_string(), "application_id": fake_discord::BOT_ID.to_string(),
            "type": kind, "data": data, "token": format!("itoken{id}"), "version": 1, "locale": "en-US",
            "app_permissions": "0", "entitlements": [], "authorizing_integration_owners": {},
            "attachment_size_limit": 26_214_400});
        match guild_channel {
            None => {
                let dm = self.fake.dm_of(user).to_string();
                interaction["channel_id"] = json!(dm);
                interaction["channel"] = json!({"id": dm, "type": 1});
                interaction["user"] = user_json(user, "Ana", false);
                interaction["context"] = json!(1);
            }
            Some(channel) => {
                interaction["guild_id"] = json!(GUILD.to_string());
                interaction["channel_id"] = json!(channel.to_string());
                interaction["channel"] = json!({"id": channel.to_string(), "type": 0});
                interaction["member"] = json!({"user": user_json(user, "Ana", false), "roles": [], "deaf": false,
                    "mute": false, "joined_at": "2026-01-01T00:00:00+00:00", "flags": 0, "pending": false,
                    "permissions": "0", "nick": null, "avatar": null});
                interaction["context"] = json!(0);
            }
        }
        interaction
    }

    /// `user` presses the button `custom_id` on a DM from the bot.
    fn presses(&self, id: u64, user: u64, custom_id: &str) {
        let data = json!({"custom_id": custom_id, "component_type": 2});
        let mut interaction = self.interaction(id, 3, user, data, None);
        let message = self.fake.message_json(
            1,
            self.fake.dm_of(user),
            user_json(fake_discord::BOT_ID, "Escala", true),
            "…",
            None,
        );
        interaction["message"] = message;
        self.fake.dispatch("INTERACTION_CREATE", interaction);
    }

    fn slash(&self, id: u64, user: u64, name: &str, options: &[(&str, &str)], guild_channel: Option<u64>) {
        let options: Vec<Value> = options.iter().map(|(n, v)| json!({"name": n, "type": 3, "value": v})).collect();
        let data = json!({"id": "1", "name": name, "type": 1, "options": options});
        let interaction = self.interaction(id, 2, user, data, guild_channel);
        self.fake.dispatch("INTERACTION_CREATE", interaction);
    }

    fn to_user(&self, user: u64) -> Vec<Value> {
        self.fake.messages_in(self.fake.dm_of(user))
    }

    /// The first message in `channel` after the first `skip` whose content
    /// contains `needle`.
    async fn wait_message(&self, channel: u64, skip: usize, needle: &str) -> Value {
        self.fake
            .wait_for(&format!("a message in {channel} containing {needle:?}"), WAIT, |f| {
                f.messages_in(channel)
                    .into_iter()
                    .skip(skip)
                    .find(|m| m["content"].as_str().unwrap_or_default().contains(needle))
            })
            .await
    }

    /// The forum post (request body) and thread id of ticket #1.
    async fn post(&self) -> (Value, u64) {
        let post = self
            .fake
            .wait_for("a forum post", WAIT, |f| f.sent("POST /channels/{channel_id}/threads").into_iter().next())
            .await;
        let deadline = Instant::now() + WAIT;
        let thread = loop {
            if let Some(thread) = self.app.store.staff_thread(TicketId(1), Channel::Discord).await.unwrap() {
                break thread;
            }
            assert!(Instant::now() < deadline, "the forum post of #1 was never remembered");
            tokio::time::sleep(Duration::from_millis(25)).await;
        };
        (post, thread.parse().unwrap())
    }

    /// Ticket 1's post once the store holds one other than `old`.
    async fn stored_thread_other_than(&self, old: u64) -> u64 {
        let deadline = Instant::now() + WAIT;
        loop {
            let stored = self.app.store.staff_thread(TicketId(1), Channel::Discord).await.unwrap();
            if let Some(thread) = stored.and_then(|t| t.parse::<u64>().ok()).filter(|t| *t != old) {
                return thread;
            }
            assert!(Instant::now() < deadline, "ticket 1 never got a new post");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Stops the runtime and starts a new one on the same database and the
    /// same fake, as a restart would; `away` runs while it is down.
    async fn restart(self, away: impl FnOnce(&FakeDiscord)) -> Bot {
        self.restart_with(|_| {}, away).await
    }

    /// As `restart`, with the configuration changed by `tune`.
    async fn restart_with(self, tune: impl FnOnce(&mut Config), away: impl FnOnce(&FakeDiscord)) -> Bot {
        let Bot { fake, app: _, shutdown, task, _dir: dir } = self;
        shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), task).await.expect("adapter stops").unwrap().unwrap();
        away(&fake);
        let sessions = fake.state.lock().unwrap().identifies.len();
        let mut config = config_for(&fake, &dir);
        tune(&mut config);
        let app = Arc::new(App::open(config).await.unwrap());
        let shutdown = CancellationToken::new();
        let task = tokio::spawn({
            let (app, shutdown) = (app.clone(), shutdown.clone());
            async move { app.run_discord(TOKEN, shutdown).await }
        });
        fake.wait_for("a new session", WAIT, |f| (f.state.lock().unwrap().identifies.len() > sessions).then_some(()))
            .await;
        Bot { fake, app, shutdown, task, _dir: dir }
    }

    async fn stop(self) {
        assert!(self.fake.violations().is_empty(), "requests Discord would refuse: {:?}", self.fake.violations());
        self.shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), self.task).await.expect("adapter stops").unwrap().unwrap();
    }
}

fn custom_ids(message: &Value) -> Vec<String> {
    let rows = message["components"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|r| r["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
        .collect()
}

fn no_mentions(body: &Value) -> bool {
    let mentions = &body["allowed_mentions"];
    mentions["parse"] == json!([]) && mentions["users"] == json!([]) && mentions["roles"] == json!([])
}

async fn ticket_state(app: &App, id: i64) -> String {
    app.store.ticket_history(TicketId(id)).await.unwrap().unwrap().ticket.state.to_string()
}

/// The interaction callbacks the bot made for interaction `id`.
fn callbacks(fake: &FakeDiscord, id: u64) -> Vec<fake_discord::Call> {
    let prefix = format!("/interactions/{id}/");
    fake.calls().into_iter().filter(|c| c.path.starts_with(&prefix)).collect()
}

#[tokio::test]
async fn a_whole_support_story_runs_over_discord() {
    let bot = Bot::start(|_| {}).await;
    let user = 5001;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "I forgot my password");
    let answer = bot.wait_message(dm, 0, "assword").await;
    assert!(custom_ids(&answer).contains(&"not_solved".to_string()), "{answer}");
    assert!(no_mentions(&answer), "{answer}");

    bot.presses(2, user, "not_solved");
    let (post, thread) = bot.post().await;
    let card = &post["message"]["embeds"][0];
    assert!(card["description"].as_str().unwrap().contains("forgot my password"), "{post}");
    assert!(card["title"].as_str().unwrap().contains("#1"), "{post}");
    assert_eq!(post["applied_tags"], json!([L1_TAG.to_string(), OPEN_TAG.to_string()]));
    assert!(no_mentions(&post["message"]));
    let acks = callbacks(&bot.fake, 2);
    assert_eq!(acks.len(), 1, "the press was acknowledged once");
    assert_eq!(acks[0].body["type"], 6, "deferred update: no new message, no \"interaction failed\"");
    assert_eq!(acks[0].status, 204, "within Discord's 3 seconds");
    bot.wait_message(dm, 1, "#1").await;

    let before = bot.to_user(user).len();
    bot.staff_says(3, AGENT, thread, "Did the reset email arrive? Check the spam folder.");
    let relayed = bot.wait_message(dm, before, "Did the reset email arrive?").await;
    assert!(no_mentions(&relayed));

    let before = bot.to_user(user).len();
    bot.staff_says(4, AGENT, thread, "/resolve done");
    bot.fake
        .wait_for("the fix question", WAIT, |_| {
            bot.to_user(user).into_iter().skip(before).find(|m| custom_ids(m).contains(&"fixed_yes".into()))
        })
        .await;
    let before = bot.to_user(user).len();
    bot.presses(5, user, "fixed_yes");
    bot.fake
        .wait_for("the rating question", WAIT, |_| {
            bot.to_user(user).into_iter().skip(before).find(|m| custom_ids(m).contains(&"csat:1:5".into()))
        })
        .await;
    let before = bot.to_user(user).len();
    bot.presses(6, user, "csat:1:5");
    bot.fake.wait_for("thanks for rating", WAIT, |_| bot.to_user(user).into_iter().nth(before)).await;
    assert_eq!(ticket_state(&bot.app, 1).await, "closed");
    let archived = bot
        .fake
        .wait_for("the post archived", WAIT, |f| {
            f.sent("PATCH /channels/{channel_id}").into_iter().find(|b| b["archived"] == json!(true))
        })
        .await;
    assert_eq!(archived["applied_tags"], json!([L1_TAG.to_string(), CLOSED_TAG.to_string()]));
    // The rating line arrives after the close, and a message unarchives a
    // post: the post must end archived all the same.
    bot.fake
        .wait_for("the rating line in the post", WAIT, |f| {
            f.messages_in(thread).into_iter().find(|m| m["content"].as_str().unwrap_or_default().contains("Rated 5/5"))
        })
        .await;
    bot.fake
        .wait_for("the post archived after the rating", WAIT, |f| {
            f.thread(thread).filter(|t| t["thread_metadata"]["archived"] == json!(true))
        })
        .await;
    bot.stop().await;
}

#[tokio::test]
async fn a_429_delays_the_message_and_it_arrives_exactly_once() {
    let bot = Bot::start(|_| {}).await;
    bot.fake.rate_limit("POST /channels/{channel_id}/messages", 1, 1.5);
    let started = Instant::now();
    bot.dm(1, 5002, "I forgot my password");
    bot.wait_message(bot.fake.dm_of(5002), 0, "assword").await;
    assert!(started.elapsed() >= Duration::from_millis(1500), "the retry waited for retry_after");
    let limited =
        bot.fake.calls().iter().filter(|c| c.route == "/channels/{channel_id}/messages" && c.status == 429).count();
    assert_eq!(limited, 1);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(bot.to_user(5002).len(), 1, "delivered exactly once");
    bot.stop().await;
}

#[tokio::test]
async fn a_5000_character_reply_arrives_in_ordered_parts_within_the_limit() {
    let bot = Bot::start(|config| config.support.max_text_chars = 6000).await;
    let user = 5003;
    bot.dm(1, user, "/ticket my printer is on fire");
    let (_, thread) = bot.post().await;
    let before = bot.to_user(user).len();
    let mut long = String::new();
    let mut n = 0;
    while long.chars().count() < 5000 {
        long.push_str(&format!("w{n:04} "));
        n += 1;
        if n % 50 == 0 {
            long.push_str("\n\n");
        }
    }
    bot.staff_says(2, AGENT, thread, long.trim_end());
    bot.wait_message(bot.fake.dm_of(user), before, &format!("w{:04}", n - 1)).await;
    let parts: Vec<String> =
        bot.to_user(user).into_iter().skip(before).map(|m| m["content"].as_str().unwrap().to_string()).collect();
    assert!(parts.len() >= 3, "{} parts", parts.len());
    assert!(parts.iter().all(|p| p.chars().count() <= 2000));
    let words: Vec<&str> =
        parts.iter().flat_map(|p| p.split_whitespace()).filter(|w| w.len() == 5 && w.starts_with('w')).collect();
    let expected: Vec<String> = (0..n).map(|i| format!("w{i:04}")).collect();
    assert_eq!(words, expected, "every word once, in order");
    bot.stop().await;
}

#[tokio::test]
async fn everyone_typed_by_a_user_is_relayed_inert() {
    let bot = Bot::start(|_| {}).await;
    let user = 5004;
    bot.dm(1, user, "/ticket @everyone the **server** is down <@&123>");
    let (post, thread) = bot.post().await;
    let description = post["message"]["embeds"][0]["description"].as_str().unwrap().to_string();
    assert!(description.contains("@\u{200B}everyone the \\*\\*server\\*\\* is down \\<@&123\\>"), "{description}");
    assert!(no_mentions(&post["message"]));
    bot.dm(2, user, "@here still down");
    let relayed = bot.wait_message(thread, 0, "still down").await;
    assert!(relayed["content"].as_str().unwrap().contains("@\u{200B}here"), "{relayed}");
    assert!(no_mentions(&relayed), "{relayed}");
    bot.stop().await;
}

#[tokio::test]
async fn someone_without_the_staff_role_cannot_act_in_a_ticket_post() {
    let bot = Bot::start(|_| {}).await;
    let user = 5005;
    bot.dm(1, user, "/ticket the printer is offline");
    let (_, thread) = bot.post().await;
    let to_user = bot.to_user(user).len();
    bot.staff_says(2, OUTSIDER, thread, "/resolve done");
    bot.wait_message(thread, 0, "Only staff can act here").await;
    assert_ne!(ticket_state(&bot.app, 1).await, "resolved");
    bot.staff_says(3, AGENT, thread, "Looking into it");
    bot.wait_message(bot.fake.dm_of(user), to_user, "Looking into it").await;
    assert!(bot.to_user(user).iter().skip(to_user).all(|m| !m["content"].as_str().unwrap().contains("resolved")));
    bot.stop().await;
}

#[tokio::test]
async fn a_repeated_message_id_changes_nothing() {
    let bot = Bot::start(|_| {}).await;
    let user = 5006;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "I forgot my password");
    bot.wait_message(dm, 0, "assword").await;
    bot.dm(1, user, "I forgot my password");
    bot.dm(2, user, "/help");
    bot.fake.wait_for("the help reply", WAIT, |_| bot.to_user(user).into_iter().nth(1)).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(bot.to_user(user).len(), 2, "the repeat got no second answer");
    bot.stop().await;
}

#[tokio::test]
async fn slash_commands_are_acknowledged_at_once_and_answered_by_dm() {
    let bot = Bot::start(|_| {}).await;
    let user = 5007;
    bot.slash(10, user, "help", &[("question", "I forgot my password")], Some(9999));
    bot.wait_message(bot.fake.dm_of(user), 0, "assword").await;
    let edited = bot
        .fake
        .wait_for("the follow-up", WAIT, |f| {
            f.sent("PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original").into_iter().next()
        })
        .await;
    assert!(edited["content"].as_str().unwrap().contains("direct message"), "{edited}");
    let acks = callbacks(&bot.fake, 10);
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].body["type"], 5, "deferred");
    assert_eq!(acks[0].body["data"]["flags"], 64, "only the user sees it");
    assert_eq!(acks[0].status, 204, "acknowledged within Discord's 3 seconds");

    bot.slash(11, user, "status", &[], None);
    bot.fake
        .wait_for("the placeholder removed", WAIT, |f| {
            f.calls().into_iter().find(|c| c.method == "DELETE" && c.path.contains("itoken11"))
        })
        .await;
    assert_eq!(callbacks(&bot.fake, 11)[0].body["type"], 5);

    // The round's user commands: /tickets, /status with a number, /callback.
    bot.slash(12, user, "tickets", &[], None);
    bot.wait_message(bot.fake.dm_of(user), 0, "You have no tickets yet").await;
    let data = json!({"id": "1", "name": "status", "type": 1, "options": [{"name": "ticket", "type": 4, "value": 99}]});
    bot.fake.dispatch("INTERACTION_CREATE", bot.interaction(13, 2, user, data, None));
    bot.wait_message(bot.fake.dm_of(user), 0, "I do not find a ticket 99 of yours").await;
    bot.slash(14, user, "callback", &[("action", "cancel")], None);
    bot.wait_message(bot.fake.dm_of(user), 0, "A callback is about an open ticket").await;
    bot.stop().await;
}

#[tokio::test]
async fn a_message_lost_in_a_gateway_disconnect_arrives_after_resume() {
    let bot = Bot::start(|_| {}).await;
    let user = 5008;
    bot.fake.state.lock().unwrap().drop_after_next = true;
    bot.dm(1, user, "I forgot my password");
    bot.wait_message(bot.fake.dm_of(user), 0, "assword").await;
    let resumes = bot.fake.state.lock().unwrap().resumes.clone();
    assert_eq!(resumes.len(), 1, "the client resumed the session");
    assert_eq!(resumes[0]["session_id"], "fake-session");
    bot.stop().await;
}

#[tokio::test]
async fn the_bot_asks_only_for_the_intents_it_needs() {
    let bot = Bot::start(|_| {}).await;
    let identify = bot.fake.state.lock().unwrap().identifies[0].clone();
    // GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT
    assert_eq!(identify["intents"], json!(1 | 512 | 4096 | 32768));
    bot.stop().await;
}

#[tokio::test]
async fn a_bad_token_is_a_clear_error() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = config_for(&fake, &dir);
    let app = App::open(config).await.unwrap();
    let error = app.run_discord("wrong.token.value", CancellationToken::new()).await.unwrap_err();
    let text = format!("{error:#}");
    assert!(text.contains("401") && text.contains("ESCALA_DISCORD_TOKEN"), "{text}");
    assert!(!text.contains("wrong.token.value"), "the token is never shown");
}

#[tokio::test]
async fn no_network_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeDiscord::start().await;
    let mut config = config_for(&fake, &dir);
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    config.discord.api_url = Some(format!("http://{closed}"));
    let app = App::open(config).await.unwrap();
    let error = app.run_discord(TOKEN, CancellationToken::new()).await.unwrap_err();
    let text = format!("{error:#}");
    assert!(text.contains("cannot reach the Discord API"), "{text}");
}

/// A user who closed their DMs (403, code 50007): the agent's reply is
/// refused for good, and the agent sees it in the ticket's post.
#[tokio::test]
async fn a_user_with_closed_dms_is_reported_in_the_ticket_post() {
    let bot = Bot::start(|_| {}).await;
    let user = 5010;
    bot.dm(1, user, "/ticket my printer is on fire");
    let (_, thread) = bot.post().await;
    bot.wait_message(bot.fake.dm_of(user), 0, "#1").await;
    bot.fake.refuse("POST /channels/{channel_id}/messages", 1, 403, 50007, "Cannot send messages to this user");
    bot.staff_says(2, AGENT, thread, "Is it still burning?");
    let notice = bot.wait_message(thread, 0, "This reply did not reach the user").await;
    let text = notice["content"].as_str().unwrap();
    assert!(text.contains("50007") && text.contains("Is it still burning?"), "{text}");
    bot.stop().await;
}

/// An agent who deletes a reply in the post withdraws it from the user.
#[tokio::test]
async fn an_agents_deleted_reply_is_withdrawn_from_the_user() {
    let bot = Bot::start(|_| {}).await;
    let user = 5011;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "/ticket my printer is on fire");
    let (_, thread) = bot.post().await;
    bot.wait_message(dm, 0, "#1").await;
    bot.staff_says(2, AGENT, thread, "Wrong ticket, sorry");
    bot.wait_message(dm, 1, "Wrong ticket").await;
    let copy_id = bot.fake.message_id_of(dm, "Wrong ticket").unwrap();
    bot.fake.dispatch(
        "MESSAGE_DELETE",
        json!({"id": "2", "channel_id": thread.to_string(), "guild_id": GUILD.to_string()}),
    );
    bot.fake
        .wait_for("the copy deleted", WAIT, |f| {
            f.calls()
                .into_iter()
                .find(|c| c.method == "DELETE" && c.path == format!("/channels/{dm}/messages/{copy_id}"))
        })
        .await;
    assert!(bot.fake.message(dm, copy_id).is_none());
    bot.stop().await;
}

/// A user's edited DM changes its copy in the ticket's post.
#[tokio::test]
async fn a_users_edited_dm_changes_its_copy_in_the_post() {
    let bot = Bot::start(|_| {}).await;
    let user = 5012;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "/ticket my printer is on fire");
    let (_, thread) = bot.post().await;
    bot.wait_message(dm, 0, "#1").await;
    bot.dm(2, user, "it is an HP 4020");
    bot.wait_message(thread, 0, "HP 4020").await;
    let copy_id = bot.fake.message_id_of(thread, "HP 4020").unwrap();
    let mut edited = bot.fake.message_json(2, dm, user_json(user, "Ana", false), "it is an HP 4200", None);
    edited["edited_timestamp"] = json!(chrono::Utc::now().to_rfc3339());
    bot.fake.dispatch("MESSAGE_UPDATE", edited);
    let patched = bot
        .fake
        .wait_for("the copy patched", WAIT, |f| {
            f.calls()
                .into_iter()
                .find(|c| c.method == "PATCH" && c.path == format!("/channels/{thread}/messages/{copy_id}"))
        })
        .await;
    assert!(patched.body["content"].as_str().unwrap().contains("HP 4200"), "{:?}", patched.body);
    assert!(bot.fake.message(thread, copy_id).unwrap()["content"].as_str().unwrap().contains("HP 4200"));
    bot.stop().await;
}

/// Someone deleted the ticket's forum post: the next message opens a new
/// post whose card starts the recap, and the message follows there.
#[tokio::test]
async fn a_deleted_post_is_recreated_with_the_context() {
    let bot = Bot::start(|_| {}).await;
    let user = 5013;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "/ticket my printer is on fire");
    let (_, old) = bot.post().await;
    bot.wait_message(dm, 0, "#1").await;
    bot.fake.delete_thread(old);
    bot.dm(2, user, "now it smokes");
    let second = bot
        .fake
        .wait_for("a second post", WAIT, |f| {
            let posts = f.sent("POST /channels/{channel_id}/threads");
            (posts.len() == 2).then(|| posts[1].clone())
        })
        .await;
    let card = second["message"]["embeds"][0]["description"].as_str().unwrap_or_default().to_string();
    assert!(card.contains("previous topic or post is gone") || card.contains("printer is on fire"), "{second}");
    // The worker records the new post a moment after Discord created it.
    let fresh = bot.stored_thread_other_than(old).await;
    bot.wait_message(fresh, 0, "now it smokes").await;
    bot.stop().await;
}

/// A snowflake of a message written now (ids carry their time).
fn snowflake_now(n: u64) -> u64 {
    let since_epoch = (chrono::Utc::now().timestamp_millis() - 1_420_070_400_000) as u64;
    (since_epoch << 22) + n
}

/// What users and agents wrote while the bot was down reaches the other
/// side once it is back, each message once, also after a second restart;
/// a non-staff member's message in the post is not relayed.
#[tokio::test]
async fn messages_written_while_the_bot_was_down_are_handled_once_when_it_is_back() {
    let bot = Bot::start(|_| {}).await;
    let user = 5014;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "/ticket the VPN drops");
    let (_, thread) = bot.post().await;
    bot.wait_message(dm, 0, "#1").await;
    let bot = bot
        .restart(|fake| {
            fake.state.lock().unwrap().member_roles.insert(AGENT, vec![STAFF_ROLE]);
            // As REST returns them: no guild id, no member.
            let user_json_ = user_json(user, "Ana", false);
            fake.written_while_away(fake.message_json(
                snowflake_now(1),
                dm,
                user_json_.clone(),
                "it dropped at 10:00",
                None,
            ));
            fake.written_while_away(fake.message_json(snowflake_now(2), dm, user_json_, "and at 10:30", None));
            let agent = user_json(AGENT, "Marta", false);
            fake.written_while_away(fake.message_json(snowflake_now(3), thread, agent, "Try the new profile", None));
            let outsider = user_json(OUTSIDER, "Rui", false);
            fake.written_while_away(fake.message_json(snowflake_now(4), thread, outsider, "psst, reinstall", None));
        })
        .await;
    bot.wait_message(thread, 0, "it dropped at 10:00").await;
    bot.wait_message(thread, 0, "and at 10:30").await;
    bot.wait_message(dm, 0, "Try the new profile").await;
    let in_order: Vec<String> = bot
        .fake
        .messages_in(thread)
        .iter()
        .filter_map(|m| m["content"].as_str().map(str::to_string))
        .filter(|c| c.contains("10:00") || c.contains("10:30"))
        .collect();
    assert_eq!(in_order.len(), 2, "{in_order:?}");
    assert!(in_order[0].contains("10:00") && in_order[1].contains("10:30"), "oldest first: {in_order:?}");
    let bot = bot.restart(|_| {}).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let count = |channel: u64, needle: &str| {
        bot.fake
            .messages_in(channel)
            .iter()
            .filter(|m| m["content"].as_str().unwrap_or_default().contains(needle))
            .count()
    };
    assert_eq!(count(thread, "it dropped at 10:00"), 1);
    assert_eq!(count(thread, "and at 10:30"), 1);
    assert_eq!(count(dm, "Try the new profile"), 1);
    assert_eq!(count(dm, "reinstall"), 0, "not staff: not relayed");
    bot.stop().await;
}

/// The staff forum changed in the config between two runs: the ticket's
/// next message opens a post in the new forum with the ticket's context,
/// instead of going on in a forum nobody watches.
#[tokio::test]
async fn a_ticket_whose_forum_left_the_config_continues_in_the_new_forum() {
    let bot = Bot::start(|_| {}).await;
    let user = 5015;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "/ticket the badge reader is dead");
    let (_, old) = bot.post().await;
    bot.wait_message(dm, 0, "#1").await;
    let new_forum = 8800;
    let bot = bot
        .restart_with(|config| config.discord.staff_forum_id = Some(new_forum), |fake| fake.add_forum(new_forum))
        .await;
    bot.dm(2, user, "still dead today");
    let post = bot
        .fake
        .wait_for("a post in the new forum", WAIT, |f| {
            f.calls().into_iter().find(|c| c.method == "POST" && c.path == format!("/channels/{new_forum}/threads"))
        })
        .await;
    let card = post.body["message"]["embeds"][0]["description"].as_str().unwrap_or_default().to_string();
    assert!(card.contains("badge reader is dead"), "the context comes along: {card}");
    let fresh = bot.stored_thread_other_than(old).await;
    bot.wait_message(fresh, 0, "still dead today").await;
    assert!(bot.fake.messages_in(old).iter().all(|m| !m["content"].to_string().contains("still dead")));
    bot.stop().await;
}

#[tokio::test]
async fn a_remote_session_and_level_4_over_discord_each_wait_for_the_users_consent() {
    let bot = Bot::start(|config| {
        config.vendors.insert("Acme".into(), crate::support::acme_vendor());
    })
    .await;
    let user = 5010;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "/ticket the relay drops my reset emails");
    let (_, thread) = bot.post().await;
    bot.staff_says(20, AGENT, thread, "/remote rustdesk");
    bot.fake
        .wait_for("the remote offer", WAIT, |_| {
            bot.to_user(user).into_iter().find(|m| custom_ids(m).contains(&"remote:1:yes".to_string()))
        })
        .await;
    bot.presses(21, user, "remote:1:yes");
    bot.wait_message(dm, 0, "send here the address or code").await;
    bot.dm(22, user, "my id: 1 234 567 890");
    let block = bot.wait_message(thread, 0, "```").await;
    assert!(block["content"].as_str().unwrap().contains("```\n1 234 567 890\n```"), "{block}");
    bot.staff_says(23, AGENT, thread, "/remote end");
    bot.wait_message(dm, 0, "The remote session has ended").await;

    bot.staff_says(2, AGENT, thread, "/escalate L3 relay code");
    // An agent types the next command once the first took effect (gateway
    // events a few milliseconds apart are not ordered).
    bot.wait_message(dm, 0, "specialised team").await;
    bot.staff_says(3, AGENT, thread, "/escalate L4 acme AC-77 firmware bug in the relay");
    let asked = bot
        .fake
        .wait_for("the consent question", WAIT, |_| {
            bot.to_user(user).into_iter().find(|m| custom_ids(m).contains(&"vendor:1:yes".to_string()))
        })
        .await;
    assert_eq!(custom_ids(&asked), vec!["vendor:1:yes".to_string(), "vendor:1:no".to_string()]);
    assert!(asked["content"].as_str().unwrap().contains("**Acme**") && no_mentions(&asked), "{asked}");
    assert_eq!(ticket_state(&bot.app, 1).await, "waiting_on_user");

    bot.presses(4, user, "vendor:1:yes");
    bot.wait_message(dm, 0, "now with our partner").await;
    assert_eq!(ticket_state(&bot.app, 1).await, "waiting_on_vendor");
    let thread = bot.app.store.staff_thread(TicketId(1), Channel::Discord).await.unwrap().unwrap().parse().unwrap();
    bot.wait_message(thread, 0, "with the user's consent to share it with Acme").await;

    bot.staff_says(5, AGENT, thread, "/vendor tell patch @everyone next week");
    let news = bot.wait_message(dm, 0, "News on ticket").await;
    assert!(no_mentions(&news), "{news}");
    bot.stop().await;
}

#[tokio::test]
async fn a_callback_over_discord_takes_the_number_and_window_and_shows_the_number_only_to_staff() {
    let bot = Bot::start(|_| {}).await;
    let user = 5011;
    let dm = bot.fake.dm_of(user);
    bot.dm(1, user, "/ticket my printer needs a phone call");
    let (_, thread) = bot.post().await;
    bot.staff_says(2, AGENT, thread, "/callback offer");
    bot.fake
        .wait_for("the callback button", WAIT, |_| {
            bot.to_user(user).into_iter().find(|m| custom_ids(m).contains(&"callback:1".to_string()))
        })
        .await;
    bot.presses(3, user, "callback:1");
    bot.wait_message(dm, 0, "What number should we call?").await;
    bot.dm(4, user, "+34 612 34 56 78");
    bot.wait_message(dm, 0, "When should we call?").await;
    bot.dm(5, user, "tomorrow 10:00");
    bot.wait_message(dm, 0, "Anything we should know").await;
    bot.dm(6, user, "ask for @everyone at reception");
    let confirmed = bot.wait_message(dm, 0, "we will call").await;
    assert!(confirmed["content"].as_str().unwrap().contains("+346•••••678"), "{confirmed}");
    let task = bot.wait_message(thread, 0, "Callback requested").await;
    assert!(task["content"].as_str().unwrap().contains("+34612345678") && no_mentions(&task), "{task}");
    bot.stop().await;
}

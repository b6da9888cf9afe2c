//! `escala doctor` against the fake platforms set up right, then wrong in
//! each way a self-hoster gets them wrong: every mistake is one failing
//! line that says how to fix it, and the exit code is 0 only when nothing
//! is wrong.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use escala::config::Config;
use escala::doctor::{self, Finding, Outcome, Tokens};
use escala::domain::{Channel, Level};
use escala::store::Store;
use serde_json::json;

use crate::support::backends::{open_postgres, open_sqlite};
use crate::support::fake_discord::{self, FakeDiscord, GUILD};
use crate::support::fake_telegram::{self, FakeTelegram};

const STAFF: i64 = -1001;
const ALERTS: i64 = -1002;
const FORUM: u64 = 9100;
const STAFF_ROLE: u64 = 9200;

fn kb_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("kb")
}

fn telegram_config(fake: &FakeTelegram) -> Config {
    let mut config = Config::default();
    config.kb.dir = kb_dir();
    config.support.staff_channel = Channel::Telegram;
    config.telegram.api_url = Some(fake.url.clone());
    config.telegram.staff_chat_id = Some(STAFF);
    config.telegram.alerts_chat_id = Some(ALERTS);
    config
}

fn telegram_tokens() -> Tokens {
    Tokens { telegram: Some(fake_telegram::TOKEN.into()), ..Tokens::default() }
}

fn discord_config(fake: &FakeDiscord) -> Config {
    let mut config = Config::default();
    config.kb.dir = kb_dir();
    config.support.staff_channel = Channel::Discord;
    config.discord.api_url = Some(fake.url.clone());
    config.discord.staff_forum_id = Some(FORUM);
    config.discord.staff_role_ids = vec![STAFF_ROLE];
    config
}

fn discord_tokens() -> Tokens {
    Tokens { discord: Some(fake_discord::TOKEN.into()), ..Tokens::default() }
}

/// A fake Discord guild set up as the README says: the forum, a staff
/// role, @everyone with the invite link's permissions.
async fn discord_set_up() -> FakeDiscord {
    let fake = FakeDiscord::start().await;
    fake.add_forum(FORUM);
    fake.set_roles(
        vec![
            FakeDiscord::role_json(GUILD, "@everyone", fake_discord::INVITE_PERMISSIONS),
            FakeDiscord::role_json(STAFF_ROLE, "Support", 0),
        ],
        &[],
    );
    fake
}

async fn store() -> (Result<Arc<dyn Store>, String>, crate::support::backends::Opened) {
    let opened = open_sqlite().await;
    (Ok(opened.store.clone()), opened)
}

async fn findings(config: &Config, tokens: &Tokens) -> Vec<Finding> {
    let (store, _kept) = store().await;
    doctor::run(config, store, tokens).await
}

/// The problems found, as "check: what → fix" lines.
fn problems(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .filter_map(|f| match &f.outcome {
            Outcome::Problem { what, fix } => Some(format!("{}: {what} → {fix}", f.check)),
            _ => None,
        })
        .collect()
}

/// Exactly one problem, on a check whose name contains `check`; its line.
fn only_problem(findings: &[Finding], check: &str) -> String {
    let found = problems(findings);
    assert_eq!(found.len(), 1, "one problem expected, found {found:#?}");
    assert!(found[0].contains(check), "{found:#?}");
    found[0].clone()
}

#[tokio::test]
async fn a_telegram_deployment_set_up_right_passes_every_check() {
    let fake = FakeTelegram::start().await;
    let found = findings(&telegram_config(&fake), &telegram_tokens()).await;
    assert!(problems(&found).is_empty(), "{found:#?}");
    let checks: Vec<&str> = found.iter().map(|f| f.check.as_str()).collect();
    for wanted in ["schema", "token", "privacy mode", "staff chat -1001", "alerts chat -1002", "webhook"] {
        assert!(checks.iter().any(|c| c.starts_with(wanted)), "{wanted} not checked: {checks:?}");
    }
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn a_wrong_telegram_token_is_named_and_the_rest_is_not_guessed() {
    let fake = FakeTelegram::start().await;
    let tokens = Tokens { telegram: Some("999:wrong".into()), ..Tokens::default() };
    let found = findings(&telegram_config(&fake), &tokens).await;
    let problem = only_problem(&found, "token");
    assert!(problem.contains("refused the token") && problem.contains("@BotFather"), "{problem}");
    assert!(!format!("{found:?}").contains("999:wrong"), "the token is never shown");
}

#[tokio::test]
async fn telegram_configured_without_a_token_is_a_problem_and_unconfigured_is_skipped() {
    let fake = FakeTelegram::start().await;
    let found = findings(&telegram_config(&fake), &Tokens::default()).await;
    assert!(only_problem(&found, "token").contains("ESCALA_TELEGRAM_TOKEN"));
    let mut plain = Config::default();
    plain.kb.dir = kb_dir();
    let found = findings(&plain, &Tokens::default()).await;
    assert!(problems(&found).is_empty(), "{found:#?}");
    assert!(found.iter().any(|f| f.area == "telegram" && matches!(f.outcome, Outcome::Skipped(_))));
}

#[tokio::test]
async fn privacy_mode_on_is_found_with_the_botfather_fix() {
    let fake = FakeTelegram::start().await;
    fake.set_privacy(true);
    let problem = only_problem(&findings(&telegram_config(&fake), &telegram_tokens()).await, "privacy mode");
    assert!(problem.contains("/setprivacy"), "{problem}");
}

#[tokio::test]
async fn a_staff_group_without_topics_is_found() {
    let fake = FakeTelegram::start().await;
    fake.set_chat(STAFF, Some(json!({"id": STAFF, "type": "supergroup", "title": "Staff", "is_forum": false})));
    let problem = only_problem(&findings(&telegram_config(&fake), &telegram_tokens()).await, "staff chat -1001");
    assert!(problem.contains("not a forum") && problem.contains("Topics"), "{problem}");
}

#[tokio::test]
async fn a_bot_that_may_not_manage_topics_is_found() {
    let fake = FakeTelegram::start().await;
    fake.set_bot_member(
        STAFF,
        json!({"status": "administrator", "can_be_edited": false, "is_anonymous": false,
        "can_manage_chat": true, "can_delete_messages": false, "can_manage_video_chats": false,
        "can_restrict_members": false, "can_promote_members": false, "can_change_info": false,
        "can_invite_users": false, "can_post_stories": false, "can_edit_stories": false,
        "can_delete_stories": false, "can_manage_topics": false}),
    );
    let problem = only_problem(&findings(&telegram_config(&fake), &telegram_tokens()).await, "bot rights");
    assert!(problem.contains("Manage Topics"), "{problem}");
}

#[tokio::test]
async fn a_bot_that_is_only_a_member_of_the_staff_group_is_found() {
    let fake = FakeTelegram::start().await;
    fake.set_bot_member(STAFF, json!({"status": "member"}));
    let problem = only_problem(&findings(&telegram_config(&fake), &telegram_tokens()).await, "bot rights");
    assert!(problem.contains("not an administrator"), "{problem}");
}

#[tokio::test]
async fn an_alerts_chat_the_bot_is_not_in_is_found() {
    let fake = FakeTelegram::start().await;
    fake.set_chat(ALERTS, None);
    let problem = only_problem(&findings(&telegram_config(&fake), &telegram_tokens()).await, "alerts chat");
    assert!(problem.contains("chat not found"), "{problem}");
}

#[tokio::test]
async fn a_webhook_left_set_while_polling_is_found() {
    let fake = FakeTelegram::start().await;
    fake.set_webhook("https://old.example.com/hook", None);
    let problem = only_problem(&findings(&telegram_config(&fake), &telegram_tokens()).await, "webhook");
    assert!(problem.contains("https://old.example.com/hook"), "{problem}");
}

#[tokio::test]
async fn a_webhook_telegram_cannot_reach_and_one_without_its_secret_are_found() {
    let fake = FakeTelegram::start().await;
    let mut config = telegram_config(&fake);
    config.telegram.webhook_url = Some("https://bot.example.com/telegram".into());
    fake.set_webhook("https://bot.example.com/telegram", Some("Connection refused"));
    let found = findings(&config, &telegram_tokens()).await;
    assert!(problems(&found).iter().any(|p| p.contains("ESCALA_TELEGRAM_WEBHOOK_SECRET")), "{found:#?}");
    let tokens = Tokens { telegram_webhook_secret: Some("s3cret".into()), ..telegram_tokens() };
    let problem = only_problem(&findings(&config, &tokens).await, "webhook");
    assert!(problem.contains("Connection refused"), "{problem}");
}

#[tokio::test]
async fn a_discord_deployment_set_up_right_passes_every_check() {
    let fake = discord_set_up().await;
    let found = findings(&discord_config(&fake), &discord_tokens()).await;
    assert!(problems(&found).is_empty(), "{found:#?}");
    let checks: Vec<&str> = found.iter().map(|f| f.check.as_str()).collect();
    for wanted in [
        "token",
        "Message Content intent",
        "staff forum 9100",
        "staff forum 9100: permissions",
        "staff forum 9100: tags",
        "staff roles",
        "slash commands",
    ] {
        assert!(checks.iter().any(|c| c.starts_with(wanted)), "{wanted} not checked: {checks:?}");
    }
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn a_wrong_discord_token_is_named() {
    let fake = discord_set_up().await;
    let tokens = Tokens { discord: Some("not.the.token".into()), ..Tokens::default() };
    let found = findings(&discord_config(&fake), &tokens).await;
    assert!(only_problem(&found, "token").contains("Reset Token"));
    assert!(!format!("{found:?}").contains("not.the.token"));
}

#[tokio::test]
async fn the_message_content_intent_off_is_found() {
    let fake = discord_set_up().await;
    fake.set_app_flags(1 << 23);
    let problem = only_problem(&findings(&discord_config(&fake), &discord_tokens()).await, "Message Content");
    assert!(problem.contains("Privileged Gateway Intents"), "{problem}");
}

#[tokio::test]
async fn a_staff_forum_that_is_a_text_channel_or_is_missing_is_found() {
    let fake = discord_set_up().await;
    fake.set_channel(
        FORUM,
        json!({"id": FORUM.to_string(), "type": 0, "guild_id": GUILD.to_string(), "name": "general"}),
    );
    let problem = only_problem(&findings(&discord_config(&fake), &discord_tokens()).await, "staff forum");
    assert!(problem.contains("#general is not a forum"), "{problem}");
    let mut config = discord_config(&fake);
    config.discord.staff_forum_id = Some(9999);
    let found = findings(&config, &discord_tokens()).await;
    assert!(problems(&found).iter().any(|p| p.contains("staff forum 9999") && p.contains("Unknown Channel")));
}

#[tokio::test]
async fn missing_permissions_are_named_from_the_roles_and_the_forums_overwrites() {
    let fake = discord_set_up().await;
    // @everyone lacks Manage Threads; the forum denies Send Messages in Threads.
    let without_manage = fake_discord::INVITE_PERMISSIONS & !(1 << 34);
    fake.set_roles(
        vec![
            FakeDiscord::role_json(GUILD, "@everyone", without_manage),
            FakeDiscord::role_json(STAFF_ROLE, "Support", 0),
        ],
        &[],
    );
    let mut forum = FakeDiscord::forum_json(FORUM);
    forum["permission_overwrites"] =
        json!([{"id": GUILD.to_string(), "type": 0, "allow": "0", "deny": (1u64 << 38).to_string()}]);
    fake.set_channel(FORUM, forum);
    let problem = only_problem(&findings(&discord_config(&fake), &discord_tokens()).await, "permissions");
    assert!(problem.contains("Manage Threads") && problem.contains("Send Messages in Threads"), "{problem}");
    assert!(!problem.contains("View Channels"), "{problem}");
    // A role of the bot's that allows them again puts it right.
    let bot_role = 9300;
    fake.set_roles(
        vec![
            FakeDiscord::role_json(GUILD, "@everyone", without_manage),
            FakeDiscord::role_json(STAFF_ROLE, "Support", 0),
            FakeDiscord::role_json(bot_role, "Escala", 1 << 34),
        ],
        &[bot_role],
    );
    let mut forum = FakeDiscord::forum_json(FORUM);
    forum["permission_overwrites"] = json!([
        {"id": GUILD.to_string(), "type": 0, "allow": "0", "deny": (1u64 << 38).to_string()},
        {"id": bot_role.to_string(), "type": 0, "allow": (1u64 << 38).to_string(), "deny": "0"}]);
    fake.set_channel(FORUM, forum);
    let found = findings(&discord_config(&fake), &discord_tokens()).await;
    assert!(problems(&found).is_empty(), "{found:#?}");
}

#[tokio::test]
async fn tags_that_are_not_in_the_forum_and_a_required_tag_are_found() {
    let fake = discord_set_up().await;
    let mut forum = FakeDiscord::forum_json(FORUM);
    forum["available_tags"] =
        json!([{"id": "501", "name": "L1", "moderated": false, "emoji_id": null, "emoji_name": null}]);
    fake.set_channel(FORUM, forum.clone());
    let mut config = discord_config(&fake);
    config.discord.level_tags.insert(Level::L1, 501);
    config.discord.level_tags.insert(Level::L2, 502);
    let problem = only_problem(&findings(&config, &discord_tokens()).await, "tags");
    assert!(problem.contains("502") && !problem.contains("501,"), "{problem}");
    forum["flags"] = json!(16);
    fake.set_channel(FORUM, forum);
    let problem = only_problem(&findings(&discord_config(&fake), &discord_tokens()).await, "tags");
    assert!(problem.contains("requires a tag"), "{problem}");
}

#[tokio::test]
async fn a_staff_role_that_does_not_exist_is_found() {
    let fake = discord_set_up().await;
    let mut config = discord_config(&fake);
    config.discord.level_role_ids.insert(Level::L2, vec![4242]);
    let problem = only_problem(&findings(&config, &discord_tokens()).await, "staff roles");
    assert!(problem.contains("4242") && !problem.contains(&STAFF_ROLE.to_string()), "{problem}");
}

#[tokio::test]
async fn slash_commands_not_registered_are_found_and_registered_ones_pass() {
    let fake = discord_set_up().await;
    let mut config = discord_config(&fake);
    config.discord.register_commands = false;
    let problem = only_problem(&findings(&config, &discord_tokens()).await, "slash commands");
    assert!(problem.contains("/help") && problem.contains("register_commands"), "{problem}");
    let names = escala::channels::discord::slash_command_names();
    let commands: Vec<serde_json::Value> =
        names.iter().map(|n| json!({"id": "1", "name": n, "description": "d", "type": 1})).collect();
    fake.state.lock().unwrap().commands.insert(format!("/applications/{}/commands", fake_discord::BOT_ID), commands);
    let found = findings(&config, &discord_tokens()).await;
    assert!(problems(&found).is_empty(), "{found:#?}");
}

async fn a_missing_migration_is_named_with_the_command_that_fixes_it(opened: crate::support::backends::Opened) {
    let config = {
        let mut config = Config::default();
        config.kb.dir = kb_dir();
        config
    };
    let pending = opened.store.pending_migrations().await.unwrap();
    assert!(pending.is_empty(), "{pending:?}");
    opened.raw("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await;
    let pending = opened.store.pending_migrations().await.unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    let found = doctor::run(&config, Ok(opened.store.clone()), &Tokens::default()).await;
    let problem = only_problem(&found, "schema");
    assert!(problem.contains(&pending[0]) && problem.contains("escala migrate"), "{problem}");
}

#[tokio::test]
async fn a_missing_migration_is_named_on_sqlite() {
    a_missing_migration_is_named_with_the_command_that_fixes_it(open_sqlite().await).await;
}

#[tokio::test]
async fn a_missing_migration_is_named_on_postgres() {
    a_missing_migration_is_named_with_the_command_that_fixes_it(open_postgres().await).await;
}

#[tokio::test]
async fn a_kb_with_errors_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::write(en.join("x.md"), "---\nid: x\nlang: en\ntitle: X\nrelated: [nowhere]\n---\nBody.\n").unwrap();
    let mut config = Config::default();
    config.kb.dir = dir.path().to_path_buf();
    let problem = only_problem(&findings(&config, &Tokens::default()).await, "");
    assert!(problem.contains("escala kb check"), "{problem}");
}

/// Through the binary: one line per check, exit 1 with a problem, exit 0
/// without; a hostile chat title reaches the terminal neutralised, and
/// neither token is printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_prints_one_line_per_check_and_exits_0_only_when_all_pass() {
    let telegram = FakeTelegram::start().await;
    let discord = discord_set_up().await;
    telegram.set_chat(
        STAFF,
        Some(json!({"id": STAFF, "type": "supergroup", "is_forum": true,
        "title": "\u{1b}]0;OWNED\u{7}\u{1b}[2JStaff"})),
    );
    let dir = tempfile::tempdir().unwrap();
    let run = |privacy: bool| {
        telegram.set_privacy(privacy);
        tokio::process::Command::new(env!("CARGO_BIN_EXE_escala"))
            .arg("doctor")
            .current_dir(dir.path())
            .env_remove("ESCALA_CONFIG")
            .env("ESCALA_DATABASE__URL", format!("sqlite://{}", dir.path().join("escala.db").display()))
            .env("ESCALA_KB__DIR", kb_dir())
            .env("ESCALA_TELEGRAM_TOKEN", fake_telegram::TOKEN)
            .env("ESCALA_TELEGRAM__API_URL", &telegram.url)
            .env("ESCALA_TELEGRAM__STAFF_CHAT_ID", STAFF.to_string())
            .env("ESCALA_DISCORD_TOKEN", fake_discord::TOKEN)
            .env("ESCALA_DISCORD__API_URL", &discord.url)
            .env("ESCALA_DISCORD__STAFF_FORUM_ID", FORUM.to_string())
            .output()
    };
    let output = run(false).await.unwrap();
    let printed = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(output.status.code(), Some(0), "{printed}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(printed.lines().all(|l| !l.contains('\u{1b}') && !l.contains('\u{7}')), "{printed:?}");
    assert!(printed.contains("OWNED") && printed.contains("no problems"), "{printed}");
    for token in [fake_telegram::TOKEN, fake_discord::TOKEN] {
        assert!(!printed.contains(token), "{printed}");
    }
    let output = run(true).await.unwrap();
    let printed = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(output.status.code(), Some(1), "{printed}");
    let failing: Vec<&str> = printed.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert_eq!(failing.len(), 1, "{printed}");
    assert!(failing[0].contains("privacy mode") && printed.contains("fix: in @BotFather"), "{printed}");
    assert!(printed.contains("1 to fix"), "{printed}");
}

//! The Discord checks of `escala doctor`, against the live REST API with
//! the configured token: the token, the Message Content intent, each staff
//! forum (a forum the bot sees, with the permissions the README lists and
//! the configured tags), the staff roles, the alerts channel and the slash
//! commands.

use std::collections::BTreeSet;
use std::num::NonZeroU64;
use std::time::Duration;

use serde_json::Value;
use serenity::all::{ApplicationId, GuildId};
use serenity::http::{LightMethod, Request, Route};

use super::{Finding, Tokens};
use crate::channels::discord::rest::{self, Rest, RestError};
use crate::config::{Config, DiscordConfig};
use crate::domain::Channel;

const AREA: &str = "discord";

/// The application flags that say the Message Content intent is on.
const MESSAGE_CONTENT: u64 = (1 << 18) | (1 << 19);
const ADMINISTRATOR: u64 = 1 << 3;
/// The permissions the README asks for, with their names in Discord's UI.
const NEEDED: [(u64, &str); 6] = [
    (1 << 10, "View Channels"),
    (1 << 11, "Send Messages"),
    (1 << 14, "Embed Links"),
    (1 << 34, "Manage Threads"),
    (1 << 35, "Create Public Threads"),
    (1 << 38, "Send Messages in Threads"),
];
/// A forum that makes every post carry a tag.
const REQUIRE_TAG: u64 = 1 << 4;
const GUILD_FORUM: u64 = 15;

pub async fn check(config: &Config, tokens: &Tokens) -> Vec<Finding> {
    let discord = &config.discord;
    let used = config.support.staff_channel == Channel::Discord || !forums(discord).is_empty();
    let Some(token) = tokens.discord.as_deref() else {
        if used {
            return vec![Finding::problem(
                AREA,
                "token",
                "Discord is configured but ESCALA_DISCORD_TOKEN is not set",
                "put the bot's token (Developer Portal → Bot → Reset Token) in ESCALA_DISCORD_TOKEN",
            )];
        }
        return vec![Finding::skipped(AREA, "token", "ESCALA_DISCORD_TOKEN is not set")];
    };
    let client = match reqwest::Client::builder().timeout(Duration::from_secs(20)).build() {
        Ok(client) => client,
        Err(e) => return vec![Finding::problem(AREA, "HTTP client", e.to_string(), "check the system's TLS setup")],
    };
    let proxy = discord.api_url.as_deref().map(|url| url.trim_end_matches('/').to_string());
    let api = Rest::new(client, format!("Bot {}", token.trim()), proxy);
    let me = match api.call(Request::new(Route::UserMe, LightMethod::Get)).await {
        Ok(me) => me,
        Err(RestError::Refused { status: 401, .. }) => {
            return vec![Finding::problem(
                AREA,
                "token",
                "Discord refused the token",
                "reset the token (Developer Portal → Bot → Reset Token) and put it in ESCALA_DISCORD_TOKEN",
            )]
        }
        Err(error) => return vec![Finding::problem(AREA, "token", error.to_string(), "check the network")],
    };
    let bot = rest::id_of(&me).map_or(0, NonZeroU64::get);
    let name = me["username"].as_str().unwrap_or("?");
    let mut findings = vec![Finding::ok(AREA, "token", format!("valid, the bot is {name}"))];
    let application = api.call(Request::new(Route::Oauth2ApplicationCurrent, LightMethod::Get)).await;
    let application_id = match &application {
        Ok(app) => {
            let flags = app["flags"].as_u64().unwrap_or(0);
            findings.push(if flags & MESSAGE_CONTENT != 0 {
                Finding::ok(AREA, "Message Content intent", "enabled")
            } else {
                Finding::problem(
                    AREA,
                    "Message Content intent",
                    "disabled: Discord blanks what agents write in the ticket posts",
                    "Developer Portal → Bot → Privileged Gateway Intents → turn on Message Content",
                )
            });
            rest::id_of(app).map(NonZeroU64::get).or(discord.application_id)
        }
        Err(error) => {
            findings.push(Finding::problem(AREA, "Message Content intent", error.to_string(), "check the token"));
            discord.application_id
        }
    };
    if forums(discord).is_empty() && config.support.staff_channel == Channel::Discord {
        findings.push(Finding::problem(
            AREA,
            "staff forum",
            "support.staff_channel is discord but no staff forum is set",
            "set discord.staff_forum_id (or discord.staff_forums per level) to a forum channel's id",
        ));
    }
    let mut guilds = BTreeSet::new();
    for forum in forums(discord) {
        if let Some(guild) = staff_forum(&api, discord, forum, bot, &mut findings).await {
            guilds.insert(guild);
        }
    }
    for guild in &guilds {
        findings.extend(roles(&api, discord, *guild).await);
    }
    if let Some(alerts) = discord.alerts_channel_id {
        let check = format!("alerts channel {alerts}");
        findings.push(match get_channel(&api, alerts).await {
            Ok(channel) => {
                Finding::ok(AREA, check, format!("reachable (#{})", channel["name"].as_str().unwrap_or("?")))
            }
            Err(error) => Finding::problem(
                AREA,
                check,
                error.to_string(),
                "let the bot see that channel, or fix discord.alerts_channel_id",
            ),
        });
    }
    findings.push(commands(&api, discord, application_id).await);
    findings
}

/// Every configured staff forum, once.
fn forums(discord: &DiscordConfig) -> Vec<u64> {
    let all: BTreeSet<u64> = discord.staff_forum_id.into_iter().chain(discord.staff_forums.values().copied()).collect();
    all.into_iter().collect()
}

async fn get_channel(api: &Rest, id: u64) -> Result<Value, RestError> {
    let channel_id = rest::channel(id).ok_or_else(|| RestError::Unavailable("0 is not a channel id".into()))?;
    api.call(Request::new(Route::Channel { channel_id }, LightMethod::Get)).await
}

/// The forum's kind, the bot's permissions in it and its tags; the guild
/// it belongs to, when it could be read.
async fn staff_forum(
    api: &Rest,
    discord: &DiscordConfig,
    forum: u64,
    bot: u64,
    findings: &mut Vec<Finding>,
) -> Option<u64> {
    let check = format!("staff forum {forum}");
    let channel = match get_channel(api, forum).await {
        Ok(channel) => channel,
        Err(error) => {
            findings.push(Finding::problem(
                AREA,
                check,
                error.to_string(),
                "check the id (Developer Mode → right click → Copy ID) and that the bot can view the channel",
            ));
            return None;
        }
    };
    let name = channel["name"].as_str().unwrap_or("?").to_string();
    if channel["type"].as_u64() != Some(GUILD_FORUM) {
        findings.push(Finding::problem(
            AREA,
            check,
            format!("#{name} is not a forum channel, so tickets cannot get posts"),
            "create a forum channel for the staff and put its id in the config",
        ));
        return None;
    }
    findings.push(Finding::ok(AREA, check.clone(), format!("#{name} is a forum the bot sees")));
    let guild = channel["guild_id"].as_str().and_then(rest::snowflake).map(NonZeroU64::get);
    if let Some(guild) = guild {
        findings.push(permissions(api, guild, bot, &channel, &check).await);
    }
    findings.push(tags(discord, &channel, &check));
    guild
}

/// The bot's permissions in the forum, computed as Discord does: the
/// @everyone role and the bot's roles, then the channel's overwrites for
/// @everyone, for those roles and for the bot itself.
async fn permissions(api: &Rest, guild: u64, bot: u64, channel: &Value, check: &str) -> Finding {
    let check = format!("{check}: permissions");
    let Some(guild_id) = NonZeroU64::new(guild).map(GuildId::from) else {
        return Finding::problem(AREA, check, "the forum has no guild", "use a forum channel of a server");
    };
    let roles = match api.call(Request::new(Route::GuildRoles { guild_id }, LightMethod::Get)).await {
        Ok(roles) => roles,
        Err(error) => return Finding::problem(AREA, check, error.to_string(), "check that the bot is in the server"),
    };
    let Some(user_id) = rest::user(bot) else {
        return Finding::problem(AREA, check, "the bot's id is unknown", "check the token");
    };
    let member = match api.call(Request::new(Route::GuildMember { guild_id, user_id }, LightMethod::Get)).await {
        Ok(member) => member,
        Err(error) => return Finding::problem(AREA, check, error.to_string(), "invite the bot to the server"),
    };
    let member_roles: Vec<u64> = ids(&member["roles"]);
    let role_permissions = |id: u64| {
        roles
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| id_number(&r["id"]) == Some(id))
            .map_or(0, |r| bits(&r["permissions"]))
    };
    let mut allowed = role_permissions(guild);
    for role in &member_roles {
        allowed |= role_permissions(*role);
    }
    if allowed & ADMINISTRATOR == 0 {
        let overwrites = channel["permission_overwrites"].as_array().cloned().unwrap_or_default();
        let of = |id: u64| overwrites.iter().find(|o| id_number(&o["id"]) == Some(id));
        if let Some(everyone) = of(guild) {
            allowed = (allowed & !bits(&everyone["deny"])) | bits(&everyone["allow"]);
        }
        let (mut allow, mut deny) = (0, 0);
        for role in &member_roles {
            if let Some(o) = of(*role) {
                allow |= bits(&o["allow"]);
                deny |= bits(&o["deny"]);
            }
        }
        allowed = (allowed & !deny) | allow;
        if let Some(own) = of(bot) {
            allowed = (allowed & !bits(&own["deny"])) | bits(&own["allow"]);
        }
    } else {
        allowed = u64::MAX;
    }
    let missing: Vec<&str> = NEEDED.iter().filter(|(bit, _)| allowed & bit == 0).map(|(_, name)| *name).collect();
    if missing.is_empty() {
        return Finding::ok(AREA, check, "every permission the bot needs");
    }
    Finding::problem(
        AREA,
        check,
        format!("missing {}", missing.join(", ")),
        "give the bot's role these permissions on the forum (or invite it again with the README's link)",
    )
}

/// The configured level and status tags exist in the forum; a forum that
/// requires tags gets one.
fn tags(discord: &DiscordConfig, channel: &Value, check: &str) -> Finding {
    let check = format!("{check}: tags");
    let available: Vec<u64> =
        channel["available_tags"].as_array().into_iter().flatten().filter_map(|t| id_number(&t["id"])).collect();
    let configured: Vec<u64> = discord.level_tags.values().chain(discord.status_tags.values()).copied().collect();
    let unknown: Vec<String> = configured.iter().filter(|t| !available.contains(t)).map(u64::to_string).collect();
    if !unknown.is_empty() {
        return Finding::problem(
            AREA,
            check,
            format!("tag(s) {} are not in this forum", unknown.join(", ")),
            "copy the tag ids from the forum's available_tags into discord.level_tags / discord.status_tags",
        );
    }
    if channel["flags"].as_u64().unwrap_or(0) & REQUIRE_TAG != 0 && discord.level_tags.is_empty() {
        return Finding::problem(
            AREA,
            check,
            "the forum requires a tag on every post and no level tag is configured",
            "set discord.level_tags, or turn off Require Tags in the forum's settings",
        );
    }
    Finding::ok(AREA, check, format!("{} configured, all in the forum", configured.len()))
}

/// The configured staff roles exist in the guild.
async fn roles(api: &Rest, discord: &DiscordConfig, guild: u64) -> Vec<Finding> {
    let configured: BTreeSet<u64> =
        discord.staff_role_ids.iter().chain(discord.level_role_ids.values().flatten()).copied().collect();
    if configured.is_empty() {
        return Vec::new();
    }
    let check = format!("staff roles in server {guild}");
    let Some(guild_id) = NonZeroU64::new(guild).map(GuildId::from) else { return Vec::new() };
    let roles = match api.call(Request::new(Route::GuildRoles { guild_id }, LightMethod::Get)).await {
        Ok(roles) => roles,
        Err(error) => {
            return vec![Finding::problem(AREA, check, error.to_string(), "check that the bot is in the server")]
        }
    };
    let known: Vec<u64> = roles.as_array().into_iter().flatten().filter_map(|r| id_number(&r["id"])).collect();
    let unknown: Vec<String> = configured.iter().filter(|r| !known.contains(r)).map(u64::to_string).collect();
    if unknown.is_empty() {
        return vec![Finding::ok(AREA, check, format!("{} configured, all exist", configured.len()))];
    }
    vec![Finding::problem(
        AREA,
        check,
        format!("role(s) {} do not exist there", unknown.join(", ")),
        "copy the role ids (Server Settings → Roles → right click → Copy ID) into discord.staff_role_ids / level_role_ids",
    )]
}

/// The slash commands: registered at start when the config says so, else
/// they must be there already (globally, or in each configured guild).
async fn commands(api: &Rest, discord: &DiscordConfig, application: Option<u64>) -> Finding {
    if discord.register_commands {
        return Finding::ok(AREA, "slash commands", "registered by `escala run` at start");
    }
    let Some(application_id) = application.and_then(NonZeroU64::new).map(ApplicationId::from) else {
        return Finding::problem(AREA, "slash commands", "the application id is unknown", "set discord.application_id");
    };
    let routes: Vec<Route> = if discord.guild_ids.is_empty() {
        vec![Route::Commands { application_id }]
    } else {
        discord
            .guild_ids
            .iter()
            .filter_map(|id| NonZeroU64::new(*id))
            .map(|id| Route::GuildCommands { application_id, guild_id: GuildId::from(id) })
            .collect()
    };
    let wanted = crate::channels::discord::slash_command_names();
    for route in routes {
        let registered = match api.call(Request::new(route, LightMethod::Get)).await {
            Ok(list) => list,
            Err(error) => {
                return Finding::problem(AREA, "slash commands", error.to_string(), "check the application id")
            }
        };
        let names: Vec<&str> = registered.as_array().into_iter().flatten().filter_map(|c| c["name"].as_str()).collect();
        let missing: Vec<&str> = wanted.iter().map(String::as_str).filter(|w| !names.contains(w)).collect();
        if !missing.is_empty() {
            return Finding::problem(
                AREA,
                "slash commands",
                format!("not registered: /{}", missing.join(", /")),
                "set discord.register_commands = true for one start of `escala run`",
            );
        }
    }
    Finding::ok(AREA, "slash commands", format!("/{} registered", wanted.join(", /")))
}

/// A snowflake or permission set: Discord sends both as strings.
fn id_number(value: &Value) -> Option<u64> {
    value.as_str().and_then(|s| s.parse().ok()).or_else(|| value.as_u64())
}

fn bits(value: &Value) -> u64 {
    id_number(value).unwrap_or(0)
}

fn ids(value: &Value) -> Vec<u64> {
    value.as_array().into_iter().flatten().filter_map(id_number).collect()
}

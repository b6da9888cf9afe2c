//! Catching up after downtime. Discord's gateway does not replay what was
//! written while escala was down (or after a RESUME that failed and forced
//! a new session), so on each READY the bot reads, over REST, what arrived
//! after the last stored message in each open conversation's DM and each
//! open ticket's forum post, and hands it to the engine oldest first. The
//! usual inbound keys (the message ids) make anything already handled a
//! no-op, so the window can start a little early.

use std::collections::HashMap;

use chrono::{DateTime, Duration as TimeDelta, Utc};
use serde_json::Value;
use serenity::all::{Context, GuildId, Message};
use serenity::http::{LightMethod, Request, Route};

use super::event::{self, DiscordEvent};
use super::handler::Handler;
use super::rest::{self, RestError};
use crate::domain::Channel;
use crate::store::CatchUpPoint;

/// Discord's epoch (2015-01-01) in Unix milliseconds; snowflakes count from it.
const DISCORD_EPOCH_MS: i64 = 1_420_070_400_000;
/// How far before the last stored message the window opens: clocks differ,
/// and what was handled already is skipped by its key.
const SLACK: TimeDelta = TimeDelta::minutes(5);
/// Messages per request (Discord's maximum) and pages per channel: a
/// channel with more than this while down is caught up partly, and said so.
const PAGE: usize = 100;
const MAX_PAGES: usize = 20;

/// The `after` cursor for messages written since `at` less the slack:
/// every message id from then on is larger (ids start with their time).
pub fn snowflake_before(at: DateTime<Utc>) -> u64 {
    let ms = (at - SLACK).timestamp_millis() - DISCORD_EPOCH_MS;
    u64::try_from(ms.max(0)).unwrap_or(0) << 22
}

impl Handler {
    /// Handles what was written in the open DMs and ticket posts after
    /// their last stored message.
    pub(super) async fn catch_up(&self, ctx: &Context) {
        let points = match self.engine.store().catch_up_points(Channel::Discord).await {
            Ok(points) => points,
            Err(error) => {
                tracing::error!(%error, "cannot read where to catch up from; messages written while down wait");
                return;
            }
        };
        let mut handled = 0;
        let mut members = HashMap::new();
        for point in points {
            handled += match point {
                CatchUpPoint::User { external_id, last_seen } => self.catch_up_dm(ctx, &external_id, last_seen).await,
                CatchUpPoint::StaffThread { thread_ref, last_seen } => {
                    self.catch_up_thread(ctx, &thread_ref, last_seen, &mut members).await
                }
            };
        }
        if handled > 0 {
            tracing::info!(handled, "caught up with messages written while the bot was away");
        }
    }

    async fn catch_up_dm(&self, ctx: &Context, user: &str, last_seen: DateTime<Utc>) -> usize {
        let Some(user_id) = rest::snowflake(user) else { return 0 };
        let body = serde_json::to_vec(&serde_json::json!({ "recipient_id": user })).ok();
        let dm = match self.rest.call(Request::new(Route::UserMeDmChannels, LightMethod::Post).body(body)).await {
            Ok(dm) => dm,
            Err(error) => {
                tracing::warn!(%error, user, "cannot open a DM to catch up");
                return 0;
            }
        };
        let Some(channel) = rest::id_of(&dm) else { return 0 };
        if let Ok(mut dms) = self.dms.lock() {
            dms.insert(user_id.get(), channel.get());
        }
        let mut handled = 0;
        for message in self.written_after(channel.get(), last_seen).await {
            if let DiscordEvent::User(inbound) = event::classify_message(&message) {
                self.user(ctx, inbound).await;
                self.extra_files(ctx, &message).await;
                handled += 1;
            }
        }
        handled
    }

    async fn catch_up_thread(
        &self,
        ctx: &Context,
        thread_ref: &str,
        last_seen: DateTime<Utc>,
        members: &mut HashMap<u64, Vec<u64>>,
    ) -> usize {
        let Some(thread) = rest::snowflake(thread_ref) else { return 0 };
        let Some(channel_id) = rest::channel(thread.get()) else { return 0 };
        let guild = match self.rest.call(Request::new(Route::Channel { channel_id }, LightMethod::Get)).await {
            Ok(channel) => channel["guild_id"].as_str().and_then(rest::snowflake),
            Err(error) => {
                tracing::warn!(%error, thread_ref, "cannot read a ticket's post to catch up");
                return 0;
            }
        };
        let Some(guild) = guild else { return 0 };
        let mut handled = 0;
        for mut message in self.written_after(thread.get(), last_seen).await {
            // REST messages carry neither the guild nor the author's
            // roles, which decide whether they are staff.
            message.guild_id = Some(GuildId::from(guild));
            let first = (message.id.get().to_string(), event::classify_message(&message));
            for (key, event) in std::iter::once(first).chain(event::extra_files(&message)) {
                let DiscordEvent::Guild(mut said) = event else { continue };
                said.roles = match members.get(&said.author_id) {
                    Some(roles) => roles.clone(),
                    None => {
                        let roles = self.roles_of(guild.get(), said.author_id).await;
                        members.insert(said.author_id, roles.clone());
                        roles
                    }
                };
                self.guild(ctx, said, key).await;
                handled += 1;
            }
        }
        handled
    }

    /// The member's role ids (none if Discord will not say: not staff).
    async fn roles_of(&self, guild: u64, user: u64) -> Vec<u64> {
        let (Some(guild_id), Some(user_id)) = (std::num::NonZeroU64::new(guild).map(GuildId::from), rest::user(user))
        else {
            return Vec::new();
        };
        match self.rest.call(Request::new(Route::GuildMember { guild_id, user_id }, LightMethod::Get)).await {
            Ok(member) => member["roles"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().and_then(|s| s.parse().ok()))
                .collect(),
            Err(error) => {
                tracing::warn!(%error, user, "cannot read a member's roles to catch up");
                Vec::new()
            }
        }
    }

    /// The messages of `channel` written after `last_seen`, oldest first.
    async fn written_after(&self, channel: u64, last_seen: DateTime<Utc>) -> Vec<Message> {
        let Some(channel_id) = rest::channel(channel) else { return Vec::new() };
        let mut after = snowflake_before(last_seen);
        let mut found = Vec::new();
        for page in 0..MAX_PAGES {
            let params = vec![("after", after.to_string()), ("limit", PAGE.to_string())];
            let request = Request::new(Route::ChannelMessages { channel_id }, LightMethod::Get).params(Some(params));
            let batch = match self.rest.call(request).await {
                Ok(Value::Array(batch)) => batch,
                Ok(_) => break,
                Err(RestError::RateLimited { after: wait, .. }) => {
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Err(error) => {
                    tracing::warn!(%error, channel, "cannot read messages to catch up");
                    break;
                }
            };
            let full = batch.len() == PAGE;
            let mut messages: Vec<Message> =
                batch.into_iter().filter_map(|m| serde_json::from_value::<Message>(m).ok()).collect();
            messages.sort_by_key(|m| m.id);
            let Some(last) = messages.last() else { break };
            after = last.id.get();
            found.extend(messages);
            if !full {
                break;
            }
            if page + 1 == MAX_PAGES {
                tracing::warn!(channel, "more messages were written while down than are caught up; the rest wait");
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Discord's documented example: snowflake 175928847299117063 was made
    /// at 1462015105796 ms (2016-04-30 11:18:25.796 UTC).
    #[test]
    fn the_window_opens_at_the_snowflake_of_the_last_seen_time_less_the_slack() {
        let made = DateTime::from_timestamp_millis(1_462_015_105_796).unwrap();
        let after = snowflake_before(made + SLACK);
        assert_eq!(after, 175_928_847_299_117_063 >> 22 << 22);
        assert!(after < 175_928_847_299_117_063);
        assert_eq!(snowflake_before(DateTime::from_timestamp_millis(0).unwrap()), 0);
    }
}

//! The `[discord]` section of the configuration: where the staff forum and
//! alerts live, who counts as staff, which guilds get the slash commands and
//! how the gateway is sharded. The token is not here: it comes only from
//! `ESCALA_DISCORD_TOKEN`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::domain::Level;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    /// REST base URL of an HTTP proxy that does the rate limiting itself
    /// (twilight-http-proxy) or of a fake Discord in tests. Setting it turns
    /// serenity's in-process rate limiter off, which ignores proxies.
    pub api_url: Option<String>,
    /// The application id; learnt from the gateway's READY when absent.
    pub application_id: Option<u64>,
    /// Guilds that get the slash commands right away; empty registers them
    /// globally (Discord may take up to an hour to show global changes).
    pub guild_ids: Vec<u64>,
    /// Register (overwrite) the slash commands at startup.
    pub register_commands: bool,
    /// One forum channel holding a post per ticket, for every level.
    pub staff_forum_id: Option<u64>,
    /// Per level ("L1".."L4") forum channels, overriding `staff_forum_id`.
    pub staff_forums: BTreeMap<Level, u64>,
    /// Forum tag ids applied per level ("L1".."L4").
    pub level_tags: BTreeMap<Level, u64>,
    /// Forum tag ids applied per status ("open", "closed").
    pub status_tags: BTreeMap<String, u64>,
    /// Where SLA alerts and dead letters go.
    pub alerts_channel_id: Option<u64>,
    /// Members with any of these roles act as staff at every level.
    pub staff_role_ids: Vec<u64>,
    /// Roles that act as staff only at some levels: "L2" = [role ids].
    pub level_role_ids: BTreeMap<Level, Vec<u64>>,
    /// Users who act as staff at every level whatever their roles.
    pub staff_user_ids: Vec<u64>,
    /// Total shards; absent uses the count Discord recommends.
    pub shard_count: Option<u32>,
    /// The shards this instance runs (contiguous); empty runs all of them.
    pub shard_ids: Vec<u32>,
    /// The servers' upload limit in MB (10 without boosts; 50 or 100 with
    /// them): larger files are refused before they are relayed there.
    pub max_upload_mb: u64,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            api_url: None,
            application_id: None,
            guild_ids: Vec::new(),
            register_commands: true,
            staff_forum_id: None,
            staff_forums: BTreeMap::new(),
            level_tags: BTreeMap::new(),
            status_tags: BTreeMap::new(),
            alerts_channel_id: None,
            staff_role_ids: Vec::new(),
            level_role_ids: BTreeMap::new(),
            staff_user_ids: Vec::new(),
            shard_count: None,
            shard_ids: Vec::new(),
            max_upload_mb: 10,
        }
    }
}

/// Which shards this process runs, from `shard_count` and `shard_ids`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shards {
    /// As many as Discord recommends, all here.
    Auto,
    /// Shards `first..=last` of `total`.
    Range { first: u32, last: u32, total: u32 },
}

impl DiscordConfig {
    /// The forum that holds the posts of `level` tickets.
    pub fn staff_forum_for(&self, level: Level) -> Option<u64> {
        self.staff_forums.get(&level).copied().or(self.staff_forum_id)
    }

    /// The forum tags a ticket's post carries at `level` in `status`.
    pub fn tags_for(&self, level: Level, status: &str) -> Vec<u64> {
        let level_tag = self.level_tags.get(&level).copied();
        level_tag.into_iter().chain(self.status_tags.get(status).copied()).collect()
    }

    /// The levels at which someone with `roles` (or user id `user`) may act;
    /// empty for people who are not staff.
    pub fn staff_levels(&self, user: u64, roles: &[u64]) -> Vec<Level> {
        if self.staff_user_ids.contains(&user) || roles.iter().any(|r| self.staff_role_ids.contains(r)) {
            return Level::STAFFED.to_vec();
        }
        Level::STAFFED
            .into_iter()
            .filter(|level| self.level_role_ids.get(level).is_some_and(|ids| roles.iter().any(|r| ids.contains(r))))
            .collect()
    }

    pub fn shards(&self) -> Result<Shards, ConfigError> {
        let Some(total) = self.shard_count else {
            if self.shard_ids.is_empty() {
                return Ok(Shards::Auto);
            }
            return Err(ConfigError::invalid("discord.shard_ids needs discord.shard_count"));
        };
        if total == 0 {
            return Err(ConfigError::invalid("discord.shard_count must be at least 1"));
        }
        if self.shard_ids.is_empty() {
            return Ok(Shards::Range { first: 0, last: total - 1, total });
        }
        let mut ids = self.shard_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        if last >= total || (last - first + 1) as usize != ids.len() {
            return Err(ConfigError::invalid(format!(
                "discord.shard_ids must be contiguous and below shard_count ({total})"
            )));
        }
        Ok(Shards::Range { first, last, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_grant_levels_and_shards_are_checked() {
        let config = DiscordConfig {
            staff_role_ids: vec![1],
            level_role_ids: BTreeMap::from([(Level::L2, vec![2])]),
            staff_user_ids: vec![9],
            ..Default::default()
        };
        assert_eq!(config.staff_levels(5, &[1]), Level::STAFFED.to_vec());
        assert_eq!(config.staff_levels(9, &[]), Level::STAFFED.to_vec());
        assert_eq!(config.staff_levels(5, &[2, 3]), vec![Level::L2]);
        assert!(config.staff_levels(5, &[3]).is_empty());
        assert_eq!(config.shards().unwrap(), Shards::Auto);
        let sharded = DiscordConfig { shard_count: Some(4), shard_ids: vec![2, 1], ..Default::default() };
        assert_eq!(sharded.shards().unwrap(), Shards::Range { first: 1, last: 2, total: 4 });
        assert!(DiscordConfig { shard_count: Some(4), shard_ids: vec![0, 3], ..Default::default() }.shards().is_err());
    }
}

//! The `[assignment.Ln]` sections: the levels that give their tickets to
//! agents automatically, how (round robin or least loaded), among whom,
//! and after how long an untouched ticket goes to the next agent.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::domain::Level;
use crate::engine::{AssignMode, AssignmentPolicy};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AssignmentConfig {
    pub mode: AssignMode,
    /// The agents' names as they act (their display names).
    pub agents: Vec<String>,
    /// Offer a ticket its agent has not picked up to the next after this.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub offer_after: Option<Duration>,
}

const MAX_AGENTS: usize = 200;

pub fn assignment(
    levels: &BTreeMap<Level, AssignmentConfig>,
) -> Result<BTreeMap<Level, AssignmentPolicy>, ConfigError> {
    let mut checked = BTreeMap::new();
    for (level, config) in levels {
        if *level == Level::L0 {
            return Err(ConfigError::invalid("assignment.L0: L0 is the bot itself; assign L1..L4"));
        }
        if config.agents.is_empty() || config.agents.len() > MAX_AGENTS {
            return Err(ConfigError::invalid(format!("assignment.{level}.agents must name 1 to {MAX_AGENTS} agents")));
        }
        for agent in &config.agents {
            let ok = !agent.trim().is_empty()
                && agent.chars().count() <= crate::domain::MAX_NAME_CHARS
                && !agent.chars().any(char::is_control);
            if !ok {
                let shown: String = agent.chars().take(64).flat_map(char::escape_default).collect();
                return Err(ConfigError::invalid(format!(
                    "assignment.{level}.agents: `{shown}` must be a name of one line, at most {} characters",
                    crate::domain::MAX_NAME_CHARS
                )));
            }
        }
        let offer_after_secs = match config.offer_after {
            None => None,
            Some(d) if d < Duration::from_secs(60) || d > Duration::from_secs(30 * 24 * 3600) => {
                return Err(ConfigError::invalid(format!(
                    "assignment.{level}.offer_after must lie between 1 minute and 30 days"
                )))
            }
            Some(d) => Some(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        };
        let agents = config.agents.iter().map(|a| a.trim().to_string()).collect();
        checked.insert(*level, AssignmentPolicy { mode: config.mode, agents, offer_after_secs });
    }
    Ok(checked)
}

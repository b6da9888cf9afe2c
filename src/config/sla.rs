//! The `[sla]` configuration section: targets per level × priority written
//! as durations ("15m", "4h", "3d"), optional business hours, and the
//! reminder and auto-close delays; `policy()` turns it into the domain's
//! `SlaPolicy` after checking it.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::domain::sla::{BusinessHours, Calendar, SlaPolicy, Target};
use crate::domain::{Level, Priority};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SlaConfig {
    /// Fraction of a target after which staff get a warning.
    pub warn_fraction: f64,
    /// Escalate a ticket to the next level when a clock breaches.
    pub auto_escalate: bool,
    /// Remind users who have not answered a question from staff.
    #[serde(with = "humantime_serde")]
    pub remind_after: Option<Duration>,
    /// Close a ticket waiting on the user after this much silence.
    #[serde(with = "humantime_serde")]
    pub close_silent_after: Option<Duration>,
    /// Close a resolved ticket the user never confirmed.
    #[serde(with = "humantime_serde")]
    pub close_resolved_after: Option<Duration>,
    /// How often the sweeper looks for due clocks and timers.
    #[serde(with = "humantime_serde")]
    pub sweep_every: Duration,
    pub business_hours: Option<BusinessHoursConfig>,
    /// `[sla.targets.L1.urgent] first_response = "15m"  resolution = "4h"`.
    pub targets: BTreeMap<Level, BTreeMap<Priority, TargetConfig>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    #[serde(with = "humantime_serde")]
    pub first_response: Duration,
    #[serde(with = "humantime_serde")]
    pub resolution: Duration,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BusinessHoursConfig {
    /// IANA zone name, e.g. "Europe/Lisbon".
    pub time_zone: String,
    /// "mon".."sun".
    pub days: Vec<String>,
    /// "09:00".
    pub start: String,
    pub end: String,
    /// "2026-12-25".
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

impl Default for SlaConfig {
    /// The domain's default policy, written out as configuration.
    fn default() -> Self {
        let policy = SlaPolicy::default();
        let mut targets: BTreeMap<Level, BTreeMap<Priority, TargetConfig>> = BTreeMap::new();
        for ((level, priority), target) in &policy.targets {
            let target = TargetConfig {
                first_response: duration(target.first_response_secs),
                resolution: duration(target.resolution_secs),
            };
            targets.entry(*level).or_default().insert(*priority, target);
        }
        SlaConfig {
            warn_fraction: policy.warn_fraction,
            auto_escalate: policy.auto_escalate,
            remind_after: policy.remind_after_secs.map(duration),
            close_silent_after: policy.close_silent_after_secs.map(duration),
            close_resolved_after: policy.close_resolved_after_secs.map(duration),
            sweep_every: Duration::from_secs(30),
            business_hours: None,
            targets,
        }
    }
}

fn duration(secs: i64) -> Duration {
    Duration::from_secs(secs.max(0).unsigned_abs())
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// The longest SLA target or ticket timer accepted: a promise further off
/// than a year is a typo (`100000000years` once took a bot down).
const LONGEST: Duration = Duration::from_secs(366 * 24 * 3600);
/// The sweeper must look at least daily for alerts to mean anything.
const LONGEST_SWEEP: Duration = Duration::from_secs(24 * 3600);

/// `key = value` if the duration is positive and at most `longest`.
fn bounded(key: &str, value: Duration, longest: Duration) -> Result<i64, ConfigError> {
    if value.is_zero() {
        return Err(ConfigError::invalid(format!("{key} must be positive")));
    }
    if value > longest {
        return Err(ConfigError::invalid(format!(
            "{key} = \"{}\" is too long: at most {}",
            humantime::format_duration(value),
            humantime::format_duration(longest)
        )));
    }
    Ok(secs(value))
}

impl SlaConfig {
    /// The checked policy, or what is wrong with the section.
    pub fn policy(&self) -> Result<SlaPolicy, ConfigError> {
        if !(0.0..=1.0).contains(&self.warn_fraction) {
            return Err(ConfigError::invalid("sla.warn_fraction must lie in [0, 1]"));
        }
        bounded("sla.sweep_every", self.sweep_every, LONGEST_SWEEP)?;
        let timer = |key: &str, value: Option<Duration>| value.map(|v| bounded(key, v, LONGEST)).transpose();
        let remind_after_secs = timer("sla.remind_after", self.remind_after)?;
        let close_silent_after_secs = timer("sla.close_silent_after", self.close_silent_after)?;
        let close_resolved_after_secs = timer("sla.close_resolved_after", self.close_resolved_after)?;
        let mut targets = BTreeMap::new();
        for (level, row) in &self.targets {
            if *level == Level::L0 {
                return Err(ConfigError::invalid("sla.targets: L0 is the bot itself and has no SLA; use L1..L4"));
            }
            for (priority, target) in row {
                let key = |clock: &str| format!("sla.targets.{level}.{priority}.{clock}");
                let target = Target {
                    first_response_secs: bounded(&key("first_response"), target.first_response, LONGEST)?,
                    resolution_secs: bounded(&key("resolution"), target.resolution, LONGEST)?,
                };
                targets.insert((*level, *priority), target);
            }
        }
        let calendar = match &self.business_hours {
            None => Calendar::Always,
            Some(hours) => Calendar::BusinessHours(hours.parse()?),
        };
        Ok(SlaPolicy {
            targets,
            calendar,
            warn_fraction: self.warn_fraction,
            auto_escalate: self.auto_escalate,
            remind_after_secs,
            close_silent_after_secs,
            close_resolved_after_secs,
            vendors: BTreeMap::new(),
        })
    }
}

impl BusinessHoursConfig {
    fn parse(&self) -> Result<BusinessHours, ConfigError> {
        let time_zone = self.time_zone.parse().map_err(|_| {
            ConfigError::invalid(format!("sla.business_hours.time_zone `{}` is not an IANA time zone", self.time_zone))
        })?;
        let days: HashSet<Weekday> = self
            .days
            .iter()
            .map(|d| {
                d.parse::<Weekday>()
                    .map_err(|_| ConfigError::invalid(format!("sla.business_hours.days: `{d}` is not a weekday")))
            })
            .collect::<Result<_, _>>()?;
        if days.is_empty() {
            return Err(ConfigError::invalid("sla.business_hours.days must name at least one working day"));
        }
        let time = |text: &str, key: &str| {
            NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| {
                ConfigError::invalid(format!("sla.business_hours.{key} `{text}` is not a time like 09:00"))
            })
        };
        let (start, end) = (time(&self.start, "start")?, time(&self.end, "end")?);
        if start >= end {
            return Err(ConfigError::invalid("sla.business_hours.start must come before end"));
        }
        let holidays: BTreeSet<NaiveDate> = self.holidays.iter().copied().collect();
        Ok(BusinessHours { time_zone, days, start, end, holidays })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_has_a_target_for_every_staffed_level_and_priority() {
        let policy = SlaConfig::default().policy().unwrap();
        for level in Level::STAFFED {
            for priority in [Priority::Low, Priority::Normal, Priority::High, Priority::Urgent] {
                let target = policy.target(level, priority).unwrap();
                assert!(target.first_response_secs < target.resolution_secs, "{level} {priority}");
            }
        }
        assert_eq!(policy.target(Level::L1, Priority::Urgent).unwrap().first_response_secs, 15 * 60);
    }

    #[test]
    fn business_hours_are_checked_with_reasons() {
        let mut config = SlaConfig::default();
        let hours = BusinessHoursConfig {
            time_zone: "Europe/Lisbon".into(),
            days: vec!["mon".into(), "fri".into()],
            start: "09:00".into(),
            end: "18:00".into(),
            holidays: vec![],
        };
        config.business_hours = Some(hours.clone());
        assert!(matches!(config.policy().unwrap().calendar, Calendar::BusinessHours(_)));
        config.business_hours = Some(BusinessHoursConfig { time_zone: "Mars/Olympus".into(), ..hours.clone() });
        assert!(config.policy().unwrap_err().to_string().contains("Mars/Olympus"));
        config.business_hours = Some(BusinessHoursConfig { start: "19:00".into(), ..hours });
        assert!(config.policy().unwrap_err().to_string().contains("before end"));
    }
}

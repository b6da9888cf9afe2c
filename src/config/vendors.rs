//! The `[vendors.NAME]` sections: the external vendors level 4 hands
//! problems to, with how staff reach them, their contracted response and
//! resolution times (business time, on the SLA calendar) and how often
//! staff chase them and the user hears about the wait.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::domain::sla::VendorTerms;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VendorConfig {
    /// How staff reach the vendor: an address, a portal, a phone line.
    pub contact: String,
    /// Contracted time to a first answer, e.g. "8h".
    #[serde(with = "humantime_serde")]
    pub response: Duration,
    /// Contracted time to a fix, e.g. "5days".
    #[serde(with = "humantime_serde")]
    pub resolution: Duration,
    /// Remind staff to chase the vendor this often while a ticket waits.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<Duration>,
    /// Tell the user their ticket is still with the vendor this often.
    #[serde(default, with = "humantime_serde", skip_serializing_if = "Option::is_none")]
    pub user_update: Option<Duration>,
}

/// Longest contracted time or interval accepted: beyond a year is a typo.
const LONGEST: Duration = Duration::from_secs(366 * 24 * 3600);
/// Shortest reminder interval: a reminder every few seconds is a flood.
const SHORTEST_INTERVAL: Duration = Duration::from_secs(15 * 60);
const MAX_NAME_CHARS: usize = 40;
const MAX_CONTACT_CHARS: usize = 200;

fn secs(key: &str, value: Duration, shortest: Duration) -> Result<i64, ConfigError> {
    if value < shortest || value.is_zero() {
        return Err(ConfigError::invalid(format!(
            "{key} = \"{}\" is too short: at least {}",
            humantime::format_duration(value),
            humantime::format_duration(shortest.max(Duration::from_secs(1)))
        )));
    }
    if value > LONGEST {
        return Err(ConfigError::invalid(format!(
            "{key} = \"{}\" is too long: at most {}",
            humantime::format_duration(value),
            humantime::format_duration(LONGEST)
        )));
    }
    Ok(i64::try_from(value.as_secs()).unwrap_or(i64::MAX))
}

/// The checked terms by lowercase name, or what is wrong with a section.
/// Names are what staff type after `/escalate L4`: letters, digits, `-`
/// and `_`, unique whatever their case.
pub fn vendor_terms(vendors: &BTreeMap<String, VendorConfig>) -> Result<BTreeMap<String, VendorTerms>, ConfigError> {
    let mut terms = BTreeMap::new();
    for (name, vendor) in vendors {
        super::check_key_name("vendors", "a vendor name", name, MAX_NAME_CHARS)?;
        let contact = vendor.contact.trim();
        if contact.is_empty() || contact.chars().count() > MAX_CONTACT_CHARS || contact.chars().any(char::is_control) {
            return Err(ConfigError::invalid(format!(
                "vendors.{name}.contact must be one line of 1 to {MAX_CONTACT_CHARS} characters"
            )));
        }
        let key = |field: &str| format!("vendors.{name}.{field}");
        let interval =
            |field: &str, value: Option<Duration>| value.map(|v| secs(&key(field), v, SHORTEST_INTERVAL)).transpose();
        let entry = VendorTerms {
            name: name.clone(),
            contact: contact.to_string(),
            response_secs: secs(&key("response"), vendor.response, Duration::from_secs(60))?,
            resolution_secs: secs(&key("resolution"), vendor.resolution, Duration::from_secs(60))?,
            follow_up_secs: interval("follow_up", vendor.follow_up)?,
            user_update_secs: interval("user_update", vendor.user_update)?,
        };
        if entry.response_secs > entry.resolution_secs {
            return Err(ConfigError::invalid(format!("vendors.{name}: response must not be longer than resolution")));
        }
        if terms.insert(name.to_lowercase(), entry).is_some() {
            return Err(ConfigError::invalid(format!("vendors.{name} is configured twice (names ignore case)")));
        }
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> VendorConfig {
        VendorConfig {
            contact: "support@acme.example".into(),
            response: Duration::from_secs(8 * 3600),
            resolution: Duration::from_secs(5 * 24 * 3600),
            follow_up: Some(Duration::from_secs(24 * 3600)),
            user_update: None,
        }
    }

    #[test]
    fn vendors_are_checked_with_the_key_that_is_wrong() {
        let check = |name: &str, vendor: VendorConfig| {
            vendor_terms(&BTreeMap::from([(name.to_string(), vendor)])).map(|_| ()).unwrap_err().to_string()
        };
        assert!(vendor_terms(&BTreeMap::from([("Acme".to_string(), acme())])).unwrap().contains_key("acme"));
        assert!(check("Ac me", acme()).contains("vendor name"));
        assert!(check("a\u{1b}[2J", acme()).contains("\\u{1b}"));
        assert!(check("Acme", VendorConfig { contact: "a\nb".into(), ..acme() }).contains("vendors.Acme.contact"));
        let flood = VendorConfig { follow_up: Some(Duration::from_secs(5)), ..acme() };
        assert!(check("Acme", flood).contains("vendors.Acme.follow_up"));
        let inverted = VendorConfig { response: Duration::from_secs(30 * 24 * 3600), ..acme() };
        assert!(check("Acme", inverted).contains("response must not be longer"));
        let twice = BTreeMap::from([("Acme".to_string(), acme()), ("ACME".to_string(), acme())]);
        assert!(vendor_terms(&twice).unwrap_err().to_string().contains("twice"));
    }
}

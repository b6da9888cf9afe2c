//! The `[remote_tools.ID]` sections: the remote-support tools level 2
//! offers with `/remote ID`, each with the links where users download it
//! per operating system. Without any section, AnyDesk, RustDesk and
//! TeamViewer are offered with their makers' download pages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::engine::RemoteTool;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RemoteToolConfig {
    /// How users read the tool's name, e.g. "AnyDesk".
    pub name: String,
    /// Operating system → download link, e.g. `windows = "https://…"`.
    pub download: BTreeMap<String, String>,
}

const MAX_NAME_CHARS: usize = 40;
const MAX_URL_CHARS: usize = 300;

fn one_line(text: &str, max: usize) -> bool {
    !text.trim().is_empty() && text.chars().count() <= max && !text.chars().any(char::is_control)
}

/// The checked tools, or what is wrong with a section; none configured
/// means the defaults.
pub fn remote_tools(tools: &BTreeMap<String, RemoteToolConfig>) -> Result<Vec<RemoteTool>, ConfigError> {
    if tools.is_empty() {
        return Ok(RemoteTool::defaults());
    }
    let mut checked: Vec<RemoteTool> = Vec::new();
    for (id, tool) in tools {
        super::check_key_name("remote_tools", "a tool id", id, MAX_NAME_CHARS)?;
        if !one_line(&tool.name, MAX_NAME_CHARS) {
            return Err(ConfigError::invalid(format!(
                "remote_tools.{id}.name must be one line of 1 to {MAX_NAME_CHARS} characters"
            )));
        }
        if tool.download.is_empty() {
            return Err(ConfigError::invalid(format!("remote_tools.{id}.download needs at least one link")));
        }
        let mut download = Vec::new();
        for (os, url) in &tool.download {
            let key =
                format!("remote_tools.{id}.download.{}", os.chars().flat_map(char::escape_default).collect::<String>());
            if !one_line(os, MAX_NAME_CHARS) {
                return Err(ConfigError::invalid(format!("{key}: the system's name must be one short line")));
            }
            let secure = url.starts_with("https://") && !url.chars().any(char::is_whitespace);
            if !secure || !one_line(url, MAX_URL_CHARS) {
                return Err(ConfigError::invalid(format!(
                    "{key} must be an https:// link of at most {MAX_URL_CHARS} characters without spaces"
                )));
            }
            download.push((os.clone(), url.clone()));
        }
        let id = id.to_lowercase();
        if checked.iter().any(|t| t.id == id) {
            return Err(ConfigError::invalid(format!("remote_tools.{id} is configured twice (ids ignore case)")));
        }
        checked.push(RemoteTool { id, name: tool.name.trim().to_string(), download });
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anydesk(url: &str) -> BTreeMap<String, RemoteToolConfig> {
        let download = BTreeMap::from([("Windows".to_string(), url.to_string())]);
        BTreeMap::from([("anydesk".to_string(), RemoteToolConfig { name: "AnyDesk".into(), download })])
    }

    #[test]
    fn remote_tools_default_to_three_and_configured_ones_need_https_links() {
        let ids: Vec<String> = remote_tools(&BTreeMap::new()).unwrap().into_iter().map(|t| t.id).collect();
        assert_eq!(ids, ["anydesk", "rustdesk", "teamviewer"]);
        assert_eq!(remote_tools(&anydesk("https://intranet.example/anydesk.exe")).unwrap().len(), 1);
        for bad in ["http://evil.example/x.exe", "javascript:alert(1)", "https://a b", "https://x\u{1b}[2J"] {
            let error = remote_tools(&anydesk(bad)).unwrap_err().to_string();
            assert!(error.contains("remote_tools.anydesk.download.Windows must be an https:// link"), "{bad}: {error}");
        }
    }
}

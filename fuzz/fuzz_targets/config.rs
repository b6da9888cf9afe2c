//! Any `escala.toml` contents must load into a `Config` or an error without
//! panicking, and a loaded config must give its SLA policy, engine settings
//! and redacted TOML without panicking.
//!
//! escala has no load-from-string function (`Config::load` takes a path and
//! also reads `ESCALA_*`), so this repeats the file layers of `Config::load`
//! (defaults, then TOML) with `Toml::string`. `Config::validate` is private;
//! `SlaConfig::policy` is the public part of it that can fail.
#![no_main]

use escala::config::{redact_url, Config};
use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = Figment::from(Serialized::defaults(Config::default())).merge(Toml::string(text)).extract::<Config>();
    let config = match loaded {
        Ok(config) => config,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let _ = redact_url(&config.database.url);
    let _ = config.sla.policy();
    let _ = config.engine_settings();
    let _ = config.to_redacted_toml();
});

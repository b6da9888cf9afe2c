//! What the specs share: the `Desk` harness (an engine on a fresh SQLite
//! database with the fixture KB and a fixed clock) and the fake Telegram and
//! Discord servers that check every request against the platforms' specs.

pub mod backends;
pub mod cli;
pub mod discord_gateway;
pub mod discord_spec;
pub mod fake_discord;
pub mod fake_telegram;
pub mod flaky;
pub mod multipart;

mod desk;

pub use desk::*;

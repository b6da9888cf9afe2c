//! The binary's edge: the clap command tree (`args`), one runner per
//! command group, and the printing. Errors become a message for the person
//! at the terminal and an exit code here; `anyhow` lives on this side only.

mod args;
mod args_people;
mod audit;
mod bench;
mod chat;
mod doctor;
mod export;
mod incident;
mod kb;
mod kb_quality;
mod kb_upkeep;
mod lines;
pub mod out;
mod stats;
mod tickets;

use std::process::ExitCode;

use chrono::Utc;
use escala::channels::telegram::Credentials;
use escala::config::Config;
use escala::runtime::{self, App, KbUse, Platforms, Secret};
use tokio_util::sync::CancellationToken;

pub use args::Cli;
use args::{Command, UsersCommand};

pub async fn run(cli: Cli, shutdown: CancellationToken) -> anyhow::Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Config => {
            out::print(&config.to_redacted_toml())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let store = runtime::open_store(&config).await?;
            store.migrate().await?;
            out::line(format_args!(
                "database schema is up to date ({})",
                escala::config::redact_url(&config.database.url)
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat(args) => chat::run(config, args, shutdown).await,
        Command::Run => {
            let platforms = Platforms {
                telegram: secret("ESCALA_TELEGRAM_TOKEN")
                    .map(|token| Credentials { token, webhook_secret: secret("ESCALA_TELEGRAM_WEBHOOK_SECRET") }),
                discord: secret("ESCALA_DISCORD_TOKEN").map(Secret),
            };
            if platforms.telegram.is_none() && platforms.discord.is_none() {
                return Err(runtime::StartError::NoPlatform.into());
            }
            let app = App::open(config).await?;
            app.run(platforms, shutdown).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Tickets(command) => tickets::run(config, command).await,
        Command::Bench(args) => bench::run(config, args).await,
        Command::Kb(command) => kb::run(config, command).await,
        Command::Stats(args) => stats::run(config, args).await,
        Command::Incident(command) => incident::run(config, command).await,
        Command::Users(command) => users(config, command).await,
        Command::Doctor => doctor::run(config).await,
        Command::Audit(args) => audit::run(config, args).await,
    }
}

/// A secret from the environment, if set and not blank.
fn secret(var: &str) -> Option<String> {
    std::env::var(var).ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// `escala users block|unblock|export|forget CHANNEL:ID`.
async fn users(config: Config, command: UsersCommand) -> anyhow::Result<ExitCode> {
    let (user, block, operator) = match command {
        UsersCommand::Block { user, operator } => (user, true, operator),
        UsersCommand::Unblock { user, operator } => (user, false, operator),
        UsersCommand::Export { user, format, include_internal, operator } => {
            return export::run(config, &user, format, include_internal, audit::operator(operator)).await
        }
        UsersCommand::Forget { user, dry_run, operator } => {
            return export::forget(config, &user, dry_run, audit::operator(operator)).await
        }
    };
    let operator = audit::operator(operator);
    let (channel, id) = parse_user(&user)?;
    let app = App::open_with(config, KbUse::Skip).await?;
    let changed = app.engine.set_blocked(channel, &id, block, &operator, Utc::now()).await?;
    let state = if block { "blocked" } else { "not blocked" };
    if changed {
        out::line(format_args!("{user} is now {state}"))?;
    } else {
        out::line(format_args!("{user} was already {state}"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `CHANNEL:ID` as a channel and the platform's user id.
fn parse_user(user: &str) -> anyhow::Result<(escala::domain::Channel, String)> {
    let (channel, id) = user
        .split_once(':')
        .filter(|(_, id)| !id.trim().is_empty())
        .ok_or_else(|| anyhow::anyhow!("`{user}` is not CHANNEL:ID (e.g. telegram:123456789)"))?;
    let channel: escala::domain::Channel = channel.parse()?;
    let id = channel.user_id(id)?;
    Ok((channel, id))
}

fn joined(words: &[String]) -> String {
    words.join(" ")
}

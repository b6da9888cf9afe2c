//! The slash commands users get (`/help question`, `/ticket`, `/status`,
//! `/tickets`, `/close`, `/callback`, `/lang`) and their registration, per
//! guild or global.

use serenity::all::{Command, CommandOptionType, CreateCommand, CreateCommandOption, GuildId, Http};

use super::DiscordError;

/// The command set; names match the engine's user commands, so a slash
/// command is handled exactly like the same command typed in a DM.
pub fn commands() -> Vec<CreateCommand> {
    let text = |name: &str, description: &str| {
        CreateCommandOption::new(CommandOptionType::String, name, description).required(false).max_length(1000)
    };
    vec![
        CreateCommand::new("help")
            .description("Ask a support question, or see what I can do")
            .add_option(text("question", "Your question, in a sentence")),
        CreateCommand::new("ticket")
            .description("Open a ticket with the support team")
            .add_option(text("description", "What is wrong")),
        CreateCommand::new("status").description("Show your open ticket, or one of yours").add_option(
            CreateCommandOption::new(CommandOptionType::Integer, "ticket", "The ticket's number (optional)")
                .required(false)
                .min_int_value(1),
        ),
        CreateCommand::new("tickets").description("List your latest tickets"),
        CreateCommand::new("close").description("Close your open ticket").add_option(text("reason", "Why (optional)")),
        CreateCommand::new("callback").description("Ask to be called back about your open ticket").add_option(
            CreateCommandOption::new(CommandOptionType::String, "action", "Leave empty to ask; cancel withdraws it")
                .required(false)
                .add_string_choice("cancel", "cancel"),
        ),
        CreateCommand::new("lang").description("Choose the language I answer in").add_option(
            CreateCommandOption::new(CommandOptionType::String, "language", "pt, es, ca or en")
                .required(true)
                .add_string_choice("Português", "pt")
                .add_string_choice("Español", "es")
                .add_string_choice("Català", "ca")
                .add_string_choice("English", "en"),
        ),
    ]
}

/// Overwrites the commands in `guilds`, or globally when there are none.
pub async fn register(http: &Http, guilds: &[u64]) -> Result<(), DiscordError> {
    let failed = |scope: String| move |e: serenity::Error| DiscordError::SlashCommands { scope, detail: e.to_string() };
    if guilds.is_empty() {
        Command::set_global_commands(http, commands()).await.map_err(failed("every guild".into()))?;
        return Ok(());
    }
    for guild in guilds.iter().filter_map(|id| std::num::NonZeroU64::new(*id)).map(GuildId::from) {
        guild.set_commands(http, commands()).await.map_err(failed(format!("guild {guild}")))?;
    }
    Ok(())
}

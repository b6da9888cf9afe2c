//! `escala chat`: one console user talking to the engine. Lines come from
//! stdin (interactive or piped); agent replies made from another terminal
//! arrive through the outbox while the user is idle. What is printed was
//! written by people (agents' replies and names), so it is shown with
//! escape sequences neutralised.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use escala::channels::console::ConsoleUser;
use escala::config::Config;
use escala::delivery::{Placement, SendResult, Sender};
use escala::domain::text::for_terminal;
use escala::domain::{Channel, Destination, Lang, Outbound};
use escala::engine::i18n::t;
use escala::runtime::App;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio_util::sync::CancellationToken;

use super::args::ChatArgs;
use super::lines::LineReader;
use escala::channels::console_lines::Line;

pub async fn run(config: Config, args: ChatArgs, shutdown: CancellationToken) -> anyhow::Result<ExitCode> {
    let name = args.user.or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "local".to_string());
    let name =
        Channel::Console.user_id(&name).map_err(|e| anyhow::anyhow!("--user: {e} (or leave it out to use $USER)"))?;
    let app = App::open(config).await?;
    app.watch_kb(shutdown.clone())?;
    tokio::select! {
        chatted = chat(&app, &name, args.lang, shutdown.clone()) => chatted?,
        () = app.run_upkeep(shutdown.clone()) => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the messages addressed to one console user; marks the staff
/// messages of console tickets as delivered (their staff space is the
/// `escala tickets` CLI, which reads the ticket history).
struct ConsolePrinter<'a> {
    user: &'a mut ConsoleUser,
    printed: String,
}

#[async_trait]
impl Sender for ConsolePrinter<'_> {
    async fn send(&mut self, message: &Outbound, _space: &mut Placement) -> SendResult {
        match &message.destination {
            Destination::User { chat_id } if chat_id == self.user.chat_id() => {
                let text = self.user.render(message);
                self.printed.push_str(&for_terminal(&text));
                SendResult::Sent
            }
            Destination::User { .. } => SendResult::NotMine,
            Destination::Staff { .. } | Destination::StaffAlerts => SendResult::Sent,
        }
    }
}

/// Prints what is waiting for the user. A database that fails for a moment
/// is said once on stderr and tried again later: the chat goes on.
async fn flush_console(app: &App, user: &mut ConsoleUser, out: &mut tokio::io::Stdout) -> anyhow::Result<()> {
    let mut printer = ConsolePrinter { user, printed: String::new() };
    let drained = app.outbox.drain_once(Channel::Console, &mut printer, Utc::now()).await;
    if !printer.printed.is_empty() {
        out.write_all(printer.printed.as_bytes()).await?;
        out.flush().await?;
    }
    if let Err(error) = drained {
        tracing::warn!(%error, "console delivery failed; retrying");
    }
    Ok(())
}

async fn chat(app: &App, name: &str, locale: Option<String>, shutdown: CancellationToken) -> anyhow::Result<()> {
    let lang = locale.as_deref().and_then(Lang::from_locale).unwrap_or(app.engine.settings().fallback_lang);
    let mut user = ConsoleUser::new(name, locale);
    let interactive = std::io::stdin().is_terminal();
    // The longest line the engine accepts, at four bytes a character.
    let max_bytes = app.engine.settings().max_text_chars.saturating_mul(4).saturating_add(4);
    let mut stdin = LineReader::new(BufReader::new(tokio::io::stdin()), max_bytes);
    let mut stdout = tokio::io::stdout();
    if interactive {
        stdout
            .write_all(
                b"escala chat: type your question (a number picks a choice, /help for commands, Ctrl-D to quit)\n",
            )
            .await?;
    }
    flush_console(app, &mut user, &mut stdout).await?;
    let mut poll = tokio::time::interval(Duration::from_millis(500));
    loop {
        if interactive {
            stdout.write_all(b"> ").await?;
            stdout.flush().await?;
        }
        let read = loop {
            tokio::select! {
                read = stdin.next() => break read?,
                _ = poll.tick() => flush_console(app, &mut user, &mut stdout).await?,
                _ = shutdown.cancelled() => return Ok(()),
            }
        };
        let line = match read {
            None => break,
            Some(Line::TooLong) => {
                let max = app.engine.settings().max_text_chars.to_string();
                super::out::warn(format_args!("escala: {}", t(lang, "message-too-long", &[("max", max)])));
                continue;
            }
            Some(Line::Text(line)) => line,
        };
        let Ok(text) = String::from_utf8(line) else {
            super::out::warn(format_args!(
                "escala: that line is not valid UTF-8 text and was ignored; please type it again"
            ));
            continue;
        };
        let inbound = user.parse_line(&text, Utc::now());
        if let Err(error) = app.engine.handle(inbound).await {
            tracing::error!(%error, "message not handled");
            super::out::warn(format_args!("escala: {}", t(lang, "processing-failed", &[])));
        }
        flush_console(app, &mut user, &mut stdout).await?;
    }
    flush_console(app, &mut user, &mut stdout).await?;
    Ok(())
}

//! `escala chat`: one console user talking to the engine. Lines come from
//! stdin (interactive or piped); agent replies made from another terminal
//! arrive through the outbox while the user is idle.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use escala::channels::console::ConsoleUser;
use escala::config::Config;
use escala::delivery::{SendResult, Sender, StaffSpace};
use escala::domain::{Channel, Destination, Outbound};
use escala::runtime::App;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio_util::sync::CancellationToken;

use super::args::ChatArgs;

pub async fn run(config: Config, args: ChatArgs, shutdown: CancellationToken) -> anyhow::Result<ExitCode> {
    let app = App::open(config).await?;
    app.watch_kb(shutdown.clone())?;
    let name = args.user.or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "local".to_string());
    tokio::select! {
        chatted = chat(&app, &name, args.lang, shutdown.clone()) => chatted?,
        () = app.run_sweeper(shutdown.clone()) => {}
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
    async fn send(&mut self, message: &Outbound, _space: &mut StaffSpace) -> SendResult {
        match &message.destination {
            Destination::User { chat_id } if chat_id == self.user.chat_id() => {
                let text = self.user.render(message);
                self.printed.push_str(&text);
                SendResult::Sent
            }
            Destination::User { .. } => SendResult::NotMine,
            Destination::Staff { .. } | Destination::StaffAlerts => SendResult::Sent,
        }
    }
}

async fn flush_console(app: &App, user: &mut ConsoleUser, out: &mut tokio::io::Stdout) -> anyhow::Result<()> {
    let mut printer = ConsolePrinter { user, printed: String::new() };
    app.outbox.drain_once(Channel::Console, &mut printer, Utc::now()).await?;
    if !printer.printed.is_empty() {
        out.write_all(printer.printed.as_bytes()).await?;
        out.flush().await?;
    }
    Ok(())
}

async fn chat(app: &App, name: &str, locale: Option<String>, shutdown: CancellationToken) -> anyhow::Result<()> {
    let mut user = ConsoleUser::new(name, locale);
    let interactive = std::io::stdin().is_terminal();
    let mut stdin = BufReader::new(tokio::io::stdin());
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
    let mut line = Vec::new();
    loop {
        if interactive {
            stdout.write_all(b"> ").await?;
            stdout.flush().await?;
        }
        line.clear();
        let read = loop {
            tokio::select! {
                read = stdin.read_until(b'\n', &mut line) => break read?,
                _ = poll.tick() => flush_console(app, &mut user, &mut stdout).await?,
                _ = shutdown.cancelled() => return Ok(()),
            }
        };
        if read == 0 {
            break;
        }
        let Ok(text) = std::str::from_utf8(&line) else {
            eprintln!("escala: that line is not valid UTF-8 text and was ignored; please type it again");
            continue;
        };
        let text = text.trim_end_matches(['\n', '\r']);
        let inbound = user.parse_line(text, Utc::now());
        if let Err(error) = app.engine.handle(inbound).await {
            tracing::error!(%error, "message not handled");
            eprintln!("escala: your message could not be processed ({error}); nothing was lost, please try again");
        }
        flush_console(app, &mut user, &mut stdout).await?;
    }
    flush_console(app, &mut user, &mut stdout).await?;
    Ok(())
}

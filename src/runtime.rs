//! Wiring: opens the store and the knowledge base from the configuration,
//! builds the engine, and runs the long-lived loops (`escala chat`,
//! `escala run`) with shutdown passed in as a cancellation token.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio_util::sync::CancellationToken;

use crate::channels::console::ConsoleUser;
use crate::config::Config;
use crate::delivery::{self, SendResult};
use crate::domain::{Channel, Destination, Outbound};
use crate::engine::{Engine, SweepReport};
use crate::kb::{KnowledgeBase, SharedKb};
use crate::store::{self, Store};

pub struct App {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub kb: SharedKb,
    pub engine: Engine,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("knowledge base in {dir}: {detail}")]
    Kb { dir: String, detail: String },
}

/// Loads the KB off the async reactor (tantivy indexing is CPU work).
pub async fn load_kb(dir: &Path) -> Result<KnowledgeBase, StartError> {
    let owned = dir.to_path_buf();
    let shown = dir.display().to_string();
    tokio::task::spawn_blocking(move || KnowledgeBase::load(&owned))
        .await
        .map_err(|e| StartError::Kb { dir: shown.clone(), detail: e.to_string() })?
        .map_err(|e| StartError::Kb { dir: shown, detail: e.to_string() })
}

pub async fn open_store(config: &Config) -> Result<Arc<dyn Store>, StartError> {
    Ok(Arc::from(store::connect(&config.database.url).await?))
}

impl App {
    pub async fn open(config: Config) -> Result<App, StartError> {
        let store = open_store(&config).await?;
        let kb: SharedKb = Arc::new(arc_swap::ArcSwap::from_pointee(load_kb(&config.kb.dir).await?));
        let engine = Engine::new(store.clone(), kb.clone(), config.engine_settings());
        Ok(App { config, store, kb, engine })
    }

    /// With `kb.watch`, rebuilds the index in the background when `kb/`
    /// changes; a broken edit keeps the last good index (and is logged).
    pub fn watch_kb(&self, shutdown: CancellationToken) -> Result<(), StartError> {
        if self.config.kb.watch {
            crate::kb::spawn_watcher(self.config.kb.dir.clone(), self.kb.clone(), shutdown)
                .map_err(|e| StartError::Kb { dir: self.config.kb.dir.display().to_string(), detail: e.to_string() })?;
        }
        Ok(())
    }
}

/// The sweeper: every `sla.sweep_every` until `shutdown`, fires due SLA
/// warnings, breaches, reminders and auto-closes, and announces incident
/// files that changed. The state lives in the database, so a restart picks
/// up exactly where the last sweep stopped.
pub async fn run_sweeper(app: &App, shutdown: CancellationToken) {
    let mut tick = tokio::time::interval(app.config.sla.sweep_every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        match app.engine.sweep(Utc::now()).await {
            Ok(report) if report != SweepReport::default() => tracing::info!(?report, "SLA sweep"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "SLA sweep failed; retrying at the next tick"),
        }
        match app.engine.sync_incidents(Utc::now()).await {
            Ok(0) => {}
            Ok(announced) => tracing::info!(announced, "incident updates announced"),
            Err(error) => tracing::error!(%error, "incident announcement failed; retrying at the next tick"),
        }
    }
}

/// Prints the messages addressed to one console user; marks the staff
/// messages of console tickets as delivered (their staff space is the
/// `escala tickets` CLI, which reads the ticket history).
struct ConsolePrinter<'a> {
    user: &'a mut ConsoleUser,
    printed: String,
}

#[async_trait]
impl delivery::Sender for ConsolePrinter<'_> {
    async fn send(&mut self, message: &Outbound) -> SendResult {
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
    delivery::drain_once(app.store.as_ref(), Channel::Console, &mut printer, Utc::now()).await?;
    if !printer.printed.is_empty() {
        out.write_all(printer.printed.as_bytes()).await?;
        out.flush().await?;
    }
    Ok(())
}

/// `escala chat`: one console user talking to the engine. Lines come from
/// stdin (interactive or piped); agent replies made from another terminal
/// arrive through the outbox while the user is idle.
pub async fn chat(app: &App, name: &str, locale: Option<String>, shutdown: CancellationToken) -> anyhow::Result<()> {
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

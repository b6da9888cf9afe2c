//! Wiring: opens the store and the knowledge base from the configuration,
//! builds the one engine of the process, and runs the long-lived tasks —
//! the platform adapters with their outbox delivery, the SLA sweeper, the
//! KB watcher and the metrics endpoint — with shutdown passed in as a
//! cancellation token.

mod platforms;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use tokio_util::sync::CancellationToken;

use crate::channels::discord::DiscordError;
use crate::channels::telegram::TelegramError;
use crate::config::Config;
use crate::delivery::Outbox;
use crate::engine::{Engine, SweepReport};
use crate::kb::{KbError, KnowledgeBase, SharedKb};
use crate::store::{self, Store};
use crate::telemetry::Metrics;

pub use platforms::{Platforms, Secret};

/// Everything a running escala holds: one store, one KB, one engine.
pub struct App {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub kb: SharedKb,
    pub engine: Arc<Engine>,
    /// What the engine and the delivery worker count, for `/metrics`.
    pub metrics: Arc<Metrics>,
    pub outbox: Outbox,
    /// How senders fetch files held by another platform (each running
    /// platform registers its own; links need none).
    pub files: Arc<crate::delivery::files::Files>,
}

/// Why escala could not start or stopped, for the person running it.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("knowledge base in {dir}: {error}")]
    Kb { dir: String, error: KbError },
    #[error("loading the knowledge base in {dir} stopped: {detail}")]
    KbTask { dir: String, detail: String },
    #[error(transparent)]
    Telegram(#[from] TelegramError),
    #[error(transparent)]
    Discord(#[from] DiscordError),
    #[error("cannot listen for /metrics on {listen} ({error}); change metrics.listen, or set it to \"\" to disable")]
    Metrics { listen: String, error: std::io::Error },
    #[error(
        "no platform is configured: set ESCALA_TELEGRAM_TOKEN or ESCALA_DISCORD_TOKEN, or use `escala chat` for a local chat"
    )]
    NoPlatform,
}

/// Loads the KB off the async reactor (tantivy indexing is CPU work). The
/// valid articles are served; each file left out is logged, and `escala kb
/// check` says what to fix.
/// The index is opened from, or saved to, `index_dir` (`None`: in RAM).
pub async fn load_kb(dir: &Path, max_file_bytes: u64, index_dir: Option<PathBuf>) -> Result<KnowledgeBase, StartError> {
    let owned = dir.to_path_buf();
    let shown = dir.display().to_string();
    let load = move || KnowledgeBase::load_lenient(&owned, max_file_bytes, index_dir.as_deref());
    match tokio::task::spawn_blocking(load).await {
        Ok(Ok((kb, report))) => {
            for problem in &report.problems {
                // Only errors leave a file out; a warning (a draft, a stale
                // calibration) is served as it is.
                if problem.severity == crate::kb::Severity::Error {
                    tracing::warn!(%problem, "knowledge base file left out; see `escala kb check`");
                } else {
                    tracing::warn!(%problem, "knowledge base warning; see `escala kb check`");
                }
            }
            Ok(kb)
        }
        Ok(Err(error)) => Err(StartError::Kb { dir: shown, error }),
        Err(e) => Err(StartError::KbTask { dir: shown, detail: e.to_string() }),
    }
}

/// How often the sweeper prunes old rows (each time a batch per kind).
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Whether a command searches the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KbUse {
    /// Load and index `kb.dir` (the bot, `chat`, incidents).
    Load,
    /// An empty KB: tickets, users, stats never search, and a broken or
    /// huge KB must not stop them.
    Skip,
    /// Only the incident files (`escala incident`): no article is read.
    Incidents,
}

pub async fn open_store(config: &Config) -> Result<Arc<dyn Store>, StartError> {
    Ok(Arc::from(store::connect(&config.database.url).await?))
}

impl App {
    pub async fn open(config: Config) -> Result<App, StartError> {
        App::open_with(config, KbUse::Load).await
    }

    pub async fn open_with(config: Config, kb_use: KbUse) -> Result<App, StartError> {
        let store = open_store(&config).await?;
        App::on_store(config, store, kb_use).await
    }

    /// The app over an already open store (one a test wraps, say).
    pub async fn on_store(config: Config, store: Arc<dyn Store>, kb_use: KbUse) -> Result<App, StartError> {
        let kb = match kb_use {
            KbUse::Load => load_kb(&config.kb.dir, config.kb_max_file_bytes(), config.kb_index_dir()).await?,
            KbUse::Skip => KnowledgeBase::empty()
                .map_err(|error| StartError::Kb { dir: config.kb.dir.display().to_string(), error })?,
            KbUse::Incidents => {
                let (kb, report) = KnowledgeBase::incidents_only(&config.kb.dir, config.kb_max_file_bytes())
                    .map_err(|error| StartError::Kb { dir: config.kb.dir.display().to_string(), error })?;
                for problem in &report.problems {
                    tracing::warn!(%problem, "incident file left out; see `escala kb check`");
                }
                kb
            }
        };
        let kb: SharedKb = Arc::new(arc_swap::ArcSwap::from_pointee(kb));
        let metrics = Arc::new(Metrics::default());
        let engine = Engine::new(store.clone(), kb.clone(), config.engine_settings()).with_counters(metrics.clone());
        let engine = Arc::new(engine);
        let outbox = Outbox::new(store.clone()).with_counters(metrics.clone()).with_failures(engine.clone());
        let files = Arc::new(crate::delivery::files::Files::default());
        files.register(crate::domain::Channel::Discord, Arc::new(crate::delivery::files::LinkFiles::new()));
        Ok(App { config, store, kb, engine, metrics, outbox, files })
    }

    /// With `kb.watch`, rebuilds the index in the background when `kb/`
    /// changes; a broken edit keeps the last good index (and is logged).
    /// Each reload, taken or refused, is on the audit log with its files.
    pub fn watch_kb(&self, shutdown: CancellationToken) -> Result<(), StartError> {
        if self.config.kb.watch {
            let dir = self.config.kb.dir.clone();
            let (reloads, mut told) = tokio::sync::mpsc::unbounded_channel();
            let max = self.config.kb_max_file_bytes();
            let index_dir = self.config.kb_index_dir();
            crate::kb::spawn_watcher(dir.clone(), self.kb.clone(), max, index_dir, shutdown, Some(reloads))
                .map_err(|error| StartError::Kb { dir: dir.display().to_string(), error })?;
            let engine = self.engine.clone();
            tokio::spawn(async move {
                let watcher = crate::engine::Operator { name: "watcher".into(), via: "kb".into() };
                while let Some(reload) = told.recv().await {
                    let (action, payload) = match reload.articles {
                        Some(n) => ("kb.reload", serde_json::json!({ "files": reload.files, "articles": n })),
                        None => ("kb.reload_refused", serde_json::json!({ "files": reload.files })),
                    };
                    if let Err(error) = engine.audit(&watcher, action, payload, chrono::Utc::now()).await {
                        tracing::warn!(%error, "a knowledge base reload could not be written to the audit log");
                    }
                }
            });
        }
        Ok(())
    }

    /// Serves `/metrics`, `/healthz` and `/readyz` in the background when
    /// `metrics.listen` is set.
    pub async fn serve_metrics(&self, shutdown: CancellationToken) -> Result<(), StartError> {
        let listen = self.config.metrics.listen.clone();
        let listener = crate::telemetry::bind(&listen)
            .await
            .map_err(|error| StartError::Metrics { listen: listen.clone(), error })?;
        let Some(listener) = listener else {
            return Ok(());
        };
        tracing::info!(%listen, "serving /metrics, /healthz and /readyz");
        let (metrics, store, kb) = (self.metrics.clone(), self.store.clone(), self.kb.clone());
        tokio::spawn(async move {
            if let Err(error) = crate::telemetry::serve(listener, metrics, store, kb, shutdown).await {
                tracing::error!(%error, "the metrics endpoint stopped");
            }
        });
        Ok(())
    }

    /// One batch of retention (`[retention]`); failures are logged and tried
    /// again at the next prune.
    pub async fn prune(&self) {
        let retention = &self.config.retention;
        match self.store.prune(&retention.cutoffs(Utc::now()), i64::from(retention.batch)).await {
            Ok(report) if report.total() > 0 => tracing::info!(?report, "old rows pruned"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "pruning old rows failed; trying again later"),
        }
    }

    /// The process's upkeep until `shutdown`: the SLA sweeper, and the
    /// memory freed while messages come given back to the system.
    pub async fn run_upkeep(&self, shutdown: CancellationToken) {
        let engine = self.engine.clone();
        let handled = move || engine.handled();
        let release = crate::memory::release_while_busy(
            handled,
            crate::memory::release_freed,
            crate::memory::RELEASE_EVERY,
            shutdown.clone(),
        );
        tokio::join!(self.run_sweeper(shutdown), release);
    }

    /// The sweeper: every `sla.sweep_every` until `shutdown`, fires due SLA
    /// warnings, breaches, reminders and auto-closes, and announces
    /// incident files that changed. The state lives in the database, so a
    /// restart picks up exactly where the last sweep stopped.
    pub async fn run_sweeper(&self, shutdown: CancellationToken) {
        let mut tick = tokio::time::interval(self.config.sla.sweep_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut pruned: Option<tokio::time::Instant> = None;
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tick.tick() => {}
            }
            if pruned.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
                pruned = Some(tokio::time::Instant::now());
                self.prune().await;
            }
            match self.engine.sweep(Utc::now()).await {
                Ok(report) if report != SweepReport::default() => tracing::info!(?report, "SLA sweep"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "SLA sweep failed; retrying at the next tick"),
            }
            match self.engine.sync_incidents(Utc::now()).await {
                Ok(0) => {}
                Ok(announced) => tracing::info!(announced, "incident updates announced"),
                Err(error) => tracing::error!(%error, "incident announcement failed; retrying at the next tick"),
            }
        }
    }
}

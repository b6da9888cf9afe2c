//! Runs the parsed CLI commands: the binary's edge, where errors become
//! messages for the person at the terminal and exit codes.

use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use tokio_util::sync::CancellationToken;

use crate::cli::{Cli, Command, IncidentCommand, KbCommand, TicketsCommand, UsersCommand};
use crate::config::Config;
use crate::domain::TicketId;
use crate::engine::{Agent, StaffAction};
use crate::runtime::{self, App};
use crate::store::{TicketFilter, TicketHistory};

pub async fn run(cli: Cli, shutdown: CancellationToken) -> anyhow::Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Config => {
            print!("{}", config.to_redacted_toml());
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let store = runtime::open_store(&config).await?;
            store.migrate().await?;
            println!("database schema is up to date ({})", crate::config::redact_url(&config.database.url));
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat(args) => {
            let app = App::open(config).await?;
            app.watch_kb(shutdown.clone())?;
            let name = args.user.or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "local".to_string());
            tokio::select! {
                chatted = runtime::chat(&app, &name, args.lang, shutdown.clone()) => chatted?,
                () = runtime::run_sweeper(&app, shutdown.clone()) => {}
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run => {
            let telegram_token = token("ESCALA_TELEGRAM_TOKEN");
            let discord_token = token("ESCALA_DISCORD_TOKEN");
            if telegram_token.is_none() && discord_token.is_none() {
                anyhow::bail!(
                    "no platform is configured: set ESCALA_TELEGRAM_TOKEN or ESCALA_DISCORD_TOKEN, or use `escala chat` for a local chat"
                );
            }
            let app = App::open(config).await?;
            app.watch_kb(shutdown.clone())?;
            crate::metrics::spawn_for(&app, shutdown.clone()).await?;
            // One adapter failing (a bad token, say) stops the others, so
            // the process exits with the error instead of running half-deaf.
            let stop = shutdown.child_token();
            let telegram = async {
                let Some(token) = telegram_token else { return Ok(()) };
                let credentials = crate::channels::telegram::Credentials {
                    token,
                    webhook_secret: self::token("ESCALA_TELEGRAM_WEBHOOK_SECRET"),
                };
                let result =
                    crate::channels::telegram::run(&app, credentials, app.config.telegram.clone(), stop.clone()).await;
                stop_on_error(result.context("telegram"), &stop)
            };
            let discord = async {
                let Some(token) = discord_token else { return Ok(()) };
                let result = crate::channels::discord::run(&app, token, app.config.discord.clone(), stop.clone()).await;
                stop_on_error(result.context("discord"), &stop)
            };
            let adapters = async {
                let (telegram, discord) = tokio::join!(telegram, discord);
                telegram.and(discord)
            };
            // The SLA sweeper runs on every instance: its rows fire once.
            tokio::select! {
                ran = adapters => ran?,
                () = runtime::run_sweeper(&app, stop.clone()) => {}
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Tickets(command) => tickets(config, command).await,
        Command::Bench { messages, postgres, process_messages, articles, json } => {
            let kb = std::sync::Arc::new(arc_swap::ArcSwap::from_pointee(runtime::load_kb(&config.kb.dir).await?));
            let mut engine = vec![crate::bench::engine_on_sqlite(kb.clone(), messages).await?];
            if let Some(url) = postgres {
                engine.push(crate::bench::engine_on_postgres(kb.clone(), messages, &url).await?);
            }
            let ticket_flow = crate::bench::ticket_flow_on_sqlite(kb, messages / 10).await?;
            let generated = crate::bench::tempfile_dir()?;
            crate::kb::write_synthetic_kb(generated.path(), articles)?;
            let processes = vec![
                crate::bench::process_bench(&config.kb.dir, "shipped", process_messages).await?,
                crate::bench::process_bench(generated.path(), &format!("generated-{articles}"), process_messages)
                    .await?,
            ];
            let report = crate::bench::BenchSuite { engine, ticket_flow, processes };
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb(command) => kb(config, command).await,
        Command::Stats(args) => crate::metrics::run_stats(&config, args).await,
        Command::Incident(command) => incident(config, command).await,
        Command::Users(command) => users(config, command).await,
    }
}

/// `escala users block|unblock CHANNEL:ID`.
async fn users(config: Config, command: UsersCommand) -> anyhow::Result<ExitCode> {
    let (user, block) = match command {
        UsersCommand::Block { user } => (user, true),
        UsersCommand::Unblock { user } => (user, false),
    };
    let (channel, id) = user
        .split_once(':')
        .filter(|(_, id)| !id.trim().is_empty())
        .ok_or_else(|| anyhow::anyhow!("`{user}` is not CHANNEL:ID (e.g. telegram:123456789)"))?;
    let channel: crate::domain::Channel = channel.parse()?;
    let app = App::open(config).await?;
    let changed = app.engine.set_blocked(channel, id.trim(), block, Utc::now()).await?;
    let state = if block { "blocked" } else { "not blocked" };
    if changed {
        println!("{user} is now {state}");
    } else {
        println!("{user} was already {state}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `escala incident`: edits the incident files, then announces the change
/// at once (a running bot delivers what this enqueues; it would also find
/// the change itself at its next sweep).
async fn incident(config: Config, command: IncidentCommand) -> anyhow::Result<ExitCode> {
    use crate::kb::incident::{create_incident_file, update_incident_files};
    use crate::kb::IncidentStatus;
    let dir = config.kb.dir.clone();
    let changed = match command {
        IncidentCommand::List => {
            let app = App::open(config).await?;
            let kb = app.kb.load();
            if kb.incidents().is_empty() {
                println!("no incidents in {}", dir.join(crate::kb::incident::INCIDENTS_DIR).display());
            }
            for incident in kb.incidents().iter() {
                let tickets = app.engine.incident_tickets(&incident.id).await?;
                let tickets: Vec<String> = tickets.iter().map(ToString::to_string).collect();
                let langs: Vec<&str> = incident.notices.iter().map(|n| n.lang.code()).collect();
                println!(
                    "{:<24} {:<13} {:<11} tickets: {:<10} {}",
                    incident.id,
                    incident.status.as_str(),
                    langs.join(","),
                    if tickets.is_empty() { "-".to_string() } else { tickets.join(",") },
                    incident.notice(app.engine.settings().fallback_lang).title
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        IncidentCommand::Link { id, ticket } => {
            let app = App::open(config).await?;
            let agent = Agent::operator("operator");
            app.engine.staff(&agent, ticket, StaffAction::LinkIncident { id: id.clone() }, Utc::now()).await?;
            println!("ticket {ticket} linked to incident {id}");
            return Ok(ExitCode::SUCCESS);
        }
        IncidentCommand::Open { id, title, keywords, lang, status, message } => {
            let keywords: Vec<String> =
                keywords.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
            let path = create_incident_file(&dir, &id, status, lang, &title, &keywords, &joined(&message))
                .map_err(anyhow::Error::msg)?;
            vec![path]
        }
        IncidentCommand::Update { id, status, lang, message } => {
            update_incident_files(&dir, &id, status, lang, Some(&joined(&message))).map_err(anyhow::Error::msg)?
        }
        IncidentCommand::Resolve { id, lang, message } => {
            let message = (!message.is_empty()).then(|| joined(&message));
            update_incident_files(&dir, &id, IncidentStatus::Resolved, lang, message.as_deref())
                .map_err(anyhow::Error::msg)?
        }
    };
    for path in &changed {
        println!("wrote {}", path.display());
    }
    let app = App::open(config).await?;
    let announced = app.engine.sync_incidents(Utc::now()).await?;
    println!("{announced} incident update(s) announced to subscribers and staff");
    Ok(ExitCode::SUCCESS)
}

/// A platform token from the environment, if set and not blank.
fn token(var: &str) -> Option<String> {
    std::env::var(var).ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn stop_on_error(result: anyhow::Result<()>, stop: &CancellationToken) -> anyhow::Result<()> {
    if result.is_err() {
        stop.cancel();
    }
    result
}

fn joined(words: &[String]) -> String {
    words.join(" ")
}

async fn tickets(config: Config, command: TicketsCommand) -> anyhow::Result<ExitCode> {
    let app = App::open(config).await?;
    let (id, agent, action) = match command {
        TicketsCommand::List { all, state, level } => {
            let filter = TicketFilter { state, level, include_closed: all, limit: Some(200) };
            let tickets = app.store.list_tickets(&filter).await?;
            if tickets.is_empty() {
                println!("no tickets");
            }
            for t in tickets {
                println!(
                    "{:<6} {:<3} {:<8} {:<18} {:<14} {:<10} {}",
                    t.id.to_string(),
                    t.level.to_string(),
                    t.priority.to_string(),
                    t.state.to_string(),
                    t.assignee.as_deref().unwrap_or("-"),
                    t.channel.to_string(),
                    t.subject
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        TicketsCommand::Show { id } => {
            print!("{}", crate::engine::transcript::render_history(&history(&app, id).await?, false));
            return Ok(ExitCode::SUCCESS);
        }
        TicketsCommand::Transcript { id } => {
            print!("{}", crate::engine::transcript::render_history(&history(&app, id).await?, true));
            return Ok(ExitCode::SUCCESS);
        }
        TicketsCommand::Reply { id, text, agent } => (id, agent, StaffAction::Reply { text: joined(&text) }),
        TicketsCommand::Note { id, text, agent } => (id, agent, StaffAction::Note { text: joined(&text) }),
        TicketsCommand::Claim { id, agent } => (id, agent, StaffAction::Claim),
        TicketsCommand::Unclaim { id, agent } => (id, agent, StaffAction::Unclaim),
        TicketsCommand::Assign { id, to, agent } => (id, agent, StaffAction::Assign { agent: to }),
        TicketsCommand::Priority { id, priority, agent } => (id, agent, StaffAction::Priority(priority)),
        TicketsCommand::Escalate { id, to, vendor, reference, reason, agent } => {
            let vendor = vendor.zip(reference);
            (id, agent, StaffAction::Escalate { to, reason: joined(&reason), vendor })
        }
        TicketsCommand::Deescalate { id, agent } => (id, agent, StaffAction::Deescalate),
        TicketsCommand::Waiting { id, on, vendor, reference, agent } => {
            let action = if on == "user" {
                StaffAction::WaitingOnUser
            } else {
                let (vendor, reference) =
                    vendor.zip(reference).context("waiting on a vendor needs --vendor NAME and --reference REF")?;
                StaffAction::WaitingOnVendor { vendor, reference }
            };
            (id, agent, action)
        }
        TicketsCommand::Resume { id, agent } => (id, agent, StaffAction::Resume),
        TicketsCommand::Resolve { id, summary, agent } => {
            (id, agent, StaffAction::Resolve { summary: joined(&summary) })
        }
        TicketsCommand::Close { id, reason, agent } => {
            let reason = if reason.is_empty() { "closed by the support team".to_string() } else { joined(&reason) };
            (id, agent, StaffAction::Close { reason })
        }
        TicketsCommand::Reopen { id, reason, agent } => (id, agent, StaffAction::Reopen { reason: joined(&reason) }),
    };
    let agent = Agent::operator(&agent.agent);
    app.engine.staff(&agent, id, action, Utc::now()).await?;
    let ticket = history(&app, id).await?.ticket;
    println!("ticket {} is now {} at {}", ticket.id, ticket.state, ticket.level);
    Ok(ExitCode::SUCCESS)
}

async fn history(app: &App, id: TicketId) -> anyhow::Result<TicketHistory> {
    app.store.ticket_history(id).await?.with_context(|| format!("ticket {id} does not exist"))
}

async fn kb(config: Config, command: KbCommand) -> anyhow::Result<ExitCode> {
    use crate::kb;
    match command {
        KbCommand::Check { dir } => {
            let dir = dir.unwrap_or(config.kb.dir);
            let report = tokio::task::spawn_blocking({
                let dir = dir.clone();
                move || kb::check(&dir)
            })
            .await?;
            for problem in &report.problems {
                println!("{problem}");
            }
            if report.has_errors() {
                eprintln!("{}: the knowledge base has errors", dir.display());
                return Ok(ExitCode::FAILURE);
            }
            let loaded = runtime::load_kb(&dir).await?;
            println!("{}: {} articles, {} rules, no errors", dir.display(), loaded.len(), loaded.rules().len());
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Search { text, lang, limit } => {
            let loaded = runtime::load_kb(&config.kb.dir).await?;
            let hits = loaded.search(&joined(&text), lang, limit);
            if hits.is_empty() {
                println!("no match");
            }
            for hit in hits {
                let other = if hit.fallback_language { "  (other language)" } else { "" };
                println!("{:.3}  {}  {:<24} {}{other}", hit.confidence, hit.lang, hit.article_id, hit.title);
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::ImportIntents { input, lang, out } => {
            let count = tokio::task::spawn_blocking(move || kb::import_intents(&input, lang, &out)).await??;
            println!("wrote {count} articles");
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Eval { kb: dir, queries, calibrate, lang, format, tuning } => {
            let tuning: kb::Tuning = match tuning {
                Some(json) => serde_json::from_str(&json).context("--tuning is not a valid JSON object of weights")?,
                None => kb::Tuning::default(),
            };
            let report = tokio::task::spawn_blocking(move || -> anyhow::Result<kb::EvalReport> {
                let loaded = kb::KnowledgeBase::load(&dir)?.with_tuning(tuning);
                let queries = kb::read_labeled(&queries)?;
                let calibration = calibrate.as_deref().map(kb::read_labeled).transpose()?;
                Ok(kb::evaluate(&loaded, &queries, calibration.as_deref(), lang))
            })
            .await??;
            if format == "json" {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("queries            {}", report.queries);
                println!("top-1              {:.1} %", report.top1 * 100.0);
                println!("top-3              {:.1} %", report.top3 * 100.0);
                if let (Some(t), Some(acc), Some(recall), Some(precision)) =
                    (report.threshold, report.in_scope_accuracy, report.oos_recall, report.oos_precision)
                {
                    println!("threshold          {t:.3}");
                    println!("in-scope accuracy  {:.1} %", acc * 100.0);
                    println!("oos recall         {:.1} %", recall * 100.0);
                    println!("oos precision      {:.1} %", precision * 100.0);
                }
                println!("search p50 / p99   {} / {} µs", report.p50_us, report.p99_us);
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Gaps { days, limit } => {
            let store = runtime::open_store(&config).await?;
            let since = Utc::now() - chrono::Duration::days(days.max(0));
            let rows = store.logged_queries(since).await?;
            let gaps: Vec<kb::LoggedQuery> = rows
                .into_iter()
                .filter(|q| matches!(q.outcome.as_str(), "missed" | "suggested" | "not_solved" | "ticket"))
                .map(|q| kb::LoggedQuery { text: q.text, lang: q.lang, outcome: q.outcome, confidence: q.confidence })
                .collect();
            let clusters = kb::cluster_gaps(&gaps, limit);
            if clusters.is_empty() {
                println!("no unanswered questions in the last {days} days");
            }
            for cluster in clusters {
                println!("{:>4}×  [{}]  {}", cluster.count, cluster.lang, cluster.example);
                for sample in cluster.samples {
                    println!("        also: {sample}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Bench { articles, queries, json } => {
            let report = tokio::task::spawn_blocking(move || kb::run_search_bench(articles, queries)).await?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

//! The command line: what each `escala` command and option means.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use escala::domain::{Lang, Level, Priority, TicketId, TicketState};
use escala::stats::{Dimension, Since};

pub use super::args_people::{AuditArgs, ExportFormat, UsersCommand};

#[derive(Debug, Parser)]
#[command(
    name = "escala",
    version,
    about = "A chat-bot-first support assistant: answers from the knowledge base, opens tickets, escalates L1–L4"
)]
pub struct Cli {
    /// Configuration file (default: ./escala.toml if present). ESCALA_* environment variables override it.
    #[arg(long, global = true, env = "ESCALA_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chat with the bot as a user in this terminal (or pipe one message per line).
    Chat(ChatArgs),
    /// Run the bot on the platforms whose tokens are set (ESCALA_TELEGRAM_TOKEN, ESCALA_DISCORD_TOKEN).
    Run,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Print the effective configuration, secrets redacted.
    Config,
    /// Work on tickets as an agent: list, show, reply, escalate, resolve…
    #[command(subcommand)]
    Tickets(TicketsCommand),
    /// Benchmarks, each beside a raw baseline measured in the same run: engine, ticket flow, memory, start-up.
    Bench(BenchArgs),
    /// Knowledge base tools: check, search, evaluate, import, gaps.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Block or unblock a platform user (CHANNEL:ID, e.g. telegram:123456789): blocked users are ignored.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Known problems users are told about: open, update, resolve (edits kb/incidents/ and announces).
    #[command(subcommand)]
    Incident(IncidentCommand),
    /// Support figures for a window: volume, deflection, response and resolution times, SLA, CSAT, KB use.
    Stats(StatsArgs),
    /// Check the deployment: database, KB, and the Telegram and Discord set-up with the configured tokens.
    Doctor,
    /// Who did what among staff and admins: blocks, incident changes, doctor runs.
    Audit(AuditArgs),
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Messages per engine run.
    #[arg(long, default_value_t = 2000)]
    pub messages: usize,
    /// Also run the engine on this PostgreSQL server (in a scratch schema).
    #[arg(long, env = "DATABASE_URL")]
    pub postgres: Option<String>,
    /// Messages fed to each `escala chat` process for the memory figures.
    #[arg(long, default_value_t = 10_000)]
    pub process_messages: usize,
    /// Articles of the generated KB for the memory and start-up figures.
    #[arg(long, default_value_t = 10_000)]
    pub articles: usize,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ChatArgs {
    /// Your user name in this chat (one user per name; default: $USER).
    #[arg(long)]
    pub user: Option<String>,
    /// Your language, like a platform locale (pt, es, ca, en); default: detected from your text.
    #[arg(long)]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct AgentArgs {
    /// The agent's display name, shown to the user on replies.
    #[arg(long = "as", default_value = "agent", value_name = "NAME")]
    pub agent: String,
}

#[derive(Debug, Subcommand)]
pub enum TicketsCommand {
    /// List tickets, newest first (closed ones only with --all).
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        state: Option<TicketState>,
        #[arg(long)]
        level: Option<Level>,
        /// Only tickets with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only tickets this agent holds.
        #[arg(long, conflicts_with = "unassigned")]
        assignee: Option<String>,
        /// Only tickets nobody holds.
        #[arg(long)]
        unassigned: bool,
        /// Only this user's tickets (CHANNEL:ID, e.g. telegram:123456789).
        #[arg(long)]
        user: Option<String>,
        /// Only tickets whose subject or messages hold all these words.
        #[arg(long)]
        text: Option<String>,
        /// Only tickets with an SLA clock warned or breached.
        #[arg(long)]
        breaching: bool,
        /// Soonest SLA due time first, instead of newest first.
        #[arg(long, value_parser = ["newest", "due"], default_value = "newest")]
        sort: String,
    },
    /// Show a ticket with its conversation and full event history.
    Show { id: TicketId },
    /// The whole ticket as markdown, for sharing or archiving.
    Transcript { id: TicketId },
    /// Reply to the user (relayed to their chat).
    Reply {
        id: TicketId,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[command(flatten)]
        agent: AgentArgs,
        /// Sign this reply "Support team" instead of your name (staff still see who wrote it).
        #[arg(long)]
        anonymous: bool,
    },
    /// Add an internal note (never shown to the user).
    Note {
        id: TicketId,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Take the ticket.
    Claim {
        id: TicketId,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Give the ticket back to the level's queue.
    Unclaim {
        id: TicketId,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Assign the ticket to another agent.
    Assign {
        id: TicketId,
        to: String,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Change the priority (low, normal, high, urgent).
    Priority {
        id: TicketId,
        priority: Priority,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Escalate to the next level (or --to L2|L3|L4) with a reason. L4 needs --vendor and --reference, and goes ahead once the user agrees to share the ticket with the vendor.
    Escalate {
        id: TicketId,
        #[arg(long)]
        to: Option<Level>,
        #[arg(long, requires = "reference")]
        vendor: Option<String>,
        #[arg(long, requires = "vendor")]
        reference: Option<String>,
        #[arg(required = true, num_args = 1..)]
        reason: Vec<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Send the ticket back one level.
    Deescalate {
        id: TicketId,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Mark the ticket as waiting on the user, or on a vendor (with --vendor and --reference).
    Waiting {
        id: TicketId,
        #[arg(value_parser = ["user", "vendor"])]
        on: String,
        #[arg(long)]
        vendor: Option<String>,
        #[arg(long)]
        reference: Option<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Record what the vendor said about a ticket waiting on it (--tell: the user reads it too).
    Vendor {
        id: TicketId,
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// Relay the vendor's words to the user as well.
        #[arg(long)]
        tell: bool,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Offer the user a remote session (TOOL [CODE]: the tool, and a code for the user to enter) or end it (end [SUMMARY]); the user is asked for consent first.
    Remote {
        id: TicketId,
        #[arg(required = true, num_args = 1..)]
        args: Vec<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// A callback: offer one to the user, or record the call (done [OUTCOME], missed, reschedule); the number is shown in `tickets show` and the ticket's staff space only.
    Callback {
        id: TicketId,
        #[arg(required = true, num_args = 1..)]
        args: Vec<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Add or remove a tag (tags come from the articles and rules at opening; they filter `list --tag`).
    Tag {
        id: TicketId,
        #[arg(value_parser = ["add", "remove"])]
        change: String,
        tag: String,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Send a canned answer from kb/snippets/ to the user as a reply.
    Snippet {
        id: TicketId,
        name: String,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// The snippets an agent can send, with their languages.
    Snippets,
    /// Leave auto-assignment (away) until `back`.
    Away {
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Rejoin auto-assignment.
    Back {
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Send a KB article to the user; without one, print the top 3 suggestions for the ticket.
    Kb {
        id: TicketId,
        article: Option<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Resume work on a waiting ticket.
    Resume {
        id: TicketId,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Resolve with a summary; the user is asked to confirm the fix.
    Resolve {
        id: TicketId,
        #[arg(required = true, num_args = 1..)]
        summary: Vec<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Close the ticket (the user is asked for a rating).
    Close {
        id: TicketId,
        reason: Vec<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
    /// Reopen a resolved or closed ticket.
    Reopen {
        id: TicketId,
        #[arg(required = true, num_args = 1..)]
        reason: Vec<String>,
        #[command(flatten)]
        agent: AgentArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Check every article and rule; print problems as file:line and exit 1 on errors.
    Check {
        dir: Option<PathBuf>,
        /// Also an error: any article or snippet that one language has and another lacks.
        #[arg(long)]
        parity: bool,
    },
    /// Choose each language's answer and suggest thresholds from the KB's own questions; writes kb/calibration.toml.
    Calibrate {
        dir: Option<PathBuf>,
        /// Share of direct answers that must be the right article.
        #[arg(long, default_value_t = 0.98, value_parser = unit_interval)]
        target_precision: f64,
        /// Share of the built-in small talk that must get neither an answer nor suggestions.
        #[arg(long, default_value_t = 0.8, value_parser = unit_interval)]
        small_talk_refusal: f64,
        /// Print the thresholds without writing the file.
        #[arg(long)]
        dry_run: bool,
    },
    /// Search the knowledge base and print the ranked hits with their confidence.
    Search {
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[arg(long)]
        lang: Option<Lang>,
        #[arg(long, default_value_t = 5)]
        limit: usize,
    },
    /// Turn a {"text","intent"} JSONL file into one article per intent (its sentences as questions).
    ImportIntents {
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        lang: Lang,
        #[arg(long)]
        out: PathBuf,
    },
    /// Score a labelled query file against a KB: top-1, top-3, and with out-of-scope lines the threshold, accuracy and OOS recall.
    Eval {
        /// The KB folder (default: the configured kb.dir).
        #[arg(long)]
        kb: Option<PathBuf>,
        /// One or more {"text","intent"[,"lang"]} JSONL files.
        #[arg(long, required = true, num_args = 1..)]
        queries: Vec<PathBuf>,
        /// Score what the bot does: incidents, rules, language and the configured or calibrated thresholds.
        #[arg(long)]
        as_configured: bool,
        /// Choose the threshold on this file instead of the query file.
        #[arg(long)]
        calibrate: Option<PathBuf>,
        #[arg(long)]
        lang: Option<Lang>,
        #[arg(long, value_parser = ["text", "json"], default_value = "text")]
        format: String,
        /// Scoring weights as JSON (fields of `Tuning`; missing ones keep their default), for experiments.
        #[arg(long, hide = true)]
        tuning: Option<String>,
    },
    /// The most frequent questions the KB did not solve, grouped, so admins know what to write next.
    Gaps {
        /// How far back, in days (1 to 36600).
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=36_600))]
        days: i64,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Per article and language: shown, solved, not solved, led to a ticket, success rate, last shown; the articles that most often lead to tickets, those never shown, missing or outdated translations, questions only another language answered.
    Health {
        /// Start of the window: a duration back from now (30d, 2w) or a UTC date (2026-11-01).
        #[arg(long, default_value = "30d", value_parser = escala::stats::parse_since)]
        since: Since,
        #[arg(long, value_parser = ["text", "json"], default_value = "text")]
        format: String,
    },
    /// Write a draft article (`draft: true`, not served) from a resolved ticket: the user's question, the resolution summary and the agents' replies.
    Draft {
        /// The ticket number.
        ticket: TicketId,
        /// The KB folder to write into (default: kb.dir).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Search speed on a generated KB against a raw tantivy BM25 query in the same run.
    Bench {
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        #[arg(long, default_value_t = 2_000)]
        queries: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// The incidents in kb/incidents/ with their status and linked tickets.
    List,
    /// Start an incident: users whose question has every word of a keyword are told about it.
    Open {
        /// A slug: a-z, 0-9, - and _ (the file is kb/incidents/ID.LANG.md).
        id: String,
        #[arg(long)]
        title: String,
        /// Comma-separated phrases, e.g. "log in, sign in, password".
        #[arg(long)]
        keywords: String,
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[arg(long, default_value = "investigating")]
        status: escala::kb::IncidentStatus,
        /// What users and subscribers read.
        #[arg(required = true)]
        message: Vec<String>,
    },
    /// Post an update: the new status and notice go to every subscriber and to staff.
    Update {
        id: String,
        #[arg(long)]
        status: escala::kb::IncidentStatus,
        /// The translation whose notice MESSAGE replaces (the status changes in all).
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[arg(required = true)]
        message: Vec<String>,
    },
    /// Resolve it: subscribers are told and linked tickets are resolved.
    Resolve {
        id: String,
        #[arg(long, default_value = "en")]
        lang: Lang,
        /// The closing notice (default: keep the current one).
        message: Vec<String>,
    },
    /// Resolve a ticket together with the incident.
    Link { id: String, ticket: TicketId },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// `escala stats`: support figures for a window.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Start of the window: a duration back from now (7d, 12h, 2w) or a UTC date (2026-11-01).
    #[arg(long, default_value = "7d", value_parser = escala::stats::parse_since)]
    pub since: Since,
    /// Also show the figures per level, priority, channel, language or agent (with the agents' workload).
    #[arg(long)]
    pub by: Option<Dimension>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Draw the charts (daily volume, CSAT distribution and daily average, first-response times, SLA compliance per level) into this PNG file.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
}

/// A share between 0 and 1, for the calibration targets.
fn unit_interval(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=1.0).contains(&value) => Ok(value),
        _ => Err("expected a number from 0 to 1, e.g. 0.98".to_string()),
    }
}

//! The arguments of the commands about people and accountability:
//! `escala users …` (block, export, forget) and `escala audit`.

use clap::{Args, Subcommand};
use escala::stats::Since;

use super::args::Format;

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Ignore everything this user sends from now on.
    Block {
        /// CHANNEL:ID, e.g. telegram:123456789 or discord:80351110224678912.
        user: String,
        /// Who blocks, for the audit log (default: your login name).
        #[arg(long = "as", value_name = "NAME")]
        operator: Option<String>,
    },
    /// Let a blocked user write again.
    Unblock {
        user: String,
        /// Who unblocks, for the audit log (default: your login name).
        #[arg(long = "as", value_name = "NAME")]
        operator: Option<String>,
    },
    /// Everything stored about a user (their right of access), on standard output.
    Export {
        user: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// Include the staff's internal notes on their tickets.
        #[arg(long)]
        include_internal: bool,
        /// Who exports, for the audit log (default: your login name).
        #[arg(long = "as", value_name = "NAME")]
        operator: Option<String>,
    },
    /// Erase a user (their right to erasure): messages, names, ids and questions; figures stay, anonymous.
    Forget {
        user: String,
        /// Say what would change and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Who erases, for the audit log (default: your login name).
        #[arg(long = "as", value_name = "NAME")]
        operator: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A document to read.
    Md,
    /// The same, as JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Start of the window: a duration back from now (30d, 12h) or a UTC date (2026-11-01).
    #[arg(long, default_value = "30d", value_parser = escala::stats::parse_since)]
    pub since: Since,
    /// Only this actor's actions, as the log shows them (e.g. cli:marta).
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

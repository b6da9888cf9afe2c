//! escala: a chat-bot-first support assistant. Users ask on Telegram, Discord
//! or the local console; the bot answers from the knowledge base, opens
//! tickets when self-help fails, and runs them up the L1–L4 ladder, with
//! every change and its outgoing messages stored in one transaction and
//! delivered by the outbox worker.
//!
//! Where each behaviour lives, from the bottom of the module graph up (a
//! module only uses those listed before it; the binary's `src/cli/` sits
//! on top):
//!
//! - [`domain`]: pure types and rules — ids, channels, levels, the ticket
//!   state machine, SLA clocks and calendars, slash-command syntax,
//!   `Inbound`/`Outbound`. No I/O, no clock: `now` is passed in.
//! - [`i18n`]: every text people read, in pt, es, ca and en (Fluent
//!   catalogs compiled in), with durations in words.
//! - [`memory`]: gives the memory the allocator keeps after it was freed
//!   back to the system.
//! - [`store`]: the only SQL. The `Store`/`StoreTx` traits, the body in
//!   `store/sql/` written once and mounted by `sqlite.rs` and `postgres.rs`
//!   with their dialect, and the raw baselines of the benchmarks.
//! - [`kb`]: articles, lint, the per-language tantivy indexes (saved between
//!   starts) and search with confidence,
//!   rules, incidents, snippets, hot reload, eval and the search bench.
//! - [`stats`]: the support reports (`escala stats`, `/stats`, charts).
//! - [`engine`]: the use cases — one user turn, one staff action or staff
//!   post (one path for every platform), the SLA sweep, incidents — over
//!   the store's traits; it counts through the `Counters` port and never
//!   sends.
//! - [`config`]: defaults → `escala.toml` → `ESCALA_*`; every section's
//!   struct, the platforms' included; secrets only from the environment.
//! - [`delivery`]: the outbox worker, roles among instances, message
//!   splitting and pacing; it records the staff spaces senders open.
//! - [`telemetry`]: Prometheus `/metrics`, `/healthz`, `/readyz`.
//! - [`channels`]: console, Telegram and Discord — translate platform
//!   updates to the engine's values and `Outbound` messages to platform
//!   calls, nothing else.
//! - [`doctor`]: `escala doctor`, the deployment checked against the
//!   database, the KB and the live platform APIs.
//! - [`runtime`]: wiring — one store, one KB, one engine per process — and
//!   the long-lived tasks with shutdown passed in.

pub mod domain;
pub mod i18n;
pub mod memory;
pub mod store;

pub mod kb;
pub mod stats;

pub mod engine;

pub mod config;
pub mod delivery;
pub mod telemetry;

pub mod channels;

pub mod doctor;

pub mod runtime;

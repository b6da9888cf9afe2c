//! The integration tests: one binary, a module per feature, the fake
//! platforms and the shared harness compiled once in `support/`. Every
//! extra test binary would link the whole dependency graph again.

mod support;

mod answers;
mod assignment;
mod bench_smoke;
mod callbacks;
mod console_cli;
mod crash;
mod delivery;
mod discord;
mod doctor;
mod files;
mod hostile;
mod i18n;
mod incidents;
mod kb_cli;
mod kb_index;
mod metrics_chart;
mod metrics_cli;
mod metrics_endpoint;
mod metrics_stats;
mod privacy;
mod queue;
mod remote;
mod sla;
mod store_suite;
mod telegram;
mod telegram_instances;
mod ticket_state_machine;
mod triage;
mod vendors;
mod workflow;

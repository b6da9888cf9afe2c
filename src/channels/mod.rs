//! Platform adapters: translate platform updates into `Inbound` values and
//! `Outbound` messages into platform calls. They never touch the store or
//! the index.

pub mod console;
pub mod console_lines;
pub mod discord;
pub mod telegram;

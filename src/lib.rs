//! escala: a chat-bot-first support assistant. Users ask on Telegram, Discord
//! or the local console; the bot answers from the knowledge base (`kb`),
//! opens tickets when self-help fails, and runs them up the L1–L4 ladder
//! (`engine`), with every change and its outgoing messages stored in one
//! transaction (`store`) and delivered by the outbox worker (`delivery`).
//!
//! Dependency rules: `domain` depends on nothing of ours; `engine` on
//! `domain`, `kb` and the store traits; `channels` only translate; `store`
//! is the only module with SQL.

pub mod channels;
pub mod config;
pub mod delivery;
pub mod domain;
pub mod engine;
pub mod kb;
pub mod runtime;
pub mod stats;
pub mod store;
pub mod telemetry;

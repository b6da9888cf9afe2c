//! Hostile input and bad luck: one spec per way an adversarial pass, a
//! careless admin or a failing machine broke escala, through the public
//! interfaces only. Each asserts what the person on the other side sees and
//! that nothing was lost, duplicated or injected.

mod cli;
mod config;
mod engine;
mod kb;
mod races;
mod store;
mod terminal;

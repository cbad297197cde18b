//! Medimail Desktop.
//!
//! One engine and two thin front doors: `shell` (the Tauri window) and `cli` (headless
//! subcommands). Only `shell` knows Tauri; `engine` knows neither door.

pub mod cli;
pub mod engine;
pub mod shell;

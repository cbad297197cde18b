//! The headless front door: clap subcommands, each a thin adapter over the engine. Human
//! output is French by default (`--lang en` for English); `--json` prints machine output.

mod messages;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::engine::{AppInfo, EngineError, Profile};

pub use messages::describe_error;

#[derive(Debug, Parser)]
#[command(
    name = "medimail",
    version,
    about = "Medimail Desktop — messagerie sécurisée de santé MSSanté",
    long_about = "Medimail Desktop — messagerie sécurisée de santé MSSanté.\n\n\
                  Sans sous-commande, ouvre la fenêtre. Avec une sous-commande, travaille \
                  sans fenêtre (scripts, tâches planifiées)."
)]
pub struct Cli {
    /// Dossier du profil (base locale et réglages) ; par défaut le dossier de données de l'OS.
    #[arg(long, global = true, env = "MEDIMAIL_PROFILE", value_name = "DIR")]
    pub profile: Option<PathBuf>,

    /// Sortie JSON sur stdout.
    #[arg(long, global = true)]
    pub json: bool,

    /// Langue des messages : fr ou en.
    #[arg(long, global = true, env = "MEDIMAIL_LANG", value_enum, default_value_t = Lang::Fr)]
    pub lang: Lang,

    /// Journal plus détaillé sur stderr (-v, -vv). Jamais de contenu de message.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Fr,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Affiche la version et le dossier du profil.
    Info,
}

pub enum Outcome {
    Success,
    Failure,
}

pub fn run(command: Command, profile: Option<&Path>, json: bool, lang: Lang) -> Outcome {
    attach_console();
    let result = match command {
        Command::Info => info(profile, json, lang),
    };
    match result {
        Ok(()) => Outcome::Success,
        Err(err) => {
            if json {
                let app_error = crate::engine::AppError::from(err);
                eprintln!("{}", serde_json::to_string(&app_error).unwrap_or_default());
            } else {
                eprintln!("{}", describe_error(&err, lang));
            }
            Outcome::Failure
        }
    }
}

fn info(profile: Option<&Path>, json: bool, lang: Lang) -> Result<(), EngineError> {
    let profile = Profile::open(profile)?;
    let info = AppInfo::new(&profile);
    if json {
        return print_json(&info);
    }
    match lang {
        Lang::Fr => println!("Medimail Desktop {}\nProfil : {}", info.version, info.profile_dir),
        Lang::En => println!("Medimail Desktop {}\nProfile: {}", info.version, info.profile_dir),
    }
    Ok(())
}

fn print_json(value: &impl Serialize) -> Result<(), EngineError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| EngineError::Internal(e.to_string()))?;
    println!("{text}");
    Ok(())
}

pub fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("MEDIMAIL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Release builds on Windows are GUI programs; reattach to the terminal that started a
/// subcommand so its output shows.
fn attach_console() {
    #[cfg(all(windows, not(debug_assertions)))]
    unsafe {
        windows_sys::Win32::System::Console::AttachConsole(windows_sys::Win32::System::Console::ATTACH_PARENT_PROCESS);
    }
}

//! `medimail`: the headless subcommands, and the way into the window. Without a
//! subcommand it hands over to `medimail-window` (next to it), which alone links Tauri and
//! WebKit; so a scripted `medimail sync` or `search` starts in a few milliseconds.

use clap::Parser;
use medimail_cli::{Cli, Outcome};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    medimail_engine::logging::init(cli.verbose);
    match cli.command {
        // No subcommand: the window. Everything else stays headless and never touches GTK.
        None => open_window(cli.lang),
        Some(command) => {
            match medimail_cli::run(command, cli.profile.as_deref(), cli.json, cli.lang, cli.pin_stdin) {
            Outcome::Success => std::process::ExitCode::SUCCESS,
            Outcome::Failure => std::process::ExitCode::FAILURE,
            Outcome::Refused => std::process::ExitCode::from(3),
            }
        }
    }
}

/// Replaces this process with the window binary, same arguments and environment (so
/// `--profile`, a test driver's automation settings… reach it unchanged).
fn open_window(lang: medimail_cli::Lang) -> std::process::ExitCode {
    let name = if cfg!(windows) { "medimail-window.exe" } else { "medimail-window" };
    let window = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join(name)));
    let Some(window) = window.filter(|path| path.is_file()) else {
        let err = medimail_engine::EngineError::Internal(format!("{name} is missing next to medimail: reinstall the application"));
        eprintln!("{}", medimail_engine::describe_error(&err, lang));
        return std::process::ExitCode::FAILURE;
    };
    let mut command = std::process::Command::new(&window);
    command.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = command.exec();
        let err = medimail_engine::EngineError::Internal(format!("{name} could not start: {err}"));
        eprintln!("{}", medimail_engine::describe_error(&err, lang));
        std::process::ExitCode::FAILURE
    }
    #[cfg(not(unix))]
    match command.status() {
        Ok(status) if status.success() => std::process::ExitCode::SUCCESS,
        Ok(_) => std::process::ExitCode::FAILURE,
        Err(err) => {
            let err = medimail_engine::EngineError::Internal(format!("{name} could not start: {err}"));
            eprintln!("{}", medimail_engine::describe_error(&err, lang));
            std::process::ExitCode::FAILURE
        }
    }
}

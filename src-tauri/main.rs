// No console window behind the app on Windows release builds; the CLI still attaches to
// the terminal it was started from.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use clap::Parser;
use medimail::cli::{Cli, Outcome};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    medimail::cli::init_logging(cli.verbose);
    match cli.command {
        // No subcommand: the window. Everything else stays headless and never touches GTK.
        None => match medimail::shell::run(cli.profile.as_deref()) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("{}", medimail::cli::describe_error(&err, cli.lang));
                std::process::ExitCode::FAILURE
            }
        },
        Some(command) => {
            quiet_on_closed_pipe();
            match medimail::cli::run(command, cli.profile.as_deref(), cli.json, cli.lang) {
            Outcome::Success => std::process::ExitCode::SUCCESS,
            Outcome::Failure => std::process::ExitCode::FAILURE,
            }
        }
    }
}

/// `medimail list | head` must end quietly when `head` has read enough, like any Unix tool,
/// rather than panic on the closed pipe (Rust ignores SIGPIPE by default).
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

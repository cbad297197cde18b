// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! The window: the only binary that links Tauri and WebKit. `medimail` (the command line)
//! starts it when called without a subcommand, so scripted subcommands never pay for
//! loading WebKit (~75,000 relocations, 60–85 ms per process; BENCHMARKS.md).

use clap::Parser;
use medimail::cli::Cli;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    medimail::cli::init_logging(cli.verbose);
    // The desktop entry says `StartupWMClass=medimail`: without this the window's class
    // would be this executable's name, and docks would not match it to its launcher icon.
    #[cfg(target_os = "linux")]
    glib::set_prgname(Some("medimail"));
    match medimail::shell::run(cli.profile.as_deref()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", medimail::cli::describe_error(&err, cli.lang));
            std::process::ExitCode::FAILURE
        }
    }
}

use std::io::{IsTerminal, Write};

use clap::Args;
use serde::Serialize;

use super::{block_on, output, Context};
use medimail_engine::sync::{SyncPhase, SyncProgress, SyncReport};
use medimail_engine::catalogue::say_plain;
use medimail_engine::{EngineError, Text};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Seulement ce compte.
    #[arg(long)]
    account: Option<String>,
    /// Écrit l'avancement sur la sortie d'erreur, une ligne JSON par étape (scripts, suivi).
    #[arg(long)]
    progress: bool,
}

/// The sums over accounts, then each account's own report.
#[derive(Serialize)]
struct Summary {
    folders: u32,
    fetched: u32,
    updated: u32,
    archived: u32,
    applied: u32,
    total: u64,
    waited: bool,
    accounts: Vec<SyncReport>,
}

/// How a pass ended when it did not fail.
pub enum Completion {
    Complete,
    /// The server refused some changes made here for good; they were undone and said.
    WithRefusals,
}

pub fn run(ctx: &Context<'_>, args: SyncArgs) -> Result<Completion, EngineError> {
    let engine = ctx.engine()?;
    let interactive = std::io::stderr().is_terminal();
    let lang = ctx.lang;
    let as_json = args.progress;
    let progress = move |p: SyncProgress| {
        if as_json {
            if let Ok(line) = serde_json::to_string(&p) {
                eprintln!("{line}");
            }
            return;
        }
        if p.phase == SyncPhase::Waiting {
            // Said even when not interactive: a scheduled task's log shows why it took long.
            eprintln!("{}", say_plain(lang, "cli-sync-waiting"));
        } else if interactive && p.phase == SyncPhase::Downloading && p.total > 0 {
            eprint!("\r{}   ", Text::new("cli-sync-downloading").arg("done", p.done).arg("total", p.total).say(lang));
            let _ = std::io::stderr().flush();
        }
    };
    let reports = block_on(engine.sync(args.account.as_deref(), &progress))?;
    if interactive {
        eprintln!();
    }
    let summary = Summary {
        folders: reports.iter().map(|r| r.folders).sum(),
        fetched: reports.iter().map(|r| r.fetched).sum(),
        updated: reports.iter().map(|r| r.updated).sum(),
        archived: reports.iter().map(|r| r.archived).sum(),
        applied: reports.iter().map(|r| r.applied).sum(),
        total: reports.iter().map(|r| r.total).sum(),
        waited: reports.iter().any(|r| r.waited),
        accounts: reports,
    };
    let completion = if summary.accounts.iter().any(|r| !r.refused.is_empty()) {
        Completion::WithRefusals
    } else {
        Completion::Complete
    };
    if ctx.json {
        return output::json(&summary).map(|()| completion);
    }
    for refused in summary.accounts.iter().flat_map(|r| &r.refused) {
        eprintln!("{}", ctx.say(refused.clone()));
    }
    for r in &summary.accounts {
        let text = Text::new("cli-sync-summary")
            .arg("account", r.account.as_str())
            .arg("folders", r.folders)
            .arg("fetched", r.fetched)
            .arg("updated", r.updated)
            .arg("archived", r.archived)
            .arg("applied", r.applied)
            .arg("total", r.total);
        outln!("{}", ctx.say(text));
    }
    Ok(completion)
}

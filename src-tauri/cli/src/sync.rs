use std::io::{IsTerminal, Write};

use clap::Args;
use serde::Serialize;

use super::{block_on, output, Context};
use medimail_engine::sync::{SyncPhase, SyncProgress, SyncReport};
use medimail_engine::EngineError;

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Seulement ce compte.
    #[arg(long)]
    account: Option<String>,
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

pub fn run(ctx: &Context<'_>, args: SyncArgs) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    let interactive = std::io::stderr().is_terminal();
    let lang = ctx.lang;
    let progress = move |p: SyncProgress| {
        if p.phase == SyncPhase::Waiting {
            // Said even when not interactive: a scheduled task's log shows why it took long.
            eprintln!(
                "{}",
                match lang {
                    super::Lang::Fr => "Une autre fenêtre ou tâche Medimail synchronise ce profil : attente de sa fin…",
                    super::Lang::En => "Another Medimail window or task is syncing this profile: waiting for it…",
                }
            );
        } else if interactive && p.phase == SyncPhase::Downloading && p.total > 0 {
            eprint!("\r{} {}/{}   ", match lang {
                super::Lang::Fr => "Téléchargement",
                super::Lang::En => "Downloading",
            }, p.done, p.total);
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
    if ctx.json {
        return output::json(&summary);
    }
    for r in &summary.accounts {
        println!(
            "{}",
            match ctx.lang {
                super::Lang::Fr => format!(
                    "{} : {} dossiers, {} nouveaux, {} mis à jour, {} archivés (plus sur le serveur), {} modifications envoyées, {} messages en tout",
                    r.account, r.folders, r.fetched, r.updated, r.archived, r.applied, r.total
                ),
                super::Lang::En => format!(
                    "{}: {} folders, {} new, {} updated, {} archived (no longer on the server), {} changes sent, {} messages in all",
                    r.account, r.folders, r.fetched, r.updated, r.archived, r.applied, r.total
                ),
            }
        );
    }
    Ok(())
}

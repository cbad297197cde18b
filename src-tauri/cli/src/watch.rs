//! `medimail watch`: keeps accounts in step with their servers (sync, then IDLE) until
//! stopped, as the open window does, for practice computers that sync without a window.
//! One JSON line per event on standard output. With `--pin-stdin`, a card pulled out and
//! put back is signed in again with the next line of standard input.

use std::io::{BufRead, Write};
use std::sync::Arc;

use clap::Args;
use secrecy::SecretString;
use serde_json::json;

use super::{block_on, Context};
use medimail_engine::sign_in::CardPhase;
use medimail_engine::sync::{SyncPhase, SyncProgress};
use medimail_engine::EngineError;

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Seulement ce compte (sinon tous).
    #[arg(long)]
    account: Option<String>,
}

fn emit(line: serde_json::Value) {
    let mut out = std::io::stdout().lock();
    // A closed standard output (the caller went away) is no reason to stop syncing.
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

pub fn run(ctx: &Context<'_>, args: WatchArgs) -> Result<(), EngineError> {
    let engine = Arc::new(ctx.engine()?);
    let accounts: Vec<String> = match args.account {
        Some(email) => vec![email],
        None => engine.accounts()?.into_iter().map(|a| a.email).collect(),
    };
    let relock_with_pin = ctx.pin.is_some();
    block_on(async move {
        let mut phases = engine.card_phase();
        let card_engine = Arc::clone(&engine);
        let card = tokio::spawn(async move {
            while let Some(phase) = phases.changed().await {
                emit(json!({ "event": "card", "phase": phase }));
                if phase == CardPhase::Locked && relock_with_pin {
                    sign_in_again(&card_engine).await;
                }
            }
        });
        // The daily digest's clock runs beside the watches.
        let digest_engine = Arc::clone(&engine);
        let digest = tokio::spawn(async move { digest_engine.run_daily_digest(&|| true).await });
        let mut watches = Vec::new();
        for email in accounts {
            let engine = Arc::clone(&engine);
            watches.push(tokio::spawn(async move {
                let account = email.clone();
                let progress = move |p: SyncProgress| {
                    if p.phase == SyncPhase::Done {
                        emit(json!({ "event": "synced", "account": p.account }));
                    }
                };
                let on_error = |err: &EngineError| emit(json!({ "event": "error", "account": account, "code": err.code() }));
                let on_refused = |texts: &[medimail_engine::Text]| emit(json!({ "event": "refused", "count": texts.len() }));
                engine.watch(&email, &progress, &on_error, &on_refused, &|| true).await
            }));
        }
        for watch in watches {
            match watch.await {
                Ok(result) => result?,
                Err(e) => return Err(EngineError::Internal(format!("a watch stopped: {e}"))),
            }
        }
        digest.abort();
        card.abort();
        Ok(())
    })
}

/// Reads PINs from standard input until the card accepts one (or the input ends).
async fn sign_in_again(engine: &medimail_engine::Engine) {
    loop {
        let line = tokio::task::spawn_blocking(|| {
            let mut line = zeroize::Zeroizing::new(String::new());
            match std::io::stdin().lock().read_line(&mut line) {
                Ok(0) | Err(_) => None,
                Ok(_) => Some(SecretString::from(line.trim_end_matches(['\r', '\n']).to_owned())),
            }
        })
        .await;
        let Ok(Some(pin)) = line else { return };
        match engine.sign_in_with_card(pin).await {
            Ok(_) => return,
            Err(err) => emit(json!({ "event": "error", "code": err.code() })),
        }
    }
}

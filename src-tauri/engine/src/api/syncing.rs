//! Sync passes and the background watch of each account.

use super::*;

impl Engine {
    /// One complete pass over one account, or over all of them. Waits (and says so through
    /// `progress`) while another process of this profile syncs.
    pub async fn sync(&self, account: Option<&str>, progress: &ProgressFn) -> Result<Vec<SyncReport>> {
        let accounts = match account {
            Some(email) => vec![self.store()?.account_by_email(email)?],
            None => self.store()?.accounts()?,
        };
        let mut waited = false;
        let _lock = sync::acquire_lock(self.profile.dir(), || {
            waited = true;
            progress(SyncProgress {
                account: String::new(),
                phase: SyncPhase::Waiting,
                folder: None,
                done: 0,
                total: 0,
            });
        })
        .await?;
        let mut reports = Vec::with_capacity(accounts.len());
        for account in accounts {
            let email = account.email.clone();
            let conn = self.connection(account)?;
            // What waits in the outbox leaves first; a send failure must not stop the sync.
            if let Err(err) = outbox::send_queued(&self.store, &conn).await {
                tracing::warn!(code = ?err.code(), "the outbox could not be sent; kept for the next pass");
            }
            self.connections.connecting(&email);
            let outcome = conn.guarded(sync::sync_account(&self.store, &conn, progress)).await;
            self.connections.passed(&email, &outcome);
            if matches!(outcome, Err(EngineError::DeviceRevoked)) {
                self.revoked_here(&conn.account).await;
            }
            let mut report = outcome?;
            report.waited = waited;
            reports.push(report);
        }
        Ok(reports)
    }

    /// Push for the open app: sync, then IDLE on the INBOX and sync again on news, until
    /// `keep_going` says stop. Connection errors are reported and retried after a pause;
    /// changes the server refused for good (undone here) go to `on_refused`.
    pub async fn watch(
        &self,
        account: &str,
        progress: &ProgressFn,
        on_error: &(dyn Fn(&EngineError) + Send + Sync),
        on_refused: &(dyn Fn(&[crate::Text]) + Send + Sync),
        keep_going: &(dyn Fn() -> bool + Send + Sync),
    ) -> Result<()> {
        let record = self.store()?.account_by_email(account)?;
        let mut connection = match self.connection_of(&record) {
            // Unreachable now (a PSC session not resumed yet): the loop below retries.
            Err(err) if !waits_for_sign_in(&err) && err.code() != crate::ErrorCode::Network => return Err(err),
            other => other,
        };
        let mut planned = self.planned.subscribe();
        while keep_going() {
            let conn = match &connection {
                Ok(conn) if !conn.is_locked() => conn,
                // Anything else than a missing sign-in (the keyring locked…) is said and
                // tried again later.
                Err(err) if !waits_for_sign_in(err) => {
                    on_error(err);
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    // A PSC session the keyring keeps but that could not be resumed (PSC
                    // unreachable at start) comes back here once PSC answers again.
                    if record.auth == AuthMethod::Psc {
                        if let Err(err) = self.resume_psc_sessions().await {
                            tracing::info!(code = ?err.code(), "PSC sessions could not be resumed");
                        }
                    }
                    connection = self.connection_of(&record);
                    continue;
                }
                // Signed out, or a card account without its card: wait for the sign-in (the
                // card and its PIN), then go on by itself.
                _ => {
                    let _ = tokio::time::timeout(Duration::from_secs(1), self.card.until_unlocked()).await;
                    connection = self.connection_of(&record);
                    continue;
                }
            };
            // What was planned until now goes with this pass.
            planned.borrow_and_update();
            let pass = async {
                {
                    let _lock = sync::acquire_lock(self.profile.dir(), || {}).await?;
                    // The outbox leaves whenever the server is reachable again.
                    if let Err(err) = outbox::send_queued(&self.store, conn).await {
                        tracing::warn!(code = ?err.code(), "the outbox could not be sent; kept for the next pass");
                    }
                    self.connections.connecting(account);
                    let outcome = conn.guarded(sync::sync_account(&self.store, conn, progress)).await;
                    self.connections.passed(account, &outcome);
                    if matches!(outcome, Err(EngineError::DeviceRevoked)) {
                        self.revoked_here(&conn.account).await;
                    }
                    let report = outcome?;
                    if !report.refused.is_empty() {
                        on_refused(&report.refused);
                    }
                }
                // New mail in the INBOX: a desktop notification each, as the user set.
                if let Err(err) = self.notify_new_messages(record.id) {
                    tracing::warn!(code = ?err.code(), "new-mail notifications could not be shown");
                }
                // Read receipts that came in: a desktop notification, if the user wants them.
                if let Err(err) = self.notify_new_openings(self.language()) {
                    tracing::warn!(code = ?err.code(), "open notifications could not be shown");
                }
                crate::failpoint::panic_once("watch_pass");
                // IDLE until the server has news or the user changed something here.
                conn.guarded(async {
                    tokio::select! {
                        woken = sync::watch_inbox(&self.store, conn, Duration::from_secs(25 * 60)) => woken,
                        _ = planned.changed() => Ok(Woken::News),
                    }
                })
                .await
            };
            // A bug met in one pass (a panic) is reported like any failure and the watch
            // goes on: an account must never stop syncing silently. Nothing is lost: the
            // store's transactions roll back as the panic unwinds (store::lock).
            let outcome = AssertUnwindSafe(pass).catch_unwind().await.unwrap_or_else(|_| {
                tracing::error!("a sync pass stopped on an internal fault; the watch starts again");
                Err(EngineError::Internal("a sync pass stopped on an internal fault".into()))
            });
            // The card pulled out while it signed a handshake fails that handshake before the
            // lock is seen: whatever the error, a locked connection means the card is gone.
            let outcome = match outcome {
                Err(_) if conn.is_locked() => Err(EngineError::CardRemoved),
                other => other,
            };
            self.connections.passed(account, &outcome);
            match outcome {
                Ok(Woken::News | Woken::Timeout) => {}
                // Locked: said once, then the loop waits for the card (above).
                Err(err) if waits_for_sign_in(&err) => {
                    on_error(&err);
                    connection = self.connection_of(&record);
                }
                Err(err) => {
                    on_error(&err);
                    // A server away is given time to come back; a fault here is retried soon.
                    let pause = if err.code() == crate::ErrorCode::Internal { 5 } else { 30 };
                    // A card pulled out during the pause is said at once, not after it.
                    let paused = conn.guarded(async {
                        tokio::time::sleep(Duration::from_secs(pause)).await;
                        Ok(())
                    });
                    if let Err(locked) = paused.await {
                        on_error(&locked);
                        connection = self.connection_of(&record);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Errors after which a watch waits for the user to sign in again rather than retrying.
impl Engine {
    /// A connection for the account as the store has it now: a watch runs for hours, and
    /// its account may have been revoked or signed in to again meanwhile.
    fn connection_of(&self, record: &AccountRecord) -> Result<Connection> {
        let fresh = self.store()?.account_by_id(record.id)?;
        self.connection(fresh)
    }
}

fn waits_for_sign_in(err: &EngineError) -> bool {
    matches!(err, EngineError::CardRemoved | EngineError::PinRequired | EngineError::SignedOut | EngineError::PscSessionEnded | EngineError::DeviceRevoked)
}

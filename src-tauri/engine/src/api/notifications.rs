//! Desktop notifications of new mail and the daily digest (seed part 2 §5 A, issue 15):
//! the settings, the rule after each pass of the watch, `medimail notify test`.

use super::*;
use crate::notify::{AccountNotifications, NotificationSettings, OpenMessage, OpenTarget};
use crate::store::NotificationSettingsRow;

/// How often the digest's clock is looked at: it shows within this of its time.
const DIGEST_TICK: Duration = Duration::from_secs(20);

impl Engine {
    pub fn notification_settings(&self) -> Result<NotificationSettings> {
        let store = self.store()?;
        let row = store.notification_settings()?;
        let accounts = store
            .account_notifications()?
            .into_iter()
            .map(|(_, email, enabled)| AccountNotifications { email, enabled })
            .collect();
        Ok(NotificationSettings {
            show_subject: row.show_subject,
            do_not_disturb: row.do_not_disturb,
            digest_time: row.digest_time,
            accounts,
        })
    }

    /// Saves the settings; accounts not named keep theirs.
    pub fn set_notification_settings(&self, settings: &NotificationSettings) -> Result<()> {
        let digest_time = settings.digest_time.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if let Some(time) = digest_time {
            if !notify::valid_time(time) {
                return Err(EngineError::InvalidInput(format!("digest time {time:?} is not HH:MM")));
            }
        }
        let mut store = self.store()?;
        let known = store.account_notifications()?;
        for account in &settings.accounts {
            let Some((id, _, _)) = known.iter().find(|(_, email, _)| email.eq_ignore_ascii_case(&account.email)) else {
                return Err(EngineError::NotFound(format!("account {}", account.email)));
            };
            store.set_account_notifications(*id, account.enabled)?;
        }
        store.set_notification_settings(&NotificationSettingsRow {
            show_subject: settings.show_subject,
            do_not_disturb: settings.do_not_disturb,
            digest_time: digest_time.map(str::to_owned),
        })
    }

    /// What a click on a new-mail notification does (the window: open the message).
    pub fn set_notification_opener(&self, open: OpenMessage) {
        if let Ok(mut opener) = self.opener.write() {
            *opener = Some(open);
        }
    }

    /// New unread INBOX messages of `account` since the last call, each as a desktop
    /// notification as the user set (nothing while "ne pas déranger" is on or the account's
    /// notifications are off; each message is considered once either way). Returns how
    /// many were shown.
    pub fn notify_new_messages(&self, account_id: i64) -> Result<usize> {
        let (settings, (enabled, news), account) = {
            let mut store = self.store()?;
            let account = store.account_by_id(account_id)?;
            (store.notification_settings()?, store.take_new_inbox_messages(account_id)?, account)
        };
        // An organisational mailbox opened through a member announces its arrivals to the
        // member only when asked ("Notif de réception vers compte de connexion").
        let through_member = account.via_account_id.is_some();
        if !enabled || settings.do_not_disturb || news.is_empty() || (through_member && !account.notify_to_sign_in) {
            return Ok(0);
        }
        let email = account.email;
        let mailbox = through_member.then_some(email.as_str());
        let lang = self.language();
        let opener = self.opener.read().ok().and_then(|o| o.clone());
        let locked = self.is_session_locked();
        let mut shown = 0;
        for message in &news {
            let on_click = opener.clone().map(|open| (OpenTarget { account: email.clone(), message: message.id }, open));
            match notify::show(&notify::new_message_notice(message, settings.show_subject, mailbox, locked), lang, on_click) {
                Ok(()) => shown += 1,
                Err(err) => tracing::warn!(code = ?err.code(), "a new-mail notification could not be shown"),
            }
        }
        Ok(shown)
    }

    /// Shows the daily digest if its time has come today and it has not shown yet (not
    /// while "ne pas déranger" is on: that day's is skipped). True when it showed.
    pub fn daily_digest_tick(&self) -> Result<bool> {
        let now = chrono::Local::now();
        let today = now.format("%Y-%m-%d").to_string();
        let clock = now.format("%H:%M").to_string();
        let mut store = self.store()?;
        let state = store.digest_state()?;
        if !notify::digest_due(state.time.as_deref(), state.day.as_deref(), &today, &clock) {
            return Ok(false);
        }
        let stamp = now.timestamp();
        // The first digest counts the last day.
        let since = state.since.unwrap_or(stamp - 24 * 3600);
        let count = store.inbox_arrivals_since(since)?;
        let quiet = store.notification_settings()?.do_not_disturb;
        store.digest_done(&today, stamp)?;
        drop(store);
        if quiet {
            return Ok(false);
        }
        notify::show(&notify::digest_notice(count), self.language(), None)?;
        Ok(true)
    }

    /// The daily digest's clock, for as long as the app runs (window or `medimail watch`).
    pub async fn run_daily_digest(&self, keep_going: &(dyn Fn() -> bool + Send + Sync)) {
        while keep_going() {
            if let Err(err) = self.daily_digest_tick() {
                tracing::warn!(code = ?err.code(), "the daily digest could not be shown");
            }
            tokio::time::sleep(DIGEST_TICK).await;
        }
    }

    /// Unread messages in every account's INBOX (the tray icon's count).
    pub fn unread_in_inboxes(&self) -> Result<i64> {
        self.store()?.unread_in_inboxes()
    }
}

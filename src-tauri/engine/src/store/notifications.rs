//! Desktop notifications of new mail: the user's settings, each account's switch, the
//! INBOX mark below which every message was considered once, and the daily digest's state.

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::Result;

/// The profile's notification settings as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationSettingsRow {
    pub show_subject: bool,
    pub do_not_disturb: bool,
    /// Local "HH:MM"; None: no daily digest.
    pub digest_time: Option<String>,
}

/// One new INBOX message to announce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessageRow {
    pub id: i64,
    pub from_name: Option<String>,
    pub from_addr: Option<String>,
    pub subject: String,
}

/// What the daily digest needs: its time, the day it last showed, since when it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestState {
    pub time: Option<String>,
    pub day: Option<String>,
    pub since: Option<i64>,
}

impl Store {
    pub fn notification_settings(&self) -> Result<NotificationSettingsRow> {
        Ok(self.conn().query_row(
            "SELECT show_subject, do_not_disturb, digest_time FROM notification_settings WHERE id = 1",
            [],
            |r| Ok(NotificationSettingsRow { show_subject: r.get(0)?, do_not_disturb: r.get(1)?, digest_time: r.get(2)? }),
        )?)
    }

    pub fn set_notification_settings(&mut self, settings: &NotificationSettingsRow) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE notification_settings SET show_subject = ?1, do_not_disturb = ?2, digest_time = ?3 WHERE id = 1",
                params![settings.show_subject, settings.do_not_disturb, settings.digest_time],
            )?;
            Ok(())
        })
    }

    /// Each account's switch (on unless turned off), by account id.
    pub fn account_notifications(&self) -> Result<Vec<(i64, String, bool)>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.id, a.email, coalesce(n.enabled, 1)
             FROM account a LEFT JOIN notification_account n ON n.account_id = a.id ORDER BY a.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn set_account_notifications(&mut self, account_id: i64, enabled: bool) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO notification_account (account_id, enabled) VALUES (?1, ?2)
                 ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled",
                params![account_id, enabled],
            )?;
            Ok(())
        })
    }

    /// The unread INBOX messages that came since the last call, and whether the account's
    /// notifications are on; the mark moves past them either way, so a message is
    /// considered once. The first call (or a new UIDVALIDITY) only sets the mark: what was
    /// already there is not news.
    pub fn take_new_inbox_messages(&mut self, account_id: i64) -> Result<(bool, Vec<NewMessageRow>)> {
        self.write(|tx| {
            let inbox: Option<(i64, Option<i64>)> = tx
                .query_row(
                    "SELECT id, uidvalidity FROM folder WHERE account_id = ?1 AND role = 'inbox' LIMIT 1",
                    [account_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((folder, Some(uidvalidity))) = inbox else { return Ok((false, Vec::new())) };
            let mark: Option<(bool, Option<i64>, Option<i64>)> = tx
                .query_row(
                    "SELECT enabled, seen_uidvalidity, seen_uid FROM notification_account WHERE account_id = ?1",
                    [account_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let enabled = mark.is_none_or(|m| m.0);
            let top: i64 = tx.query_row(
                "SELECT coalesce(max(uid), 0) FROM message WHERE folder_id = ?1 AND uidvalidity = ?2",
                params![folder, uidvalidity],
                |r| r.get(0),
            )?;
            let news = match mark {
                Some((_, Some(seen_validity), Some(seen_uid))) if seen_validity == uidvalidity => {
                    let mut stmt = tx.prepare(
                        "SELECT id, from_name, from_addr, subject FROM message
                         WHERE folder_id = ?1 AND uidvalidity = ?2 AND uid > ?3 AND seen = 0 ORDER BY uid",
                    )?;
                    let rows = stmt
                        .query_map(params![folder, uidvalidity, seen_uid], |r| {
                            Ok(NewMessageRow { id: r.get(0)?, from_name: r.get(1)?, from_addr: r.get(2)?, subject: r.get(3)? })
                        })?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    rows
                }
                _ => Vec::new(),
            };
            tx.execute(
                "INSERT INTO notification_account (account_id, seen_uidvalidity, seen_uid) VALUES (?1, ?2, ?3)
                 ON CONFLICT (account_id) DO UPDATE SET seen_uidvalidity = excluded.seen_uidvalidity,
                     seen_uid = max(excluded.seen_uid, CASE WHEN seen_uidvalidity = excluded.seen_uidvalidity THEN coalesce(seen_uid, 0) ELSE 0 END)",
                params![account_id, uidvalidity, top],
            )?;
            Ok((enabled, news))
        })
    }

    pub fn digest_state(&self) -> Result<DigestState> {
        Ok(self.conn().query_row(
            "SELECT digest_time, digest_day, digest_since FROM notification_settings WHERE id = 1",
            [],
            |r| Ok(DigestState { time: r.get(0)?, day: r.get(1)?, since: r.get(2)? }),
        )?)
    }

    /// Messages that reached an INBOX (by the server's arrival date) at or after `since`.
    pub fn inbox_arrivals_since(&self, since: i64) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM message m JOIN folder f ON f.id = m.folder_id
             WHERE f.role = 'inbox' AND coalesce(m.internal_date, m.date) >= ?1",
            [since],
            |r| r.get(0),
        )?)
    }

    /// The digest of `day` was shown (or skipped); the next one counts from `now`.
    pub fn digest_done(&mut self, day: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE notification_settings SET digest_day = ?1, digest_since = ?2 WHERE id = 1", params![day, now])?;
            Ok(())
        })
    }

    /// Unread INBOX messages of every account (the tray's count).
    pub fn unread_in_inboxes(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM message m JOIN folder f ON f.id = m.folder_id WHERE f.role = 'inbox' AND m.seen = 0",
            [],
            |r| r.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::fetched;
    use crate::store::testing::{account_with_folder, open_temp};
    use crate::types::FolderRole;

    fn mail(n: u32) -> Vec<u8> {
        format!("From: Dr B <b@test.fr>\r\nSubject: Sujet {n}\r\nMessage-ID: <{n}@test.fr>\r\n\r\nTexte.\r\n").into_bytes()
    }

    #[test]
    fn each_new_inbox_message_is_taken_once_and_what_was_there_is_not_news() {
        let (_dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, "a@test.fr", None, "INBOX", FolderRole::Inbox);
        store.set_folder_sync_state(inbox, 9, Some(3), None, 2).unwrap();
        store.record_fetched(account.id, inbox, &[fetched(mail(1), 9, 1), fetched(mail(2), 9, 2)]).unwrap();
        // The first look only sets the mark.
        assert_eq!(store.take_new_inbox_messages(account.id).unwrap(), (true, vec![]));
        store.record_fetched(account.id, inbox, &[fetched(mail(3), 9, 3)]).unwrap();
        let (enabled, news) = store.take_new_inbox_messages(account.id).unwrap();
        assert!(enabled);
        assert_eq!(news.len(), 1);
        assert_eq!(news[0].from_addr.as_deref(), Some("b@test.fr"));
        assert_eq!(news[0].subject, "Sujet 3");
        assert!(store.take_new_inbox_messages(account.id).unwrap().1.is_empty(), "once");
        // Switched off: the mark still moves, so turning it on again floods nothing.
        store.set_account_notifications(account.id, false).unwrap();
        store.record_fetched(account.id, inbox, &[fetched(mail(4), 9, 4)]).unwrap();
        assert!(!store.take_new_inbox_messages(account.id).unwrap().0);
        store.set_account_notifications(account.id, true).unwrap();
        assert!(store.take_new_inbox_messages(account.id).unwrap().1.is_empty());
        // A new UIDVALIDITY starts over without announcing the whole mailbox again.
        store.set_folder_sync_state(inbox, 10, Some(2), None, 1).unwrap();
        store.record_fetched(account.id, inbox, &[fetched(mail(5), 10, 1)]).unwrap();
        assert!(store.take_new_inbox_messages(account.id).unwrap().1.is_empty());
        store.record_fetched(account.id, inbox, &[fetched(mail(6), 10, 2)]).unwrap();
        assert_eq!(store.take_new_inbox_messages(account.id).unwrap().1.len(), 1);
    }

    #[test]
    fn settings_are_kept() {
        let (_dir, mut store) = open_temp();
        let defaults = store.notification_settings().unwrap();
        assert!(!defaults.show_subject && !defaults.do_not_disturb && defaults.digest_time.is_none());
        let chosen = super::NotificationSettingsRow { show_subject: true, do_not_disturb: true, digest_time: Some("08:30".into()) };
        store.set_notification_settings(&chosen).unwrap();
        assert_eq!(store.notification_settings().unwrap(), chosen);
        store.digest_done("2026-01-02", 1000).unwrap();
        let state = store.digest_state().unwrap();
        assert_eq!((state.time.as_deref(), state.day.as_deref(), state.since), (Some("08:30"), Some("2026-01-02"), Some(1000)));
        // The table's own check refuses a malformed time.
        let bad = super::NotificationSettingsRow { digest_time: Some("8h30".into()), ..chosen };
        assert!(store.set_notification_settings(&bad).is_err());
    }
}

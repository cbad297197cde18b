//! Desktop notifications through the OS (freedesktop D-Bus, macOS, Windows): opening
//! notices, new mail, the daily digest. What they say is decided here; the text is shown to
//! the user, never logged.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::mime::structured_subject;
use super::receipts::OpeningNotice;
use super::store::NewMessageRow;
use super::{EngineError, Lang, Result, Text};

const APP_NAME: &str = "Medimail";
/// The action a click on the notification's body invokes (freedesktop's default action).
const DEFAULT_ACTION: &str = "default";

/// What the window does when a new-mail notification is clicked: open that message.
pub type OpenMessage = Arc<dyn Fn(OpenTarget) + Send + Sync>;

/// The message a click on a notification opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OpenTarget {
    pub account: String,
    #[ts(type = "number")]
    pub message: i64,
}

/// The user's notification settings (seed part 2 §5 A, and issue 15's choices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotificationSettings {
    /// Off by default: only "a secure message from …" shows (health data on a lock screen).
    pub show_subject: bool,
    /// "Ne pas déranger": nothing shows while it is on.
    pub do_not_disturb: bool,
    /// Local time of the daily digest, "HH:MM"; None: no digest.
    pub digest_time: Option<String>,
    /// Each account's switch.
    pub accounts: Vec<AccountNotifications>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountNotifications {
    pub email: String,
    pub enabled: bool,
}

/// One notification, in words of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub title: Text,
    pub text: Text,
    /// The message a click opens.
    pub message: Option<i64>,
}

/// The notice of one new message: who sent it, and its subject only if the user chose so,
/// never a structured message's `XDM/1.0/DDM+` prefix.
/// `mailbox`: the organisational mailbox it arrived in, when not the user's own.
/// `locked`: the window is locked (`api/session_lock.rs`), and the notice names no one.
pub fn new_message_notice(message: &NewMessageRow, show_subject: bool, mailbox: Option<&str>, locked: bool) -> Notice {
    let from = sender(message);
    let subject = structured_subject(&message.subject).map_or(message.subject.as_str(), str::trim_start).trim();
    let text = if locked {
        Text::new("notice-new-message-locked")
    } else if show_subject && !subject.is_empty() {
        Text::new("notice-new-message-with-subject").arg("from", from).arg("subject", subject)
    } else {
        Text::new("notice-new-message").arg("from", from)
    };
    let title = match mailbox {
        Some(mailbox) => Text::new("notice-new-message-for").arg("mailbox", mailbox),
        None => Text::new("notice-new-message-title"),
    };
    Notice { title, text, message: Some(message.id) }
}

/// The sender as shown: display name and address, or whichever there is.
fn sender(message: &NewMessageRow) -> String {
    let name = message.from_name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let address = message.from_addr.as_deref().map(str::trim).filter(|a| !a.is_empty());
    match (name, address) {
        (Some(name), Some(address)) if !name.eq_ignore_ascii_case(address) => {
            Text::new("notice-sender").arg("name", name).arg("address", address).say(Lang::Fr)
        }
        (Some(one), _) | (None, Some(one)) => one.to_owned(),
        (None, None) => "?".to_owned(),
    }
}

/// The daily digest: whether (and how many) new messages came since the last one.
pub fn digest_notice(count: i64) -> Notice {
    Notice { title: Text::new("notice-digest-title"), text: Text::new("notice-digest").arg("count", count), message: None }
}

pub fn test_notice() -> Notice {
    Notice { title: Text::new("notice-test-title"), text: Text::new("notice-test"), message: None }
}

/// `medimail notify test`: one notification through the same path as new mail's; a clear
/// error ([`EngineError::NoNotificationService`]) when no service answers.
pub fn show_test(lang: Lang) -> Result<()> {
    show(&test_notice(), lang, None)
}

/// Whether the digest is due at local time `now` ("HH:MM"), given the stored time and the
/// day it last showed.
pub fn digest_due(time: Option<&str>, last_day: Option<&str>, today: &str, now: &str) -> bool {
    match time {
        Some(time) => last_day != Some(today) && now >= time,
        None => false,
    }
}

/// "HH:MM" with hours 00–23 and minutes 00–59.
pub fn valid_time(time: &str) -> bool {
    let bytes = time.as_bytes();
    bytes.len() == 5
        && bytes[2] == b':'
        && time[..2].parse::<u8>().is_ok_and(|h| h < 24 && bytes[0].is_ascii_digit() && bytes[1].is_ascii_digit())
        && time[3..].parse::<u8>().is_ok_and(|m| m < 60 && bytes[3].is_ascii_digit() && bytes[4].is_ascii_digit())
}

/// How long a caller waits for the notification service to say it showed a notice. The
/// sync watch calls this between passes: a daemon D-Bus is still starting (activation) or
/// one that never answers must not hold the mail back.
const ANSWER_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Shows one notice. With `on_click`, a click on it calls its function with its target.
/// The daemon's connection lives on a thread of its own: it shows the notification, says
/// whether it could, then (with `on_click`) waits for a click until the notification closes.
pub fn show(notice: &Notice, lang: Lang, on_click: Option<(OpenTarget, OpenMessage)>) -> Result<()> {
    let mut notification = notify_rust::Notification::new();
    notification
        .appname(APP_NAME)
        .summary(&notice.title.say(lang))
        // Bodies are markup for most daemons: a sender's "<" or "&" shows as written.
        .body(&html_escape::encode_text(&notice.text.say(lang)));
    #[cfg(all(unix, not(target_os = "macos")))]
    notification.hint(notify_rust::Hint::Category("email.arrived".into()));
    if on_click.is_some() {
        notification.action(DEFAULT_ACTION, &Text::new("notice-open").say(lang));
    }
    let (said, outcome) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("notification".into())
        .spawn(move || {
            let handle = match notification.show() {
                Ok(handle) => handle,
                Err(err) => {
                    let _ = said.send(shown::<()>(Err(err)));
                    return;
                }
            };
            let _ = said.send(Ok(()));
            let Some((target, open)) = on_click else { return };
            #[cfg(all(unix, not(target_os = "macos")))]
            handle.wait_for_action(|action| {
                if action == DEFAULT_ACTION {
                    open(target);
                }
            });
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            let _ = (handle, open, target);
        })
        .map_err(|e| EngineError::Internal(format!("no thread for a notification: {e}")))?;
    match outcome.recv_timeout(ANSWER_WAIT) {
        Ok(answer) => answer,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(EngineError::NoNotificationService("the notification service did not answer in time".into()))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(EngineError::Internal("the notification's thread stopped".into())),
    }
}

/// The daemon's answer; an error names the notification service, never the text.
fn shown<T>(result: notify_rust::error::Result<T>) -> Result<()> {
    result.map(|_| ()).map_err(|e| EngineError::NoNotificationService(e.to_string()))
}

/// Shows one opening notice in the user's language.
pub fn show_opening(notice: &OpeningNotice, lang: Lang) -> Result<()> {
    show(&Notice { title: notice.title.clone(), text: notice.text.clone(), message: notice.message }, lang, None)
}

/// Shows each notice; one that cannot be shown is logged and the others still are.
/// Returns how many there were.
pub fn show_openings(notices: &[OpeningNotice], lang: Lang) -> usize {
    for notice in notices {
        if let Err(err) = show_opening(notice, lang) {
            tracing::warn!(code = ?err.code(), "a desktop notification could not be shown");
        }
    }
    notices.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: Option<&str>, addr: Option<&str>, subject: &str) -> NewMessageRow {
        NewMessageRow { id: 7, from_name: name.map(Into::into), from_addr: addr.map(Into::into), subject: subject.into() }
    }

    #[test]
    fn by_default_only_the_sender_shows() {
        let notice = new_message_notice(&row(Some("Dr Alice Martin"), Some("alice@test.mssante.fr"), "Résultats de M. Durand"), false, None, false);
        let text = notice.text.say(Lang::Fr);
        assert_eq!(notice.title.say(Lang::Fr), "Nouveau message sécurisé");
        assert_eq!(text, "De Dr Alice Martin (alice@test.mssante.fr)");
        assert!(!text.contains("Durand"));
        assert_eq!(notice.message, Some(7));
    }

    #[test]
    fn the_subject_shows_when_chosen_but_never_the_structured_prefix() {
        let plain = new_message_notice(&row(None, Some("b@test.fr"), "Compte rendu"), true, None, false);
        assert_eq!(plain.text.say(Lang::Fr), "De b@test.fr : Compte rendu");
        let structured = new_message_notice(&row(Some("B"), None, "XDM/1.0/DDM+Compte rendu DUPONT"), true, None, false);
        let text = structured.text.say(Lang::Fr);
        assert_eq!(text, "De B : Compte rendu DUPONT");
        assert!(!text.contains("XDM"));
        // An empty subject says only who.
        assert_eq!(new_message_notice(&row(Some("B"), None, "XDM/1.0/DDM+"), true, None, false).text.say(Lang::Fr), "De B");
        let for_box = new_message_notice(&row(Some("B"), None, "Bilan"), false, Some("secretariat@test.mssante.fr"), false);
        assert_eq!(for_box.title.say(Lang::Fr), "Nouveau message sécurisé pour secretariat@test.mssante.fr");
    }

    #[test]
    fn while_locked_a_notice_names_no_one_whatever_the_settings() {
        let notice = new_message_notice(&row(Some("Mme Durand"), Some("durand@patient.mssante.fr"), "Mes résultats"), true, None, true);
        let text = notice.text.say(Lang::Fr);
        assert_eq!(text, "Déverrouillez Medimail pour le lire.");
        assert_eq!(notice.title.say(Lang::Fr), "Nouveau message sécurisé");
        assert_eq!(notice.message, Some(7), "a click still brings the window, which asks to unlock");
    }

    #[test]
    fn the_digest_says_whether_mail_came_with_plurals() {
        assert_eq!(digest_notice(0).text.say(Lang::Fr), "Aucun nouveau message sécurisé depuis le dernier point.");
        assert!(digest_notice(1).text.say(Lang::Fr).contains("un nouveau message sécurisé"));
        assert!(digest_notice(3).text.say(Lang::Fr).contains("3 nouveaux messages sécurisés"));
        assert!(digest_notice(3).text.say(Lang::En).contains("3 new secure messages"));
    }

    #[test]
    fn the_digest_is_due_once_a_day_after_its_time() {
        assert!(!digest_due(None, None, "2026-01-02", "23:59"));
        assert!(!digest_due(Some("08:30"), None, "2026-01-02", "08:29"));
        assert!(digest_due(Some("08:30"), None, "2026-01-02", "08:30"));
        assert!(digest_due(Some("08:30"), Some("2026-01-01"), "2026-01-02", "12:00"));
        assert!(!digest_due(Some("08:30"), Some("2026-01-02"), "2026-01-02", "12:00"));
    }

    #[test]
    fn times_are_checked() {
        for good in ["00:00", "08:30", "23:59"] {
            assert!(valid_time(good), "{good}");
        }
        for bad in ["24:00", "8:30", "08:60", "08-30", "", "+1:30", "08:3a"] {
            assert!(!valid_time(bad), "{bad}");
        }
    }
}

//! The app's settings as Sieve, and back. The section's first comment holds the settings
//! themselves (JSON, base64): reading them back never depends on parsing Sieve, and the
//! rules below it are only ever the ones written from them.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use ts_rs::TS;

use crate::catalogue::Text;
use crate::{EngineError, Result};

/// "Réponse automatique".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AutoReply {
    pub enabled: bool,
    /// RFC 3339 with its offset ("2026-12-24T08:00:00+01:00"); none: from now on.
    pub start: Option<String>,
    /// RFC 3339; none: until turned off.
    pub end: Option<String>,
    pub subject: String,
    /// The message, rich text (sanitised HTML).
    pub html: String,
}

/// Everything the app's section says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SieveSettings {
    pub auto_reply: AutoReply,
    /// "Transferts automatiques": each gets a copy, the mailbox keeps its own.
    pub forwards: Vec<String>,
}

const DATA: &str = "# medimail-data: ";
/// The auto-reply's message: far more than any absence notice, far below the server's
/// limit on a script's size (Dovecot: 1 MiB), base64 included.
const MAX_HTML: usize = 256 * 1024;
const MAX_SUBJECT: usize = 500;

/// Reads the settings from the section's body; none there: all off.
pub fn settings_of(body: Option<&str>) -> SieveSettings {
    body.and_then(|body| body.lines().find_map(|line| line.strip_prefix(DATA)))
        .and_then(|data| base64::engine::general_purpose::STANDARD.decode(data.trim()).ok())
        .and_then(|json| serde_json::from_slice(&json).ok())
        .unwrap_or_default()
}

/// The section's body for `settings`; none when nothing is on (the section goes).
pub fn section_of(settings: &SieveSettings) -> Result<Option<String>> {
    let reply = &settings.auto_reply;
    if !reply.enabled && settings.forwards.is_empty() {
        return Ok(None);
    }
    let mut require = Vec::new();
    if !settings.forwards.is_empty() {
        require.push("copy");
    }
    let window = if reply.enabled {
        require.push("vacation");
        let window = [("ge", reply.start.as_deref()), ("le", reply.end.as_deref())]
            .into_iter()
            .filter_map(|(op, at)| at.map(|at| Ok::<_, EngineError>((op, utc(at)?))))
            .collect::<Result<Vec<_>>>()?;
        if !window.is_empty() {
            require.extend(["date", "relational"]);
        }
        window
    } else {
        Vec::new()
    };
    let json = serde_json::to_vec(settings).map_err(|e| EngineError::Internal(e.to_string()))?;
    let mut out = format!(
        "require [{}];\n{DATA}{}\n",
        require.iter().map(|r| format!("\"{r}\"")).collect::<Vec<_>>().join(", "),
        base64::engine::general_purpose::STANDARD.encode(json)
    );
    for address in &settings.forwards {
        out.push_str(&format!("redirect :copy {};\n", quoted(address)));
    }
    if reply.enabled {
        let vacation = vacation(reply);
        if window.is_empty() {
            out.push_str(&vacation);
        } else {
            // Compared in UTC, on the first 19 characters ("2026-12-24T07:00:00"): the
            // server's "iso8601" ends with its zone, which only makes it longer.
            let tests = window
                .iter()
                .map(|(op, at)| format!("currentdate :zone \"+0000\" :value \"{op}\" \"iso8601\" \"{}\"", at.format("%Y-%m-%dT%H:%M:%S")))
                .collect::<Vec<_>>()
                .join(",\n    ");
            out.push_str(&format!("if allof ({tests}) {{\n{vacation}}}\n"));
        }
    }
    Ok(Some(out))
}

fn utc(at: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(at.trim())
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| EngineError::InvalidInput(format!("{at:?} is not an RFC 3339 date and time")))
}

/// `vacation :mime` with a multipart/alternative body: the text for readers that show no
/// HTML, the HTML for the others. `:handle` changes with the message, so a new absence
/// notice answers again people the previous one already answered.
fn vacation(reply: &AutoReply) -> String {
    let text = tidy_text(&mail_parser::decoders::html::html_to_text(&reply.html));
    let digest = sha2::Sha256::digest(format!("{}\n{}", reply.subject, reply.html).as_bytes());
    let tag = hex::encode(&digest[..8]);
    let boundary = format!("=_medimail_{tag}");
    let part = |kind: &str, body: &str| {
        let encoded = base64::engine::general_purpose::STANDARD.encode(body.as_bytes());
        let lines = encoded.as_bytes().chunks(76).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("\n");
        format!("--{boundary}\nContent-Type: {kind}; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{lines}\n")
    };
    let html = format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{}</body></html>", reply.html);
    format!(
        "  vacation :days 1 :handle \"medimail-{tag}\" :subject {} :mime text:\nContent-Type: multipart/alternative; boundary=\"{boundary}\"\n\n{}{}--{boundary}--\n.\n;\n",
        quoted(&reply.subject),
        part("text/plain", &text),
        part("text/html", &html),
    )
}

fn tidy_text(text: &str) -> String {
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_owned()
}

/// A Sieve quoted string.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The auto-reply as the user gave it, made safe and checked: the HTML sanitised, one-line
/// subject, dates that parse and an end after the start. What cannot be fixed is refused
/// with the catalogue's sentences.
pub fn clean_auto_reply(reply: &AutoReply) -> Result<AutoReply> {
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let mut clean = AutoReply {
        enabled: reply.enabled,
        start: blank(&reply.start),
        end: blank(&reply.end),
        subject: reply.subject.split_whitespace().collect::<Vec<_>>().join(" "),
        html: crate::mime::display::sanitize_written(reply.html.trim()),
    };
    let mut problems = Vec::new();
    if clean.html.len() > MAX_HTML {
        problems.push(Text::new("sieve-message-too-long"));
    }
    if clean.subject.chars().count() > MAX_SUBJECT {
        problems.push(Text::new("sieve-subject-too-long"));
    }
    let start = clean.start.as_deref().map(utc).transpose().map_err(|_| EngineError::Refused(vec![Text::new("sieve-bad-date")]))?;
    let end = clean.end.as_deref().map(utc).transpose().map_err(|_| EngineError::Refused(vec![Text::new("sieve-bad-date")]))?;
    if let (Some(start), Some(end)) = (start, end) {
        if end <= start {
            problems.push(Text::new("sieve-end-before-start"));
        }
    }
    if clean.enabled {
        if clean.subject.is_empty() {
            problems.push(Text::new("sieve-no-subject"));
        }
        let text = mail_parser::decoders::html::html_to_text(&clean.html);
        if text.trim().is_empty() {
            problems.push(Text::new("sieve-no-message"));
        }
    }
    if !problems.is_empty() {
        return Err(EngineError::Refused(problems));
    }
    // Stored in UTC: what the server compares.
    clean.start = start.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    clean.end = end.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply() -> AutoReply {
        AutoReply {
            enabled: true,
            start: Some("2026-12-24T08:00:00+01:00".into()),
            end: Some("2027-01-02T18:00:00+01:00".into()),
            subject: "Absent \"Noël\"".into(),
            html: "<p>Je suis <b>absent</b>.</p><script>alert(1)</script>".into(),
        }
    }

    #[test]
    fn settings_round_trip_through_the_section() {
        let settings = SieveSettings { auto_reply: clean_auto_reply(&reply()).unwrap(), forwards: vec!["a@b.test".into()] };
        let body = section_of(&settings).unwrap().unwrap();
        assert_eq!(settings_of(Some(&body)), settings);
        assert!(body.starts_with("require [\"copy\", \"vacation\", \"date\", \"relational\"];\n"), "{body}");
        assert!(body.contains("redirect :copy \"a@b.test\";"));
        assert!(body.contains(":subject \"Absent \\\"Noël\\\"\""));
        assert!(body.contains("\"ge\" \"iso8601\" \"2026-12-24T07:00:00\""), "{body}");
        assert!(body.contains("\"le\" \"iso8601\" \"2027-01-02T17:00:00\""));
        assert!(body.contains("Content-Type: multipart/alternative"));
        assert!(!body.contains("alert"), "the HTML is sanitised: {body}");
        // The text part carries the words.
        let b64: String = body.lines().skip_while(|l| !l.starts_with("Content-Type: text/plain")).skip(3).take_while(|l| !l.starts_with("--")).collect();
        let text = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap();
        assert!(text.contains("Je suis absent"), "{text}");
    }

    #[test]
    fn nothing_on_means_no_section_and_no_section_means_off() {
        assert_eq!(section_of(&SieveSettings::default()).unwrap(), None);
        assert_eq!(settings_of(None), SieveSettings::default());
        assert_eq!(settings_of(Some("keep;\n# medimail-data: ###\n")), SieveSettings::default());
        let always = AutoReply { start: None, end: None, ..reply() };
        let body = section_of(&SieveSettings { auto_reply: always, forwards: vec![] }).unwrap().unwrap();
        assert!(body.starts_with("require [\"vacation\"];"), "{body}");
        assert!(!body.contains("currentdate"));
    }

    #[test]
    fn bad_auto_replies_are_refused_with_reasons() {
        let keys = |r: AutoReply| match clean_auto_reply(&r) {
            Err(EngineError::Refused(texts)) => texts.iter().map(|t| t.key.clone()).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(keys(AutoReply { subject: " ".into(), html: "<p> </p>".into(), ..reply() }), ["sieve-no-subject", "sieve-no-message"]);
        assert_eq!(keys(AutoReply { end: Some("2026-12-24T07:00:00Z".into()), ..reply() }), ["sieve-end-before-start"]);
        assert_eq!(keys(AutoReply { start: Some("demain".into()), ..reply() }), ["sieve-bad-date"]);
        // Off, an empty message is fine (kept for the next time).
        assert!(clean_auto_reply(&AutoReply { enabled: false, subject: String::new(), ..reply() }).is_ok());
    }
}

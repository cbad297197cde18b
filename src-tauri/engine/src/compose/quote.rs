//! Subjects and quoted originals the way French mail clients write them.

use chrono::{DateTime, TimeZone};

use super::Composition;
use crate::mime::display::escape_html;
use crate::mime::structured_subject;
use crate::{Lang, Text};

/// The language of what the user writes to others: French, that of the people they write to.
pub const MAIL_LANG: Lang = Lang::Fr;

/// Reply and forward markers other clients put in front of a subject (French, English,
/// German, Swedish, Dutch): they are dropped before ours is added, so they never pile up.
/// Not "Réf :", which in French introduces a reference number.
const MARKERS: [&str; 8] = ["re", "tr", "fwd", "fw", "aw", "wg", "sv", "antw"];

/// A structured message's subject without its `XDM/1.0/DDM+` prefix; others unchanged.
pub fn display_subject(subject: &str) -> &str {
    structured_subject(subject).map_or(subject, str::trim_start)
}

/// `RE: x` or `TR: x` from any subject, whatever markers it already had.
pub(super) fn marked(marker: &str, subject: &str) -> String {
    let base = display_subject(without_markers(subject));
    let base = without_markers(base);
    if base.is_empty() {
        format!("{marker}:")
    } else {
        format!("{marker}: {base}")
    }
}

/// Drops leading `Re:`, `RE :`, `Fwd:`, `TR:`, `AW:`, `Re[2]:`… markers.
pub(super) fn without_markers(subject: &str) -> &str {
    let mut rest = subject.trim();
    while let Some(after) = strip_marker(rest) {
        rest = after.trim_start();
    }
    rest
}

fn strip_marker(subject: &str) -> Option<&str> {
    let colon = subject.find(':')?;
    // French typing puts a space before the colon ("RE : …").
    let head = subject[..colon].trim_end();
    let word = head.trim_end_matches(|c: char| c.is_ascii_digit() || "[]()".contains(c));
    let word = word.to_lowercase();
    MARKERS
        .contains(&word.as_str())
        .then(|| &subject[colon + 1..])
}

/// "mer. 12 mars 2025 à 15:44" in `tz`: replies and forwards are written in French.
pub(super) fn french_date<Tz: TimeZone>(unix_seconds: i64, tz: &Tz) -> Option<String>
where
    Tz::Offset: std::fmt::Display,
{
    let local = DateTime::from_timestamp(unix_seconds, 0)?.with_timezone(tz);
    let text = Text::new("mail-attribution-date")
        .arg("day", local.format_localized("%a %-d %B %Y", chrono::Locale::fr_FR).to_string())
        .arg("time", local.format("%H:%M").to_string());
    Some(text.say(MAIL_LANG))
}

/// "Le mer. 12 mars 2025 à 15:44, X a écrit :".
pub(super) fn attribution(date: Option<String>, who: &str) -> String {
    match date {
        Some(date) => Text::new("mail-attribution").arg("date", date).arg("who", who).say(MAIL_LANG),
        None => Text::new("mail-attribution-undated").arg("who", who).say(MAIL_LANG),
    }
}

/// Whether a line is the attribution above a quoted original ("… a écrit :").
pub fn is_attribution(line: &str) -> bool {
    let ending = Text::new("mail-attribution-undated").arg("who", "").say(MAIL_LANG);
    !ending.trim().is_empty() && line.trim_end().ends_with(ending.as_str())
}

/// Each line behind `> ` (`>` alone before a line already quoted, so levels read `>>`).
pub(super) fn quote_text(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|line| {
            if line.is_empty() || line.starts_with('>') {
                format!(">{line}")
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Plain text as HTML, line breaks kept. The original's own HTML is not carried over: it
/// would bring its scripts, styles and remote images into the compose window.
pub(super) fn text_as_html(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(escape_html)
        .collect::<Vec<_>>()
        .join("<br>\n")
}


/// Puts the writer's words above what a reply quotes or a forward carries, in the text part
/// and in the HTML part alike (the window's editor does the same as the user types there).
pub fn write_above(composition: &mut Composition, words: &str) {
    let words = words.trim_end();
    composition.body_text = format!("{words}{}", composition.body_text);
    if let Some(html) = &composition.body_html {
        // A reply or forward starts with an empty paragraph for the writer: it is replaced.
        let rest = html.strip_prefix("<p><br></p>\n").unwrap_or(html);
        let paragraphs: Vec<String> = words
            .split("\n\n")
            .map(|paragraph| format!("<p>{}</p>", paragraph.lines().map(escape_html).collect::<Vec<_>>().join("<br>")))
            .collect();
        composition.body_html = Some(format!("{}\n{rest}", paragraphs.join("\n")));
    }
}

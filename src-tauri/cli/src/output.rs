//! Printing results: JSON, or short human lines.

use serde::Serialize;

use super::Lang;
use medimail_engine::types::{FlagColor, MessageSummary};
use medimail_engine::EngineError;

pub fn json(value: &impl Serialize) -> Result<(), EngineError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| EngineError::Internal(e.to_string()))?;
    outln!("{text}");
    Ok(())
}

/// How the command speaks (language, JSON), for the one error `line` may have to say.
static SPEAKING: std::sync::OnceLock<(Lang, bool)> = std::sync::OnceLock::new();

pub fn speak(lang: Lang, json: bool) {
    let _ = SPEAKING.set((lang, json));
}

/// One line on standard output: what `outln!` does.
///
/// SIGPIPE keeps Rust's setting (ignored): the network libraries write to their sockets
/// with `writev`, which raises SIGPIPE on a connection the server has closed, and with the
/// signal's default action such a cut line killed the command without a word (found by
/// the directory download's random cuts). So a closed standard output (`medimail list |
/// head`) is met here instead: the command ends quietly, as a Unix tool does, rather than
/// panicking the way `println!` does.
pub fn line(text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_fmt(text).and_then(|()| out.write_all(b"\n")) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            let err = EngineError::Internal(format!("standard output: {}", e.kind()));
            match SPEAKING.get().copied().unwrap_or_default() {
                (_, true) => eprintln!("{}", serde_json::to_string(&medimail_engine::AppError::from(err)).unwrap_or_default()),
                (lang, false) => eprintln!("{}", medimail_engine::describe_error(&err, lang)),
            }
            std::process::exit(1);
        }
    }
}

pub fn date(secs: Option<i64>) -> String {
    secs.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|d| d.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|| "—".to_owned())
}

pub fn color_name(color: FlagColor, lang: Lang) -> String {
    medimail_engine::catalogue::say_plain(lang, &format!("cli-color-{}", color.as_str()))
}

fn cut(s: &str, width: usize) -> String {
    let mut out: String = s.chars().take(width).collect();
    if s.chars().count() > width {
        out.pop();
        out.push('…');
    }
    format!("{out:<width$}")
}

pub fn message_lines(messages: &[MessageSummary], lang: Lang) {
    for m in messages {
        let mut marks = String::new();
        marks.push(if m.seen { ' ' } else { '●' });
        marks.push(if m.has_attachments { '📎' } else { ' ' });
        let from = m.from_name.clone().or_else(|| m.from.clone()).unwrap_or_default();
        let mut tail = String::new();
        if let Some(color) = m.flag_color {
            tail.push_str(&format!(" [{}]", color_name(color, lang)));
        }
        if !m.on_server {
            tail.push(' ');
            tail.push_str(&medimail_engine::catalogue::say_plain(lang, "cli-archived-mark"));
        }
        outln!("{:>7} {marks} {} {} {}{tail}", m.id, date(m.date), cut(&from, 28), m.subject);
    }
}

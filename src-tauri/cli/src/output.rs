//! Printing results: JSON, or short human lines.

use serde::Serialize;

use super::Lang;
use medimail_engine::types::{FlagColor, MessageSummary};
use medimail_engine::EngineError;

pub fn json(value: &impl Serialize) -> Result<(), EngineError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| EngineError::Internal(e.to_string()))?;
    println!("{text}");
    Ok(())
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
        println!("{:>7} {marks} {} {} {}{tail}", m.id, date(m.date), cut(&from, 28), m.subject);
    }
}

//! Flags as the server sends them, read into what the store keeps.

use async_imap::types::{Fetch, Flag};

use crate::store::FlagState;
use crate::types::FlagColor;

/// A FETCH response's flags.
pub(crate) fn flag_state(fetch: &Fetch) -> FlagState {
    flag_state_of_flags(fetch.flags())
}

/// Flags as the library reads them (`Flag::from` on each atom of a FLAGS item).
pub(crate) fn flag_state_of_flags<'a>(flags: impl IntoIterator<Item = Flag<'a>>) -> FlagState {
    let atoms: Vec<String> = flags
        .into_iter()
        .map(|flag| match flag {
            Flag::Seen => "\\Seen".to_owned(),
            Flag::Answered => "\\Answered".to_owned(),
            Flag::Flagged => "\\Flagged".to_owned(),
            Flag::Deleted => "\\Deleted".to_owned(),
            Flag::Draft => "\\Draft".to_owned(),
            Flag::Recent => "\\Recent".to_owned(),
            Flag::MayCreate => "\\*".to_owned(),
            Flag::Custom(name) => name.into_owned(),
        })
        .collect();
    flag_state_of(atoms.iter().map(String::as_str))
}

/// From IMAP flag atoms (`\Seen`, `$label1`, `Junk`…). `\Recent` and `\Deleted` are
/// session or transient state, not kept.
fn flag_state_of<'a>(flags: impl IntoIterator<Item = &'a str>) -> FlagState {
    let mut state = FlagState::default();
    for flag in flags {
        match flag.to_ascii_lowercase().as_str() {
            "\\seen" => state.seen = true,
            "\\flagged" => state.flagged = true,
            "\\answered" => state.answered = true,
            "\\draft" => state.draft = true,
            "\\recent" | "\\deleted" => {}
            _ => match FlagColor::from_keyword(flag) {
                // The first colour wins if a webmail left several.
                Some(color) => {
                    state.color.get_or_insert(color);
                }
                None if !flag.starts_with('\\') => state.keywords.push(flag.to_owned()),
                None => {}
            },
        }
    }
    state.keywords.sort();
    state.keywords.dedup();
    state
}

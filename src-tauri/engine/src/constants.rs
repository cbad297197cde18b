//! Limits the window needs beside the engine, written to `ui/src/lib/bindings/constants.ts`
//! by the tests (as ts-rs writes the types: ts-rs exports types, not values), so that the
//! page and the engine never disagree; `make test` checks the file is committed.

use crate::api::LOCK_AFTER_CHOICES;
use crate::compose::{MAX_RECIPIENTS, PATIENT_SIZE_LIMIT};
use crate::patient::PATIENT_DOMAIN;
use crate::window_layout::{MAX_LIST_SHARE, MIN_LIST_SHARE};

/// Each shared value: its TypeScript name, its value as TypeScript, and what it is.
fn shared() -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("MAX_RECIPIENTS", MAX_RECIPIENTS.to_string(), "Recipients of one message, all fields together."),
        ("PATIENT_DOMAIN", format!("{PATIENT_DOMAIN:?}"), "Mon Espace Santé addresses: only \"Nouveau message Patient\" may write to them."),
        ("PATIENT_SIZE_LIMIT", PATIENT_SIZE_LIMIT.to_string(), "Bytes of a message to a patient (Mon Espace Santé)."),
        ("MIN_LIST_SHARE", MIN_LIST_SHARE.to_string(), "The message list's least share of the room beside the reading pane."),
        ("MAX_LIST_SHARE", MAX_LIST_SHARE.to_string(), "The message list's largest share of the room beside the reading pane."),
        ("LOCK_AFTER_CHOICES", format!("{LOCK_AFTER_CHOICES:?} as const"), "The delays (minutes without use) the window may lock after."),
    ]
}

fn typescript() -> String {
    let mut out = String::from("// Generated from Rust (src-tauri/engine/src/constants.rs) by the tests. Do not edit.\n");
    for (name, value, what) in shared() {
        out.push_str(&format!("\n/** {what} */\nexport const {name} = {value};\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_constants_for_the_window() {
        let Some(dir) = std::env::var_os("TS_RS_EXPORT_DIR") else { return };
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir).join("constants.ts");
        let text = typescript();
        assert!(text.contains("export const MAX_RECIPIENTS = 40;"));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).unwrap();
        }
    }
}

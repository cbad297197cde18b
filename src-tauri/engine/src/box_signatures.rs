//! An organisational mailbox's signatures, seen by every member who opens it (issue 15).
//!
//! Members open the box by logging in *as* the box (SASL authorisation identity), so the
//! box's own private server annotations (RFC 5464 METADATA) are one place all of them read
//! and write, on any computer: one entry per signature under `SIGNATURES`, named by the
//! signature's `server_id`. The store plans each change made here (`sync_state`); the box's
//! sync pass writes those first, then makes the box's signatures here what the server
//! holds. Which one is the default stays each member's own. A server without METADATA
//! keeps them on this computer only, as for an ordinary account.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::imap::{self, Capabilities, ImapSession};
use crate::store::{self, PlannedSignature, ServerSignature, SharedStore, SignaturesMatched};
use crate::{EngineError, Result};

const SIGNATURES: &str = "/private/vendor/medimail/signatures";
/// A server id the app draws is 32 hex digits; others' are refused beyond this.
const MOST_ID: usize = 64;

/// The annotation's value: JSON in base64url, so that any HTML travels as plain ASCII.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    title: String,
    html: String,
    text: String,
    updated: i64,
}

fn encode(signature: &ServerSignature) -> Result<String> {
    let entry = Entry { title: signature.title.clone(), html: signature.html.clone(), text: signature.text.clone(), updated: signature.updated_at };
    let json = serde_json::to_vec(&entry).map_err(|e| EngineError::Internal(format!("signature entry: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

/// One server entry back as a signature; None for what another program (or a damaged
/// value) put there: it is skipped, never a reason to stop the pass.
fn decode(name: &str, value: &str) -> Option<ServerSignature> {
    let server_id = name.strip_prefix(SIGNATURES)?.strip_prefix('/')?;
    let plain_id = !server_id.is_empty()
        && server_id.len() <= MOST_ID
        && server_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !plain_id {
        return None;
    }
    let entry: Entry = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(value.trim()).ok()?).ok()?;
    // The same rules as a signature typed here: a member's copy of the app might be older.
    let title = crate::signatures::clean_title(&entry.title).ok()?;
    if entry.html.trim().is_empty() && entry.text.trim().is_empty() {
        return None;
    }
    Some(ServerSignature { server_id: server_id.to_owned(), title, html: entry.html, text: entry.text, updated_at: entry.updated })
}

/// The box's part of a sync pass: planned changes written, then the server's signatures
/// taken. A server without METADATA, or one refusing these entries (a quota, a policy),
/// never stops the mail: the signatures then stay this computer's until it takes them.
pub async fn sync(store: &SharedStore, session: &mut ImapSession, caps: Capabilities, account_id: i64) -> Result<()> {
    if !caps.metadata {
        tracing::info!(code = "box_signatures_unsupported", "the server keeps no annotations: the box's signatures stay on this computer");
        return Ok(());
    }
    match exchange(store, session, caps, account_id).await {
        Err(EngineError::Server(_)) => {
            tracing::info!(code = "box_signatures_refused", "the server refused the box's signatures; mail goes on");
            Ok(())
        }
        Ok(matched) => {
            if matched != SignaturesMatched::default() {
                tracing::info!(added = matched.added, updated = matched.updated, removed = matched.removed, "box signatures taken from the server");
            }
            Ok(())
        }
        Err(other) => Err(other),
    }
}

async fn exchange(store: &SharedStore, session: &mut ImapSession, caps: Capabilities, account_id: i64) -> Result<SignaturesMatched> {
    let planned = store::lock(store)?.planned_signatures(account_id)?;
    let mut refused = 0usize;
    for change in &planned {
        let written = match change {
            PlannedSignature::Write { signature, .. } => {
                let name = format!("{SIGNATURES}/{}", signature.server_id);
                let value = encode(signature)?;
                imap::write_long_annotations(session, caps.literal_plus, &[(&name, Some(&value))]).await
            }
            PlannedSignature::Delete { server_id, .. } => {
                let name = format!("{SIGNATURES}/{server_id}");
                imap::write_annotations(session, &[(&name, None)]).await
            }
        };
        match written {
            Ok(()) => store::lock(store)?.signature_done(change)?,
            // One refused (too long for this server, say) stays planned; the others go on.
            Err(EngineError::Server(_)) => refused += 1,
            Err(other) => return Err(other),
        }
    }
    let tree = imap::read_annotations(session, SIGNATURES).await?;
    let mut skipped = 0usize;
    let server: Vec<ServerSignature> = tree
        .iter()
        .filter(|(name, _)| name.as_str() != SIGNATURES)
        .filter_map(|(name, value)| {
            let found = decode(name, value);
            skipped += usize::from(found.is_none());
            found
        })
        .collect();
    if skipped > 0 {
        tracing::info!(code = "box_signature_unreadable", skipped, "server signatures that cannot be read were skipped");
    }
    if refused > 0 {
        tracing::info!(code = "box_signature_refused", refused, "signatures the server refused stay planned for the next pass");
    }
    store::lock(store)?.match_server_signatures(account_id, &server)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(title: &str, html: &str, text: &str) -> ServerSignature {
        ServerSignature { server_id: "0a1b2c".into(), title: title.into(), html: html.into(), text: text.into(), updated_at: 1_800_000_000 }
    }

    #[test]
    fn a_signature_travels_as_plain_ascii_and_comes_back_whole() {
        let sent = signature(
            "Secrétariat « Dr Dupont »",
            "<p style=\"color:#1a5\">Secrétariat du cabinet\\ Dupont<br>Tél. 05 61 00 00 00 &amp; “urgences”</p>",
            "Secrétariat du cabinet\\ Dupont\nTél. 05 61 00 00 00 & \"urgences\"",
        );
        let value = encode(&sent).unwrap();
        assert!(value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{value}");
        let back = decode(&format!("{SIGNATURES}/0a1b2c"), &value).unwrap();
        assert_eq!(back, sent);
    }

    #[test]
    fn what_cannot_be_read_is_skipped() {
        let name = format!("{SIGNATURES}/0a1b2c");
        assert!(decode(&name, "not base64 !").is_none());
        assert!(decode(&name, &URL_SAFE_NO_PAD.encode(b"{\"title\":1}")).is_none());
        assert!(decode(&name, &URL_SAFE_NO_PAD.encode(b"[]")).is_none());
        let untitled = encode(&signature("  ", "<b>x</b>", "x")).unwrap();
        assert!(decode(&name, &untitled).is_none());
        let empty = encode(&signature("Vide", " ", "")).unwrap();
        assert!(decode(&name, &empty).is_none());
        let fine = encode(&signature("Cabinet", "<b>x</b>", "x")).unwrap();
        assert!(decode(&format!("{SIGNATURES}/a b"), &fine).is_none());
        assert!(decode(&format!("{SIGNATURES}/"), &fine).is_none());
        assert!(decode(&format!("{SIGNATURES}/{}", "a".repeat(MOST_ID + 1)), &fine).is_none());
        assert!(decode("/private/vendor/medimail/devices/0a1b2c", &fine).is_none());
        assert!(decode(&name, &fine).is_some());
    }
}

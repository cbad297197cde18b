//! The exact bytes of a stored message, read back (written with the message, compressed).

use rusqlite::OptionalExtension;

use crate::{EngineError, Result};

/// The exact bytes of message `id` as received.
pub(super) fn raw_bytes(conn: &rusqlite::Connection, id: i64) -> Result<Vec<u8>> {
    let (compression, data): (String, Vec<u8>) = conn
        .prepare_cached("SELECT compression, data FROM message_raw WHERE message_id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| EngineError::NotFound(format!("message #{id}")))?;
    match compression.as_str() {
        "zstd" => zstd::stream::decode_all(data.as_slice())
            .map_err(|e| EngineError::Store(format!("message #{id} cannot be decompressed: {e}"))),
        _ => Ok(data),
    }
}

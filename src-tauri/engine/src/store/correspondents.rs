//! Past correspondents, for the recipient fields' autocomplete: senders of stored messages.
//! (Recipients of sent mail are senders of their replies.) `directory::suggestions` puts
//! them before the directory's matches.

use rusqlite::params;

use super::Store;
use crate::types::Sender;
use crate::Result;

impl Store {
    pub fn correspondents(&self, text: &str, limit: u32) -> Result<Vec<Sender>> {
        let pattern = format!("%{}%", escape_like(text));
        let mut stmt = self.conn().prepare_cached(
            "SELECT lower(from_addr), max(from_name), count(*) AS n FROM message
              WHERE from_addr IS NOT NULL AND from_addr <> ''
                AND (from_addr LIKE ?1 ESCAPE '\\' OR from_name LIKE ?1 ESCAPE '\\')
              GROUP BY lower(from_addr)
              ORDER BY n DESC, 1
              LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![pattern, limit], |row| {
            Ok(Sender { address: row.get(0)?, name: row.get::<_, Option<String>>(1)?.filter(|n| !n.trim().is_empty()) })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn wildcards_typed_by_the_user_match_themselves() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}

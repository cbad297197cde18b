//! What the lists, the search and the reader ask of the stored messages.

use rusqlite::{params, OptionalExtension, Row};

use crate::store::raw::raw_bytes;
use crate::store::{search, Store};
use crate::types::{FlagColor, MessageSummary, OpenState, Presence, SortKey};
use crate::{address_list, EngineError, Result};

impl Store {
    pub fn count_messages(&self, account_id: i64) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM message WHERE account_id = ?1", [account_id], |r| r.get(0))?)
    }

    pub fn list_messages(&self, filter: &MessageFilter, sort: SortKey, descending: bool, limit: u32, offset: u32) -> Result<Vec<MessageSummary>> {
        let direction = if descending { "DESC" } else { "ASC" };
        let order = match sort {
            SortKey::Date => format!("coalesce(m.date, m.internal_date) {direction}"),
            SortKey::From => format!("coalesce(m.from_name, m.from_addr) COLLATE NOCASE {direction}"),
            SortKey::Subject => format!("m.subject COLLATE NOCASE {direction}"),
            SortKey::Flag => format!(
                "m.flagged {direction}, CASE m.color WHEN 'red' THEN 1 WHEN 'orange' THEN 2 WHEN 'yellow' THEN 3
                                                     WHEN 'green' THEN 4 WHEN 'blue' THEN 5 ELSE 6 END {}",
                if descending { "ASC" } else { "DESC" }
            ),
            SortKey::Attachment => format!("m.has_attachments {direction}"),
            SortKey::Read => format!("m.seen {direction}"),
        };
        // Only the filters in use appear, so SQLite can walk a folder's index in date order
        // instead of sorting the whole store.
        let mut conditions = Vec::new();
        if filter.account_id.is_some() {
            conditions.push("m.account_id = :account");
        }
        if filter.folder_id.is_some() {
            conditions.push("m.folder_id = :folder");
        }
        if filter.presence != Presence::All {
            conditions.push("m.on_server = :on_server");
        }
        if filter.inboxes {
            conditions.push("f.role = 'inbox'");
        }
        let where_clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let tie_break = if sort == SortKey::Date { "" } else { ", coalesce(m.date, m.internal_date) DESC" };
        let sql = format!("{SUMMARY_SELECT} {where_clause} ORDER BY {order}{tie_break}, m.id DESC LIMIT :limit OFFSET :offset");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut named: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":limit", &limit), (":offset", &offset)];
        let on_server = presence_value(filter.presence);
        if let Some(account) = &filter.account_id {
            named.push((":account", account));
        }
        if let Some(folder) = &filter.folder_id {
            named.push((":folder", folder));
        }
        if let Some(on_server) = &on_server {
            named.push((":on_server", on_server));
        }
        let rows = stmt
            .query_map(named.as_slice(), summary_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Full-text search, newest first. Words match without accents ("equipe" finds
    /// "équipe"); `mot*` matches a prefix.
    pub fn search_messages(&self, query: &str, filter: &MessageFilter, limit: u32) -> Result<Vec<MessageSummary>> {
        let started = std::time::Instant::now();
        let Some(fts) = search::match_expression(self.conn(), query)? else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "{SUMMARY_SELECT} JOIN message_fts ON message_fts.rowid = m.id
             WHERE message_fts MATCH ?1 AND (?2 IS NULL OR m.account_id = ?2) AND (?3 IS NULL OR m.folder_id = ?3)
               AND (?4 IS NULL OR m.on_server = ?4)
             ORDER BY message_fts.rowid DESC LIMIT ?5"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(
                params![fts, filter.account_id, filter.folder_id, presence_value(filter.presence), limit],
                summary_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        tracing::debug!(us = started.elapsed().as_micros() as u64, hits = rows.len(), "search: query ran");
        Ok(rows)
    }

    /// The accounts these messages belong to, each once (unknown ids are left out).
    pub fn accounts_of_messages(&self, ids: &[i64]) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare_cached("SELECT account_id FROM message WHERE id = ?1")?;
        let mut accounts = Vec::new();
        for id in ids {
            if let Some(account) = stmt.query_row([id], |r| r.get::<_, i64>(0)).optional()? {
                if !accounts.contains(&account) {
                    accounts.push(account);
                }
            }
        }
        Ok(accounts)
    }

    pub fn message_summary(&self, id: i64) -> Result<MessageSummary> {
        self.conn()
            .query_row(&format!("{SUMMARY_SELECT} WHERE m.id = ?1"), [id], summary_from_row)
            .optional()?
            .ok_or_else(|| EngineError::NotFound(format!("message #{id}")))
    }

    pub fn message_ids(&self, filter: &MessageFilter) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare(
            "SELECT m.id FROM message m WHERE (?1 IS NULL OR m.account_id = ?1) AND (?2 IS NULL OR m.folder_id = ?2)
               AND (?3 IS NULL OR m.on_server = ?3)
             ORDER BY coalesce(m.date, m.internal_date), m.id",
        )?;
        let ids = stmt
            .query_map(params![filter.account_id, filter.folder_id, presence_value(filter.presence)], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// The exact bytes as received.
    pub fn raw_message(&self, id: i64) -> Result<Vec<u8>> {
        raw_bytes(self.conn(), id)
    }

    /// The message's internal date (arrival on the server), for mbox "From " lines.
    pub fn internal_date(&self, id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row("SELECT coalesce(internal_date, date) FROM message WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .flatten())
    }
}

/// Which messages a list or search covers.
#[derive(Debug, Clone, Copy, Default)]
pub struct MessageFilter {
    pub account_id: Option<i64>,
    pub folder_id: Option<i64>,
    pub presence: Presence,
    /// Only the INBOX of each account (the unified inbox); read by `list_messages`.
    pub inboxes: bool,
}

fn presence_value(p: Presence) -> Option<i64> {
    match p {
        Presence::All => None,
        Presence::OnServer => Some(1),
        Presence::Archived => Some(0),
    }
}

// The last column is the Sent list's opening state, kept on the row by store::receipts.
const SUMMARY_SELECT: &str = "SELECT m.id, a.email, m.message_id, f.path, m.from_addr, m.from_name, m.to_list, m.cc_list,
        m.subject, coalesce(m.date, m.internal_date), m.seen, m.flagged, m.color, m.has_attachments, m.on_server, m.size,
        CASE WHEN f.role = 'sent' THEN coalesce(m.open_state, 'no_information') END
     FROM message m JOIN folder f ON f.id = m.folder_id JOIN account a ON a.id = m.account_id";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<MessageSummary> {
    Ok(MessageSummary {
        id: row.get(0)?,
        account: row.get(1)?,
        message_id: row.get(2)?,
        folder: row.get(3)?,
        from: row.get(4)?,
        from_name: row.get(5)?,
        to: address_list::split(&row.get::<_, String>(6)?),
        cc: address_list::split(&row.get::<_, String>(7)?),
        subject: row.get(8)?,
        date: row.get(9)?,
        seen: row.get(10)?,
        flagged: row.get(11)?,
        flag_color: row.get::<_, Option<String>>(12)?.as_deref().and_then(FlagColor::parse),
        has_attachments: row.get(13)?,
        on_server: row.get(14)?,
        size: row.get(15)?,
        open_state: row.get::<_, Option<String>>(16)?.as_deref().and_then(OpenState::parse),
    })
}

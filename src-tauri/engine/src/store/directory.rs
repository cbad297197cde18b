//! The national directory's tables: staging an import, swapping it in, searching, reading
//! one entry. The words and rules of a search are the directory module's; this only runs
//! them.
//!
//! An import writes its rows, already merged and in name order, into `directory_entry_next`
//! and `directory_fts_next` (in several transactions), then one transaction puts both in
//! place of the live tables. Until that commit the live tables are untouched; a stopped
//! import leaves only staging tables, dropped by the next one.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{folded_like_the_index, is_token_char, Store};
use crate::directory::national::parse::Entry;
use crate::directory::national::download::DownloadState;
use crate::directory::{DirectoryEntry, DirectoryInfo, MailboxKind};
use crate::{EngineError, Result};

/// The file's and the derived columns, in `DirectoryEntry`'s order.
const COLUMNS: &str = "kind, address, pp_id_type, pp_id, pp_national_id, structure_id_type, structure_id, service, \
     civility, surname, first_name, profession_category, profession_category_label, profession_code, \
     profession_label, skill_code, skill_label, dematerialisation, company_name, trade_name, \
     location_complement, distribution_complement, street_number, street_number_complement, street_type, \
     street_name, place_mention, routing_line, postal_code, department, country, city, department_code, region";

/// `directory_rows` is the staging table of earlier versions, dropped if one was left.
/// FTS5's buffer of words during an import (its default is 1 MiB): a batch's words flushed
/// in one segment or two. Memory the import can spend (its goal is 300 MB at most).
const IMPORT_HASH_SIZE: u32 = 32 << 20;

const STAGING: [&str; 4] = ["directory_rows", "directory_entry_next", "directory_fts_next", "directory_word_next"];

/// A row's text in the index's columns: surname (as one word), who, activity, place,
/// structure. Made on the import's parsing thread, beside the words it adds.
pub(crate) fn index_columns(e: &DirectoryEntry) -> [String; 5] {
    let [who, activity, place, structure] = index_fields(e);
    [surname_as_one_word(&e.surname), who.join(" "), activity.join(" "), place.join(" "), structure.join(" ")]
}

/// The surname as one word: its separators dropped here, its case and accents by the
/// tokenizer (`directory::surname_word` does the same to what is typed).
fn surname_as_one_word(surname: &str) -> String {
    surname.chars().filter(|c| !matches!(c, ' ' | '-' | '\'' | '’')).collect()
}

/// The fields each of the index's columns after the surname is made of, joined by spaces.
fn index_fields(e: &DirectoryEntry) -> [Vec<&str>; 4] {
    [
        vec![&e.surname, &e.first_name, &e.pp_national_id, &e.pp_id, &e.address],
        vec![&e.profession_label, &e.skill_label],
        vec![&e.city, &e.postal_code, &e.department_code, &e.region],
        vec![&e.company_name, &e.trade_name, &e.service],
    ]
}

/// The words `directory_word` lists (migration 0024), gathered from the rows of an import.
#[derive(Default)]
pub(crate) struct IndexWords {
    words: HashSet<Box<str>>,
    /// Field values already gone through: most repeat (professions, cities, structures,
    /// names), and splitting them again was most of the cost.
    seen: HashSet<Box<str>>,
    folded: String,
}

impl IndexWords {
    /// Adds the words of a row's index columns (the same fields as `index_columns`).
    pub(crate) fn add(&mut self, e: &DirectoryEntry) {
        let one_word = surname_as_one_word(&e.surname);
        self.add_text(&one_word);
        for field in index_fields(e).into_iter().flatten() {
            // Addresses and identifiers are each in one row: not worth remembering.
            let unique = std::ptr::eq(field, e.address.as_str())
                || std::ptr::eq(field, e.pp_id.as_str())
                || std::ptr::eq(field, e.pp_national_id.as_str());
            if unique {
                self.add_text(field);
            } else if !self.seen.contains(field) {
                self.seen.insert(field.into());
                self.add_text(field);
            }
        }
    }

    /// Each word of `text` as the index folds it, when that is ASCII letters and digits
    /// with a letter (a typed prefix of digits only is asked of the index itself).
    fn add_text(&mut self, text: &str) {
        for word in text.split(|c: char| !is_token_char(c)) {
            if word.is_empty() {
                continue;
            }
            if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
                if !word.bytes().any(|b| b.is_ascii_alphabetic()) {
                    continue;
                }
                self.folded.clear();
                self.folded.extend(word.chars().map(|c| c.to_ascii_lowercase()));
                if !self.words.contains(self.folded.as_str()) {
                    self.words.insert(self.folded.as_str().into());
                }
            } else if let Some(f) = folded_like_the_index(word) {
                if f.bytes().any(|b| b.is_ascii_alphabetic()) {
                    self.words.insert(f.into());
                }
            }
        }
    }

    /// The words, sorted (written in the order of their table's key).
    pub(crate) fn sorted(self) -> Vec<Box<str>> {
        let mut words: Vec<Box<str>> = self.words.into_iter().collect();
        words.sort_unstable();
        words
    }
}

/// A copy of a live table's definition under another name: the migration's definition is
/// the only one, so staging tables never drift from it.
fn create_like(tx: &Transaction<'_>, live: &str, copy: &str) -> Result<()> {
    let sql: String = tx.query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [live], |r| r.get(0))?;
    let Some(position) = sql.find(live) else {
        return Err(EngineError::Store(format!("no definition of {live}")));
    };
    let sql = format!("{}{copy}{}", &sql[..position], &sql[position + live.len()..]);
    tx.execute_batch(&sql)?;
    Ok(())
}

fn drop_staging(tx: &Transaction<'_>) -> Result<()> {
    for table in STAGING {
        tx.execute_batch(&format!("DROP TABLE IF EXISTS {table}"))?;
    }
    Ok(())
}

impl Store {
    /// Starts an import: empty staging tables, the live directory untouched.
    pub fn begin_directory_import(&mut self) -> Result<()> {
        self.write(|tx| {
            drop_staging(tx)?;
            create_like(tx, "directory_entry", "directory_entry_next")?;
            create_like(tx, "directory_fts", "directory_fts_next")?;
            create_like(tx, "directory_word", "directory_word_next")?;
            // The index is written in one go and never added to: no merging of its segments
            // on the way (each merge rewrites what was written), and a larger buffer of
            // words, flushed at each batch's commit. Both are put back before the swap.
            tx.execute_batch(&format!(
                "INSERT INTO directory_fts_next (directory_fts_next, rank) VALUES ('automerge', 0);
                 INSERT INTO directory_fts_next (directory_fts_next, rank) VALUES ('hashsize', {IMPORT_HASH_SIZE});"
            ))?;
            Ok(())
        })
    }

    /// Adds rows to the staging, in one transaction, with ids from `first_id` on: the caller
    /// gives them merged and in name order (the index hands rows back by id, see the
    /// migration), each with its `index_columns`. The number of rows added.
    pub fn stage_directory_rows(&mut self, first_id: i64, rows: impl Iterator<Item = (Entry, [String; 5])>) -> Result<i64> {
        self.write(|tx| {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO directory_entry_next (id, {COLUMNS}, sort_name, filled) VALUES (?1, ?2, ?3, ?4, ?5, ?6, \
                 ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, \
                 ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)"
            ))?;
            let mut index = tx.prepare_cached(
                "INSERT INTO directory_fts_next (rowid, surname, who, activity, place, structure) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut next_id = first_id;
            for (row, columns) in rows {
                let id = next_id;
                next_id += 1;
                let e = &row.entry;
                insert.execute(params![
                    id, e.kind.as_str(), e.address, e.pp_id_type, e.pp_id, e.pp_national_id, e.structure_id_type,
                    e.structure_id, e.service, e.civility, e.surname, e.first_name, e.profession_category,
                    e.profession_category_label, e.profession_code, e.profession_label, e.skill_code, e.skill_label,
                    e.dematerialisation, e.company_name, e.trade_name, e.location_complement,
                    e.distribution_complement, e.street_number, e.street_number_complement, e.street_type,
                    e.street_name, e.place_mention, e.routing_line, e.postal_code, e.department, e.country, e.city,
                    e.department_code, e.region, row.sort_name, row.filled,
                ])?;
                let [surname, who, activity, place, structure] = &columns;
                index.execute(params![id, surname, who, activity, place, structure])?;
            }
            Ok(next_id - first_id)
        })
    }

    /// Stages the index's words (`IndexWords`), in one transaction.
    pub fn stage_directory_words(&mut self, words: &[Box<str>]) -> Result<()> {
        self.write(|tx| {
            let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO directory_word_next (word) VALUES (?1)")?;
            for word in words {
                insert.execute([&**word])?;
            }
            Ok(())
        })
    }

    /// Puts the staged rows in place of the live directory, in one transaction; the number
    /// of entries.
    pub fn finish_directory_import(&mut self, extraction_date: Option<&str>) -> Result<u64> {
        self.write(|tx| {
            let entries: i64 = tx.query_row("SELECT count(*) FROM directory_entry_next", [], |r| r.get(0))?;
            tx.execute_batch(
                "INSERT INTO directory_fts_next (directory_fts_next, rank) VALUES ('automerge', 4);
                 INSERT INTO directory_fts_next (directory_fts_next, rank) VALUES ('hashsize', 1048576);
                 DROP TABLE IF EXISTS directory_rows;
                 DROP TABLE directory_entry;
                 DROP TABLE directory_fts;
                 DROP TABLE directory_word;
                 ALTER TABLE directory_entry_next RENAME TO directory_entry;
                 ALTER TABLE directory_fts_next RENAME TO directory_fts;
                 ALTER TABLE directory_word_next RENAME TO directory_word;
                 -- Built here in one sorted pass rather than row by row into the staging
                 -- (migration 0016); its name is free again once the old table is gone.
                 -- The addresses were merged: a duplicate would fail the whole swap.
                 CREATE UNIQUE INDEX directory_entry_address ON directory_entry (address);",
            )?;
            tx.execute(
                "INSERT INTO directory_import (id, extraction_date, entries, imported_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET extraction_date = excluded.extraction_date,
                     entries = excluded.entries, imported_at = excluded.imported_at",
                params![extraction_date, entries, super::now()],
            )?;
            Ok(entries as u64)
        })
    }

    /// Writes the import's pages back into the database and empties the WAL, which would
    /// otherwise keep the size of the whole directory until the next checkpoint. Readers
    /// still open may hold it back; it is then only tried again by SQLite later.
    pub fn checkpoint_after_directory_import(&mut self) {
        if let Err(e) = self.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)") {
            tracing::warn!(error = %e, "the WAL was not emptied after the directory import");
        }
    }

    /// Drops what a failed import staged.
    pub fn abandon_directory_import(&mut self) -> Result<()> {
        self.write(drop_staging)
    }

    /// The entries whose index row matches `expression` (an FTS5 expression), in name order,
    /// at most `limit`.
    pub fn search_directory(&self, expression: &str, limit: usize) -> Result<Vec<DirectoryEntry>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM directory_entry
             WHERE id IN (SELECT rowid FROM directory_fts WHERE directory_fts MATCH ?1 ORDER BY rowid LIMIT ?2)
             ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![expression, limit as i64], entry)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The index's words that start with `folded` (folded as the index folds, with a letter:
    /// see `IndexWords`), at most `most` + 1 of them (more: too many to be worth listing).
    pub fn directory_words_with_prefix(&self, folded: &str, most: usize) -> Result<Vec<String>> {
        // `folded` is ASCII letters and digits (see `folded_like_the_index`): one past its last
        // byte bounds the range.
        let mut end = folded.as_bytes().to_vec();
        if let Some(last) = end.last_mut() {
            *last += 1;
        }
        let end = String::from_utf8(end).unwrap_or_default();
        let words = self
            .conn()
            .prepare_cached("SELECT word FROM directory_word WHERE word >= ?1 AND word < ?2 LIMIT ?3")?
            .query_map(params![folded, end, most as i64 + 1], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(words)
    }

    pub fn directory_entry(&self, address: &str) -> Result<Option<DirectoryEntry>> {
        let mut stmt = self.conn().prepare_cached(&format!("SELECT {COLUMNS} FROM directory_entry WHERE address = ?1"))?;
        Ok(stmt.query_row([address.trim().to_lowercase()], entry).optional()?)
    }

    pub fn directory_info(&self) -> Result<Option<DirectoryInfo>> {
        let info = self
            .conn()
            .query_row("SELECT extraction_date, entries, imported_at FROM directory_import WHERE id = 1", [], |r| {
                Ok(DirectoryInfo { extraction_date: r.get(0)?, entries: r.get::<_, i64>(1)? as u64, imported_at: r.get(2)? })
            })
            .optional()?;
        Ok(info)
    }
}

impl Store {
    /// The download address and CA file the practice set; (None, None) when it set none.
    pub fn directory_source(&self) -> Result<(Option<String>, Option<String>)> {
        let source = self
            .conn()
            .query_row("SELECT url, ca_file FROM directory_source WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(source.unwrap_or((None, None)))
    }

    pub fn set_directory_source(&mut self, url: Option<&str>, ca_file: Option<&str>) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO directory_source (id, url, ca_file) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET url = excluded.url, ca_file = excluded.ca_file",
                params![url, ca_file],
            )?;
            Ok(())
        })
    }
}

impl Store {
    /// What the last download of the national directory left: its address, validators and
    /// times; None before the first.
    pub fn directory_download_state(&self) -> Result<Option<DownloadState>> {
        let state = self
            .conn()
            .query_row(
                "SELECT url, etag, last_modified, checked_at, succeeded_at FROM directory_download WHERE id = 1",
                [],
                |r| {
                    Ok(DownloadState {
                        url: r.get(0)?,
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                        checked_at: r.get(3)?,
                        succeeded_at: r.get(4)?,
                    })
                },
            )
            .optional()?;
        Ok(state)
    }

    /// A directory imported from a file by hand: the last download's validators no longer
    /// describe what is loaded, so the next download fetches the whole extraction.
    pub fn forget_directory_download_validators(&mut self) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE directory_download SET etag = NULL, last_modified = NULL WHERE id = 1", [])?;
            Ok(())
        })
    }

    pub fn set_directory_download_state(&mut self, state: &DownloadState) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO directory_download (id, url, etag, last_modified, checked_at, succeeded_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET url = excluded.url, etag = excluded.etag,
                     last_modified = excluded.last_modified, checked_at = excluded.checked_at,
                     succeeded_at = excluded.succeeded_at",
                params![state.url, state.etag, state.last_modified, state.checked_at, state.succeeded_at],
            )?;
            Ok(())
        })
    }
}

fn entry(r: &Row<'_>) -> rusqlite::Result<DirectoryEntry> {
    let kind: String = r.get(0)?;
    Ok(DirectoryEntry {
        kind: MailboxKind::parse(&kind).unwrap_or(MailboxKind::Personal),
        address: r.get(1)?,
        pp_id_type: r.get(2)?,
        pp_id: r.get(3)?,
        pp_national_id: r.get(4)?,
        structure_id_type: r.get(5)?,
        structure_id: r.get(6)?,
        service: r.get(7)?,
        civility: r.get(8)?,
        surname: r.get(9)?,
        first_name: r.get(10)?,
        profession_category: r.get(11)?,
        profession_category_label: r.get(12)?,
        profession_code: r.get(13)?,
        profession_label: r.get(14)?,
        skill_code: r.get(15)?,
        skill_label: r.get(16)?,
        dematerialisation: r.get(17)?,
        company_name: r.get(18)?,
        trade_name: r.get(19)?,
        location_complement: r.get(20)?,
        distribution_complement: r.get(21)?,
        street_number: r.get(22)?,
        street_number_complement: r.get(23)?,
        street_type: r.get(24)?,
        street_name: r.get(25)?,
        place_mention: r.get(26)?,
        routing_line: r.get(27)?,
        postal_code: r.get(28)?,
        department: r.get(29)?,
        country: r.get(30)?,
        city: r.get(31)?,
        department_code: r.get(32)?,
        region: r.get(33)?,
        source: None,
        phones: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::national::parse::{parse_row, tests::row};

    /// The list and the index must agree, or a prefix would miss rows: the words listed are
    /// those of the index's text with a letter, as the index folds them.
    #[test]
    fn the_words_listed_are_the_index_texts_words_with_a_letter() {
        let rows = [
            row("PER", "j-p.le-goff2@medecin.mssante.fr", "LE GOFF", "Jean-Pierre", "Médecin", "Pédiatrie", "Hôpital Privé", "29200", "BREST"),
            row("PER", "noel@medecin.mssante.fr", "NOËL", "Zoé", "Médecin", "Pédiatrie", "Hôpital Privé", "2A004", "AJACCIO"),
            row("ORG", "secretariat@ch.mssante.fr", "", "", "", "", "Œuvre d'Ormesson", "97400", "SAINT-DENIS"),
        ];
        let mut words = IndexWords::default();
        let mut expected = std::collections::BTreeSet::new();
        for line in &rows {
            let e = parse_row(line.as_bytes()).unwrap().entry;
            words.add(&e);
            for text in index_columns(&e) {
                for word in text.split(|c: char| !is_token_char(c)).filter(|w| !w.is_empty()) {
                    if let Some(f) = folded_like_the_index(word).filter(|f| f.bytes().any(|b| b.is_ascii_alphabetic())) {
                        expected.insert(f);
                    }
                }
            }
        }
        let listed: Vec<String> = words.sorted().into_iter().map(String::from).collect();
        assert_eq!(listed, expected.into_iter().collect::<Vec<_>>());
        for word in ["legoff", "le", "goff", "goff2", "jean", "pierre", "pediatrie", "hopital", "noel", "zoe", "ormesson", "saint", "denis"] {
            assert!(listed.iter().any(|w| w == word), "{word} in {listed:?}");
        }
        assert!(!listed.iter().any(|w| w == "29200" || w == "97400"), "numbers are not listed");
    }
}

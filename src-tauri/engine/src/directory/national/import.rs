//! Loading an extraction into the store, atomically: rows are staged in batches, then one
//! transaction puts the new directory in place of the old (`store/directory.rs`). Until
//! then the previous directory answers; a failed import leaves it as it was.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::parse::{self, Entry, RowProblem};
use crate::store::{self, SharedStore};
use crate::Result;

/// Rows per staging transaction: the store's lock is let go between batches, so the mail
/// sync and the window are never held up for the whole import.
const BATCH: usize = 20_000;

/// The skipped rows listed one by one in the summary; the others are only counted.
pub const MOST_SKIPPED_LISTED: usize = 100;

/// Rows read between two progress reports.
const PROGRESS_EVERY: u64 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SkippedRow {
    /// The line in the file, the header being line 1.
    #[ts(type = "number")]
    pub line: u64,
    pub problem: RowProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportSummary {
    /// Rows after the header, skipped ones included.
    #[ts(type = "number")]
    pub rows_read: u64,
    /// Mailboxes in the directory now.
    #[ts(type = "number")]
    pub entries: u64,
    /// Rows whose address an earlier or fuller row already had.
    #[ts(type = "number")]
    pub duplicates_merged: u64,
    #[ts(type = "number")]
    pub rows_skipped: u64,
    /// The first `MOST_SKIPPED_LISTED` skipped rows.
    pub skipped: Vec<SkippedRow>,
    /// "AAAA-MM-JJThh:mm", from the file name.
    pub extraction_date: Option<String>,
}

/// Imports the extraction at `path`; `progress` gets the number of rows read so far.
pub fn import(store: &SharedStore, path: &Path, progress: &mut dyn FnMut(u64)) -> Result<ImportSummary> {
    let begun = store::lock(store).and_then(|mut s| s.begin_directory_import());
    let result = begun.and_then(|()| stage_and_swap(store, path, progress));
    if result.is_err() {
        // The live tables were never touched; only the staging goes.
        if let Err(e) = store::lock(store).and_then(|mut s| s.abandon_directory_import()) {
            tracing::warn!(code = ?e.code(), "the staging of a failed directory import could not be dropped");
        }
    }
    result
}

fn stage_and_swap(store: &SharedStore, path: &Path, progress: &mut dyn FnMut(u64)) -> Result<ImportSummary> {
    let mut batch: Vec<Entry> = Vec::with_capacity(BATCH);
    let (mut read, mut valid, mut skipped_count) = (0u64, 0u64, 0u64);
    let mut skipped = Vec::new();
    let extraction_date = parse::read(path, |(line, row)| {
        read += 1;
        match row {
            Ok(entry) => {
                valid += 1;
                batch.push(entry);
                if batch.len() == BATCH {
                    store::lock(store)?.stage_directory_rows(&batch)?;
                    batch.clear();
                }
            }
            Err(problem) => {
                skipped_count += 1;
                if skipped.len() < MOST_SKIPPED_LISTED {
                    skipped.push(SkippedRow { line, problem });
                }
            }
        }
        if read % PROGRESS_EVERY == 0 {
            progress(read);
        }
        Ok(())
    })?;
    if !batch.is_empty() {
        store::lock(store)?.stage_directory_rows(&batch)?;
    }
    progress(read);
    let entries = {
        let mut store = store::lock(store)?;
        let entries = store.finish_directory_import(extraction_date.as_deref())?;
        store.checkpoint_after_directory_import();
        entries
    };
    tracing::info!(rows = read, entries, skipped = skipped_count, "national directory imported");
    Ok(ImportSummary {
        rows_read: read,
        entries,
        duplicates_merged: valid.saturating_sub(entries),
        rows_skipped: skipped_count,
        skipped,
        extraction_date,
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::super::parse::tests::{header, row};
    use super::*;
    use crate::directory::{search, DirectoryQuery, MailboxKind};
    use crate::store::testing::open_temp;

    fn sample() -> String {
        let rows = [
            header(),
            row("PER", "jean.martin@medecin.mssante.fr", "MARTIN", "Jean", "Médecin", "Cardiologie", "", "75013", "PARIS"),
            row("PER", "c.martinez@medecin.mssante.fr", "MARTINEZ", "Céline", "Médecin", "Pédiatrie", "", "13008", "MARSEILLE"),
            row("PER", "e.lefevre@infirmier.mssante.fr", "LEFÈVRE", "Élodie", "Infirmier", "", "", "35000", "RENNES"),
            // The same address again, fuller: kept instead of the first.
            row("PER", "e.lefevre@infirmier.mssante.fr", "LEFÈVRE", "Élodie", "Infirmier", "Soins palliatifs", "Cabinet Saint-Hélier", "35000", "RENNES"),
            // Again, emptier: merged away.
            row("PER", "jean.martin@medecin.mssante.fr", "MARTIN", "Jean", "", "", "", "75013", "PARIS"),
            row("ORG", "secretariat.cardio@chu-rennes.mssante.fr", "", "", "", "", "CHU de Rennes", "35033", "RENNES CEDEX 9"),
            "PER|bad".to_owned(),
            row("PER", "a.le-goff@medecin.mssante.fr", "LE GOFF", "Anne", "Médecin", "Médecine générale", "", "29200", "BREST"),
        ];
        rows.join("\n") + "\n"
    }

    fn imported(text: &str) -> (tempfile::TempDir, SharedStore, ImportSummary) {
        let (dir, store) = open_temp();
        let store = Arc::new(Mutex::new(store));
        let path = dir.path().join("Extraction_Correspondance_MSSante_202512060300.txt");
        std::fs::write(&path, text).unwrap();
        let mut seen = 0;
        let summary = import(&store, &path, &mut |n| seen = n).unwrap();
        assert_eq!(seen, summary.rows_read);
        (dir, store, summary)
    }

    fn who(store: &SharedStore, text: &str) -> Vec<String> {
        let query = DirectoryQuery { who: text.into(), ..Default::default() };
        search::search(&store.lock().unwrap(), &query, 20).unwrap().into_iter().map(|e| e.address).collect()
    }

    #[test]
    fn repeated_addresses_are_merged_and_bad_rows_reported() {
        let (_dir, store, summary) = imported(&sample());
        assert_eq!(summary.rows_read, 8);
        assert_eq!(summary.entries, 5);
        assert_eq!(summary.duplicates_merged, 2);
        assert_eq!(summary.rows_skipped, 1);
        assert_eq!(summary.skipped, [SkippedRow { line: 8, problem: RowProblem::ColumnCount }]);
        assert_eq!(summary.extraction_date.as_deref(), Some("2025-12-06T03:00"));
        let s = store.lock().unwrap();
        let elodie = s.directory_entry("E.Lefevre@infirmier.mssante.fr").unwrap().unwrap();
        assert_eq!(elodie.skill_label, "Soins palliatifs");
        let jean = s.directory_entry("jean.martin@medecin.mssante.fr").unwrap().unwrap();
        assert_eq!(jean.skill_label, "Cardiologie", "the fuller first row stays");
        let info = s.directory_info().unwrap().unwrap();
        assert_eq!(info.entries, 5);
    }

    #[test]
    fn accents_and_case_do_not_count_and_words_are_prefixes() {
        let (_dir, store, _) = imported(&sample());
        assert_eq!(who(&store, "lefevre"), ["e.lefevre@infirmier.mssante.fr"]);
        assert_eq!(who(&store, "ÉLO"), ["e.lefevre@infirmier.mssante.fr"]);
        assert_eq!(who(&store, "celine"), ["c.martinez@medecin.mssante.fr"]);
        assert_eq!(who(&store, "810001234567").len(), 5);
        let query = |activity: &str, place: &str, structure: &str| {
            let q = DirectoryQuery { activity: activity.into(), place: place.into(), structure: structure.into(), ..Default::default() };
            search::search(&store.lock().unwrap(), &q, 20).unwrap().into_iter().map(|e| e.address).collect::<Vec<_>>()
        };
        assert_eq!(query("pediatr", "", ""), ["c.martinez@medecin.mssante.fr"]);
        assert_eq!(query("medecin", "bretagne", ""), ["a.le-goff@medecin.mssante.fr"]);
        assert_eq!(query("", "ile-de-france", ""), ["jean.martin@medecin.mssante.fr"]);
        assert_eq!(query("", "35", "chu"), ["secretariat.cardio@chu-rennes.mssante.fr"]);
        assert_eq!(query("", "rennes", "saint-hel"), ["e.lefevre@infirmier.mssante.fr"]);
        assert!(query("", "", "").is_empty());
        assert!(query("\"*", "", "").is_empty());
    }

    #[test]
    fn an_exact_surname_comes_before_a_longer_one() {
        let (_dir, store, _) = imported(&sample());
        assert_eq!(who(&store, "martin"), ["jean.martin@medecin.mssante.fr", "c.martinez@medecin.mssante.fr"]);
        assert_eq!(who(&store, "mart"), ["jean.martin@medecin.mssante.fr", "c.martinez@medecin.mssante.fr"]);
        assert_eq!(who(&store, "le goff"), ["a.le-goff@medecin.mssante.fr"]);
        let org = store.lock().unwrap().directory_entry("secretariat.cardio@chu-rennes.mssante.fr").unwrap().unwrap();
        assert_eq!(org.kind, MailboxKind::Organisational);
    }

    #[test]
    fn a_zip_is_read_like_the_bare_file_and_a_damaged_one_keeps_the_directory() {
        let (dir, store, _) = imported(&sample());
        let zip_path = dir.path().join("extraction.zip");
        {
            let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("Extraction_Correspondance_MSSante_202601020304.txt", options).unwrap();
            let text = sample().replace("MARTINEZ", "MARTINEAU");
            zip.write_all(text.as_bytes()).unwrap();
            zip.finish().unwrap();
        }
        let summary = import(&store, &zip_path, &mut |_| {}).unwrap();
        assert_eq!(summary.extraction_date.as_deref(), Some("2026-01-02T03:04"));
        assert_eq!(summary.entries, 5);
        assert_eq!(who(&store, "martineau"), ["c.martinez@medecin.mssante.fr"]);

        let bytes = std::fs::read(&zip_path).unwrap();
        let damaged = dir.path().join("damaged.zip");
        std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();
        let err = import(&store, &damaged, &mut |_| {}).unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::DirectoryFile);
        assert_eq!(who(&store, "martineau"), ["c.martinez@medecin.mssante.fr"]);
        assert_eq!(store.lock().unwrap().directory_info().unwrap().unwrap().extraction_date.as_deref(), Some("2026-01-02T03:04"));
    }
}

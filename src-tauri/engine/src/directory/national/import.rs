//! Loading an extraction into the store, atomically and in one write of each row.
//!
//! 1. The file is read once: each line is kept as it is (one buffer the size of the file),
//!    then each row is checked, on every core, and a valid one gets a compact key (address,
//!    name order, fields filled). Nothing is written.
//! 2. Repeated addresses are merged (the fullest row wins, the first on a tie) and the rows
//!    sorted in name order, in memory, on the keys only.
//! 3. The rows are parsed again (on a second thread) and written once, in name order, into
//!    staging tables, in batches; then one transaction puts them in place of the live
//!    directory (`store/directory.rs`).
//!
//! Writing each row once was the point: staging with ON CONFLICT, copying in name order and
//! indexing from a table wrote it three times through SQLCipher (31 s for 535,000 rows; see
//! BENCHMARKS.md). Until the swap the previous directory answers; a failed or killed import
//! leaves it as it was, and its staging is dropped by the next one.

use std::collections::hash_map::{self, HashMap};
use std::path::Path;
use std::sync::mpsc;

use rayon::prelude::*;

use serde::Serialize;
use ts_rs::TS;

use super::parse::{self, Entry, RowProblem};
use crate::store::{self, SharedStore};
use crate::Result;

/// Rows per staging transaction: the store's lock is let go between batches, so the mail
/// sync and the window are never held up for the whole import.
#[cfg(not(test))]
const BATCH: usize = 25_000;
#[cfg(test)]
const BATCH: usize = 4;

/// Rows parsed ahead of the writer, per message on the channel.
const PARSED_CHUNK: usize = 2_000;

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

/// The rows read so far, as the window tells its page during an import (`{ rows }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub rows: u64,
}

/// Imports the extraction at `path`; `progress` gets the number of rows read so far.
pub fn import(store: &SharedStore, path: &Path, progress: &mut dyn FnMut(u64)) -> Result<ImportSummary> {
    // One import at a time in a process (a file chosen by hand while the daily refresh
    // downloads): a second one would drop the first's staging tables. It waits its turn.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let started = std::time::Instant::now();
    let mut read = read_file(path, progress)?;
    let read_ms = started.elapsed().as_millis() as u64;
    let order = merge_and_sort(&read);
    let valid = read.keys.len() as u64;
    let sorted_ms = started.elapsed().as_millis() as u64;
    let begun = store::lock(store).and_then(|mut s| s.begin_directory_import());
    let result = begun.and_then(|()| {
        write_rows(store, &read, &order)?;
        // The lines and keys are written: their memory goes before the swap builds the
        // address index (the import's goal is 300 MB at most).
        drop(order);
        read.lines = Vec::new();
        read.key_text = Vec::new();
        read.keys = Vec::new();
        let mut store = store::lock(store)?;
        let entries = store.finish_directory_import(read.extraction_date.as_deref())?;
        store.checkpoint_after_directory_import();
        Ok(entries)
    });
    if result.is_err() {
        // The live tables were never touched; only the staging goes.
        if let Err(e) = store::lock(store).and_then(|mut s| s.abandon_directory_import()) {
            tracing::warn!(code = ?e.code(), "the staging of a failed directory import could not be dropped");
        }
    }
    let entries = result?;
    tracing::info!(
        rows = read.rows_read,
        entries,
        skipped = read.skipped_count,
        read_ms,
        sorted_ms,
        total_ms = started.elapsed().as_millis() as u64,
        "national directory imported"
    );
    Ok(ImportSummary {
        rows_read: read.rows_read,
        entries,
        duplicates_merged: valid.saturating_sub(entries),
        rows_skipped: read.skipped_count,
        skipped: read.skipped,
        extraction_date: read.extraction_date,
    })
}

/// A valid row: where its line is in `Read::lines`, and what it is merged and sorted by.
/// Kept small (about 16 bytes and its key's text) because there are half a million.
struct Key {
    /// `sort_name`, a NUL, then the address, in `Read::key_text`.
    text_start: u32,
    text_len: u32,
    /// Where the address starts within the key's text.
    address_at: u32,
    line_start: u64,
    line_len: u32,
    filled: u8,
}

struct Read {
    /// The valid rows' lines, one after the other.
    lines: Vec<u8>,
    key_text: Vec<u8>,
    keys: Vec<Key>,
    rows_read: u64,
    skipped_count: u64,
    skipped: Vec<SkippedRow>,
    extraction_date: Option<String>,
}

impl Read {
    fn text(&self, key: &Key) -> &[u8] {
        &self.key_text[key.text_start as usize..(key.text_start + key.text_len) as usize]
    }

    fn address(&self, key: &Key) -> &[u8] {
        &self.text(key)[key.address_at as usize..]
    }

    fn line(&self, key: &Key) -> &[u8] {
        &self.lines[key.line_start as usize..key.line_start as usize + key.line_len as usize]
    }
}

/// The most bytes of rows an import holds: the real extraction is about 150 MB, so a file
/// (or a ZIP that inflates) far beyond it is refused before it can take the memory of the
/// practice's computer, rather than read to the end.
#[cfg(not(test))]
const MOST_BYTES: usize = 1 << 30;
#[cfg(test)]
const MOST_BYTES: usize = 64 << 10;

fn too_large() -> crate::EngineError {
    crate::EngineError::DirectoryFile("the file is too large for a directory extraction".into())
}

/// Reads the whole file into memory, then checks its rows on every core: the checks (UTF-8,
/// the 31 fields, the folded name) were most of the reading's time, on one core while the
/// others waited.
fn read_file(path: &Path, progress: &mut dyn FnMut(u64)) -> Result<Read> {
    let mut lines: Vec<u8> = Vec::new();
    let mut at: Vec<LineAt> = Vec::new();
    let extraction_date = parse::read_lines(path, |line| {
        let (number, bytes) = match line {
            // Reserved once: growing by doubling would hold twice the file for a moment. A
            // ZIP's stated size is only believed up to a bound (the extraction is ~120 MB).
            parse::Lines::Size(size) => {
                lines.reserve_exact(usize::try_from(size).unwrap_or(0).min(512 << 20));
                return Ok(());
            }
            parse::Lines::Line(number, bytes) => (number, bytes),
        };
        if lines.len() + bytes.len() > MOST_BYTES {
            return Err(too_large());
        }
        at.push(LineAt { number, start: lines.len() as u64, len: u32::try_from(bytes.len()).map_err(|_| too_large())? });
        lines.extend_from_slice(bytes);
        if (at.len() as u64).is_multiple_of(PROGRESS_EVERY) {
            progress(at.len() as u64);
        }
        Ok(())
    })?;
    progress(at.len() as u64);
    let parts: Vec<Checked> = at.par_chunks(CHECKED_CHUNK).map(|chunk| check_rows(&lines, chunk)).collect();
    let mut read = Read {
        rows_read: at.len() as u64,
        lines,
        key_text: Vec::with_capacity(parts.iter().map(|p| p.key_text.len()).sum()),
        keys: Vec::with_capacity(parts.iter().map(|p| p.keys.len()).sum()),
        skipped_count: 0,
        skipped: Vec::new(),
        extraction_date,
    };
    drop(at);
    for part in parts {
        let offset = u32::try_from(read.key_text.len()).map_err(|_| too_large())?;
        read.key_text.extend_from_slice(&part.key_text);
        read.keys.extend(part.keys.into_iter().map(|key| Key { text_start: key.text_start + offset, ..key }));
        read.skipped_count += part.skipped_count;
        let room = MOST_SKIPPED_LISTED - read.skipped.len();
        read.skipped.extend(part.skipped.into_iter().take(room));
    }
    Ok(read)
}

/// Where a line of the file is in the lines read, and its number in the file.
struct LineAt {
    number: u64,
    start: u64,
    len: u32,
}

/// Lines checked per task: enough that handing them out costs nothing beside the checks.
const CHECKED_CHUNK: usize = 1 << 14;

/// The keys of a run of lines (their text offsets from the run's own start), and the rows
/// skipped in it.
struct Checked {
    key_text: Vec<u8>,
    keys: Vec<Key>,
    skipped: Vec<SkippedRow>,
    skipped_count: u64,
}

fn check_rows(lines: &[u8], chunk: &[LineAt]) -> Checked {
    let mut checked = Checked { key_text: Vec::new(), keys: Vec::with_capacity(chunk.len()), skipped: Vec::new(), skipped_count: 0 };
    for line in chunk {
        let bytes = &lines[line.start as usize..line.start as usize + line.len as usize];
        match parse::row_key(bytes) {
            Ok(key) => {
                // Within MOST_BYTES: a run's key text is shorter than its lines.
                let text_start = checked.key_text.len() as u32;
                checked.key_text.extend_from_slice(key.sort_name.as_bytes());
                checked.key_text.push(0);
                checked.key_text.extend_from_slice(key.address.as_bytes());
                checked.keys.push(Key {
                    text_start,
                    text_len: checked.key_text.len() as u32 - text_start,
                    address_at: key.sort_name.len() as u32 + 1,
                    line_start: line.start,
                    line_len: line.len,
                    filled: key.filled.clamp(0, 255) as u8,
                });
            }
            Err(problem) => {
                checked.skipped_count += 1;
                if checked.skipped.len() < MOST_SKIPPED_LISTED {
                    checked.skipped.push(SkippedRow { line: line.number, problem });
                }
            }
        }
    }
    checked
}

/// The rows to write, in name order: of the rows sharing an address, the one with the most
/// fields filled, the first on a tie.
fn merge_and_sort(read: &Read) -> Vec<u32> {
    let mut kept: Vec<u32> = Vec::with_capacity(read.keys.len());
    let mut position: HashMap<&[u8], usize> = HashMap::with_capacity(read.keys.len());
    for (i, key) in read.keys.iter().enumerate() {
        match position.entry(read.address(key)) {
            hash_map::Entry::Occupied(at) => {
                let last = &mut kept[*at.get()];
                if key.filled > read.keys[*last as usize].filled {
                    *last = i as u32;
                }
            }
            hash_map::Entry::Vacant(at) => {
                at.insert(kept.len());
                kept.push(i as u32);
            }
        }
    }
    drop(position);
    // Name order then address, as bytes (SQLite's BINARY collation): addresses are unique now.
    kept.par_sort_unstable_by(|&a, &b| read.text(&read.keys[a as usize]).cmp(read.text(&read.keys[b as usize])));
    kept
}

/// Parses the kept rows again on a second thread while this one writes them into the
/// staging, in batches.
/// The parsing thread also makes each row's index text and gathers the index's words
/// (`store::DirectoryIndexWords`, migration 0024), so the writing thread (the import's slowest) only writes.
fn write_rows(store: &SharedStore, read: &Read, order: &[u32]) -> Result<()> {
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<(Entry, [String; 5])>>(8);
        let parser = scope.spawn(move || {
            let mut words = store::DirectoryIndexWords::default();
            for chunk in order.chunks(PARSED_CHUNK) {
                let parsed: Vec<(Entry, [String; 5])> = chunk
                    .iter()
                    .filter_map(|&i| parse::parse_row(read.line(&read.keys[i as usize])).ok())
                    .map(|row| {
                        words.add(&row.entry);
                        let columns = store::directory_index_columns(&row.entry);
                        (row, columns)
                    })
                    .collect();
                if sender.send(parsed).is_err() {
                    break; // The writer stopped: its error is the one reported.
                }
            }
            words
        });
        // Rows go from the channel straight into the transaction: no batch of parsed
        // entries is held beside the file's lines.
        let mut rows = receiver.into_iter().flatten();
        let mut next_id: i64 = 1;
        loop {
            let mut guard = store::lock(store)?;
            let written = guard.stage_directory_rows(next_id, rows.by_ref().take(BATCH))?;
            // To a search or a sync pass waiting for the store, at once: taken back at the
            // next batch, this lock was theirs only once the whole import was written.
            parking_lot::MutexGuard::unlock_fair(guard);
            if written == 0 {
                break;
            }
            next_id += written;
            tracing::debug!(rows = next_id - 1, "directory import: rows written");
        }
        let Ok(words) = parser.join() else {
            return Err(crate::EngineError::Store("the directory import's parser stopped".into()));
        };
        store::lock(store)?.stage_directory_words(&words.sorted())?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

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
        let store = crate::store::shared(store);
        let path = dir.path().join("Extraction_Correspondance_MSSante_202512060300.txt");
        std::fs::write(&path, text).unwrap();
        let mut seen = 0;
        let summary = import(&store, &path, &mut |n| seen = n).unwrap();
        assert_eq!(seen, summary.rows_read);
        (dir, store, summary)
    }

    fn who(store: &SharedStore, text: &str) -> Vec<String> {
        let query = DirectoryQuery { who: text.into(), ..Default::default() };
        search::search(&store.lock(), &query, 20).unwrap().into_iter().map(|e| e.address).collect()
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
        let s = store.lock();
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
            search::search(&store.lock(), &q, 20).unwrap().into_iter().map(|e| e.address).collect::<Vec<_>>()
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
        let org = store.lock().directory_entry("secretariat.cardio@chu-rennes.mssante.fr").unwrap().unwrap();
        assert_eq!(org.kind, MailboxKind::Organisational);
    }

    #[test]
    fn the_words_with_a_letter_are_listed_for_longer_prefixes_and_a_number_stays_a_prefix() {
        let (_dir, store, _) = imported(&sample());
        {
            let s = store.lock();
            // Folded as the index folds them, from every column; each once.
            assert_eq!(s.directory_words_with_prefix("cardio", 64).unwrap(), ["cardio", "cardiologie"]);
            assert_eq!(s.directory_words_with_prefix("lefe", 64).unwrap(), ["lefevre"]);
            assert_eq!(s.directory_words_with_prefix("legof", 64).unwrap(), ["legoff"]);
            assert_eq!(s.directory_words_with_prefix("pedi", 64).unwrap(), ["pediatrie"]);
            // Numbers are not listed: postal codes, RPPS.
            assert!(s.directory_words_with_prefix("750", 64).unwrap().is_empty());
        }
        let place = |text: &str| {
            let q = DirectoryQuery { place: text.into(), ..Default::default() };
            search::search(&store.lock(), &q, 20).unwrap().into_iter().map(|e| e.address).collect::<Vec<_>>()
        };
        assert_eq!(place("7501"), ["jean.martin@medecin.mssante.fr"]);
        assert_eq!(place("2920"), ["a.le-goff@medecin.mssante.fr"]);
        assert_eq!(who(&store, "cardiol"), Vec::<String>::new(), "the specialty is no name");
        assert_eq!(who(&store, "secretar"), ["secretariat.cardio@chu-rennes.mssante.fr"]);
    }

    #[test]
    fn a_first_letter_finds_every_word_it_starts_and_the_letter_alone() {
        let (_dir, store, _) = imported(&sample());
        let mut c = who(&store, "c");
        c.sort();
        // "c" alone (c.martinez), Céline, cardio, chu.
        assert_eq!(c, ["c.martinez@medecin.mssante.fr", "secretariat.cardio@chu-rennes.mssante.fr"]);
        assert_eq!(who(&store, "É"), ["e.lefevre@infirmier.mssante.fr"]);
        let q = DirectoryQuery { who: "a".into(), activity: "m".into(), ..Default::default() };
        let found: Vec<String> = search::search(&store.lock(), &q, 20).unwrap().into_iter().map(|e| e.address).collect();
        // "Anne" (and the address a.le-goff) with "Médecin".
        assert_eq!(found, ["a.le-goff@medecin.mssante.fr"]);
    }

    /// Searches and sync passes wait for one batch at most, not for the whole import: the
    /// store is handed over between batches (it used to be taken back at once, 6.8 s of
    /// waiting with the national file), and meanwhile the previous directory answers.
    #[test]
    fn the_store_is_handed_over_between_batches_and_the_old_directory_answers_meanwhile() {
        // Many batches, so that searching now and then falls during the writing.
        const ROWS: usize = BATCH * 100;
        let (dir, store, _) = imported(&sample());
        let mut text = header() + "\n";
        for n in 0..ROWS {
            text.push_str(&row("PER", &format!("p{n}@medecin.mssante.fr"), "NOUVEAU", "Paul", "Médecin", "", "", "75013", "PARIS"));
            text.push('\n');
        }
        let path = dir.path().join("Extraction_Correspondance_MSSante_202601010000.txt");
        std::fs::write(&path, text).unwrap();
        let importing = store.clone();
        let import = std::thread::spawn(move || import(&importing, &path, &mut |_| {}));
        let mut between_batches = 0;
        while !import.is_finished() {
            let guard = store.lock();
            let staged: Option<i64> =
                guard.conn().query_row("SELECT count(*) FROM directory_entry_next", [], |r| r.get(0)).ok();
            if staged.is_some_and(|rows| rows > 0 && (rows as usize) < ROWS) {
                between_batches += 1;
                let query = DirectoryQuery { who: "lefevre".into(), ..Default::default() };
                let found = search::search(&guard, &query, 20).unwrap();
                assert_eq!(found.len(), 1, "the previous directory answers during the import");
            }
            drop(guard);
            // A search comes now and then, as typing does: it then waits for the batch being written.
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        assert_eq!(import.join().unwrap().unwrap().entries, ROWS as u64);
        assert!(between_batches > 0, "the store was never free between two batches");
        assert_eq!(who(&store, "nouveau").len(), 20);
    }

    #[test]
    fn a_file_far_larger_than_an_extraction_is_refused_and_the_directory_kept() {
        let (dir, store, _) = imported(&sample());
        let row = sample().lines().nth(1).unwrap().to_owned();
        let mut huge = header() + "\n";
        for n in 0..(2 * MOST_BYTES / row.len()) {
            huge.push_str(&row.replace("jean.martin@", &format!("x{n}@")));
            huge.push('\n');
        }
        let path = dir.path().join("Extraction_Correspondance_MSSante_202601010000.txt");
        std::fs::write(&path, huge).unwrap();
        let err = import(&store, &path, &mut |_| {}).unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::DirectoryFile);
        assert_eq!(store.lock().directory_info().unwrap().unwrap().entries, 5);
        assert_eq!(who(&store, "lefevre"), ["e.lefevre@infirmier.mssante.fr"]);
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
        assert_eq!(store.lock().directory_info().unwrap().unwrap().extraction_date.as_deref(), Some("2026-01-02T03:04"));
    }
}

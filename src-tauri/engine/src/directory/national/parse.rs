//! Reading the extraction: the bare `Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt` or
//! the ZIP holding it. UTF-8, `|`-separated, one header line of 31 named columns.
//!
//! Split by hand rather than with the `csv` crate: the file has no quoting at all (a `"` in
//! a raison sociale is a plain character, which a CSV reader would take for a quote and run
//! on into the next rows), and a row is checked and reported line by line, which needs the
//! raw line and its number.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::super::{regions, surname_word, DirectoryEntry, MailboxKind};
use crate::{EngineError, Result};

/// The header, in order, as the ANS writes it.
pub const COLUMNS: [&str; 31] = [
    "Type de BAL",
    "Adresse BAL",
    "Type Identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Type identifiant structure",
    "Identification Structure",
    "Service de rattachement",
    "Civilité d'exercice",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Catégorie profession",
    "Libellé de catégorie profession",
    "Code Profession",
    "Libellé Profession",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Dématérialisation",
    "Raison Sociale structure BAL",
    "Enseigne commerciale structure BAL",
    "L2COMPLEMENTLOCALISATION structure BAL",
    "L3COMPLEMENTDISTRIBUTION structure BAL",
    "L4NUMEROVOIE structure BAL",
    "L4COMPLEMENTNUMEROVOIE structure BAL",
    "NL4TYPEVOIE structure BAL",
    "L4LIBELLEVOIE structure BAL",
    "L5LIEUDITMENTION structure BAL",
    "L6LIGNEACHEMINEMENT structure BAL",
    "Code postal structure BAL",
    "Département structure BAL",
    "Pays structure BAL",
];

const FILE_PREFIX: &str = "Extraction_Correspondance_MSSante_";

/// Why a row was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowProblem {
    /// Not 31 fields.
    ColumnCount,
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// A Type de BAL other than PER or ORG.
    MailboxKind,
    /// An address without `@` (or with spaces).
    Address,
}

/// One row read: an entry, or the reason it was skipped. `line` counts from 1, the header
/// being line 1.
pub type Row = (u64, std::result::Result<Entry, RowProblem>);

/// An entry as read, with what the import needs beside it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub entry: DirectoryEntry,
    /// Folded surname and first name: the name order.
    pub sort_name: String,
    /// The surname as one index word.
    pub surname_word: String,
    /// Fields filled in the file.
    pub filled: i64,
}

/// Reads the extraction at `path` (ZIP or text, told by its first bytes): checks the header,
/// then hands each row to `visit` as it is read. Returns the extraction's date from the file
/// name. A read failure (a damaged ZIP) is an error that stops everything: the caller keeps
/// the previous directory.
pub fn read(path: &Path, mut visit: impl FnMut(Row) -> Result<()>) -> Result<Option<String>> {
    read_lines(path, |lines| match lines {
        Lines::Size(_) => Ok(()),
        Lines::Line(line, bytes) => visit((line, parse_row(bytes))),
    })
}

/// What `read_lines` hands over.
pub enum Lines<'a> {
    /// Before the first line: the size of the text, when known.
    Size(u64),
    /// A non-blank line as it is in the file, without its end of line, and its number.
    Line(u64, &'a [u8]),
}

/// Like `read`, but hands over the lines as they are, for a caller that parses them itself
/// (the import reads each row twice: see `import.rs`).
pub fn read_lines(path: &Path, mut visit: impl FnMut(Lines<'_>) -> Result<()>) -> Result<Option<String>> {
    let file_error = |source| EngineError::File { path: path.to_path_buf(), source };
    let mut file = File::open(path).map_err(file_error)?;
    let mut magic = [0u8; 4];
    let read = file.read(&mut magic).map_err(file_error)?;
    drop(file);
    let file = File::open(path).map_err(file_error)?;
    if read == 4 && magic == *b"PK\x03\x04" {
        let mut archive =
            zip::ZipArchive::new(file).map_err(|e| EngineError::DirectoryFile(format!("not a readable ZIP: {e}")))?;
        let name = (0..archive.len())
            .filter_map(|i| archive.name_for_index(i).map(str::to_owned))
            .find(|n| {
                let base = n.rsplit('/').next().unwrap_or(n);
                base.starts_with(FILE_PREFIX) && base.ends_with(".txt")
            })
            .ok_or_else(|| EngineError::DirectoryFile(format!("the ZIP holds no {FILE_PREFIX}*.txt")))?;
        let date = date_of(name.rsplit('/').next().unwrap_or(&name));
        let entry = archive
            .by_name(&name)
            .map_err(|e| EngineError::DirectoryFile(format!("cannot read the ZIP entry: {e}")))?;
        visit(Lines::Size(entry.size()))?;
        Rows::new(BufReader::with_capacity(1 << 16, entry))?.visit_lines(|n, line| visit(Lines::Line(n, line)))?;
        return Ok(date);
    }
    if let Ok(meta) = file.metadata() {
        visit(Lines::Size(meta.len()))?;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    Rows::new(BufReader::with_capacity(1 << 16, file))?.visit_lines(|n, line| visit(Lines::Line(n, line)))?;
    Ok(date_of(name))
}

/// The rows of an extraction after its checked header.
pub struct Rows<R> {
    reader: R,
    line: u64,
    buffer: Vec<u8>,
}

impl<R: BufRead> Rows<R> {
    /// Reads and checks the header.
    pub fn new(reader: R) -> Result<Rows<R>> {
        let mut rows = Rows { reader, line: 0, buffer: Vec::with_capacity(1024) };
        if !rows.next_line()? {
            return Err(EngineError::DirectoryFile("the file is empty".into()));
        }
        let header = std::str::from_utf8(&rows.buffer)
            .map_err(|_| EngineError::DirectoryFile("the header is not UTF-8".into()))?;
        let header = header.strip_prefix('\u{feff}').unwrap_or(header);
        let names: Vec<&str> = header.split('|').map(str::trim).collect();
        if names != COLUMNS {
            let first_wrong = names
                .iter()
                .zip(COLUMNS.iter())
                .position(|(a, b)| a != b)
                .unwrap_or(names.len().min(COLUMNS.len()));
            return Err(EngineError::DirectoryFile(format!(
                "not an MSSanté extraction: {} columns, column {} differs from the expected header",
                names.len(),
                first_wrong + 1
            )));
        }
        Ok(rows)
    }

    fn visit_lines(mut self, mut visit: impl FnMut(u64, &[u8]) -> Result<()>) -> Result<()> {
        while self.next_nonblank_line()? {
            visit(self.line, &self.buffer)?;
        }
        Ok(())
    }

    /// Reads the next line that is not blank; false at the end.
    fn next_nonblank_line(&mut self) -> Result<bool> {
        loop {
            if !self.next_line()? {
                return Ok(false);
            }
            if !self.buffer.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }

    /// Reads the next line into the buffer, without its end of line; false at the end.
    fn next_line(&mut self) -> Result<bool> {
        self.buffer.clear();
        let read = self
            .reader
            .read_until(b'\n', &mut self.buffer)
            .map_err(|e| EngineError::DirectoryFile(format!("reading stopped at line {}: {e}", self.line + 1)))?;
        if read == 0 {
            return Ok(false);
        }
        self.line += 1;
        while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
            self.buffer.pop();
        }
        Ok(true)
    }

    /// The next row, or None at the end; blank lines are passed over.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        if !self.next_nonblank_line()? {
            return Ok(None);
        }
        Ok(Some((self.line, parse_row(&self.buffer))))
    }
}

/// What the import sorts and merges rows by, read without building the whole entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    /// The address, in lower case.
    pub address: String,
    /// Folded surname (or raison sociale) and first name: the name order.
    pub sort_name: String,
    /// Fields filled in the file.
    pub filled: i64,
}

/// The checks every row passes (UTF-8, 31 fields, PER/ORG, an address): its fields, trimmed.
fn checked_fields(bytes: &[u8]) -> std::result::Result<([&str; 31], String), RowProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| RowProblem::NotUtf8)?;
    let mut f = [""; 31];
    let mut count = 0;
    for field in text.split('|') {
        if count == f.len() {
            return Err(RowProblem::ColumnCount);
        }
        f[count] = field.trim();
        count += 1;
    }
    if count != f.len() {
        return Err(RowProblem::ColumnCount);
    }
    MailboxKind::parse(f[0]).ok_or(RowProblem::MailboxKind)?;
    let address = f[1].to_lowercase();
    let valid_address = matches!(address.split_once('@'), Some((local, domain)) if !local.is_empty() && domain.contains('.'))
        && !address.contains(char::is_whitespace)
        && address.matches('@').count() == 1;
    if !valid_address {
        return Err(RowProblem::Address);
    }
    Ok((f, address))
}

/// An organisation sorts under its raison sociale (it has no surname).
fn sort_name_of(surname: &str, company_name: &str, first_name: &str) -> String {
    let name = if surname.is_empty() { company_name } else { surname };
    format!("{} {}", super::super::fold(name), super::super::fold(first_name))
}

/// The row's key, or why it is skipped: the same checks as `parse_row`.
pub fn row_key(bytes: &[u8]) -> std::result::Result<RowKey, RowProblem> {
    let (f, address) = checked_fields(bytes)?;
    Ok(RowKey {
        address,
        sort_name: sort_name_of(f[9], f[18], f[10]),
        filled: f.iter().filter(|v| !v.is_empty()).count() as i64,
    })
}

/// One row of the file, checked and read whole.
pub fn parse_row(bytes: &[u8]) -> std::result::Result<Entry, RowProblem> {
    let (f, address) = checked_fields(bytes)?;
    let kind = MailboxKind::parse(f[0]).ok_or(RowProblem::MailboxKind)?;
    let s = |i: usize| f[i].to_owned();
    let department_code = regions::department_code(f[29], f[28]);
    let region = regions::region_of(&department_code).unwrap_or("").to_owned();
    let entry = DirectoryEntry {
        kind,
        address,
        pp_id_type: s(2),
        pp_id: s(3),
        pp_national_id: s(4),
        structure_id_type: s(5),
        structure_id: s(6),
        service: s(7),
        civility: s(8),
        surname: s(9),
        first_name: s(10),
        profession_category: s(11),
        profession_category_label: s(12),
        profession_code: s(13),
        profession_label: s(14),
        skill_code: s(15),
        skill_label: s(16),
        dematerialisation: s(17),
        company_name: s(18),
        trade_name: s(19),
        location_complement: s(20),
        distribution_complement: s(21),
        street_number: s(22),
        street_number_complement: s(23),
        street_type: s(24),
        street_name: s(25),
        place_mention: s(26),
        routing_line: s(27),
        postal_code: s(28),
        department: s(29),
        country: s(30),
        city: city_of(f[27], f[28]),
        department_code,
        region,
        source: None,
        phones: Vec::new(),
    };
    let sort_name = sort_name_of(&entry.surname, &entry.company_name, &entry.first_name);
    Ok(Entry {
        surname_word: surname_word(&entry.surname),
        sort_name,
        filled: f.iter().filter(|v| !v.is_empty()).count() as i64,
        entry,
    })
}

/// The city of a routing line ("75013 PARIS", "35000 RENNES CEDEX"): the line without its
/// leading postal code.
fn city_of(routing_line: &str, postal_code: &str) -> String {
    let line = routing_line.trim();
    let rest = line.strip_prefix(postal_code).filter(|_| !postal_code.is_empty()).unwrap_or_else(|| {
        line.trim_start_matches(|c: char| c.is_ascii_digit())
    });
    rest.trim().to_owned()
}

/// "AAAA-MM-JJThh:mm" from `Extraction_Correspondance_MSSante_AAAAMMJJhhmm.txt`.
pub fn date_of(file_name: &str) -> Option<String> {
    let stamp = file_name.strip_prefix(FILE_PREFIX)?.strip_suffix(".txt")?;
    let date = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d%H%M").ok()?;
    Some(date.format("%Y-%m-%dT%H:%M").to_string())
}


#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn header() -> String {
        COLUMNS.join("|")
    }

    /// A row of the national file: kind, address, surname, first name, profession,
    /// specialty, raison sociale, postal code, city.
    #[allow(clippy::too_many_arguments)]
    pub fn row(kind: &str, address: &str, surname: &str, first: &str, profession: &str, skill: &str, company: &str, postal: &str, city: &str) -> String {
        let mut f = vec![String::new(); 31];
        f[0] = kind.into();
        f[1] = address.into();
        f[2] = "8".into();
        f[3] = "10001234567".into();
        f[4] = "810001234567".into();
        f[8] = if kind == "PER" { "DR".into() } else { String::new() };
        f[9] = surname.into();
        f[10] = first.into();
        f[14] = profession.into();
        f[16] = skill.into();
        f[18] = company.into();
        f[27] = format!("{postal} {city}");
        f[28] = postal.into();
        f[29] = postal.get(..2).unwrap_or("").into();
        f.join("|")
    }

    fn rows_of(text: &[u8]) -> Result<Vec<Row>> {
        let mut rows = Rows::new(std::io::Cursor::new(text.to_vec()))?;
        let mut all = Vec::new();
        while let Some(row) = rows.next_row()? {
            all.push(row);
        }
        Ok(all)
    }

    #[test]
    fn the_header_must_be_the_extractions() {
        let good = format!("\u{feff}{}\n", header());
        assert!(rows_of(good.as_bytes()).unwrap().is_empty());
        let renamed = header().replace("Nom d'exercice", "Nom");
        let err = rows_of(renamed.as_bytes()).err().unwrap();
        assert_eq!(err.code(), crate::error::ErrorCode::DirectoryFile);
        assert!(err.to_string().contains("column 10"), "{err}");
        let short = COLUMNS[..30].join("|");
        assert!(rows_of(short.as_bytes()).is_err());
        assert!(rows_of(b"").is_err());
    }

    #[test]
    fn malformed_rows_are_skipped_with_their_line() {
        let mut text = format!("{}\r\n", header()).into_bytes();
        text.extend(format!("{}\r\n", row("PER", "Jean.Martin@medecin.mssante.fr", "MARTIN", "Jean", "Médecin", "", "", "75013", "PARIS")).bytes());
        text.extend(b"PER|trop|court\n");
        text.extend(row("XYZ", "a@b.fr", "A", "B", "", "", "", "", "").bytes());
        text.push(b'\n');
        text.extend(row("PER", "sans-arobase.fr", "A", "B", "", "", "", "", "").bytes());
        text.push(b'\n');
        let mut bad = row("ORG", "c@d.fr", "", "", "", "", "Clinique", "", "").into_bytes();
        bad.extend([0xff, 0xfe]);
        text.extend(bad);
        text.extend(b"\n\n");
        text.extend(row("ORG", "secretariat@chu.mssante.fr", "", "", "", "", "CHU de Rennes", "35000", "RENNES CEDEX").bytes());
        let rows = rows_of(&text).unwrap();
        let problems: Vec<(u64, Option<RowProblem>)> = rows.iter().map(|(l, r)| (*l, r.as_ref().err().copied())).collect();
        assert_eq!(
            problems,
            [
                (2, None),
                (3, Some(RowProblem::ColumnCount)),
                (4, Some(RowProblem::MailboxKind)),
                (5, Some(RowProblem::Address)),
                (6, Some(RowProblem::NotUtf8)),
                (8, None),
            ]
        );
        let Ok(first) = &rows[0].1 else { panic!() };
        assert_eq!(first.entry.address, "jean.martin@medecin.mssante.fr");
        assert_eq!(first.entry.city, "PARIS");
        assert_eq!(first.entry.region, "Île-de-France");
        let Ok(org) = &rows[5].1 else { panic!() };
        assert_eq!(org.entry.kind, MailboxKind::Organisational);
        assert_eq!(org.entry.city, "RENNES CEDEX");
        assert_eq!(org.entry.region, "Bretagne");
        assert!(org.sort_name.starts_with("chu de rennes"));
    }

    #[test]
    fn the_date_comes_from_the_file_name() {
        assert_eq!(date_of("Extraction_Correspondance_MSSante_202512061530.txt").as_deref(), Some("2025-12-06T15:30"));
        assert_eq!(date_of("Extraction_Correspondance_MSSante_202513061530.txt"), None);
        assert_eq!(date_of("annuaire.txt"), None);
    }
}

//! Structured MSSanté messages: an `IHE_XDM.zip` attachment holding the CDA documents (and
//! their PDF/A copies) under `IHE_XDM/SUBSET*/`.

use std::io::{Cursor, Read};

use serde::Serialize;
use ts_rs::TS;
use zip::ZipArchive;

use super::original;
use crate::bytes_base64;
use crate::EngineError;

const ARCHIVE_NAME: &str = "IHE_XDM.zip";
/// A hostile archive can unpack to gigabytes from a few kilobytes; real ones are a few
/// documents of a few megabytes.
const MAX_UNPACKED: u64 = 200 * 1024 * 1024;
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct XdmDocument {
    /// Inside the archive, e.g. `IHE_XDM/SUBSET01/DOC0001.PDF`.
    pub path: String,
    /// The file name alone (never a path), e.g. `DOC0001.PDF`.
    pub name: String,
    pub mime_type: String,
    #[serde(with = "bytes_base64")]
    #[ts(type = "string")]
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XdmError {
    #[error("the IHE_XDM.zip attachment is not a readable ZIP archive: {0}")]
    Malformed(String),
    #[error("the IHE_XDM.zip attachment unpacks to more than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the IHE_XDM.zip attachment holds more than {limit} entries")]
    TooManyEntries { limit: usize },
}

impl From<XdmError> for EngineError {
    fn from(err: XdmError) -> Self {
        EngineError::InvalidInput(err.to_string())
    }
}

/// The documents of the message's `IHE_XDM.zip`; empty when it has none.
pub fn xdm_documents(raw: &[u8]) -> Result<Vec<XdmDocument>, XdmError> {
    let archive = original::files(raw).into_iter().find(|file| {
        file.name
            .as_deref()
            .is_some_and(|name| name.trim().eq_ignore_ascii_case(ARCHIVE_NAME))
    });
    match archive {
        Some(file) => read_archive(&file.content),
        None => Ok(Vec::new()),
    }
}

/// The documents of an XDM archive: every file of its submission sets but their metadata.
pub fn read_archive(zip: &[u8]) -> Result<Vec<XdmDocument>, XdmError> {
    read_bounded(zip, MAX_UNPACKED)
}

pub(crate) fn read_bounded(zip: &[u8], max_unpacked: u64) -> Result<Vec<XdmDocument>, XdmError> {
    let malformed = |e: &dyn std::fmt::Display| XdmError::Malformed(e.to_string());
    let mut archive = ZipArchive::new(Cursor::new(zip)).map_err(|e| malformed(&e))?;
    if archive.len() > MAX_ENTRIES {
        return Err(XdmError::TooManyEntries { limit: MAX_ENTRIES });
    }
    let mut documents = Vec::new();
    let mut unpacked = 0u64;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| malformed(&e))?;
        if entry.is_dir() {
            continue;
        }
        let path = entry.name().replace('\\', "/");
        let Some(name) = document_name(&path) else {
            continue;
        };
        let name = name.to_owned();
        let mut content = Vec::new();
        // The declared size can lie: the reading itself is bounded.
        let budget = max_unpacked - unpacked;
        (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut content)
            .map_err(|e| malformed(&e))?;
        unpacked += content.len() as u64;
        if unpacked > max_unpacked {
            return Err(XdmError::TooLarge {
                limit: max_unpacked,
            });
        }
        documents.push(XdmDocument {
            mime_type: crate::mime::file_type::of_name(&name).to_owned(),
            path,
            name,
            content,
        });
    }
    Ok(documents)
}

/// `IHE_XDM/SUBSET…/<file>` (or deeper) without `METADATA.XML`: the file name, else `None`.
fn document_name(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    let [root, subset, .., name] = parts.as_slice() else {
        return None;
    };
    let is_subset = subset
        .get(..6)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("SUBSET"));
    let usable = root.eq_ignore_ascii_case("IHE_XDM")
        && is_subset
        && parts.len() >= 3
        && !name.eq_ignore_ascii_case("METADATA.XML")
        && !matches!(*name, "." | "..");
    usable.then_some(*name)
}

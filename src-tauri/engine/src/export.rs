//! Writing messages out of the store: `.eml` files holding the exact original bytes, or
//! one mbox (mboxrd) file, the format every mail program imports.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::store::Store;
use super::{EngineError, Result};

/// Which messages an export covers.
#[derive(Debug, Clone)]
pub enum Selection {
    Ids(Vec<i64>),
    Folder { account: Option<String>, folder: String },
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ExportFormat {
    Eml,
    Mbox,
}

impl std::str::FromStr for ExportFormat {
    type Err = EngineError;

    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "eml" => Ok(ExportFormat::Eml),
            "mbox" => Ok(ExportFormat::Mbox),
            other => Err(EngineError::InvalidInput(format!("unknown export format {other:?} (eml or mbox)"))),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct ExportReport {
    pub format: ExportFormat,
    pub messages: u32,
    /// The file written, or the folder that received one file per message.
    pub path: String,
    pub files: Vec<String>,
}

pub fn export(store: &Store, ids: &[i64], format: ExportFormat, out: &Path) -> Result<ExportReport> {
    if ids.is_empty() {
        return Err(EngineError::InvalidInput("no message to export".into()));
    }
    let files = match format {
        ExportFormat::Eml if ids.len() == 1 && !out.is_dir() => {
            write_file(out, &store.raw_message(ids[0])?)?;
            vec![out.to_path_buf()]
        }
        ExportFormat::Eml => {
            fs::create_dir_all(out).map_err(|source| EngineError::File { path: out.to_path_buf(), source })?;
            let mut files = Vec::with_capacity(ids.len());
            for id in ids {
                let summary = store.message_summary(*id)?;
                let path = out.join(format!("{id:06}-{}.eml", slug(&summary.subject)));
                write_file(&path, &store.raw_message(*id)?)?;
                files.push(path);
            }
            files
        }
        ExportFormat::Mbox => {
            let mut data = Vec::new();
            for id in ids {
                let summary = store.message_summary(*id)?;
                let when = store.internal_date(*id)?.unwrap_or(0);
                append_mbox(&mut data, summary.from.as_deref(), when, &store.raw_message(*id)?);
            }
            write_file(out, &data)?;
            vec![out.to_path_buf()]
        }
    };
    Ok(ExportReport {
        format,
        messages: ids.len() as u32,
        path: out.display().to_string(),
        files: files.iter().map(|p| p.display().to_string()).collect(),
    })
}

/// Written beside the target then renamed: an interrupted export never leaves half a file
/// under the final name.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| EngineError::File { path: path.to_path_buf(), source };
    let partial: PathBuf = {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".partial");
        path.with_file_name(name)
    };
    let mut file = fs::File::create(&partial).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    fs::rename(&partial, path).map_err(io)
}

/// mboxrd: a "From " separator line, and any body line that starts with ">*From " gets
/// one more ">", so the original bytes can be recovered exactly.
fn append_mbox(out: &mut Vec<u8>, sender: Option<&str>, when: i64, raw: &[u8]) {
    let sender = sender
        .filter(|s| !s.is_empty() && !s.contains(char::is_whitespace))
        .unwrap_or("MAILER-DAEMON");
    let date = chrono::DateTime::from_timestamp(when, 0)
        .unwrap_or_default()
        .format("%a %b %e %H:%M:%S %Y");
    out.extend_from_slice(format!("From {sender} {date}\n").as_bytes());
    for line in raw.split_inclusive(|&b| b == b'\n') {
        let unquoted = line.iter().position(|&b| b != b'>').unwrap_or(line.len());
        if line[unquoted..].starts_with(b"From ") {
            out.push(b'>');
        }
        out.extend_from_slice(line);
    }
    if !raw.ends_with(b"\n") {
        out.push(b'\n');
    }
    out.push(b'\n');
}

/// A file-name-safe short form of a subject.
fn slug(subject: &str) -> String {
    let mut out = String::new();
    for c in subject.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() { "message".to_owned() } else { trimmed.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mboxrd_quotes_from_lines() {
        let mut out = Vec::new();
        append_mbox(&mut out, Some("a@b.test"), 0, b"Subject: x\r\n\r\nFrom here\r\n>From there\r\nok\r\n");
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("From a@b.test Thu Jan  1 00:00:00 1970\n"));
        assert!(text.contains("\r\n>From here\r\n>>From there\r\nok\r\n\n"));
    }

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("RE: Compte rendu / écho (urgent)"), "RE-Compte-rendu-écho-urgent");
        assert_eq!(slug("///"), "message");
    }
}

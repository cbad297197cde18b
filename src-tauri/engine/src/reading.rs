//! Reading a message in the window: its body prepared for the isolated view, its
//! attachments, the replies and forwards started from it.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::compose::{self, Composition, Sender, XdmDocument};
use super::export::{ExportFormat, Selection};
use super::mime::display::{self, DisplayHtml, DisplayOptions, VIEW_BASE};
use super::mime::{self, cda, AttachmentInfo};
use super::store::AccountRecord;
use super::types::MessageSummary;
use super::{Engine, EngineError, Result};

/// A file the reader lists: one the message carries, or a document inside the
/// `IHE_XDM.zip` of a structured message (listed after the message's own files).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct AttachmentSummary {
    pub name: Option<String>,
    pub mime_type: String,
    #[ts(type = "number")]
    pub size: u64,
    /// False for programs and scripts: "Ouvrir" refuses them (they can still be saved).
    pub may_open: bool,
    /// The archive it was taken from (`IHE_XDM.zip`), for a document of a structured message.
    pub archive: Option<String>,
    /// A CDA document's title ("Compte rendu de biologie").
    pub title: Option<String>,
    /// A CDA document's patient, as the document names them.
    pub patient: Option<String>,
}

/// One message opened for reading.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct MessageDetail {
    pub summary: MessageSummary,
    pub reply_to: Vec<String>,
    pub body_text: String,
    pub attachments: Vec<AttachmentSummary>,
    /// What was malformed in the message (technical notes, no content).
    pub problems: Vec<String>,
    /// The body is HTML (else its text is shown, made HTML by the reading view).
    pub has_html: bool,
    /// The body asks for remote images or styles, blocked until "Afficher les images".
    pub remote_content: bool,
}

/// A file of a message, ready to be written to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentFile {
    /// Safe as a file name: no folder part, no control character, never empty.
    pub name: String,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

impl Engine {
    /// One message opened for reading: header, text, and the files it carries.
    pub fn message(&self, id: i64) -> Result<MessageDetail> {
        self.readable()?;
        let (summary, raw) = {
            let store = self.store()?;
            (store.message_summary(id)?, store.raw_message(id)?)
        };
        let mut parsed = mime::parse(&raw);
        let body = display::body_facts(&raw);
        let mut attachments: Vec<AttachmentSummary> = listed(&parsed.attachments).map(file_summary).collect();
        match archive_documents(&raw) {
            Ok(documents) => attachments.extend(documents.iter().map(document_summary)),
            Err(problem) => parsed.problems.push(problem),
        }
        Ok(MessageDetail {
            summary,
            reply_to: parsed.reply_to.iter().map(|a| a.display()).collect(),
            body_text: parsed.body_text,
            attachments,
            problems: parsed.problems,
            has_html: body.has_html,
            remote_content: body.remote_content,
        })
    }

    /// The exact bytes as received (kept for the reading view's helpers).
    pub fn message_bytes(&self, id: i64) -> Result<Vec<u8>> {
        self.readable()?;
        self.store()?.raw_message(id)
    }

    /// The body as a sanitised document for the isolated view. Remote content stays out
    /// unless `allow_remote` (the user chose "Afficher les images" for this message).
    pub fn message_html(&self, id: i64, allow_remote: bool) -> Result<DisplayHtml> {
        self.readable()?;
        let raw = self.message_bytes(id)?;
        Ok(display::display(&raw, &DisplayOptions { message_id: id, base: VIEW_BASE, allow_remote }))
    }

    /// Whether the body asks for remote content (the "images bloquées" banner).
    pub fn has_remote_content(&self, id: i64) -> Result<bool> {
        Ok(display::body_facts(&self.message_bytes(id)?).remote_content)
    }

    /// The `index`-th file of `MessageDetail.attachments`.
    pub fn attachment(&self, id: i64, index: usize) -> Result<AttachmentFile> {
        self.readable()?;
        let raw = self.message_bytes(id)?;
        let parsed = super::mime::parse(&raw);
        let own = listed(&parsed.attachments).count();
        if index >= own {
            let documents = archive_documents(&raw).unwrap_or_default();
            let document = documents
                .into_iter()
                .nth(index - own)
                .ok_or_else(|| EngineError::NotFound(format!("attachment {index} of message #{id}")))?;
            return Ok(AttachmentFile {
                name: safe_file_name(Some(&document.name), index, &document.mime_type),
                mime_type: document.mime_type,
                bytes: document.content,
            });
        }
        let file = listed(&parsed.attachments).nth(index);
        let part = display::attachment_part(&raw, index);
        match (file, part) {
            // The two readings agree on what the file is, so the user gets the one they clicked.
            (Some(info), Some(part)) if info.mime_type == part.mime_type => Ok(AttachmentFile {
                name: safe_file_name(info.name.as_deref().or(part.name.as_deref()), index, &part.mime_type),
                mime_type: part.mime_type,
                bytes: part.bytes,
            }),
            _ => Err(EngineError::NotFound(format!("attachment {index} of message #{id}"))),
        }
    }

    /// Every file of `MessageDetail.attachments`, names made unique for one folder.
    pub fn attachments(&self, id: i64) -> Result<Vec<AttachmentFile>> {
        self.readable()?;
        let count = self.message(id)?.attachments.len();
        let mut files = Vec::with_capacity(count);
        let mut taken = HashSet::new();
        for index in 0..count {
            let mut file = self.attachment(id, index)?;
            file.name = unique_name(&file.name, &mut taken);
            files.push(file);
        }
        Ok(files)
    }

    /// An image the body shows through `cid:`: (MIME type, bytes). Only images.
    pub fn inline_part(&self, id: i64, content_id: &str) -> Result<(String, Vec<u8>)> {
        self.readable()?;
        let raw = self.message_bytes(id)?;
        match display::inline_part(&raw, content_id) {
            Some(part) if part.mime_type.starts_with("image/") => Ok((part.mime_type, part.bytes)),
            _ => Err(EngineError::NotFound(format!("inline image of message #{id}"))),
        }
    }

    /// "Répondre" (`all` false) or "Répondre à tous", from the account that holds the message.
    pub fn reply(&self, id: i64, all: bool) -> Result<Composition> {
        self.readable()?;
        let (account, raw) = self.message_account(id)?;
        let mut composition = compose::reply(&raw, &account.email, all);
        composition.from = sender(&account);
        Ok(composition)
    }

    /// "Transférer", with the original's attachments.
    pub fn forward(&self, id: i64) -> Result<Composition> {
        self.readable()?;
        let (account, raw) = self.message_account(id)?;
        let mut composition = compose::forward(&raw, true);
        composition.from = sender(&account);
        Ok(composition)
    }

    /// Writes the `index`-th attachment to `path` (chosen by the user).
    pub fn save_attachment(&self, id: i64, index: usize, path: &Path) -> Result<()> {
        self.readable()?;
        write_file(path, &self.attachment(id, index)?.bytes)
    }

    /// Writes every attachment into `folder`; a name already there gets " (2)", never
    /// overwritten. Returns how many files were written.
    pub fn save_attachments(&self, id: i64, folder: &Path) -> Result<u32> {
        self.readable()?;
        let mut written = 0;
        for file in self.attachments(id)? {
            let mut taken = HashSet::new();
            let mut name = file.name.clone();
            while folder.join(&name).exists() {
                taken.insert(name.to_lowercase());
                name = unique_name(&file.name, &mut taken);
            }
            write_file(&folder.join(&name), &file.bytes)?;
            written += 1;
        }
        Ok(written)
    }

    /// A copy of the attachment for the system's application to open, in a private folder
    /// of the profile (the system temp folder is readable by other users on some systems).
    /// Copies older than a day are removed first. Programs and scripts are refused: a mail
    /// must never be one double click away from running code.
    pub fn attachment_to_open(&self, id: i64, index: usize) -> Result<PathBuf> {
        self.readable()?;
        let file = self.attachment(id, index)?;
        if is_risky_to_open(&file.name) {
            return Err(EngineError::InvalidInput("this kind of file is not opened directly; save it instead".into()));
        }
        let root = self.profile().dir().join("opened");
        remove_old_copies(&root);
        let folder = root.join(uuid::Uuid::new_v4().simple().to_string());
        private_dir(&folder)?;
        let path = folder.join(&file.name);
        write_file(&path, &file.bytes)?;
        // Read-only: the user edits a copy they saved, not one that disappears tomorrow.
        if let Ok(meta) = std::fs::metadata(&path) {
            let mut permissions = meta.permissions();
            permissions.set_readonly(true);
            let _ = std::fs::set_permissions(&path, permissions);
        }
        Ok(path)
    }

    /// The name offered in the save dialog for an attachment.
    pub fn attachment_name(&self, id: i64, index: usize) -> Result<String> {
        Ok(self.attachment(id, index)?.name)
    }

    /// The name offered when downloading messages: the subject for one (.eml), else
    /// `messages.mbox`.
    pub fn download_name(&self, ids: &[i64]) -> Result<String> {
        match ids {
            [id] => {
                let subject = self.store()?.message_summary(*id)?.subject;
                let name = safe_file_name(Some(&format!("{}.eml", subject.trim())), 0, "message/rfc822");
                Ok(if name.len() > 4 { name } else { "message.eml".into() })
            }
            [] => Err(EngineError::InvalidInput("no message to download".into())),
            _ => Ok("messages.mbox".into()),
        }
    }

    /// "Télécharger": one message as the .eml it was received as, several as one mbox.
    pub fn download(&self, ids: &[i64], path: &Path) -> Result<()> {
        self.readable()?;
        match ids {
            [id] => write_file(path, &self.raw(*id)?),
            _ => self.export(&Selection::Ids(ids.to_vec()), ExportFormat::Mbox, path).map(|_| ()),
        }
    }

    fn message_account(&self, id: i64) -> Result<(AccountRecord, Vec<u8>)> {
        let store = self.store()?;
        let place = store.message_place(id)?;
        let account = store.account_by_id(place.account_id)?;
        let raw = store.raw_message(id)?;
        Ok((account, raw))
    }
}

/// The files a reader lists of the message's own: the inline images of the body are not.
fn listed(attachments: &[AttachmentInfo]) -> impl Iterator<Item = &AttachmentInfo> {
    attachments.iter().filter(|a| !a.is_inline)
}

fn file_summary(file: &AttachmentInfo) -> AttachmentSummary {
    AttachmentSummary {
        name: file.name.clone(),
        mime_type: file.mime_type.clone(),
        size: file.size,
        may_open: !file.name.as_deref().is_some_and(is_risky_to_open),
        archive: None,
        title: None,
        patient: None,
    }
}

/// The documents inside a structured message's `IHE_XDM.zip` (none for other messages);
/// an archive that cannot be read is a problem noted, not a message that cannot be read.
fn archive_documents(raw: &[u8]) -> std::result::Result<Vec<XdmDocument>, String> {
    compose::xdm_documents(raw).map_err(|err| {
        tracing::debug!("an IHE_XDM.zip could not be read");
        format!("IHE_XDM.zip: {err}")
    })
}

pub(crate) fn document_summary(document: &XdmDocument) -> AttachmentSummary {
    let facts = document.name.to_ascii_lowercase().ends_with(".xml").then(|| cda::read(&document.content)).flatten();
    AttachmentSummary {
        name: Some(document.name.clone()),
        mime_type: document.mime_type.clone(),
        size: document.content.len() as u64,
        may_open: !is_risky_to_open(&document.name),
        archive: Some("IHE_XDM.zip".into()),
        title: facts.as_ref().and_then(|f| f.title.clone()),
        patient: facts.and_then(|f| f.patient),
    }
}

/// Extensions the system would run or install rather than show.
pub fn is_risky_to_open(name: &str) -> bool {
    const RISKY: [&str; 37] = [
        "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "cpl", "dll", "lnk", "reg", "ps1", "psm1", "vbs", "vbe",
        "js", "jse", "wsf", "wsh", "hta", "jar", "sh", "bash", "csh", "run", "desktop", "appimage", "app",
        "command", "pkg", "dmg", "deb", "rpm", "py", "pl", "scf",
    ];
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.trim().to_ascii_lowercase()).unwrap_or_default();
    RISKY.contains(&extension.as_str())
}

/// Written beside the target then renamed: an interrupted save never leaves half a file
/// under the final name.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| EngineError::File { path: path.to_path_buf(), source };
    let mut partial = path.file_name().unwrap_or_default().to_os_string();
    partial.push(".partial");
    let partial = path.with_file_name(partial);
    let mut file = std::fs::File::create(&partial).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&partial, path).map_err(io)
}

fn private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| EngineError::File { path: dir.to_path_buf(), source })
}

/// Best effort: a copy still open in another program may not go away yet.
fn remove_old_copies(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    let day = std::time::Duration::from_secs(24 * 3600);
    for entry in entries.flatten() {
        let old = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age > day);
        if old {
            let path = entry.path();
            make_writable(&path);
            if let Err(err) = std::fs::remove_dir_all(&path) {
                tracing::debug!(error = %err.kind(), "an old opened attachment could not be removed yet");
            }
        }
    }
}

/// Read-only files cannot be removed on Windows; elsewhere this is harmless.
fn make_writable(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if let Ok(meta) = entry.metadata() {
            let mut permissions = meta.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            let _ = std::fs::set_permissions(entry.path(), permissions);
        }
    }
}

fn sender(account: &AccountRecord) -> Sender {
    Sender { address: account.email.clone(), name: account.display_name.clone() }
}

/// A name that is safe to create in a folder the user chose: the sender's name without any
/// folder part, control or reserved character, or leading dot; a made-up one when nothing
/// usable is left.
pub fn safe_file_name(name: Option<&str>, index: usize, mime_type: &str) -> String {
    let base = name.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim_end_matches(['.', ' ']).to_owned();
    let cleaned: String = cleaned.chars().take(180).collect();
    let reserved = ["con", "prn", "aux", "nul", "com1", "com2", "com3", "lpt1", "lpt2", "lpt3"];
    let stem = cleaned.split('.').next().unwrap_or_default().to_ascii_lowercase();
    if cleaned.is_empty() || reserved.contains(&stem.as_str()) {
        return format!("piece-jointe-{}{}", index + 1, extension(mime_type));
    }
    cleaned
}

fn extension(mime_type: &str) -> String {
    crate::mime::file_type::extension_for(mime_type).map_or_else(|| ".bin".to_owned(), |ext| format!(".{ext}"))
}

/// `cr.pdf`, `cr (2).pdf`, `cr (3).pdf`… (case-insensitive, as on Windows and macOS).
fn unique_name(name: &str, taken: &mut HashSet<String>) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    let mut candidate = name.to_owned();
    let mut n = 2;
    while !taken.insert(candidate.to_lowercase()) {
        candidate = format!("{stem} ({n}){ext}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::tests::xdm::{structured_message, xdm_zip, PDF};
    use crate::extract::testing::fetched;
    use crate::store::testing::{account_with_folder, open_temp};
    use crate::types::FolderRole;
    use crate::Profile;

    #[test]
    fn a_structured_message_lists_the_documents_of_its_archive() {
        let (dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, "a@b.test", None, "INBOX", FolderRole::Inbox);
        store.record_fetched(account.id, inbox, &[fetched(structured_message(xdm_zip()), 1, 1)]).unwrap();
        let engine = Engine::with_store(Profile::open(Some(dir.path())).unwrap(), store);
        let id = engine.store().unwrap().message_ids(&crate::store::MessageFilter::default()).unwrap()[0];

        let detail = engine.message(id).unwrap();
        assert_eq!(detail.summary.subject, "CR d'imagerie DUPONT Jean 20250312", "no XDM/1.0/DDM+ prefix");
        let names: Vec<_> = detail.attachments.iter().map(|a| a.name.clone().unwrap_or_default()).collect();
        assert_eq!(names, ["IHE_XDM.zip", "DOC0001.XML", "DOC0002.PDF"]);
        let cda = &detail.attachments[1];
        assert_eq!(cda.archive.as_deref(), Some("IHE_XDM.zip"));
        assert_eq!(cda.title.as_deref(), Some("Compte rendu d'imagerie"));
        assert_eq!(cda.patient.as_deref(), Some("Jean DUPONT"));
        let pdf = &detail.attachments[2];
        assert_eq!((pdf.mime_type.as_str(), pdf.may_open, pdf.title.as_deref()), ("application/pdf", true, None));

        // The PDF opens and saves like any attachment, by its place in the list.
        let file = engine.attachment(id, 2).unwrap();
        assert_eq!((file.name.as_str(), file.bytes.as_slice()), ("DOC0002.PDF", PDF));
        assert_eq!(engine.attachments(id).unwrap().len(), 3);
        assert!(engine.attachment(id, 3).is_err());
    }

    #[test]
    fn an_unreadable_archive_is_noted_and_the_message_still_reads() {
        let (dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, "a@b.test", None, "INBOX", FolderRole::Inbox);
        store.record_fetched(account.id, inbox, &[fetched(structured_message(b"PK not a zip".to_vec()), 1, 1)]).unwrap();
        let engine = Engine::with_store(Profile::open(Some(dir.path())).unwrap(), store);
        let id = engine.store().unwrap().message_ids(&crate::store::MessageFilter::default()).unwrap()[0];
        let detail = engine.message(id).unwrap();
        assert_eq!(detail.attachments.len(), 1);
        assert!(detail.problems.iter().any(|p| p.starts_with("IHE_XDM.zip")), "{:?}", detail.problems);
    }

    #[test]
    fn file_names_are_made_safe() {
        assert_eq!(safe_file_name(Some("compte rendu.pdf"), 0, "application/pdf"), "compte rendu.pdf");
        assert_eq!(safe_file_name(Some("../../etc/passwd"), 0, "text/plain"), "passwd");
        assert_eq!(safe_file_name(Some("C:\\Windows\\evil.exe"), 0, "x"), "evil.exe");
        assert_eq!(safe_file_name(Some(".bashrc"), 0, "text/plain"), "bashrc");
        assert_eq!(safe_file_name(Some("a\u{0}b\r\n.pdf"), 0, "application/pdf"), "a_b__.pdf");
        assert_eq!(safe_file_name(Some(".."), 1, "application/pdf"), "piece-jointe-2.pdf");
        assert_eq!(safe_file_name(None, 0, "image/png"), "piece-jointe-1.png");
        assert_eq!(safe_file_name(Some("CON.txt"), 0, "text/plain"), "piece-jointe-1.txt");
    }

    #[test]
    fn programs_are_not_opened_directly() {
        assert!(is_risky_to_open("facture.pdf.exe"));
        assert!(is_risky_to_open("run.SH"));
        assert!(is_risky_to_open("x.desktop"));
        assert!(!is_risky_to_open("compte rendu.pdf"));
        assert!(!is_risky_to_open("radio.jpg"));
        assert!(!is_risky_to_open("sans extension"));
    }

    #[test]
    fn names_in_one_folder_are_unique() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(unique_name("cr.pdf", &mut taken), "cr.pdf");
        assert_eq!(unique_name("CR.pdf", &mut taken), "CR (2).pdf");
        assert_eq!(unique_name("cr.pdf", &mut taken), "cr (3).pdf");
        assert_eq!(unique_name("notes", &mut taken), "notes");
        assert_eq!(unique_name("notes", &mut taken), "notes (2)");
    }
}

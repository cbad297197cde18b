//! The options that describe a message, shared by `send` and `draft save`: one parsing, so
//! a draft is written with exactly the words a message is sent with.

use std::path::{Path, PathBuf};

use clap::Args;

use medimail_engine::compose::{Attachment, ComposeMode, Composition};
use medimail_engine::EngineError;

#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// Destinataire (répétable, ou séparés par des virgules). Message Pro.
    #[arg(long, conflicts_with = "patient")]
    pub to: Vec<String>,
    /// Copie (répétable). Message Pro.
    #[arg(long, conflicts_with = "patient")]
    pub cc: Vec<String>,
    /// INS du patient (15 caractères) : message Patient, vers <INS>@patient.mssante.fr.
    #[arg(long)]
    pub patient: Option<String>,
    /// Objet.
    #[arg(long)]
    pub subject: Option<String>,
    /// Corps du message, texte (fichier UTF-8).
    #[arg(long, conflicts_with = "html_file")]
    pub body_file: Option<PathBuf>,
    /// Corps du message, HTML (fichier UTF-8) ; une version texte l'accompagne.
    #[arg(long)]
    pub html_file: Option<PathBuf>,
    /// Pièce jointe (répétable).
    #[arg(long)]
    pub attach: Vec<PathBuf>,
    /// Demande un accusé de lecture (toujours demandé pour un patient).
    #[arg(long)]
    pub receipt: bool,
    /// Clôt l'échange avec le patient (X-MSS-MES: FIN).
    #[arg(long, requires = "patient")]
    pub close: bool,
}

impl ComposeArgs {
    /// A new message from the options.
    pub fn composition(&self) -> Result<Composition, EngineError> {
        self.apply_to(Composition::default())
    }

    /// `base` with what the options give: each option given replaces its field (`--attach`
    /// the whole list), the others stay.
    pub fn apply_to(&self, mut c: Composition) -> Result<Composition, EngineError> {
        if let Some(ins) = &self.patient {
            c.mode = ComposeMode::Patient;
            c.patient_ins = Some(ins.clone());
            c.to.clear();
            c.cc.clear();
        } else if !self.to.is_empty() || !self.cc.is_empty() {
            c.mode = ComposeMode::Pro;
            c.patient_ins = None;
            c.to = split(&self.to);
            c.cc = split(&self.cc);
        }
        if let Some(subject) = &self.subject {
            c.subject = subject.clone();
        }
        match (&self.body_file, &self.html_file) {
            (Some(file), _) => {
                c.body_text = text(file)?;
                c.body_html = None;
            }
            (None, Some(file)) => {
                c.body_text = String::new();
                c.body_html = Some(text(file)?);
            }
            (None, None) => {}
        }
        if !self.attach.is_empty() {
            c.attachments = self.attach.iter().map(|path| attachment(path)).collect::<Result<_, _>>()?;
        }
        let patient = c.mode == ComposeMode::Patient;
        c.request_read_receipt = c.request_read_receipt || self.receipt || patient;
        c.close_exchange = patient && (c.close_exchange || self.close);
        Ok(c)
    }
}

fn split(list: &[String]) -> Vec<String> {
    list.iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn read(path: &Path) -> Result<Vec<u8>, EngineError> {
    std::fs::read(path).map_err(|source| EngineError::File { path: path.to_path_buf(), source })
}

pub fn text(path: &Path) -> Result<String, EngineError> {
    String::from_utf8(read(path)?).map_err(|_| EngineError::InvalidInput(format!("{} is not UTF-8 text", path.display())))
}

fn attachment(path: &Path) -> Result<Attachment, EngineError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| EngineError::InvalidInput(format!("{} is not a file", path.display())))?;
    Ok(Attachment {
        mime_type: mime_type(&file_name).to_owned(),
        file_name,
        content: read(path)?,
        inline_content_id: None,
    })
}

/// The type announced for an attachment, from its extension; receivers sniff anyway.
fn mime_type(file_name: &str) -> &'static str {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "txt" => "text/plain",
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt" => "application/vnd.oasis.opendocument.text",
        "hl7" => "application/hl7-v2",
        _ => "application/octet-stream",
    }
}

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
        self.address(&mut c);
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
            c.attachments = self.files()?;
        }
        Ok(c)
    }

    /// A reply or a forward (`base`) with the options: the text of `--body-file` goes above
    /// the original, `--attach` adds files to those forwarded, the rest as in `apply_to`.
    pub fn apply_above(&self, mut c: Composition) -> Result<Composition, EngineError> {
        self.address(&mut c);
        if self.html_file.is_some() {
            return Err(EngineError::InvalidInput("a reply or a forward takes a text (--body-file)".into()));
        }
        if let Some(file) = &self.body_file {
            medimail_engine::compose::write_above(&mut c, &text(file)?);
        }
        c.attachments.extend(self.files()?);
        Ok(c)
    }

    /// Recipients, subject and the receipt and closing flags: each given replaces its field.
    fn address(&self, c: &mut Composition) {
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
        // The patient rules (a receipt always asked, closing only with a patient) are the
        // engine's, applied when the message is checked and built.
        c.request_read_receipt = c.request_read_receipt || self.receipt;
        c.close_exchange = c.close_exchange || self.close;
    }

    fn files(&self) -> Result<Vec<Attachment>, EngineError> {
        self.attach.iter().map(|path| attachment(path)).collect()
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
        mime_type: medimail_engine::mime::file_type::of_name(&file_name).to_owned(),
        file_name,
        content: read(path)?,
        inline_content_id: None,
    })
}

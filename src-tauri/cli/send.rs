use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{block_on, output, Context, Lang};
use crate::engine::compose::{Attachment, ComposeMode, Composition, Sender};
use crate::engine::EngineError;

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Compte d'envoi (s'il y en a plusieurs).
    #[arg(long)]
    account: Option<String>,
    /// Destinataire (répétable, ou séparés par des virgules). Message Pro.
    #[arg(long, conflicts_with = "patient")]
    to: Vec<String>,
    /// Copie (répétable). Message Pro.
    #[arg(long, conflicts_with = "patient")]
    cc: Vec<String>,
    /// INS du patient (15 caractères) : message Patient, vers <INS>@patient.mssante.fr.
    #[arg(long)]
    patient: Option<String>,
    /// Objet.
    #[arg(long)]
    subject: String,
    /// Corps du message, texte (fichier UTF-8).
    #[arg(long, conflicts_with = "html_file", required_unless_present = "html_file")]
    body_file: Option<PathBuf>,
    /// Corps du message, HTML (fichier UTF-8) ; une version texte l'accompagne.
    #[arg(long)]
    html_file: Option<PathBuf>,
    /// Pièce jointe (répétable).
    #[arg(long)]
    attach: Vec<PathBuf>,
    /// Demande un accusé de lecture (toujours demandé pour un patient).
    #[arg(long)]
    receipt: bool,
    /// Clôt l'échange avec le patient (X-MSS-MES: FIN).
    #[arg(long, requires = "patient")]
    close: bool,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Liste la boîte d'envoi.
    List {
        #[arg(long)]
        account: Option<String>,
    },
    /// Renvoie un message dont l'envoi est incertain ou a échoué.
    Resend { id: i64 },
}

fn read(path: &PathBuf) -> Result<Vec<u8>, EngineError> {
    std::fs::read(path).map_err(|source| EngineError::File { path: path.clone(), source })
}

fn text(path: &PathBuf) -> Result<String, EngineError> {
    String::from_utf8(read(path)?).map_err(|_| EngineError::InvalidInput(format!("{} is not UTF-8 text", path.display())))
}

pub fn send(ctx: &Context<'_>, args: SendArgs) -> Result<(), EngineError> {
    let (body_text, body_html) = match (&args.body_file, &args.html_file) {
        (Some(file), _) => (text(file)?, None),
        (None, Some(file)) => {
            let html = text(file)?;
            (String::new(), Some(html))
        }
        (None, None) => return Err(EngineError::InvalidInput("give the body with --body-file or --html-file".into())),
    };
    let mut attachments = Vec::new();
    for path in &args.attach {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| EngineError::InvalidInput(format!("{} is not a file", path.display())))?;
        attachments.push(Attachment {
            mime_type: mime_type(&file_name).to_owned(),
            file_name,
            content: read(path)?,
            inline_content_id: None,
        });
    }
    let split = |list: &[String]| -> Vec<String> {
        list.iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let patient = args.patient.is_some();
    let composition = Composition {
        mode: if patient { ComposeMode::Patient } else { ComposeMode::Pro },
        from: Sender::default(),
        to: split(&args.to),
        cc: split(&args.cc),
        patient_ins: args.patient,
        subject: args.subject,
        body_text,
        body_html,
        attachments,
        in_reply_to: None,
        references: Vec::new(),
        request_read_receipt: args.receipt || patient,
        close_exchange: args.close,
    };
    let engine = ctx.engine()?;
    let entry = block_on(engine.send(args.account.as_deref(), composition))?;
    if ctx.json {
        return output::json(&entry);
    }
    println!("Message-ID : <{}>", entry.message_id);
    println!("{}", state_sentence(&entry, ctx.lang));
    Ok(())
}

fn state_sentence(entry: &crate::engine::store::OutboxEntry, lang: Lang) -> String {
    use crate::engine::store::OutboxState::*;
    let fr = match entry.state {
        Queued => "En attente dans la boîte d'envoi : il partira à la prochaine connexion.",
        HandingOver => "En cours d'envoi.",
        Sent => "Envoyé.",
        Failed => "Refusé par le serveur.",
        Uncertain => "Envoi interrompu : vérifiez s'il est arrivé avant de le renvoyer (medimail outbox resend).",
    };
    let en = match entry.state {
        Queued => "Waiting in the outbox: it leaves at the next connection.",
        HandingOver => "Being sent.",
        Sent => "Sent.",
        Failed => "Refused by the server.",
        Uncertain => "Sending was interrupted: check whether it arrived before resending (medimail outbox resend).",
    };
    let mut line = match lang {
        Lang::Fr => fr.to_owned(),
        Lang::En => en.to_owned(),
    };
    if let (Some(error), true) = (&entry.last_error, matches!(entry.state, Failed | Queued | Uncertain)) {
        line.push_str(&format!(" ({error})"));
    }
    line
}

pub fn outbox(ctx: &Context<'_>, command: OutboxCommand) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    match command {
        OutboxCommand::List { account } => {
            let entries = engine.outbox(account.as_deref())?;
            if ctx.json {
                return output::json(&entries);
            }
            if entries.is_empty() {
                println!("{}", ctx.say("La boîte d'envoi est vide.", "The outbox is empty."));
            }
            for e in entries {
                println!("{:>5}  {}  {}  {}", e.id, output::date(Some(e.created_at)), e.subject, state_sentence(&e, ctx.lang));
            }
        }
        OutboxCommand::Resend { id } => {
            let entry = engine.resend(id)?;
            if ctx.json {
                return output::json(&entry);
            }
            println!("{}", ctx.say("Remis dans la boîte d'envoi.", "Put back in the outbox."));
        }
    }
    Ok(())
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

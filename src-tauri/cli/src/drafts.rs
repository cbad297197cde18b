//! `medimail draft …`: drafts kept whole (attachments too), copied to the server's Drafts
//! folder at the next sync.

use clap::{Args, Subcommand};

use super::compose_args::ComposeArgs;
use super::send::state_sentence;
use super::{block_on, output, Context, Text};
use medimail_engine::compose::{ComposeMode, Composition};
use medimail_engine::drafts::DraftInfo;
use medimail_engine::writing::SignatureChoice;
use medimail_engine::EngineError;

#[derive(Debug, Subcommand)]
pub enum DraftCommand {
    /// Enregistre un brouillon : nouveau, ou --id pour le modifier (seules les options
    /// données changent ; --attach remplace la liste des pièces jointes).
    Save(Box<SaveArgs>),
    /// Liste les brouillons : ceux d'ici, puis ceux écrits ailleurs (webmail).
    List {
        #[arg(long)]
        account: Option<String>,
    },
    /// Affiche un brouillon en entier (--json : destinataires, corps, pièces jointes en base64).
    Show(ShowArgs),
    /// Envoie un brouillon tel qu'il est enregistré ; il quitte les brouillons.
    Send { id: i64 },
    /// Supprime un brouillon (ici tout de suite, sur le serveur à la prochaine synchronisation).
    Delete { id: i64 },
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Compte (s'il y en a plusieurs).
    #[arg(long)]
    account: Option<String>,
    /// Le brouillon à modifier.
    #[arg(long)]
    id: Option<i64>,
    #[command(flatten)]
    message: ComposeArgs,
    /// Signature à insérer (son numéro). Par défaut : celle du brouillon, ou pour un nouveau
    /// brouillon la signature par défaut du compte.
    #[arg(long, conflicts_with = "no_signature")]
    signature: Option<i64>,
    /// Pas de signature.
    #[arg(long)]
    no_signature: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "message"])))]
pub struct ShowArgs {
    /// Numéro du brouillon.
    id: Option<i64>,
    /// Un message du dossier Brouillons écrit ailleurs (son numéro dans `medimail list`) :
    /// il devient un brouillon d'ici.
    #[arg(long)]
    message: Option<i64>,
}

pub fn run(ctx: &Context<'_>, command: DraftCommand) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    match command {
        DraftCommand::Save(args) => {
            let base = match args.id {
                Some(id) => engine.open_draft(id)?.composition,
                None => Composition::default(),
            };
            let new_body = args.message.body_file.is_some() || args.message.html_file.is_some();
            let composition = args.message.apply_to(base)?;
            let choice = match (args.no_signature, args.signature) {
                (true, _) => SignatureChoice::Without,
                (false, Some(id)) => SignatureChoice::With(id),
                (false, None) => SignatureChoice::AsBefore,
            };
            let info = engine.save_draft_signed(args.account.as_deref(), args.id, composition, new_body, choice)?;
            if ctx.json {
                return output::json(&info);
            }
            let id = info.id.unwrap_or_default();
            outln!("{}", ctx.say(Text::new("cli-draft-saved").arg("id", id)));
        }
        DraftCommand::List { account } => {
            let drafts = engine.drafts(account.as_deref())?;
            if ctx.json {
                return output::json(&drafts);
            }
            if drafts.is_empty() {
                outln!("{}", ctx.t("cli-no-draft"));
            }
            for draft in &drafts {
                outln!("{}", line(ctx, draft));
            }
        }
        DraftCommand::Show(args) => {
            let draft = match (args.id, args.message) {
                (Some(id), _) => engine.open_draft(id)?,
                (None, Some(message)) => engine.open_server_draft(message)?,
                (None, None) => return Err(EngineError::InvalidInput("give a draft number or --message".into())),
            };
            if ctx.json {
                return output::json(&draft);
            }
            let c = &draft.composition;
            outln!("{}", line(ctx, &draft.info));
            outln!("{}", ctx.say(Text::new("cli-field-subject").arg("value", c.subject.as_str())));
            for a in &c.attachments {
                outln!("{}", ctx.say(Text::new("cli-draft-attachment").arg("name", a.file_name.as_str()).arg("size", a.content.len())));
            }
            outln!();
            outln!("{}", c.body_text);
        }
        DraftCommand::Send { id } => {
            let entry = block_on(engine.send_draft(id))?;
            if ctx.json {
                return output::json(&entry);
            }
            outln!("Message-ID : <{}>", entry.message_id);
            outln!("{}", state_sentence(&entry, ctx.lang));
        }
        DraftCommand::Delete { id } => {
            engine.delete_draft(id)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "deleted": id }));
            }
            outln!("{}", ctx.t("cli-draft-deleted"));
        }
    }
    Ok(())
}

fn line(ctx: &Context<'_>, d: &DraftInfo) -> String {
    let number = match (d.id, d.message) {
        (Some(id), _) => format!("{id:>5}"),
        (None, Some(message)) => format!("{:>5}", format!("m{message}")),
        (None, None) => "    ?".to_owned(),
    };
    let mode = match d.mode {
        ComposeMode::Patient => ctx.t("cli-draft-patient-mark"),
        ComposeMode::Pro => String::new(),
    };
    let pending = if d.server_pending { ctx.t("cli-draft-pending-mark") } else { String::new() };
    let clip = if d.attachment_count > 0 { " 📎" } else { "" };
    format!(
        "{number}  {}  {mode}{}  {}{clip}{pending}",
        output::date(d.updated_at),
        d.recipients.join(", "),
        d.subject
    )
}

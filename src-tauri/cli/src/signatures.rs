//! `medimail signature …` (seed part 2 §3): several signatures per account, one inserted
//! automatically in new messages.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::compose_args::text;
use super::{output, Context};
use medimail_engine::signatures::{Signature, SignatureChange, SignatureContent};
use medimail_engine::EngineError;

#[derive(Debug, Subcommand)]
pub enum SignatureCommand {
    /// Liste les signatures.
    List {
        #[arg(long)]
        account: Option<String>,
    },
    /// Ajoute une signature.
    Add(AddArgs),
    /// Modifie une signature (seules les options données changent).
    Edit(EditArgs),
    /// Supprime une signature (si c'était celle par défaut, il n'y en a plus).
    Delete { id: i64 },
    /// Choisit la signature insérée dans les nouveaux messages (--none : aucune).
    Default(DefaultArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("content").required(true).args(["html_file", "text_file"])))]
pub struct AddArgs {
    #[arg(long)]
    account: Option<String>,
    /// Intitulé (visible par vous seul).
    #[arg(long)]
    title: String,
    /// Contenu en HTML (gras, couleurs, images) ; sa version texte en est tirée.
    #[arg(long)]
    html_file: Option<PathBuf>,
    /// Contenu en texte simple.
    #[arg(long)]
    text_file: Option<PathBuf>,
    /// Signature par défaut, insérée dans les nouveaux messages.
    #[arg(long)]
    default: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    id: i64,
    #[arg(long)]
    title: Option<String>,
    #[arg(long, conflicts_with = "text_file")]
    html_file: Option<PathBuf>,
    #[arg(long)]
    text_file: Option<PathBuf>,
    /// En fait la signature par défaut.
    #[arg(long, conflicts_with = "no_default")]
    default: bool,
    /// Ce n'est plus la signature par défaut.
    #[arg(long)]
    no_default: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "none"])))]
pub struct DefaultArgs {
    id: Option<i64>,
    /// Plus de signature par défaut.
    #[arg(long)]
    none: bool,
    /// Avec --none : le compte (s'il y en a plusieurs).
    #[arg(long, requires = "none")]
    account: Option<String>,
}

fn content(html: &Option<PathBuf>, plain: &Option<PathBuf>) -> Result<Option<SignatureContent>, EngineError> {
    Ok(match (html, plain) {
        (Some(file), _) => Some(SignatureContent::Html(text(file)?)),
        (None, Some(file)) => Some(SignatureContent::Text(text(file)?)),
        (None, None) => None,
    })
}

pub fn run(ctx: &Context<'_>, command: SignatureCommand) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    let signature = match command {
        SignatureCommand::List { account } => {
            let all = engine.signatures(account.as_deref())?;
            if ctx.json {
                return output::json(&all);
            }
            if all.is_empty() {
                outln!("{}", ctx.t("cli-no-signature"));
            }
            for s in &all {
                outln!("{}", line(ctx, s));
            }
            return Ok(());
        }
        SignatureCommand::Add(args) => {
            let content = content(&args.html_file, &args.text_file)?
                .ok_or_else(|| EngineError::InvalidInput("give the content with --html-file or --text-file".into()))?;
            engine.create_signature(args.account.as_deref(), &args.title, &content, args.default)?
        }
        SignatureCommand::Edit(args) => {
            let change = SignatureChange {
                title: args.title,
                content: content(&args.html_file, &args.text_file)?,
                is_default: match (args.default, args.no_default) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
            };
            engine.update_signature(args.id, &change)?
        }
        SignatureCommand::Delete { id } => {
            engine.delete_signature(id)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "deleted": id }));
            }
            outln!("{}", ctx.t("cli-signature-deleted"));
            return Ok(());
        }
        SignatureCommand::Default(args) => match args.id {
            Some(id) => engine.set_default_signature(id)?,
            None => {
                engine.clear_default_signature(args.account.as_deref())?;
                if ctx.json {
                    return output::json(&serde_json::json!({ "default": null }));
                }
                outln!("{}", ctx.t("cli-no-default-signature"));
                return Ok(());
            }
        },
    };
    if ctx.json {
        return output::json(&signature);
    }
    outln!("{}", line(ctx, &signature));
    Ok(())
}

fn line(ctx: &Context<'_>, s: &Signature) -> String {
    let default = if s.is_default { ctx.t("cli-signature-default-mark") } else { String::new() };
    let first = s.text.lines().next().unwrap_or_default();
    format!("{:>5}  {}{default}  — {first}", s.id, s.title)
}

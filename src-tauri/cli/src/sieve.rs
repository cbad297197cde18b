//! `medimail autoreply get|set|off` and `medimail forward add|remove|list` (seed part 2 §4
//! and §6): the server-side rules, kept in the account's Sieve script.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::compose_args::{text, ComposeArgs};
use super::{block_on, output, send, Context, Text};
use medimail_engine::sieve::{AutoReply, SieveSettings};
use medimail_engine::EngineError;

#[derive(Debug, Subcommand)]
pub enum AutoReplyCommand {
    /// Affiche la réponse automatique.
    Get {
        #[arg(long)]
        account: Option<String>,
    },
    /// Active la réponse automatique (ou l'enregistre désactivée avec --disabled).
    Set(SetArgs),
    /// Désactive la réponse automatique (son message est gardé).
    Off {
        #[arg(long)]
        account: Option<String>,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("message").required(true).args(["html_file", "text_file"])))]
pub struct SetArgs {
    #[arg(long)]
    account: Option<String>,
    /// Début (RFC 3339, par exemple 2026-12-24T08:00:00+01:00) ; sans : dès maintenant.
    #[arg(long)]
    start: Option<String>,
    /// Fin (RFC 3339) ; sans : jusqu'à ce qu'elle soit désactivée.
    #[arg(long)]
    end: Option<String>,
    /// Objet de la réponse.
    #[arg(long)]
    subject: String,
    /// Message en HTML (gras, couleurs, listes) ; sa version texte en est tirée.
    #[arg(long)]
    html_file: Option<PathBuf>,
    /// Message en texte simple.
    #[arg(long)]
    text_file: Option<PathBuf>,
    /// Enregistre la réponse sans l'activer.
    #[arg(long)]
    disabled: bool,
}

/// `forward`: either a message to forward (`medimail forward ID --to …`) or the automatic
/// forwarding rules (`medimail forward add|remove|list`).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ForwardArgs {
    #[command(subcommand)]
    rule: Option<ForwardingCommand>,
    /// Le message à transférer (son numéro dans `medimail list`).
    id: Option<i64>,
    // Not an Option of `send::AnswerArgs`: clap leaves a flattened Option with a positional
    // argument None even when the number is given.
    #[command(flatten)]
    message: ComposeArgs,
}

#[derive(Debug, Subcommand)]
pub enum ForwardingCommand {
    /// Transferts automatiques : ajoute une adresse qui recevra une copie de chaque message.
    Add {
        address: String,
        #[arg(long)]
        account: Option<String>,
    },
    /// Transferts automatiques : retire une adresse.
    Remove {
        address: String,
        #[arg(long)]
        account: Option<String>,
    },
    /// Transferts automatiques : liste les adresses.
    List {
        #[arg(long)]
        account: Option<String>,
    },
}

pub fn autoreply(ctx: &Context<'_>, command: AutoReplyCommand) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    let settings = match command {
        AutoReplyCommand::Get { account } => block_on(engine.sieve_settings(account.as_deref()))?,
        AutoReplyCommand::Set(args) => {
            let html = match (&args.html_file, &args.text_file) {
                (Some(file), _) => text(file)?,
                (None, Some(file)) => text_as_html(&text(file)?),
                (None, None) => String::new(),
            };
            let reply = AutoReply { enabled: !args.disabled, start: args.start, end: args.end, subject: args.subject, html };
            block_on(engine.set_auto_reply(args.account.as_deref(), &reply))?
        }
        AutoReplyCommand::Off { account } => block_on(engine.auto_reply_off(account.as_deref()))?,
    };
    if ctx.json {
        return output::json(&settings.auto_reply);
    }
    print_auto_reply(ctx, &settings);
    Ok(())
}

pub fn forward(ctx: &Context<'_>, args: ForwardArgs) -> Result<(), EngineError> {
    let rule = match (args.rule, args.id) {
        (Some(rule), _) => rule,
        (None, Some(id)) => return send::answer(ctx, send::Answer::Forward, send::AnswerArgs::forward(id, args.message)),
        (None, None) => return Err(EngineError::InvalidInput("give a message number, or add, remove or list".into())),
    };
    let engine = ctx.engine()?;
    let settings = match rule {
        ForwardingCommand::Add { address, account } => block_on(engine.add_forward(account.as_deref(), &address))?,
        ForwardingCommand::Remove { address, account } => block_on(engine.remove_forward(account.as_deref(), &address))?,
        ForwardingCommand::List { account } => block_on(engine.sieve_settings(account.as_deref()))?,
    };
    if ctx.json {
        return output::json(&settings.forwards);
    }
    if settings.forwards.is_empty() {
        outln!("{}", ctx.t("cli-no-forwarding"));
    }
    for address in &settings.forwards {
        outln!("{address}");
    }
    Ok(())
}

fn print_auto_reply(ctx: &Context<'_>, settings: &SieveSettings) {
    let reply = &settings.auto_reply;
    let state = if reply.enabled { "cli-autoreply-on" } else { "cli-autoreply-off" };
    outln!("{}", ctx.t(state));
    if let Some(start) = &reply.start {
        outln!("{}", ctx.say(Text::new("cli-autoreply-start").arg("date", start.as_str())));
    }
    if let Some(end) = &reply.end {
        outln!("{}", ctx.say(Text::new("cli-autoreply-end").arg("date", end.as_str())));
    }
    if !reply.subject.is_empty() {
        outln!("{}", ctx.say(Text::new("cli-autoreply-subject").arg("subject", reply.subject.as_str())));
    }
}

/// Plain text as HTML paragraphs' lines.
fn text_as_html(text: &str) -> String {
    let escape = |l: &str| l.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    text.lines().map(|l| format!("<p>{}</p>", escape(l))).collect()
}

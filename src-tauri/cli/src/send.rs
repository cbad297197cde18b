use clap::{Args, Subcommand};

use super::compose_args::ComposeArgs;
use super::{block_on, output, Context, Lang};
use medimail_engine::EngineError;

#[derive(Debug, Args)]
// A message to send needs what a draft may still lack.
#[command(mut_arg("subject", |a| a.required(true)))]
#[command(mut_arg("body_file", |a| a.required_unless_present("html_file")))]
pub struct SendArgs {
    /// Compte d'envoi (s'il y en a plusieurs).
    #[arg(long)]
    account: Option<String>,
    #[command(flatten)]
    message: ComposeArgs,
}

/// `reply` and `forward`: the engine's reply or forward of a stored message, your text
/// above the original, sent like any message.
#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// Le message (son numéro dans `medimail list`).
    id: i64,
    /// Répondre à tous (l'expéditeur et tous les destinataires). `reply` seulement.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    message: ComposeArgs,
}

impl AnswerArgs {
    /// `forward ID …`, read by the `forward` command beside its rule subcommands.
    pub fn forward(id: i64, message: ComposeArgs) -> AnswerArgs {
        AnswerArgs { id, all: false, message }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Answer {
    Reply,
    Forward,
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

pub fn send(ctx: &Context<'_>, args: SendArgs) -> Result<(), EngineError> {
    let composition = args.message.composition()?;
    let engine = ctx.engine()?;
    let entry = block_on(engine.send(args.account.as_deref(), composition))?;
    report_sent(ctx, entry)
}

/// "Répondre", "Répondre à tous" and "Transférer", as the window does them: the same engine
/// calls give the recipients, subject, thread and quoted or forwarded original.
pub fn answer(ctx: &Context<'_>, kind: Answer, args: AnswerArgs) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    let base = match kind {
        Answer::Reply => engine.reply(args.id, args.all)?,
        Answer::Forward if args.all => {
            return Err(EngineError::InvalidInput("--all goes with reply, not forward".into()));
        }
        Answer::Forward => engine.forward(args.id)?,
    };
    let composition = args.message.apply_above(base)?;
    let account = composition.from.address.clone();
    let entry = block_on(engine.send(Some(&account), composition))?;
    report_sent(ctx, entry)
}

fn report_sent(ctx: &Context<'_>, entry: medimail_engine::store::OutboxEntry) -> Result<(), EngineError> {
    if ctx.json {
        output::json(&entry)?;
    } else {
        outln!("Message-ID : <{}>", entry.message_id);
        outln!("{}", state_sentence(&entry, ctx.lang));
    }
    // A refusal (e.g. over the server's size limit) is a failure for scripts too.
    if entry.state == medimail_engine::store::OutboxState::Failed {
        return Err(EngineError::Server(entry.last_error.unwrap_or_else(|| "refused".into())));
    }
    Ok(())
}

pub(super) fn state_sentence(entry: &medimail_engine::store::OutboxEntry, lang: Lang) -> String {
    use medimail_engine::store::OutboxState::*;
    let key = match entry.state {
        Queued => "cli-outbox-queued",
        HandingOver => "cli-outbox-handing_over",
        Sent => "cli-outbox-sent",
        Failed => "cli-outbox-failed",
        Uncertain => "cli-outbox-uncertain",
    };
    let mut line = medimail_engine::catalogue::say_plain(lang, key);
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
                outln!("{}", ctx.t("cli-outbox-empty"));
            }
            for e in entries {
                outln!("{:>5}  {}  {}  {}", e.id, output::date(Some(e.created_at)), e.subject, state_sentence(&e, ctx.lang));
            }
        }
        OutboxCommand::Resend { id } => {
            let entry = engine.resend(id)?;
            if ctx.json {
                return output::json(&entry);
            }
            outln!("{}", ctx.t("cli-outbox-put-back"));
        }
    }
    Ok(())
}

//! Delivery and read receipts, headless: a sent message's timeline, the read receipt
//! policy, opening a message as the window does, open notifications.

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{block_on, output, Context, Lang};
use medimail_engine::receipts::{MdnDecision, MdnPolicy};
use medimail_engine::EngineError;

#[derive(Debug, Args)]
pub struct ReceiptsArgs {
    /// Numéro du message envoyé (voir `medimail list --folder sent`).
    id: i64,
}

#[derive(Debug, Args)]
pub struct MdnPolicyArgs {
    /// Nouvelle règle ; sans valeur, affiche la règle actuelle.
    #[arg(value_enum)]
    policy: Option<PolicyArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PolicyArg {
    /// Toujours envoyer l'accusé de lecture demandé.
    Always,
    /// Demander à chaque fois (par défaut).
    Ask,
    /// Ne jamais en envoyer.
    Never,
}

impl From<PolicyArg> for MdnPolicy {
    fn from(p: PolicyArg) -> Self {
        match p {
            PolicyArg::Always => MdnPolicy::Always,
            PolicyArg::Ask => MdnPolicy::Ask,
            PolicyArg::Never => MdnPolicy::Never,
        }
    }
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Numéro du message.
    id: i64,
    /// Envoie l'accusé de lecture demandé (réponse « oui » quand la règle est « demander »).
    #[arg(long)]
    send_receipt: bool,
}

#[derive(Debug, Args)]
pub struct OpenNotificationsArgs {
    /// on ou off ; sans valeur, affiche le réglage actuel.
    #[arg(value_parser = ["on", "off"])]
    state: Option<String>,
}

#[derive(Debug, Args)]
pub struct OpeningsArgs {
    /// Les affiche aussi en notifications de bureau.
    #[arg(long)]
    notify: bool,
}

#[derive(Serialize)]
struct PolicyView {
    mdn_policy: MdnPolicy,
}

#[derive(Serialize)]
struct DecisionView {
    id: i64,
    decision: MdnDecision,
}

#[derive(Serialize)]
struct NotificationsView {
    open_notifications: bool,
}

pub fn receipts(ctx: &Context<'_>, args: ReceiptsArgs) -> Result<(), EngineError> {
    let timeline = ctx.engine()?.timeline(args.id)?;
    if ctx.json {
        return output::json(&timeline);
    }
    for event in &timeline.events {
        println!("{}", ctx.say(&event.text_fr, &event.text_en));
    }
    Ok(())
}

pub fn mdn_policy(ctx: &Context<'_>, args: MdnPolicyArgs) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    if let Some(policy) = args.policy {
        engine.set_mdn_policy(policy.into())?;
    }
    let policy = engine.mdn_policy()?;
    if ctx.json {
        return output::json(&PolicyView { mdn_policy: policy });
    }
    let (fr, en) = match policy {
        MdnPolicy::Always => ("Accusés de lecture : toujours envoyés.", "Read receipts: always sent."),
        MdnPolicy::Ask => ("Accusés de lecture : demander à chaque fois.", "Read receipts: ask each time."),
        MdnPolicy::Never => ("Accusés de lecture : jamais envoyés.", "Read receipts: never sent."),
    };
    println!("{}", ctx.say(fr, en));
    Ok(())
}

pub fn open(ctx: &Context<'_>, args: OpenArgs) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    let decision = if args.send_receipt {
        block_on(engine.open_sending_receipt(args.id))?
    } else {
        block_on(engine.message_opened(args.id))?
    };
    if ctx.json {
        return output::json(&DecisionView { id: args.id, decision });
    }
    println!("{}", decision_sentence(decision, ctx.lang));
    Ok(())
}

pub fn open_notifications(ctx: &Context<'_>, args: OpenNotificationsArgs) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    if let Some(state) = args.state {
        engine.set_open_notifications(state == "on")?;
    }
    let enabled = engine.open_notifications()?;
    if ctx.json {
        return output::json(&NotificationsView { open_notifications: enabled });
    }
    println!(
        "{}",
        match (enabled, ctx.lang) {
            (true, Lang::Fr) => "Notification à chaque ouverture d'un message envoyé : activée.",
            (false, Lang::Fr) => "Notification à chaque ouverture d'un message envoyé : désactivée.",
            (true, Lang::En) => "Notification when a sent message is opened: on.",
            (false, Lang::En) => "Notification when a sent message is opened: off.",
        }
    );
    Ok(())
}

/// Openings reported since the last call (each is considered once), when open
/// notifications are on; `--notify` also shows them on the desktop.
pub fn openings(ctx: &Context<'_>, args: OpeningsArgs) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    let notices = engine.new_openings()?;
    if args.notify {
        for notice in &notices {
            if let Err(err) = medimail_engine::notify::show_opening(notice, ctx.lang == Lang::Fr) {
                eprintln!("{}", super::describe_error(&err, ctx.lang));
            }
        }
    }
    if ctx.json {
        return output::json(&notices);
    }
    for notice in &notices {
        println!("{} {}", output::date(notice.at), ctx.say(&notice.text_fr, &notice.text_en));
    }
    Ok(())
}

fn decision_sentence(decision: MdnDecision, lang: Lang) -> &'static str {
    match (decision, lang) {
        (MdnDecision::Sent, Lang::Fr) => "Message lu ; l'accusé de lecture demandé a été envoyé.",
        (MdnDecision::Sent, Lang::En) => "Marked read; the requested read receipt was sent.",
        (MdnDecision::AskUser, Lang::Fr) => {
            "Message lu. L'expéditeur demande un accusé de lecture : `medimail open ID --send-receipt` pour l'envoyer."
        }
        (MdnDecision::AskUser, Lang::En) => {
            "Marked read. The sender asks for a read receipt: `medimail open ID --send-receipt` sends it."
        }
        (MdnDecision::NotRequested, Lang::Fr) => "Message lu.",
        (MdnDecision::NotRequested, Lang::En) => "Marked read.",
        (MdnDecision::AlreadySent, Lang::Fr) => "Message lu ; l'accusé de lecture avait déjà été envoyé.",
        (MdnDecision::AlreadySent, Lang::En) => "Marked read; the read receipt had already been sent.",
        (MdnDecision::Never, Lang::Fr) => "Message lu ; aucun accusé de lecture n'est envoyé (règle « jamais »).",
        (MdnDecision::Never, Lang::En) => "Marked read; no read receipt is sent (policy \"never\").",
    }
}

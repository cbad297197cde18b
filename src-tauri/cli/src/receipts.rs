//! Delivery and read receipts, headless: a sent message's timeline, the read receipt
//! policy, opening a message as the window does, open notifications.

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{block_on, output, Context, Text};
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
        let mut line = ctx.say(event.text.clone());
        if event.at.is_some() {
            line = ctx.say(Text::new("timeline-line").arg("date", output::date(event.at)).arg("text", line));
        }
        if let Some(reason) = &event.detail {
            line = ctx.say(Text::new("timeline-reason").arg("text", line).arg("reason", reason.as_str()));
        }
        outln!("{line}");
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
    let key = match policy {
        MdnPolicy::Always => "cli-mdn-policy-always",
        MdnPolicy::Ask => "cli-mdn-policy-ask",
        MdnPolicy::Never => "cli-mdn-policy-never",
    };
    outln!("{}", ctx.t(key));
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
    outln!("{}", ctx.t(decision_key(decision)));
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
    outln!("{}", ctx.t(if enabled { "cli-open-notifications-on" } else { "cli-open-notifications-off" }));
    Ok(())
}

/// Openings reported since the last call (each is considered once), when open
/// notifications are on; `--notify` also shows them on the desktop.
pub fn openings(ctx: &Context<'_>, args: OpeningsArgs) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    let notices = engine.new_openings()?;
    if args.notify {
        for notice in &notices {
            if let Err(err) = medimail_engine::notify::show_opening(notice, ctx.lang) {
                eprintln!("{}", super::describe_error(&err, ctx.lang));
            }
        }
    }
    if ctx.json {
        return output::json(&notices);
    }
    for notice in &notices {
        outln!("{} {}", output::date(notice.at), ctx.say(notice.text.clone()));
    }
    Ok(())
}

fn decision_key(decision: MdnDecision) -> &'static str {
    match decision {
        MdnDecision::Sent => "cli-decision-sent",
        MdnDecision::AskUser => "cli-decision-ask_user",
        MdnDecision::NotRequested => "cli-decision-not_requested",
        MdnDecision::AlreadySent => "cli-decision-already_sent",
        MdnDecision::Never => "cli-decision-never",
    }
}

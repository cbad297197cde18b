//! `medimail card status`: the readers, the card, its holder and PIN tries left.

use clap::Subcommand;

use super::{output, Context, Text};
use medimail_engine::card::{CardState, CardStatus};
use medimail_engine::EngineError;

#[derive(Debug, Subcommand)]
pub enum CardCommand {
    /// Lecteurs, carte insérée, titulaire et essais restants pour le code PIN (sans le demander).
    Status,
}

pub fn run(ctx: &Context<'_>, command: CardCommand) -> Result<(), EngineError> {
    match command {
        CardCommand::Status => status(ctx),
    }
}

fn status(ctx: &Context<'_>) -> Result<(), EngineError> {
    let status = ctx.engine()?.card_status();
    if ctx.json {
        return output::json(&status);
    }
    for line in lines(&status) {
        outln!("{}", ctx.say(line));
    }
    Ok(())
}

/// What a person reads, line by line.
fn lines(status: &CardStatus) -> Vec<Text> {
    let mut lines: Vec<Text> = status
        .readers
        .iter()
        .map(|r| {
            let key = if r.card_present { "cli-card-reader-with-card" } else { "cli-card-reader-empty" };
            Text::new(key).arg("name", r.name.as_str())
        })
        .collect();
    let reader = status.card.as_ref().map(|c| c.reader.as_str()).unwrap_or_default();
    let state = match status.state {
        CardState::NoService => Text::new("cli-card-no-service"),
        CardState::NoReader => Text::new("cli-card-no-reader"),
        CardState::NoCard => Text::new("cli-card-no-card"),
        CardState::NotCps => Text::new("cli-card-not-cps").arg("reader", reader),
        CardState::Unreadable => Text::new("cli-card-unreadable").arg("reader", reader),
        CardState::Ready => Text::new("cli-card-ready").arg("reader", reader),
        CardState::Blocked => Text::new("cli-card-blocked").arg("reader", reader),
    };
    lines.push(state);
    let Some(card) = &status.card else { return lines };
    if let Some(holder) = &card.holder {
        lines.push(Text::new("cli-card-holder").arg("given_name", holder.given_name.as_str()).arg("surname", holder.surname.as_str()));
        if let Some(profession) = &holder.profession {
            lines.push(Text::new("cli-card-profession").arg("profession", profession.as_str()));
        }
        lines.push(Text::new("cli-card-national-id").arg("id", holder.national_id.as_str()));
    }
    if let Some(date) = card.not_after.as_deref().and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok()) {
        lines.push(Text::new("cli-card-valid-until").arg("date", date.format("%d/%m/%Y").to_string()));
    }
    if let (Some(tries), false) = (card.tries_left, card.blocked) {
        lines.push(Text::new("cli-card-tries-left").arg("count", tries));
    }
    lines
}

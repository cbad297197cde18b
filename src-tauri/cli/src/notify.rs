//! `medimail notify`: desktop notifications of new mail — a test notification, and the
//! settings the window's "Notifications" section shows.

use clap::{Args, Subcommand};
use medimail_engine::notify::NotificationSettings;
use medimail_engine::{EngineError, Text};

use super::{output, Context};

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Affiche une notification d'essai (comme pour un nouveau message).
    Test,
    /// Affiche ou change les réglages des notifications de bureau.
    Settings(SettingsArgs),
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Montrer l'objet des messages (off : seulement l'expéditeur).
    #[arg(long, value_parser = ["on", "off"])]
    show_subject: Option<String>,
    /// Ne pas déranger : aucune notification tant qu'il est activé.
    #[arg(long, value_parser = ["on", "off"])]
    do_not_disturb: Option<String>,
    /// Heure du point quotidien (HH:MM), ou off.
    #[arg(long, value_name = "HH:MM|off")]
    digest: Option<String>,
    /// Active les notifications de ce compte (répétable).
    #[arg(long, value_name = "ADRESSE")]
    enable: Vec<String>,
    /// Désactive les notifications de ce compte (répétable).
    #[arg(long, value_name = "ADRESSE")]
    disable: Vec<String>,
}

pub fn run(ctx: &Context<'_>, command: NotifyCommand) -> Result<(), EngineError> {
    match command {
        NotifyCommand::Test => {
            // No store needed: a profile still locked or absent can test its desktop.
            medimail_engine::notify::show_test(ctx.lang)?;
            if !ctx.json {
                outln!("{}", ctx.t("cli-notify-test-shown"));
            }
            Ok(())
        }
        NotifyCommand::Settings(args) => settings(ctx, args),
    }
}

fn settings(ctx: &Context<'_>, args: SettingsArgs) -> Result<(), EngineError> {
    let engine = ctx.engine_signed_out()?;
    let mut settings = engine.notification_settings()?;
    let changes = args.show_subject.is_some()
        || args.do_not_disturb.is_some()
        || args.digest.is_some()
        || !args.enable.is_empty()
        || !args.disable.is_empty();
    if changes {
        apply(&mut settings, args)?;
        engine.set_notification_settings(&settings)?;
        settings = engine.notification_settings()?;
    }
    if ctx.json {
        return output::json(&settings);
    }
    let on_off = |on: bool| ctx.t(if on { "cli-notify-on" } else { "cli-notify-off" });
    outln!("{}", ctx.say(Text::new("cli-notify-show-subject").arg("state", on_off(settings.show_subject))));
    outln!("{}", ctx.say(Text::new("cli-notify-do-not-disturb").arg("state", on_off(settings.do_not_disturb))));
    let digest = settings.digest_time.clone().unwrap_or_else(|| on_off(false));
    outln!("{}", ctx.say(Text::new("cli-notify-digest").arg("time", digest)));
    for account in &settings.accounts {
        outln!("{}", ctx.say(Text::new("cli-notify-account").arg("email", account.email.as_str()).arg("state", on_off(account.enabled))));
    }
    Ok(())
}

fn apply(settings: &mut NotificationSettings, args: SettingsArgs) -> Result<(), EngineError> {
    if let Some(state) = args.show_subject {
        settings.show_subject = state == "on";
    }
    if let Some(state) = args.do_not_disturb {
        settings.do_not_disturb = state == "on";
    }
    if let Some(digest) = args.digest {
        settings.digest_time = (digest != "off").then_some(digest);
    }
    for (emails, enabled) in [(args.enable, true), (args.disable, false)] {
        for email in emails {
            match settings.accounts.iter_mut().find(|a| a.email.eq_ignore_ascii_case(&email)) {
                Some(account) => account.enabled = enabled,
                None => return Err(EngineError::NotFound(format!("account {email}"))),
            }
        }
    }
    Ok(())
}

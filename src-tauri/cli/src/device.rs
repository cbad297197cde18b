//! `medimail device`: "Appareils", the installations of the app that use an account, and
//! revoking one.

use clap::{Args, Subcommand};
use medimail_engine::devices::Devices;
use medimail_engine::EngineError;

use super::{block_on, output, Context, Text};

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Liste les installations de l'application qui utilisent le compte, avec leur dernière activité.
    List(ListArgs),
    /// Révoque une installation : à son prochain contact, elle oublie les secrets du compte
    /// et ne se connecte plus avant que l'utilisateur s'y reconnecte.
    Revoke(RevokeArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Compte (par défaut le seul compte).
    #[arg(long)]
    account: Option<String>,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// Compte (par défaut le seul compte).
    #[arg(long)]
    account: Option<String>,
    /// Identifiant de l'installation (colonne « id » de `medimail device list`).
    id: String,
}

pub fn run(ctx: &Context<'_>, command: DeviceCommand) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    let devices = match command {
        DeviceCommand::List(args) => block_on(engine.devices(args.account.as_deref()))?,
        DeviceCommand::Revoke(args) => {
            let devices = block_on(engine.revoke_device(args.account.as_deref(), &args.id))?;
            if !ctx.json {
                outln!("{}", ctx.t("cli-device-revoked"));
            }
            devices
        }
    };
    print(ctx, &devices)
}

fn print(ctx: &Context<'_>, devices: &Devices) -> Result<(), EngineError> {
    if ctx.json {
        return output::json(devices);
    }
    if !devices.supported {
        outln!("{}", ctx.t("settings-devices-unsupported"));
        return Ok(());
    }
    for d in &devices.devices {
        let this = if d.this_one { ctx.t("cli-device-this-one") } else { String::new() };
        outln!(
            "{}",
            ctx.say(
                Text::new("cli-device-line")
                    .arg("id", d.id.as_str())
                    .arg("name", d.name.as_str())
                    .arg("system", d.system.as_str())
                    .arg("seen", output::date(Some(d.last_activity)))
                    .arg("this", this)
            )
        );
    }
    Ok(())
}

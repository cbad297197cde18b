//! `medimail updates`: the update settings a practice's IT sets on each desktop by script
//! (the window's "Mises à jour" section shows the same), and `check`, what the server
//! announces. The window alone installs, after checking the signature, with the user's
//! consent.

use clap::Subcommand;
use medimail_engine::api::{UpdateAnnounced, UpdateSettings};
use medimail_engine::{EngineError, Text};

use super::{block_on, output, Context};

#[derive(Debug, Subcommand)]
pub enum UpdatesCommand {
    /// Affiche si l'application recherche les mises à jour, et auprès de quel serveur.
    Status,
    /// Active la recherche des mises à jour (au démarrage puis chaque jour).
    On,
    /// Désactive toute recherche de mises à jour : aucun serveur n'est contacté.
    Off,
    /// Serveur de mises à jour du cabinet (adresse https:// de son latest.json) ;
    /// « default » revient au serveur du projet.
    Server {
        #[arg(value_name = "URL|default")]
        url: String,
    },
    /// Demande au serveur quelle version il propose (rien n'est téléchargé ni installé :
    /// la fenêtre vérifie la signature et installe avec l'accord de l'utilisateur).
    Check,
}

pub fn run(ctx: &Context<'_>, command: UpdatesCommand) -> Result<(), EngineError> {
    let engine = ctx.engine_signed_out()?;
    let settings = match command {
        UpdatesCommand::Check => return check(ctx, &block_on(engine.look_for_update())?),
        UpdatesCommand::Status => engine.update_settings()?,
        UpdatesCommand::On => engine.set_updates_enabled(true)?,
        UpdatesCommand::Off => engine.set_updates_enabled(false)?,
        UpdatesCommand::Server { url } if url == "default" => engine.set_update_server(None)?,
        UpdatesCommand::Server { url } => engine.set_update_server(Some(&url))?,
    };
    print(ctx, &settings)
}

fn print(ctx: &Context<'_>, settings: &UpdateSettings) -> Result<(), EngineError> {
    if ctx.json {
        return output::json(settings);
    }
    let state = ctx.t(if settings.enabled { "cli-notify-on" } else { "cli-notify-off" });
    outln!("{}", ctx.say(Text::new("cli-updates-checks").arg("state", state)));
    let key = if settings.custom_server { "cli-updates-server-custom" } else { "cli-updates-server-default" };
    outln!("{}", ctx.say(Text::new(key).arg("url", settings.server.as_str())));
    Ok(())
}

fn check(ctx: &Context<'_>, announced: &UpdateAnnounced) -> Result<(), EngineError> {
    if ctx.json {
        return output::json(announced);
    }
    let text = match &announced.version {
        Some(version) if announced.newer => Text::new("cli-updates-newer").arg("version", version.as_str()),
        Some(version) => Text::new("cli-updates-none").arg("version", version.as_str()),
        None => Text::new("cli-updates-nothing"),
    };
    outln!("{}", ctx.say(text.arg("current", announced.current_version.as_str())));
    Ok(())
}

//! The headless front door: clap subcommands, each a thin adapter over the engine. Human
//! output is French by default (`--lang en` for English); `--json` prints machine output
//! on stdout. Errors go to stderr with a non-zero exit.

/// `println!` for results: a closed standard output ends the command quietly, see
/// `output::line`.
macro_rules! outln {
    () => {
        $crate::output::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::line(format_args!($($arg)*))
    };
}

mod account;
mod card;
mod compose_args;
mod device;
mod directory;
mod drafts;
mod folders;
mod messages;
mod notify;
mod output;
mod profile;
mod receipts;
mod send;
mod sieve;
mod signatures;
mod sync;
mod updates;
mod watch;
mod sign_in;
mod shared;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use medimail_engine::{AppInfo, Engine, EngineError, Profile};
use secrecy::SecretString;

pub use medimail_engine::{describe_error, Lang, Text};

#[derive(Debug, Parser)]
#[command(
    name = "medimail",
    version,
    about = "Medimail Desktop — messagerie sécurisée de santé MSSanté",
    long_about = "Medimail Desktop — messagerie sécurisée de santé MSSanté.\n\n\
                  Sans sous-commande, ouvre la fenêtre. Avec une sous-commande, travaille \
                  sans fenêtre (scripts, tâches planifiées)."
)]
pub struct Cli {
    /// Dossier du profil (base locale et réglages) ; par défaut le dossier de données de l'OS.
    #[arg(long, global = true, env = "MEDIMAIL_PROFILE", value_name = "DIR")]
    pub profile: Option<PathBuf>,

    /// Sortie JSON sur stdout.
    #[arg(long, global = true)]
    pub json: bool,

    /// Langue des messages : fr ou en.
    #[arg(long, global = true, env = "MEDIMAIL_LANG", default_value = "fr", value_parser = parse_lang)]
    pub lang: Lang,

    /// Journal plus détaillé sur stderr (-v, -vv). Jamais de contenu de message.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Lit le code PIN de la carte CPS sur l'entrée standard (première ligne), pour les
    /// comptes qui se connectent avec la carte. Jamais en argument.
    #[arg(long, global = true)]
    pub pin_stdin: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `fr` or `en`: the engine's own reading, which the window shares.
fn parse_lang(code: &str) -> Result<Lang, String> {
    code.parse().map_err(|_| "fr ou en".to_owned())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Affiche la version et le dossier du profil.
    Info,
    /// Comptes de messagerie.
    #[command(subcommand)]
    Account(account::AccountCommand),
    /// Boîtes organisationnelles : celles que vos comptes peuvent ouvrir, les ouvrir, et qui
    /// peut les ouvrir (ACL IMAP).
    #[command(subcommand)]
    Shared(shared::SharedCommand),
    /// Synchronise les dossiers avec le serveur (un passage complet).
    Sync(sync::SyncArgs),
    /// Liste les dossiers et leurs compteurs.
    Folders(folders::FoldersArgs),
    /// Crée, renomme ou supprime un dossier.
    #[command(subcommand)]
    Folder(folders::FolderCommand),
    /// Liste les messages d'un dossier.
    List(messages::ListArgs),
    /// Recherche plein texte (sujet, expéditeur, destinataires, texte, pièces jointes).
    Search(messages::SearchArgs),
    /// Affiche un message ; --raw écrit ses octets d'origine.
    Show(messages::ShowArgs),
    /// Exporte des messages en .eml ou en mbox.
    Export(messages::ExportArgs),
    /// Déplace des messages vers un dossier.
    Move(messages::MoveArgs),
    /// Met des messages dans « Messages supprimés ».
    Delete(messages::IdsArgs),
    /// Restaure des messages de « Messages supprimés » vers leur dossier d'origine.
    Restore(messages::IdsArgs),
    /// Supprime définitivement des messages (serveur et archive locale).
    Purge(messages::IdsArgs),
    /// Marque des messages comme lus ou non lus.
    Mark(messages::MarkArgs),
    /// Pose ou retire un drapeau de couleur.
    Flag(messages::FlagArgs),
    /// Écrit et envoie un message (Pro, ou Patient avec --patient INS).
    Send(send::SendArgs),
    /// Répond à un message (--all : à tous) ; le texte de --body-file précède la citation.
    Reply(send::AnswerArgs),
    /// Transfère un message et ses pièces jointes (--to) ; le texte de --body-file précède.
    /// Sans sous-commande : transfère un message. add|remove|list : transferts automatiques.
    Forward(sieve::ForwardArgs),
    /// Réponse automatique : get, set, off.
    #[command(subcommand)]
    Autoreply(sieve::AutoReplyCommand),
    /// Boîte d'envoi : état des messages qui partent.
    #[command(subcommand)]
    Outbox(send::OutboxCommand),
    /// Brouillons : enregistrer, lister, afficher, envoyer, supprimer.
    #[command(subcommand)]
    Draft(drafts::DraftCommand),
    /// Signatures : plusieurs par compte, une insérée dans les nouveaux messages.
    #[command(subcommand)]
    Signature(signatures::SignatureCommand),
    /// Suivi d'un message envoyé : envoi, remise, ouverture par chaque destinataire.
    Receipts(receipts::ReceiptsArgs),
    /// Accusés de lecture demandés par les expéditeurs : always, ask (par défaut) ou never.
    MdnPolicy(receipts::MdnPolicyArgs),
    /// Ouvre un message : le marque lu et applique la règle des accusés de lecture.
    Open(receipts::OpenArgs),
    /// Notification à chaque ouverture d'un message envoyé : on ou off.
    OpenNotifications(receipts::OpenNotificationsArgs),
    /// Notifications de bureau des nouveaux messages : essai et réglages.
    #[command(subcommand)]
    Notify(notify::NotifyCommand),
    /// Ouvertures de vos messages signalées depuis la dernière fois (si les notifications sont activées).
    Openings(receipts::OpeningsArgs),
    /// Annuaire national MSSanté, hors ligne : importer l'extraction, rechercher, afficher une fiche.
    #[command(subcommand)]
    Directory(directory::DirectoryCommand),
    /// Votre fiche dans l'annuaire de l'opérateur : informations personnelles, activité,
    /// visibilité, dématérialisation.
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
    /// Appareils : les installations de l'application qui utilisent le compte, et la révocation.
    #[command(subcommand)]
    Device(device::DeviceCommand),
    /// Carte CPS : lecteurs, carte, titulaire, essais restants.
    #[command(subcommand)]
    Card(card::CardCommand),
    /// Garde les comptes à jour (relève puis attente IDLE) jusqu'à l'arrêt : une ligne JSON par événement.
    Watch(watch::WatchArgs),
    /// Se reconnecte après « Se déconnecter » : carte (--pin-stdin), mot de passe ou Pro Santé Connect.
    SignIn(sign_in::SignInArgs),
    /// Se déconnecter : plus aucune connexion aux serveurs avant la prochaine connexion.
    SignOut,
    /// Mises à jour de l'application : état, on, off, serveur du cabinet.
    #[command(subcommand)]
    Updates(updates::UpdatesCommand),
}

pub enum Outcome {
    Success,
    Failure,
    /// A sync that completed, but the server refused some changes made here (exit status 3).
    Refused,
}

/// What every handler gets.
pub struct Context<'a> {
    pub profile: Option<&'a Path>,
    pub json: bool,
    pub lang: Lang,
    /// The card's PIN, read once from standard input with `--pin-stdin`.
    pub pin: Option<SecretString>,
}

impl Context<'_> {
    /// The engine, signed in with the card when a PIN was given, and with the Pro Santé
    /// Connect sessions the keyring keeps.
    pub fn engine(&self) -> Result<Engine, EngineError> {
        let engine = self.engine_signed_out()?;
        if let Some(pin) = &self.pin {
            block_on(engine.sign_in_with_card(pin.clone()))?;
        }
        block_on(engine.resume_psc_sessions())?;
        Ok(engine)
    }

    pub fn engine_signed_out(&self) -> Result<Engine, EngineError> {
        Engine::open(Profile::open(self.profile)?)
    }

    /// A sentence of the catalogue (locales/), in the language of --lang.
    pub fn t(&self, key: &str) -> String {
        medimail_engine::catalogue::say_plain(self.lang, key)
    }

    /// A sentence with its arguments, in the language of --lang.
    pub fn say(&self, text: Text) -> String {
        text.say(self.lang)
    }
}

pub fn run(command: Command, profile: Option<&Path>, json: bool, lang: Lang, pin_stdin: bool) -> Outcome {
    attach_console();
    output::speak(lang, json);
    let pin = if pin_stdin { read_secret_line("PIN") } else { Ok(None) };
    let result = match pin {
        Ok(pin) => run_command(command, &Context { profile, json, lang, pin }),
        Err(err) => Err(err),
    };
    match result {
        Ok(CommandEnd::Done) => Outcome::Success,
        Ok(CommandEnd::Refused) => Outcome::Refused,
        Err(err) => {
            if json {
                let app_error = medimail_engine::AppError::from(err);
                eprintln!("{}", serde_json::to_string(&app_error).unwrap_or_default());
            } else {
                eprintln!("{}", describe_error(&err, lang));
            }
            Outcome::Failure
        }
    }
}

enum CommandEnd {
    Done,
    Refused,
}

fn run_command(command: Command, ctx: &Context<'_>) -> Result<CommandEnd, EngineError> {
    let result = match command {
        Command::Info => info(ctx),
        Command::Account(cmd) => account::run(ctx, cmd),
        Command::Shared(cmd) => shared::run(ctx, cmd),
        Command::Sync(args) => match sync::run(ctx, args) {
            Ok(sync::Completion::WithRefusals) => return Ok(CommandEnd::Refused),
            other => other.map(|_| ()),
        },
        Command::Folders(args) => folders::list(ctx, args),
        Command::Folder(cmd) => folders::run(ctx, cmd),
        Command::List(args) => messages::list(ctx, args),
        Command::Search(args) => messages::search(ctx, args),
        Command::Show(args) => messages::show(ctx, args),
        Command::Export(args) => messages::export(ctx, args),
        Command::Move(args) => messages::move_to(ctx, args),
        Command::Delete(args) => messages::delete(ctx, args),
        Command::Restore(args) => messages::restore(ctx, args),
        Command::Purge(args) => messages::purge(ctx, args),
        Command::Mark(args) => messages::mark(ctx, args),
        Command::Flag(args) => messages::flag(ctx, args),
        Command::Send(args) => send::send(ctx, args),
        Command::Reply(args) => send::answer(ctx, send::Answer::Reply, args),
        Command::Forward(args) => sieve::forward(ctx, args),
        Command::Autoreply(cmd) => sieve::autoreply(ctx, cmd),
        Command::Outbox(cmd) => send::outbox(ctx, cmd),
        Command::Draft(cmd) => drafts::run(ctx, cmd),
        Command::Signature(cmd) => signatures::run(ctx, cmd),
        Command::Receipts(args) => receipts::receipts(ctx, args),
        Command::MdnPolicy(args) => receipts::mdn_policy(ctx, args),
        Command::Open(args) => receipts::open(ctx, args),
        Command::OpenNotifications(args) => receipts::open_notifications(ctx, args),
        Command::Openings(args) => receipts::openings(ctx, args),
        Command::Card(cmd) => card::run(ctx, cmd),
        Command::Directory(cmd) => directory::run(ctx, cmd),
        Command::Profile(cmd) => profile::run(ctx, cmd),
        Command::Device(cmd) => device::run(ctx, cmd),
        Command::Watch(args) => watch::run(ctx, args),
        Command::Notify(command) => notify::run(ctx, command),
        Command::SignIn(args) => sign_in::sign_in(ctx, args),
        Command::SignOut => sign_in::sign_out(ctx),
        Command::Updates(command) => updates::run(ctx, command),
    };
    result.map(|()| CommandEnd::Done)
}

/// The first line of standard input, kept as a secret (a password, a PIN).
pub(crate) fn read_secret_line(what: &str) -> Result<Option<SecretString>, EngineError> {
    use std::io::BufRead;
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| EngineError::InvalidInput(format!("cannot read the {what} from standard input: {e}")))?;
    let value = line.trim_end_matches(['\r', '\n']);
    if value.is_empty() {
        return Err(EngineError::InvalidInput(format!("empty {what} on standard input")));
    }
    Ok(Some(SecretString::from(value.to_owned())))
}

fn info(ctx: &Context<'_>) -> Result<(), EngineError> {
    let profile = Profile::open(ctx.profile)?;
    let info = AppInfo::new(&profile);
    if ctx.json {
        return output::json(&info);
    }
    outln!("Medimail Desktop {}", info.version);
    outln!("{}", ctx.say(Text::new("cli-profile").arg("path", info.profile_dir.as_str())));
    Ok(())
}

/// Async engine calls run on a runtime made for the one command.
pub(crate) fn block_on<T>(future: impl std::future::Future<Output = Result<T, EngineError>>) -> Result<T, EngineError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| EngineError::Internal(format!("runtime: {e}")))?
        .block_on(future)
}

/// Release builds on Windows are GUI programs; reattach to the terminal that started a
/// subcommand so its output shows.
fn attach_console() {
    #[cfg(all(windows, not(debug_assertions)))]
    unsafe {
        windows_sys::Win32::System::Console::AttachConsole(windows_sys::Win32::System::Console::ATTACH_PARENT_PROCESS);
    }
}

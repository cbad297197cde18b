use std::path::PathBuf;

use clap::{Args, Subcommand};
use secrecy::SecretString;

use super::{block_on, output, Context, Text};
use medimail_engine::api::{AddAccount, Credentials};
use medimail_engine::compose::AccountKind;
use medimail_engine::server::{Security, ServerAddress};
use medimail_engine::EngineError;

#[derive(Debug, Subcommand)]
// Parsed once per process: boxing the large variant would save nothing worth the noise.
#[allow(clippy::large_enum_variant)]
pub enum AccountCommand {
    /// Ajoute un compte (le mot de passe est lu sur l'entrée standard et gardé dans le trousseau).
    Add(AddArgs),
    /// Liste les comptes.
    List,
    /// Retire un compte de cet ordinateur : ses messages archivés ici, ses brouillons et ses
    /// secrets (mot de passe, session Pro Santé Connect). Refusé tant qu'un message attend
    /// de partir.
    Remove(RemoveArgs),
    /// Cherche dans le DNS les serveurs d'une adresse (enregistrements SRV, RFC 6186).
    Autoconfig(AutoconfigArgs),
    /// Annuaire LDAP de l'opérateur d'un compte : une adresse, celle du DNS (--from-dns) ou
    /// aucune (--none).
    Directory(DirectoryArgs),
    /// Se reconnecte à un compte avec son mot de passe, vérifié par le serveur (lu sur
    /// l'entrée standard) : après une révocation depuis un autre appareil, ou un mot de
    /// passe changé ailleurs.
    Reconnect(ReconnectArgs),
    /// Compte par défaut : celui qui s'ouvre au démarrage (et que les commandes prennent
    /// sans --account quand il y en a plusieurs).
    Default(DefaultArgs),
    /// « Notif de réception vers compte de connexion » d'un compte : on ou off.
    Notify(NotifyArgs),
    /// « Faire confiance aux autorités de certification IGC-Santé pour les domaines MSSanté »
    /// d'un compte : on ou off.
    IgcSante(NotifyArgs),
}

#[derive(Debug, Args)]
pub struct ReconnectArgs {
    /// Compte (par défaut le seul compte).
    #[arg(long)]
    account: Option<String>,
    /// Lit le mot de passe sur l'entrée standard.
    #[arg(long, required = true)]
    password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct DefaultArgs {
    /// Adresse du compte (sans adresse : affiche le compte par défaut).
    address: Option<String>,
}

#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Adresse du compte.
    address: String,
    #[arg(value_parser = ["on", "off"])]
    state: String,
}

#[derive(Debug, Args)]
pub struct DirectoryArgs {
    /// Compte (par défaut le seul compte).
    #[arg(long)]
    account: Option<String>,
    /// ldaps://hôte:port ou ldap://hôte:port (StartTLS), éventuellement suivi de /base.
    #[arg(conflicts_with_all = ["from_dns", "none"], required_unless_present_any = ["from_dns", "none"])]
    url: Option<String>,
    /// L'annuaire annoncé dans le DNS pour l'adresse du compte (_ldaps._tcp, _ldap._tcp).
    #[arg(long, conflicts_with = "none")]
    from_dns: bool,
    /// Plus d'annuaire de l'opérateur : l'annuaire national seul.
    #[arg(long)]
    none: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Adresse du compte.
    email: String,
    /// Confirme la suppression des messages archivés sur cet ordinateur.
    #[arg(long, required = true)]
    yes: bool,
}

#[derive(Debug, Args)]
pub struct AutoconfigArgs {
    /// Adresse MSSanté.
    address: String,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Adresse MSSanté du compte.
    #[arg(long)]
    email: String,
    /// Serveur IMAP, hôte:port (sinon cherché dans le DNS d'après l'adresse).
    #[arg(long, value_name = "HOST:PORT")]
    imap: Option<String>,
    /// Serveur SMTP d'envoi, hôte:port (sinon cherché dans le DNS d'après l'adresse).
    #[arg(long, value_name = "HOST:PORT")]
    smtp: Option<String>,
    /// Chiffrement des deux serveurs : implicit (993/465) ou starttls (143/587).
    #[arg(long, default_value = "implicit", value_name = "implicit|starttls")]
    tls: String,
    /// Chiffrement du serveur IMAP seul, s'il diffère.
    #[arg(long, value_name = "implicit|starttls")]
    imap_tls: Option<String>,
    /// Chiffrement du serveur SMTP seul, s'il diffère.
    #[arg(long, value_name = "implicit|starttls")]
    smtp_tls: Option<String>,
    /// Autorité de certification supplémentaire (PEM).
    #[arg(long, value_name = "PEM")]
    ca_file: Option<PathBuf>,
    /// Faire confiance aux autorités de certification IGC-Santé pour les domaines MSSanté
    /// (*.mssante.fr et les serveurs du compte). Par défaut : on pour une adresse ou des
    /// serveurs MSSanté, off sinon.
    #[arg(long, value_parser = ["on", "off"], value_name = "on|off")]
    igc_sante: Option<String>,
    /// Identifiant de connexion, s'il diffère de l'adresse.
    #[arg(long)]
    login: Option<String>,
    /// Nom affiché.
    #[arg(long)]
    name: Option<String>,
    /// Type de compte Medimail : personnel (avec RPPS), interne, medimail (sans RPPS) ou organisationnel.
    #[arg(long, value_enum, default_value = "personnel")]
    kind: Kind,
    /// Mode de connexion : password (mot de passe), card (carte CPS et son code PIN, lu
    /// avec --pin-stdin) ou psc (Pro Santé Connect, e-CPS).
    #[arg(long, value_enum, default_value = "password")]
    auth: Auth,
    /// Lit le mot de passe sur l'entrée standard (première ligne) : obligatoire avec --auth password.
    #[arg(long)]
    password_stdin: bool,
    /// Pro Santé Connect : adresse de l'émetteur (par défaut celle de production).
    #[arg(long, value_name = "URL")]
    psc_issuer: Option<String>,
    /// Pro Santé Connect : identifiant de l'application chez l'émetteur.
    #[arg(long, value_name = "ID")]
    psc_client_id: Option<String>,
    /// Pro Santé Connect : se connecter avec l'application e-CPS de cet identifiant plutôt que
    /// dans le navigateur.
    #[arg(long, value_name = "ID")]
    psc_identifier: Option<String>,
    /// Page de l'opérateur pour réinitialiser le mot de passe (https://…).
    #[arg(long, value_name = "URL")]
    password_reset_url: Option<String>,
    /// Annuaire LDAP de l'opérateur : ldaps://hôte:port ou ldap://hôte:port (StartTLS),
    /// éventuellement suivi de /base (sinon cherché dans le DNS, _ldap._tcp, quand les
    /// serveurs le sont).
    #[arg(long, value_name = "URL")]
    directory_url: Option<String>,
    /// Serveur ManageSieve (réponse automatique, transferts) : hôte:port, en STARTTLS
    /// (par défaut l'hôte IMAP, port 4190).
    #[arg(long, value_name = "HÔTE:PORT")]
    sieve: Option<String>,
    /// N'essaie pas de se connecter avant d'enregistrer le compte.
    #[arg(long)]
    no_verify: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Auth {
    Password,
    Card,
    Psc,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Personnel,
    Interne,
    Medimail,
    Organisationnel,
}

impl From<Kind> for AccountKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Personnel => AccountKind::Personnel,
            Kind::Interne => AccountKind::Interne,
            Kind::Medimail => AccountKind::Medimail,
            Kind::Organisationnel => AccountKind::Organisationnel,
        }
    }
}

pub fn run(ctx: &Context<'_>, command: AccountCommand) -> Result<(), EngineError> {
    match command {
        AccountCommand::Add(args) => add(ctx, args),
        AccountCommand::List => list(ctx),
        AccountCommand::Remove(args) => {
            block_on(ctx.engine_signed_out()?.remove_account(&args.email))?;
            if ctx.json {
                return output::json(&serde_json::json!({ "removed": args.email }));
            }
            outln!("{}", ctx.say(Text::new("cli-account-removed").arg("email", args.email.as_str())));
            Ok(())
        }
        AccountCommand::Autoconfig(args) => autoconfig(ctx, args),
        AccountCommand::Reconnect(args) => {
            let engine = ctx.engine_signed_out()?;
            let email = engine.account_info(args.account.as_deref())?.email;
            let account = block_on(engine.reconnect_with_password(&email, read_password()?))?;
            if ctx.json {
                return output::json(&account);
            }
            outln!("{}", ctx.say(Text::new("cli-account-reconnected").arg("email", account.email.as_str())));
            Ok(())
        }
        AccountCommand::Default(args) => {
            let engine = ctx.engine_signed_out()?;
            let account = match &args.address {
                Some(address) => Some(engine.set_default_account(address)?),
                None => engine.default_account()?,
            };
            if ctx.json {
                return output::json(&account);
            }
            match account {
                Some(a) => outln!("{}", ctx.say(Text::new("cli-account-default").arg("email", a.email.as_str()))),
                None => outln!("{}", ctx.t("cli-no-account")),
            }
            Ok(())
        }
        AccountCommand::Notify(args) => {
            let account = ctx.engine_signed_out()?.set_notify_to_sign_in(&args.address, args.state == "on")?;
            if ctx.json {
                return output::json(&account);
            }
            let key = if account.notify_to_sign_in { "cli-account-notify-on" } else { "cli-account-notify-off" };
            outln!("{}", ctx.say(Text::new(key).arg("email", account.email.as_str())));
            Ok(())
        }
        AccountCommand::IgcSante(args) => {
            let account = ctx.engine_signed_out()?.set_trust_igc_sante(&args.address, args.state == "on")?;
            if ctx.json {
                return output::json(&account);
            }
            let key = if account.trust_igc_sante { "cli-account-igc-sante-on" } else { "cli-account-igc-sante-off" };
            outln!("{}", ctx.say(Text::new(key).arg("email", account.email.as_str())));
            Ok(())
        }
        AccountCommand::Directory(args) => {
            let engine = ctx.engine_signed_out()?;
            let account = block_on(engine.set_directory_url(args.account.as_deref(), args.url.as_deref(), args.from_dns))?;
            if ctx.json {
                return output::json(&account);
            }
            let url = account.directory_url.clone().unwrap_or_else(|| "—".to_owned());
            outln!("{}", ctx.say(Text::new("cli-account-directory").arg("email", account.email.as_str()).arg("url", url)));
            Ok(())
        }
    }
}

fn autoconfig(ctx: &Context<'_>, args: AutoconfigArgs) -> Result<(), EngineError> {
    let found = block_on(ctx.engine()?.autoconfig(&args.address))?;
    if ctx.json {
        return output::json(&found);
    }
    for (key, server) in [("cli-autoconfig-imap", &found.imap), ("cli-autoconfig-smtp", &found.smtp)] {
        let text = match server {
            Some(server) => Text::new(key).arg("address", server.address.as_str()).arg("tls", server.tls.as_str()),
            None => Text::new(key).arg("address", "").arg("tls", "none"),
        };
        outln!("{}", ctx.say(text));
    }
    Ok(())
}

fn add(ctx: &Context<'_>, args: AddArgs) -> Result<(), EngineError> {
    let security = |specific: &Option<String>| specific.as_deref().unwrap_or(&args.tls).parse::<Security>();
    let imap = args.imap.as_deref().map(|a| ServerAddress::parse(a, security(&args.imap_tls)?)).transpose()?;
    let smtp = args.smtp.as_deref().map(|a| ServerAddress::parse(a, security(&args.smtp_tls)?)).transpose()?;
    let ca_file = match args.ca_file {
        Some(path) => Some(path.canonicalize().map_err(|source| EngineError::File { path, source })?),
        None => None,
    };
    // Opened without signing in: a card's PIN is presented once, by the adding itself.
    let engine = ctx.engine_signed_out()?;
    let credentials = match args.auth {
        Auth::Password if args.password_stdin => Credentials::Password(read_password()?),
        Auth::Password => return Err(EngineError::InvalidInput("--password-stdin is required with --auth password".into())),
        Auth::Card => match &ctx.pin {
            Some(pin) => Credentials::Card { pin: pin.clone() },
            None => return Err(EngineError::InvalidInput("--pin-stdin is required with --auth card".into())),
        },
        Auth::Psc => {
            let mut provider = medimail_engine::Engine::default_psc_provider();
            if let Some(issuer) = args.psc_issuer {
                provider.issuer = issuer;
            }
            if let Some(client_id) = args.psc_client_id {
                provider.client_id = client_id;
            }
            let session = block_on(async {
                let client = engine.psc_client(&provider, ca_file.as_deref()).await?;
                psc_sign_in(ctx, &client, args.psc_identifier.as_deref()).await
            })?;
            Credentials::Psc { provider, session: std::sync::Arc::new(session) }
        }
    };
    let account = block_on(engine.add_account(AddAccount {
        email: args.email,
        display_name: args.name,
        login: args.login,
        imap,
        smtp,
        ca_file,
        kind: args.kind.into(),
        credentials,
        verify: !args.no_verify,
        password_reset_url: args.password_reset_url,
        directory_url: args.directory_url,
        sieve: args.sieve.as_deref().map(|s| ServerAddress::parse(s, Security::StartTls)).transpose()?,
        trust_igc_sante: args.igc_sante.as_deref().map(|state| state == "on"),
    }))?;
    added(ctx, account)
}

fn added(ctx: &Context<'_>, account: medimail_engine::api::AccountInfo) -> Result<(), EngineError> {
    if ctx.json {
        return output::json(&account);
    }
    outln!("{}", ctx.say(Text::new("cli-account-added").arg("email", account.email.as_str())));
    Ok(())
}

/// Signs in with Pro Santé Connect: the e-CPS app of `identifier` (the code to check is
/// said on standard error), or the browser — `$BROWSER` when set, else the address is said
/// for the user to open.
pub(crate) async fn psc_sign_in(
    ctx: &Context<'_>,
    client: &medimail_engine::psc::PscClient,
    identifier: Option<&str>,
) -> Result<medimail_engine::psc::PscSession, EngineError> {
    if let Some(identifier) = identifier {
        let pending = client.start_ciba(identifier).await?;
        eprintln!("{}", ctx.say(Text::new("cli-psc-ciba-code").arg("code", pending.binding_message())));
        return pending.wait().await;
    }
    let lang = ctx.lang;
    client
        .sign_in_browser(move |url| {
            if let Some(browser) = std::env::var_os("BROWSER").filter(|b| !b.is_empty()) {
                std::process::Command::new(browser)
                    .arg(url.as_str())
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .map_err(|e| EngineError::Internal(format!("the browser could not start: {e}")))?;
            } else {
                eprintln!("{}", Text::new("cli-psc-open-browser").arg("url", url.as_str()).say(lang));
            }
            Ok(())
        })
        .await
}

pub(crate) fn read_password() -> Result<SecretString, EngineError> {
    super::read_secret_line("password")?.ok_or_else(|| EngineError::InvalidInput("empty password on standard input".into()))
}

fn list(ctx: &Context<'_>) -> Result<(), EngineError> {
    let accounts = ctx.engine()?.accounts()?;
    if ctx.json {
        return output::json(&accounts);
    }
    if accounts.is_empty() {
        outln!("{}", ctx.t("cli-no-account"));
    }
    for a in accounts {
        let line = Text::new("cli-account-line")
            .arg("email", a.email.as_str())
            .arg("imap", a.imap.as_str())
            .arg("smtp", a.smtp.as_str())
            .arg("auth", a.auth.as_str());
        outln!("{}", ctx.say(line));
        if let Some(member) = &a.opened_through {
            outln!("  {}", ctx.say(Text::new("cli-account-through").arg("email", member.as_str())));
        }
    }
    Ok(())
}

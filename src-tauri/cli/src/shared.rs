//! `medimail shared`: the organisational mailboxes your accounts may open, opening one
//! (an account of its own, signed in with yours), and who may open one (IMAP ACL).

use clap::{Args, Subcommand};

use super::{block_on, output, Context, Text};
use medimail_engine::api::SharedAccess;
use medimail_engine::EngineError;

#[derive(Debug, Subcommand)]
pub enum SharedCommand {
    /// Liste les boîtes organisationnelles que le serveur partage avec vos comptes ; avec
    /// une boîte : les comptes qui peuvent l'ouvrir.
    List(ListArgs),
    /// Ouvre une boîte organisationnelle avec votre propre connexion : elle devient un
    /// compte de l'application (synchronisé, archivé, envoi en son nom).
    Open(OpenArgs),
    /// Autorise un ou plusieurs comptes (séparés par des virgules) à ouvrir la boîte
    /// (administrateurs de la boîte seulement).
    Grant(GrantArgs),
    /// Retire à un compte l'accès à la boîte (administrateurs de la boîte seulement).
    Revoke(RevokeArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Boîte organisationnelle (ouverte ici) : ses membres plutôt que la liste des boîtes.
    orgbox: Option<String>,
    /// Compte dont on liste les boîtes partagées (par défaut tous).
    #[arg(long)]
    account: Option<String>,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Adresse de la boîte organisationnelle.
    orgbox: String,
    /// Votre compte, par lequel elle s'ouvre (par défaut le compte par défaut ou le seul).
    #[arg(long)]
    account: Option<String>,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    orgbox: String,
    /// Adresses, séparées par des virgules.
    addresses: String,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    orgbox: String,
    address: String,
}

pub fn run(ctx: &Context<'_>, command: SharedCommand) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    match command {
        SharedCommand::List(ListArgs { orgbox: Some(orgbox), .. }) => access(ctx, block_on(engine.shared_access(&orgbox))?),
        SharedCommand::List(args) => {
            let found = block_on(engine.shared_mailboxes(args.account.as_deref()))?;
            if ctx.json {
                return output::json(&found);
            }
            if found.is_empty() {
                outln!("{}", ctx.t("cli-shared-none"));
            }
            for m in found {
                let line = Text::new("cli-shared-line")
                    .arg("address", m.address.as_str())
                    .arg("through", m.through.as_str())
                    .arg("opened", if m.opened { "yes" } else { "no" });
                outln!("{}", ctx.say(line));
            }
            Ok(())
        }
        SharedCommand::Open(args) => {
            let account = block_on(engine.open_shared_mailbox(args.account.as_deref(), &args.orgbox))?;
            if ctx.json {
                return output::json(&account);
            }
            let through = account.opened_through.clone().unwrap_or_default();
            outln!("{}", ctx.say(Text::new("cli-shared-opened").arg("address", account.email.as_str()).arg("through", through)));
            Ok(())
        }
        SharedCommand::Grant(args) => access(ctx, block_on(engine.grant_shared(&args.orgbox, &args.addresses))?),
        SharedCommand::Revoke(args) => access(ctx, block_on(engine.revoke_shared(&args.orgbox, &args.address))?),
    }
}

fn access(ctx: &Context<'_>, access: SharedAccess) -> Result<(), EngineError> {
    if ctx.json {
        return output::json(&access);
    }
    outln!("{}", ctx.say(Text::new("cli-shared-connection").arg("address", access.address.as_str()).arg("login", access.connection_address.as_str())));
    if !access.may_administer {
        outln!("{}", ctx.t("cli-shared-not-admin"));
    }
    for m in access.members {
        outln!("  {}  {}", m.identifier, m.rights);
    }
    Ok(())
}

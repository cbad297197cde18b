use clap::{Args, Subcommand};

use super::{output, Context};
use medimail_engine::EngineError;

#[derive(Debug, Args)]
pub struct FoldersArgs {
    /// Seulement ce compte.
    #[arg(long)]
    account: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum FolderCommand {
    /// Crée un dossier.
    Create {
        name: String,
        #[arg(long)]
        account: Option<String>,
    },
    /// Renomme un dossier.
    Rename {
        name: String,
        new_name: String,
        #[arg(long)]
        account: Option<String>,
    },
    /// Supprime un dossier ; ses messages retournent d'abord dans la boîte de réception.
    Delete {
        name: String,
        #[arg(long)]
        account: Option<String>,
    },
}

pub fn list(ctx: &Context<'_>, args: FoldersArgs) -> Result<(), EngineError> {
    let folders = ctx.engine()?.folders(args.account.as_deref())?;
    if ctx.json {
        return output::json(&folders);
    }
    for f in folders {
        let role = f.role.map(|r| format!(" ({})", r.as_str())).unwrap_or_default();
        let gone = if f.on_server { String::new() } else { ctx.say(" [plus sur le serveur]", " [no longer on the server]") };
        println!(
            "{}{role}{gone}  {} {}, {} {}, {} {}",
            f.name,
            f.total,
            ctx.say("messages", "messages"),
            f.unread,
            ctx.say("non lus", "unread"),
            f.archived,
            ctx.say("archivés", "archived")
        );
    }
    Ok(())
}

pub fn run(ctx: &Context<'_>, command: FolderCommand) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    match command {
        FolderCommand::Create { name, account } => {
            let folder = engine.create_folder(account.as_deref(), &name)?;
            if ctx.json {
                return output::json(&folder);
            }
            println!("{} {}", ctx.say("Dossier créé :", "Folder created:"), folder.name);
        }
        FolderCommand::Rename { name, new_name, account } => {
            let folder = engine.rename_folder(account.as_deref(), &name, &new_name)?;
            if ctx.json {
                return output::json(&folder);
            }
            println!("{} {}", ctx.say("Dossier renommé :", "Folder renamed:"), folder.name);
        }
        FolderCommand::Delete { name, account } => {
            let moved = engine.delete_folder(account.as_deref(), &name)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "deleted": name, "moved_to_inbox": moved }));
            }
            println!(
                "{}",
                match ctx.lang {
                    super::Lang::Fr => format!("Dossier supprimé ; {moved} message(s) remis dans la boîte de réception."),
                    super::Lang::En => format!("Folder deleted; {moved} message(s) moved back to the inbox."),
                }
            );
        }
    }
    Ok(())
}

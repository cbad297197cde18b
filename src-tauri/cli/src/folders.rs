use clap::{Args, Subcommand};

use super::{output, Context, Text};
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
        let gone = if f.on_server { String::new() } else { ctx.t("cli-folder-gone") };
        let text = Text::new("cli-folder-line")
            .arg("name", f.name.as_str())
            .arg("role", role)
            .arg("gone", gone)
            .arg("total", f.total)
            .arg("unread", f.unread)
            .arg("archived", f.archived);
        outln!("{}", ctx.say(text));
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
            outln!("{}", ctx.say(Text::new("cli-folder-created").arg("name", folder.name.as_str())));
        }
        FolderCommand::Rename { name, new_name, account } => {
            let folder = engine.rename_folder(account.as_deref(), &name, &new_name)?;
            if ctx.json {
                return output::json(&folder);
            }
            outln!("{}", ctx.say(Text::new("cli-folder-renamed").arg("name", folder.name.as_str())));
        }
        FolderCommand::Delete { name, account } => {
            let moved = engine.delete_folder(account.as_deref(), &name)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "deleted": name, "moved_to_inbox": moved }));
            }
            outln!("{}", ctx.say(Text::new("cli-folder-deleted").arg("count", moved)));
        }
    }
    Ok(())
}

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{output, Context, Text};
use medimail_engine::export::Selection;
use medimail_engine::export::ExportFormat;
use medimail_engine::types::{FlagColor, ListQuery, Presence, SortKey};
use medimail_engine::EngineError;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Sort {
    Date,
    From,
    Subject,
    Flag,
    Attachment,
    Read,
}

impl From<Sort> for SortKey {
    fn from(s: Sort) -> Self {
        match s {
            Sort::Date => SortKey::Date,
            Sort::From => SortKey::From,
            Sort::Subject => SortKey::Subject,
            Sort::Flag => SortKey::Flag,
            Sort::Attachment => SortKey::Attachment,
            Sort::Read => SortKey::Read,
        }
    }
}

#[derive(Debug, Args)]
pub struct PresenceArgs {
    /// Seulement les messages archivés (plus sur le serveur).
    #[arg(long, conflicts_with = "on_server")]
    archived: bool,
    /// Seulement les messages encore sur le serveur.
    #[arg(long)]
    on_server: bool,
}

impl PresenceArgs {
    fn presence(&self) -> Presence {
        match (self.archived, self.on_server) {
            (true, _) => Presence::Archived,
            (_, true) => Presence::OnServer,
            _ => Presence::All,
        }
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Dossier (nom du serveur, ou inbox / sent / drafts / trash).
    #[arg(long, required_unless_present = "all_inboxes")]
    folder: Option<String>,
    /// « Toutes les boîtes de réception » : la boîte de réception de chaque compte, une seule liste.
    #[arg(long, conflicts_with_all = ["folder", "account"])]
    all_inboxes: bool,
    #[arg(long)]
    account: Option<String>,
    #[arg(long, value_enum, default_value = "date")]
    sort: Sort,
    /// Ordre croissant.
    #[arg(long, conflicts_with = "desc")]
    asc: bool,
    /// Ordre décroissant (par défaut).
    #[arg(long)]
    desc: bool,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
    #[command(flatten)]
    presence: PresenceArgs,
}

pub fn list(ctx: &Context<'_>, args: ListArgs) -> Result<(), EngineError> {
    let messages = ctx.engine()?.list(&ListQuery {
        account: args.account,
        folder: args.folder,
        sort: args.sort.into(),
        descending: !args.asc,
        limit: args.limit,
        offset: args.offset,
        presence: args.presence.presence(),
        all_inboxes: args.all_inboxes.then_some(true),
    })?;
    if ctx.json {
        return output::json(&messages);
    }
    if messages.is_empty() {
        outln!("{}", ctx.t("cli-no-message"));
    }
    output::message_lines(&messages, ctx.lang);
    Ok(())
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Mots cherchés ; « mot* » cherche un début de mot.
    query: Vec<String>,
    #[arg(long)]
    account: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    #[command(flatten)]
    presence: PresenceArgs,
}

pub fn search(ctx: &Context<'_>, args: SearchArgs) -> Result<(), EngineError> {
    let text = args.query.join(" ");
    if text.trim().is_empty() {
        return Err(EngineError::InvalidInput("nothing to search for".into()));
    }
    let messages = ctx
        .engine()?
        .search(&text, args.account.as_deref(), args.presence.presence(), args.limit)?;
    if ctx.json {
        return output::json(&messages);
    }
    if messages.is_empty() {
        outln!("{}", ctx.t("cli-no-result"));
    }
    output::message_lines(&messages, ctx.lang);
    Ok(())
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    id: i64,
    /// Écrit les octets d'origine, à l'identique, sur stdout.
    #[arg(long)]
    raw: bool,
}

pub fn show(ctx: &Context<'_>, args: ShowArgs) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    if args.raw {
        let raw = engine.raw(args.id)?;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&raw)
            .and_then(|()| stdout.flush())
            .map_err(|e| EngineError::Internal(format!("stdout: {e}")))?;
        return Ok(());
    }
    let message = engine.message(args.id)?;
    if ctx.json {
        return output::json(&message);
    }
    let s = &message.summary;
    let from = s.from_name.as_ref().map_or_else(|| s.from.clone().unwrap_or_default(), |n| format!("{n} <{}>", s.from.clone().unwrap_or_default()));
    let field = |key: &str, value: &str| ctx.say(Text::new(key).arg("value", value));
    outln!("{}", field("cli-field-from", &from));
    outln!("{}", field("cli-field-to", &s.to.join(", ")));
    if !s.cc.is_empty() {
        outln!("{}", field("cli-field-cc", &s.cc.join(", ")));
    }
    outln!("{}", field("cli-field-subject", &s.subject));
    outln!("{}", field("cli-field-date", &output::date(s.date)));
    outln!("{}", field("cli-field-folder", &s.folder));
    if !s.on_server {
        outln!("{}", ctx.t("cli-archived-message"));
    }
    for a in &message.attachments {
        let text = Text::new("cli-field-attachment")
            .arg("name", a.name.as_deref().unwrap_or("?"))
            .arg("type", a.mime_type.as_str())
            .arg("size", a.size);
        outln!("{}", ctx.say(text));
    }
    outln!();
    outln!("{}", message.body_text);
    Ok(())
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_parser = ["eml", "mbox"])]
    format: String,
    /// Fichier, ou dossier pour plusieurs .eml.
    #[arg(long)]
    out: PathBuf,
    /// Tout un dossier.
    #[arg(long, conflicts_with_all = ["all", "ids"])]
    folder: Option<String>,
    /// Tous les messages de tous les comptes.
    #[arg(long, conflicts_with = "ids")]
    all: bool,
    #[arg(long)]
    account: Option<String>,
    ids: Vec<i64>,
}

pub fn export(ctx: &Context<'_>, args: ExportArgs) -> Result<(), EngineError> {
    let selection = match (args.folder, args.all, args.ids.is_empty()) {
        (Some(folder), _, _) => Selection::Folder { account: args.account, folder },
        (None, true, _) => Selection::All,
        (None, false, false) => Selection::Ids(args.ids),
        (None, false, true) => {
            return Err(EngineError::InvalidInput("say what to export: message ids, --folder NAME or --all".into()))
        }
    };
    let report = ctx.engine()?.export(&selection, args.format.parse::<ExportFormat>()?, &args.out)?;
    if ctx.json {
        return output::json(&report);
    }
    outln!("{}", ctx.say(Text::new("cli-exported").arg("count", report.messages).arg("path", report.path.as_str())));
    Ok(())
}

#[derive(Debug, Args)]
pub struct IdsArgs {
    #[arg(required = true)]
    ids: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct MoveArgs {
    #[arg(required = true)]
    ids: Vec<i64>,
    /// Dossier de destination.
    #[arg(long)]
    to: String,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    #[arg(required = true)]
    ids: Vec<i64>,
    #[arg(long, conflicts_with = "unread", required_unless_present = "unread")]
    read: bool,
    #[arg(long)]
    unread: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Red,
    Orange,
    Yellow,
    Green,
    Blue,
    None,
}

#[derive(Debug, Args)]
pub struct FlagArgs {
    #[arg(required = true)]
    ids: Vec<i64>,
    #[arg(long, value_enum)]
    color: Color,
}

fn done(ctx: &Context<'_>, action: &str, count: usize) -> Result<(), EngineError> {
    if ctx.json {
        return output::json(&serde_json::json!({ "action": action, "changed": count }));
    }
    outln!("{}", ctx.say(Text::new("cli-messages-done").arg("count", count)));
    Ok(())
}

pub fn move_to(ctx: &Context<'_>, args: MoveArgs) -> Result<(), EngineError> {
    let n = ctx.engine()?.move_messages(&args.ids, &args.to)?;
    done(ctx, "move", n)
}

pub fn delete(ctx: &Context<'_>, args: IdsArgs) -> Result<(), EngineError> {
    let n = ctx.engine()?.delete_messages(&args.ids)?;
    done(ctx, "delete", n)
}

pub fn restore(ctx: &Context<'_>, args: IdsArgs) -> Result<(), EngineError> {
    let n = ctx.engine()?.restore_messages(&args.ids)?;
    done(ctx, "restore", n)
}

pub fn purge(ctx: &Context<'_>, args: IdsArgs) -> Result<(), EngineError> {
    let n = ctx.engine()?.purge_messages(&args.ids)?;
    done(ctx, "purge", n)
}

pub fn mark(ctx: &Context<'_>, args: MarkArgs) -> Result<(), EngineError> {
    let n = ctx.engine()?.mark_read(&args.ids, args.read)?;
    done(ctx, if args.read { "mark_read" } else { "mark_unread" }, n)
}

pub fn flag(ctx: &Context<'_>, args: FlagArgs) -> Result<(), EngineError> {
    let color = match args.color {
        Color::Red => Some(FlagColor::Red),
        Color::Orange => Some(FlagColor::Orange),
        Color::Yellow => Some(FlagColor::Yellow),
        Color::Green => Some(FlagColor::Green),
        Color::Blue => Some(FlagColor::Blue),
        Color::None => None,
    };
    let n = ctx.engine()?.set_flag(&args.ids, color)?;
    done(ctx, "flag", n)
}

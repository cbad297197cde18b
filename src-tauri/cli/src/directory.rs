//! `medimail directory`: the national MSSanté directory, offline.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use medimail_engine::directory::national::parse::RowProblem;
use medimail_engine::directory::{DirectoryEntry, DirectoryQuery, MailboxKind};
use medimail_engine::{Engine, EngineError};

use super::{output, Context, Text};

#[derive(Debug, Subcommand)]
pub enum DirectoryCommand {
    /// Importe l'extraction de l'Annuaire Santé (le ZIP ou le fichier .txt).
    Import { file: PathBuf },
    /// Recherche dans l'annuaire national (mots partiels, sans accents ni majuscules).
    Search(SearchArgs),
    /// Affiche tout ce que l'annuaire contient pour une adresse.
    Show { address: String },
    /// Date de l'extraction chargée et nombre d'adresses.
    Info,
    /// Les favoris de l'annuaire.
    #[command(subcommand)]
    Favorite(FavoriteCommand),
}

#[derive(Debug, Subcommand)]
pub enum FavoriteCommand {
    /// Ajoute une adresse de l'annuaire aux favoris.
    Add { address: String },
    /// Retire une adresse des favoris.
    Remove { address: String },
    /// Liste les favoris.
    List,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Qui ? Nom, prénom, identifiant national (RPPS), adresse.
    #[arg(long)]
    who: Option<String>,
    /// Activité ? Profession, savoir-faire.
    #[arg(long)]
    activity: Option<String>,
    /// Où ? Commune, code postal, département, région.
    #[arg(long = "where")]
    place: Option<String>,
    /// Structure : raison sociale, enseigne, service.
    #[arg(long)]
    structure: Option<String>,
    /// Nombre de résultats au plus.
    #[arg(long, default_value_t = 50)]
    limit: usize,
}

pub fn run(ctx: &Context<'_>, command: DirectoryCommand) -> Result<(), EngineError> {
    let engine = ctx.engine_signed_out()?;
    match command {
        DirectoryCommand::Import { file } => {
            let interactive = !ctx.json && std::io::stderr().is_terminal();
            let mut progress = |rows: u64| {
                if interactive {
                    eprint!("\r{}", ctx.say(Text::new("cli-directory-progress").arg("rows", rows)));
                    let _ = std::io::stderr().flush();
                }
            };
            let summary = engine.import_national_directory(&file, &mut progress)?;
            if interactive {
                eprintln!();
            }
            if ctx.json {
                return output::json(&summary);
            }
            let date = summary.extraction_date.clone().unwrap_or_else(|| "—".to_owned());
            println!(
                "{}",
                ctx.say(
                    Text::new("cli-directory-imported")
                        .arg("entries", summary.entries)
                        .arg("rows", summary.rows_read)
                        .arg("date", date)
                )
            );
            println!("{}", ctx.say(Text::new("cli-directory-merged").arg("count", summary.duplicates_merged)));
            println!("{}", ctx.say(Text::new("cli-directory-skipped").arg("count", summary.rows_skipped)));
            for row in &summary.skipped {
                let reason = ctx.t(problem_key(row.problem));
                println!("{}", ctx.say(Text::new("cli-directory-skipped-line").arg("line", row.line).arg("reason", reason)));
            }
        }
        DirectoryCommand::Search(args) => {
            let query = DirectoryQuery {
                who: args.who.unwrap_or_default(),
                activity: args.activity.unwrap_or_default(),
                place: args.place.unwrap_or_default(),
                structure: args.structure.unwrap_or_default(),
            };
            let found = engine.search_directory(&query, args.limit)?;
            if ctx.json {
                return output::json(&found);
            }
            if found.is_empty() {
                println!("{}", ctx.t("cli-no-result"));
            }
            for e in &found {
                println!("{}", result_line(ctx, e));
            }
        }
        DirectoryCommand::Show { address } => {
            let entry = engine
                .directory_entry(&address)?
                .ok_or_else(|| EngineError::NotFound(format!("directory entry {address}")))?;
            if ctx.json {
                return output::json(&entry);
            }
            show(ctx, &entry);
        }
        DirectoryCommand::Info => {
            let info = engine.directory_info()?;
            if ctx.json {
                return output::json(&info);
            }
            match info {
                None => println!("{}", ctx.t("cli-directory-empty")),
                Some(info) => println!(
                    "{}",
                    ctx.say(
                        Text::new("cli-directory-info")
                            .arg("date", info.extraction_date.unwrap_or_else(|| "—".to_owned()))
                            .arg("entries", info.entries)
                            .arg("imported", output::date(Some(info.imported_at)))
                    )
                ),
            }
        }
        DirectoryCommand::Favorite(command) => favorite(ctx, &engine, command)?,
    }
    Ok(())
}

fn favorite(ctx: &Context<'_>, engine: &Engine, command: FavoriteCommand) -> Result<(), EngineError> {
    match command {
        FavoriteCommand::Add { address } => {
            let added = engine.add_directory_favorite(&address)?;
            if ctx.json {
                return output::json(&added);
            }
            println!("{}", ctx.say(Text::new("cli-directory-favorite-added").arg("address", added.entry.address.as_str())));
        }
        FavoriteCommand::Remove { address } => {
            let removed = engine.remove_directory_favorite(&address)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "removed": removed }));
            }
            let key = if removed { "cli-directory-favorite-removed" } else { "cli-directory-favorite-absent" };
            println!("{}", ctx.say(Text::new(key).arg("address", address.trim())));
        }
        FavoriteCommand::List => {
            let favorites = engine.directory_favorites()?;
            if ctx.json {
                return output::json(&favorites);
            }
            if favorites.is_empty() {
                println!("{}", ctx.t("cli-directory-favorite-none"));
            }
            for favorite in &favorites {
                let line = result_line(ctx, &favorite.entry);
                if favorite.listed {
                    println!("{line}");
                } else {
                    println!("{}", ctx.say(Text::new("cli-directory-favorite-unlisted").arg("line", line)));
                }
            }
        }
    }
    Ok(())
}

fn problem_key(problem: RowProblem) -> &'static str {
    match problem {
        RowProblem::ColumnCount => "cli-directory-problem-column_count",
        RowProblem::NotUtf8 => "cli-directory-problem-not_utf8",
        RowProblem::MailboxKind => "cli-directory-problem-mailbox_kind",
        RowProblem::Address => "cli-directory-problem-address",
    }
}

fn kind_key(kind: MailboxKind) -> &'static str {
    match kind {
        MailboxKind::Personal => "cli-directory-kind-per",
        MailboxKind::Organisational => "cli-directory-kind-org",
    }
}

/// Name, profession, locality, structure and address, like the seed's table.
fn result_line(ctx: &Context<'_>, e: &DirectoryEntry) -> String {
    let name = [e.civility.as_str(), e.first_name.as_str(), e.surname.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let activity = [e.profession_label.as_str(), e.skill_label.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let structure = if e.company_name.is_empty() { &e.trade_name } else { &e.company_name };
    ctx.say(
        Text::new("cli-directory-result")
            .arg("kind", ctx.t(kind_key(e.kind)))
            .arg("name", if name.is_empty() { structure.clone() } else { name })
            .arg("activity", activity)
            .arg("locality", format!("{} {}", e.postal_code, e.city).trim().to_owned())
            .arg("structure", structure.as_str())
            .arg("address", e.address.as_str()),
    )
}

fn show(ctx: &Context<'_>, e: &DirectoryEntry) {
    let street = [e.street_number.as_str(), e.street_number_complement.as_str(), e.street_type.as_str(), e.street_name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let fields: [(&str, &str); 25] = [
        ("cli-directory-field-address", &e.address),
        ("cli-directory-field-kind", &ctx.t(kind_key(e.kind))),
        ("cli-directory-field-civility", &e.civility),
        ("cli-directory-field-surname", &e.surname),
        ("cli-directory-field-first_name", &e.first_name),
        ("cli-directory-field-national_id", &e.pp_national_id),
        ("cli-directory-field-pp_id", &e.pp_id),
        ("cli-directory-field-category", &e.profession_category_label),
        ("cli-directory-field-profession", &e.profession_label),
        ("cli-directory-field-skill", &e.skill_label),
        ("cli-directory-field-dematerialisation", &e.dematerialisation),
        ("cli-directory-field-structure_id", &e.structure_id),
        ("cli-directory-field-company", &e.company_name),
        ("cli-directory-field-trade_name", &e.trade_name),
        ("cli-directory-field-service", &e.service),
        ("cli-directory-field-location_complement", &e.location_complement),
        ("cli-directory-field-distribution_complement", &e.distribution_complement),
        ("cli-directory-field-street", &street),
        ("cli-directory-field-place_mention", &e.place_mention),
        ("cli-directory-field-routing_line", &e.routing_line),
        ("cli-directory-field-postal_code", &e.postal_code),
        ("cli-directory-field-city", &e.city),
        ("cli-directory-field-department", &e.department_code),
        ("cli-directory-field-region", &e.region),
        ("cli-directory-field-country", &e.country),
    ];
    for (key, value) in fields {
        if !value.is_empty() {
            println!("{}", ctx.say(Text::new(key).arg("value", value)));
        }
    }
}

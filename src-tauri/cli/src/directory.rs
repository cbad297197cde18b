//! `medimail directory`: the national MSSanté directory, offline.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use medimail_engine::directory::fhir::FhirSource;
use medimail_engine::directory::national::download::{DownloadProgress, DownloadSource, Downloaded};
use medimail_engine::directory::national::parse::RowProblem;
use medimail_engine::directory::operator::OperatorStatus;
use medimail_engine::directory::{DirectoryEntry, DirectoryQuery, EntrySource, MailboxKind};
use medimail_engine::{Engine, EngineError};

use super::{block_on, output, Context, Text};

#[derive(Debug, Subcommand)]
pub enum DirectoryCommand {
    /// Importe l'extraction de l'Annuaire Santé (le ZIP ou le fichier .txt), ou la télécharge.
    Import(ImportArgs),
    /// Recherche dans l'annuaire national (mots partiels, sans accents ni majuscules) et,
    /// s'il répond à temps, dans l'annuaire de l'opérateur du compte : chaque adresse une fois.
    Search(SearchArgs),
    /// Affiche tout ce que l'annuaire contient pour une adresse et les boîtes
    /// organisationnelles accessibles par le professionnel (annuaire de l'opérateur).
    Show {
        address: String,
        /// Compte dont l'annuaire de l'opérateur est consulté (par défaut le seul compte).
        #[arg(long)]
        account: Option<String>,
        /// L'annuaire national seul, hors ligne.
        #[arg(long)]
        national_only: bool,
    },
    /// Date de l'extraction chargée et nombre d'adresses.
    Info,
    /// Enregistre la clé de l'API FHIR de l'Annuaire Santé (lue sur l'entrée standard) dans
    /// le trousseau du système, pour `search --online` ; `--remove` l'oublie.
    ApiKey {
        /// Oublie la clé enregistrée : la recherche en ligne n'est plus possible.
        #[arg(long)]
        remove: bool,
    },
    /// Les favoris de l'annuaire.
    #[command(subcommand)]
    Favorite(FavoriteCommand),
    /// Adresse de téléchargement de l'annuaire national et certificats d'autorité à
    /// reconnaître, gardés pour `import --download` et la mise à jour quotidienne de la
    /// fenêtre ; sans option, les affiche.
    Source(SourceArgs),
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Adresse (https) de l'extraction : le miroir du service informatique du cabinet.
    #[arg(long)]
    url: Option<String>,
    /// Certificats d'autorité (PEM) qui garantissent ce serveur : IGC-Santé.
    #[arg(long)]
    ca_file: Option<PathBuf>,
    /// Revient à l'adresse de l'Annuaire Santé (ou MEDIMAIL_DIRECTORY_URL).
    #[arg(long, conflicts_with_all = ["url", "ca_file"])]
    default: bool,
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
pub struct ImportArgs {
    /// Le fichier de l'extraction (ZIP ou .txt).
    #[arg(required_unless_present = "download", conflicts_with = "download")]
    file: Option<PathBuf>,
    /// Télécharge l'extraction depuis l'Annuaire Santé (ou MEDIMAIL_DIRECTORY_URL).
    #[arg(long)]
    download: bool,
    /// Adresse de téléchargement (https) au lieu de celle de l'Annuaire Santé.
    #[arg(long, requires = "download")]
    url: Option<String>,
    /// Certificats d'autorité (PEM) à reconnaître en plus de ceux du système : IGC-Santé
    /// (ou MEDIMAIL_DIRECTORY_CA_FILE).
    #[arg(long, requires = "download")]
    ca_file: Option<PathBuf>,
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
    /// Compte dont l'annuaire de l'opérateur est consulté (par défaut le seul compte).
    #[arg(long)]
    account: Option<String>,
    /// L'annuaire national seul, hors ligne, sans demander à l'opérateur.
    #[arg(long)]
    national_only: bool,
    /// Ajoute les résultats de l'API FHIR de l'Annuaire Santé (en ligne).
    #[arg(long)]
    online: bool,
    /// Adresse de l'API FHIR (https) au lieu de celle de l'Annuaire Santé (ou MEDIMAIL_FHIR_URL).
    #[arg(long, requires = "online")]
    fhir_url: Option<String>,
}

pub fn run(ctx: &Context<'_>, command: DirectoryCommand) -> Result<(), EngineError> {
    let engine = ctx.engine_signed_out()?;
    match command {
        DirectoryCommand::Import(args) => {
            let interactive = !ctx.json && std::io::stderr().is_terminal();
            let mut progress = |rows: u64| {
                if interactive {
                    eprint!("\r{}", ctx.say(Text::new("cli-directory-progress").arg("rows", rows)));
                    let _ = std::io::stderr().flush();
                }
            };
            let summary = match args.file {
                Some(file) => engine.import_national_directory(&file, &mut progress)?,
                None => {
                    let source = DownloadSource { url: args.url, ca_file: args.ca_file };
                    let lang = ctx.lang;
                    let mut progress = move |step: DownloadProgress| {
                        if !interactive {
                            return;
                        }
                        let text = match step {
                            DownloadProgress::Bytes { received, .. } => {
                                Text::new("cli-directory-downloading").arg("megabytes", received / 1_000_000)
                            }
                            DownloadProgress::Rows(rows) => Text::new("cli-directory-progress").arg("rows", rows),
                        };
                        eprint!("\r{}\x1b[K", text.say(lang));
                        let _ = std::io::stderr().flush();
                    };
                    match block_on(engine.download_national_directory(&source, &mut progress))? {
                        Downloaded::Imported(summary) => summary,
                        Downloaded::Unchanged(info) => {
                            if interactive {
                                eprintln!();
                            }
                            let summary = Downloaded::Unchanged(info).into_summary();
                            if ctx.json {
                                return output::json(&summary);
                            }
                            let date = summary.extraction_date.clone().unwrap_or_else(|| "—".to_owned());
                            outln!(
                                "{}",
                                ctx.say(Text::new("cli-directory-unchanged").arg("date", date).arg("entries", summary.entries))
                            );
                            return Ok(());
                        }
                    }
                }
            };
            if interactive {
                eprintln!();
            }
            if ctx.json {
                return output::json(&summary);
            }
            let date = summary.extraction_date.clone().unwrap_or_else(|| "—".to_owned());
            outln!(
                "{}",
                ctx.say(
                    Text::new("cli-directory-imported")
                        .arg("entries", summary.entries)
                        .arg("rows", summary.rows_read)
                        .arg("date", date)
                )
            );
            outln!("{}", ctx.say(Text::new("cli-directory-merged").arg("count", summary.duplicates_merged)));
            outln!("{}", ctx.say(Text::new("cli-directory-skipped").arg("count", summary.rows_skipped)));
            for row in &summary.skipped {
                let reason = ctx.t(problem_key(row.problem));
                outln!("{}", ctx.say(Text::new("cli-directory-skipped-line").arg("line", row.line).arg("reason", reason)));
            }
        }
        DirectoryCommand::Search(args) => {
            let query = DirectoryQuery {
                who: args.who.unwrap_or_default(),
                activity: args.activity.unwrap_or_default(),
                place: args.place.unwrap_or_default(),
                structure: args.structure.unwrap_or_default(),
            };
            let mut found = if args.national_only {
                engine.search_directory(&query, args.limit)?
            } else {
                let search = block_on(engine.search_directory_with_operator(args.account.as_deref(), &query, args.limit))?;
                operator_note(ctx, &search.operator);
                search.entries
            };
            if args.online {
                let source = FhirSource { base_url: args.fhir_url, ca_file: None };
                found = block_on(engine.add_online_results(&source, &query, found, args.limit))?;
            }
            if ctx.json {
                return output::json(&found);
            }
            if found.is_empty() {
                outln!("{}", ctx.t("cli-no-result"));
            }
            for e in &found {
                outln!("{}", result_line(ctx, e));
            }
        }
        DirectoryCommand::Show { address, account, national_only } => {
            if national_only {
                let entry = engine
                    .directory_entry(&address)?
                    .ok_or_else(|| EngineError::NotFound(format!("directory entry {address}")))?;
                if ctx.json {
                    return output::json(&entry);
                }
                show(ctx, &entry);
                return Ok(());
            }
            let card = block_on(engine.directory_card(account.as_deref(), &address))?;
            operator_note(ctx, &card.operator);
            let Some(entry) = &card.entry else {
                return Err(EngineError::NotFound(format!("directory entry {address}")));
            };
            if ctx.json {
                // The entry as before, with the linked mailboxes and the operator's answer
                // beside its fields: scripts reading the entry keep working.
                let mut value = serde_json::to_value(entry).map_err(|e| EngineError::Internal(e.to_string()))?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("linked".into(), serde_json::to_value(&card.linked).map_err(|e| EngineError::Internal(e.to_string()))?);
                    object.insert("operator".into(), serde_json::to_value(&card.operator).map_err(|e| EngineError::Internal(e.to_string()))?);
                }
                return output::json(&value);
            }
            show(ctx, entry);
            if !card.linked.is_empty() {
                outln!();
                outln!("{}", ctx.t("cli-directory-linked"));
                for e in &card.linked {
                    outln!("  {}", result_line(ctx, e));
                }
            }
        }
        DirectoryCommand::ApiKey { remove: true } => {
            engine.forget_directory_api_key()?;
            outln!("{}", ctx.t("cli-directory-api-key-removed"));
        }
        DirectoryCommand::ApiKey { remove: false } => {
            let mut key = String::new();
            std::io::stdin().read_line(&mut key).map_err(|e| EngineError::InvalidInput(format!("standard input: {e}")))?;
            let key = secrecy::SecretString::from(key.trim().to_owned());
            if secrecy::ExposeSecret::expose_secret(&key).is_empty() {
                return Err(EngineError::InvalidInput("no key on standard input".into()));
            }
            engine.set_directory_api_key(&key)?;
            outln!("{}", ctx.t("cli-directory-api-key-saved"));
        }
        DirectoryCommand::Info => {
            let info = engine.directory_info()?;
            if ctx.json {
                return output::json(&info);
            }
            match info {
                None => outln!("{}", ctx.t("cli-directory-empty")),
                Some(info) => outln!(
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
        DirectoryCommand::Source(args) => {
            if args.default {
                engine.set_directory_download_source(&DownloadSource::default())?;
            } else if args.url.is_some() || args.ca_file.is_some() {
                let given = DownloadSource { url: args.url, ca_file: args.ca_file };
                engine.set_directory_download_source(&given.or(engine.directory_download_source()?))?;
            }
            let kept = engine.directory_download_source()?;
            if ctx.json {
                return output::json(&serde_json::json!({
                    "url": kept.url(),
                    "kept_url": kept.url,
                    "ca_file": kept.ca_file(),
                }));
            }
            outln!("{}", ctx.say(Text::new("cli-directory-download-url").arg("url", kept.url())));
            match kept.ca_file() {
                Some(path) => outln!("{}", ctx.say(Text::new("cli-directory-download-ca").arg("path", path.display().to_string()))),
                None => outln!("{}", ctx.t("cli-directory-download-system-roots")),
            }
        }
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
            outln!("{}", ctx.say(Text::new("cli-directory-favorite-added").arg("address", added.entry.address.as_str())));
        }
        FavoriteCommand::Remove { address } => {
            let removed = engine.remove_directory_favorite(&address)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "removed": removed }));
            }
            let key = if removed { "cli-directory-favorite-removed" } else { "cli-directory-favorite-absent" };
            outln!("{}", ctx.say(Text::new(key).arg("address", address.trim())));
        }
        FavoriteCommand::List => {
            let favorites = engine.directory_favorites()?;
            if ctx.json {
                return output::json(&favorites);
            }
            if favorites.is_empty() {
                outln!("{}", ctx.t("cli-directory-favorite-none"));
            }
            for favorite in &favorites {
                let line = result_line(ctx, &favorite.entry);
                if favorite.listed {
                    outln!("{line}");
                } else {
                    outln!("{}", ctx.say(Text::new("cli-directory-favorite-unlisted").arg("line", line)));
                }
            }
        }
    }
    Ok(())
}

/// On stderr, so that scripts reading stdout get the same shape either way: the operator
/// could not be asked, the results are the national directory's alone.
fn operator_note(ctx: &Context<'_>, status: &OperatorStatus) {
    if *status == OperatorStatus::Unreachable {
        eprintln!("{}", ctx.t("cli-directory-operator-unreachable"));
    }
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
            outln!("{}", ctx.say(Text::new(key).arg("value", value)));
        }
    }
    for phone in &e.phones {
        outln!("{}", ctx.say(Text::new("cli-directory-field-phone").arg("value", phone.as_str())));
    }
    let source = match e.source {
        None | Some(EntrySource::National) => "cli-directory-source-national",
        Some(EntrySource::Operator) => "cli-directory-source-operator",
        Some(EntrySource::Both) => "cli-directory-source-both",
        Some(EntrySource::Online) => "cli-directory-source-online",
    };
    outln!("{}", ctx.say(Text::new("cli-directory-field-source").arg("value", ctx.t(source))));
}

//! `medimail profile`: one's own entry in the operator's directory ("Mon compte":
//! informations personnelles, activité, visibilité, dématérialisation), read and written as
//! oneself.

use clap::{Args, Subcommand};
use medimail_engine::directory::operator::{OwnEntry, OwnEntryChanges};
use medimail_engine::EngineError;

use super::{block_on, output, Context, Text};

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Affiche votre fiche dans l'annuaire de l'opérateur.
    Show(ShowArgs),
    /// Modifie votre fiche : seuls les champs donnés changent (une valeur vide efface le champ).
    Set(Box<SetArgs>),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Compte (par défaut le seul compte).
    #[arg(long)]
    account: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum YesNo {
    Yes,
    No,
    Oui,
    Non,
}

impl From<YesNo> for bool {
    fn from(v: YesNo) -> bool {
        matches!(v, YesNo::Yes | YesNo::Oui)
    }
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Compte (par défaut le seul compte).
    #[arg(long)]
    account: Option<String>,
    /// Nom.
    #[arg(long)]
    surname: Option<String>,
    /// Prénom.
    #[arg(long)]
    first_name: Option<String>,
    /// Téléphone 1.
    #[arg(long)]
    phone: Option<String>,
    /// Téléphone 2.
    #[arg(long)]
    mobile: Option<String>,
    /// Adresse.
    #[arg(long)]
    street: Option<String>,
    /// Ville.
    #[arg(long)]
    city: Option<String>,
    /// Code postal.
    #[arg(long)]
    postal_code: Option<String>,
    /// Région.
    #[arg(long)]
    region: Option<String>,
    /// Département.
    #[arg(long)]
    department: Option<String>,
    /// Raison sociale.
    #[arg(long)]
    company: Option<String>,
    /// Profession.
    #[arg(long)]
    profession: Option<String>,
    /// Spécialité.
    #[arg(long)]
    specialty: Option<String>,
    /// FINESS (boîtes organisationnelles ; l'opérateur seul le modifie).
    #[arg(long)]
    finess: Option<String>,
    /// Responsable de la boîte (boîtes organisationnelles ; l'opérateur seul le modifie).
    #[arg(long)]
    responsible: Option<String>,
    /// Description (boîtes organisationnelles ; l'opérateur seul la modifie).
    #[arg(long)]
    description: Option<String>,
    /// Adresse Medimail visible dans l'annuaire : yes ou no.
    #[arg(long, value_enum, value_name = "yes|no")]
    visible_medimail: Option<YesNo>,
    /// Adresse MSSanté visible dans l'annuaire (comptes avec RPPS) : yes ou no.
    #[arg(long, value_enum, value_name = "yes|no")]
    visible_mssante: Option<YesNo>,
    /// Je souhaite dématérialiser tous mes échanges et ne plus recevoir de papier : yes ou no.
    #[arg(long, value_enum, value_name = "yes|no")]
    dematerialisation: Option<YesNo>,
}

pub fn run(ctx: &Context<'_>, command: ProfileCommand) -> Result<(), EngineError> {
    let engine = ctx.engine()?;
    match command {
        ProfileCommand::Show(args) => {
            let entry = block_on(engine.own_entry(args.account.as_deref()))?;
            print(ctx, &entry)
        }
        ProfileCommand::Set(args) => {
            let args = *args;
            let changes = OwnEntryChanges {
                surname: args.surname,
                first_name: args.first_name,
                phone: args.phone,
                mobile: args.mobile,
                street: args.street,
                city: args.city,
                postal_code: args.postal_code,
                region: args.region,
                department: args.department,
                company_name: args.company,
                profession: args.profession,
                specialty: args.specialty,
                finess: args.finess,
                responsible: args.responsible,
                description: args.description,
                visible_medimail: args.visible_medimail.map(bool::from),
                visible_mssante: args.visible_mssante.map(bool::from),
                dematerialisation: args.dematerialisation.map(bool::from),
            };
            if changes.is_empty() {
                return Err(EngineError::InvalidInput("nothing to change: give at least one field (see --help)".into()));
            }
            let entry = block_on(engine.save_own_entry(args.account.as_deref(), &changes))?;
            if !ctx.json {
                outln!("{}", ctx.t("cli-profile-saved"));
            }
            print(ctx, &entry)
        }
    }
}

fn print(ctx: &Context<'_>, e: &OwnEntry) -> Result<(), EngineError> {
    if ctx.json {
        return output::json(e);
    }
    let yes_no = |v: bool| ctx.t(if v { "cli-yes" } else { "cli-no" });
    // The account type in the words of "Mon compte" (the catalogue is shared with the window).
    let known = ["personnel", "interne", "medimail", "organisationnel"].contains(&e.account_type.as_str());
    let kind = if known { ctx.t(&format!("settings-kind-{}", e.account_type)) } else { e.account_type.clone() };
    let mut fields: Vec<(&str, String)> = vec![
        ("cli-profile-address", e.address.clone()),
        ("cli-profile-account_type", kind),
        ("cli-profile-rpps", e.rpps.clone()),
        ("cli-profile-surname", e.surname.clone()),
        ("cli-profile-first_name", e.first_name.clone()),
        ("cli-profile-phone", e.phone.clone()),
        ("cli-profile-mobile", e.mobile.clone()),
        ("cli-profile-street", e.street.clone()),
        ("cli-profile-city", e.city.clone()),
        ("cli-profile-postal_code", e.postal_code.clone()),
        ("cli-profile-region", e.region.clone()),
        ("cli-profile-department", e.department.clone()),
        ("cli-profile-company", e.company_name.clone()),
        ("cli-profile-profession", e.profession.clone()),
        ("cli-profile-specialty", e.specialty.clone()),
        ("cli-profile-finess", e.finess.clone()),
        ("cli-profile-responsible", e.responsible.clone()),
        ("cli-profile-description", e.description.clone()),
        ("cli-profile-visible_medimail", yes_no(e.visible_medimail)),
    ];
    if e.has_rpps() {
        fields.push(("cli-profile-visible_mssante", yes_no(e.visible_mssante)));
    }
    fields.push(("cli-profile-dematerialisation", yes_no(e.dematerialisation)));
    for (key, value) in fields {
        if !value.is_empty() {
            outln!("{}", ctx.say(Text::new(key).arg("value", value)));
        }
        if key == "cli-profile-account_type" && known {
            outln!("  {}", ctx.t(&format!("settings-kind-{}-about", e.account_type)));
        }
    }
    Ok(())
}

//! The Annuaire Santé FHIR API as an optional online source: the MSSanté mailboxes of
//! PractitionerRole resources (`telecom` entries carrying the mailbox-metadata extension),
//! with their Practitioner and Organization, asked for by address
//! (`mailbox-mss:contains=`), 50 a page, with the key in the `ESANTE-API-KEY` header.
//!
//! Mailboxes their owner hid (`listeRouge`) are never returned. What the other fields ask
//! (activity, place, structure) is checked here on what came back, the way the offline index
//! folds words.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::{fold, regions, DirectoryEntry, DirectoryQuery, EntrySource, MailboxKind};
use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

pub const DEFAULT_BASE_URL: &str = "https://gateway.api.esante.gouv.fr/fhir/v2";
/// Another base address (a test server, a proxy of the practice's IT).
pub const URL_VARIABLE: &str = "MEDIMAIL_FHIR_URL";
/// A PEM file of roots to trust beside the system's, as for the download.
pub const CA_FILE_VARIABLE: &str = super::national::download::CA_FILE_VARIABLE;

const TIMEOUT: Duration = Duration::from_secs(15);
/// One page of the API: 50 results.
const PAGE: usize = 50;
/// A page of 50 resources is well under this.
const BODY_LIMIT: usize = 4 << 20;

#[derive(Debug, Clone, Default)]
pub struct FhirSource {
    pub base_url: Option<String>,
    pub ca_file: Option<PathBuf>,
}

impl FhirSource {
    fn base_url(&self) -> String {
        self.base_url
            .clone()
            .or_else(|| std::env::var(URL_VARIABLE).ok().filter(|u| !u.trim().is_empty()))
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
    }

    fn ca_file(&self) -> Option<PathBuf> {
        self.ca_file
            .clone()
            .or_else(|| std::env::var_os(CA_FILE_VARIABLE).filter(|p| !p.is_empty()).map(PathBuf::from))
    }
}

/// The mailboxes the API knows for `query`'s "Qui ?" words (the longest one is sent, the
/// others checked here), at most one page.
pub async fn search(source: &FhirSource, key: &SecretString, query: &DirectoryQuery) -> Result<Vec<DirectoryEntry>> {
    let Some(sent) = query.who.split_whitespace().max_by_key(|w| w.chars().count()) else {
        return Ok(Vec::new());
    };
    let base = source.base_url();
    let mut url = reqwest::Url::parse(&format!("{}/PractitionerRole", base.trim_end_matches('/')))
        .map_err(|e| EngineError::InvalidInput(format!("FHIR address: {e}")))?;
    if url.scheme() != "https" {
        return Err(EngineError::InvalidInput("the FHIR API is asked over https only".into()));
    }
    url.query_pairs_mut()
        .append_pair("mailbox-mss:contains", sent)
        .append_pair("_include", "PractitionerRole:practitioner")
        .append_pair("_include", "PractitionerRole:organization")
        .append_pair("_count", &PAGE.to_string());
    let host = url.host_str().unwrap_or_default().to_owned();
    let tls = match source.ca_file() {
        Some(path) => TlsPolicy::system().with_ca_file(&path)?,
        None => TlsPolicy::system(),
    };
    let client = reqwest::Client::builder()
        .tls_backend_preconfigured((*tls.client_config()?).clone())
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| EngineError::Internal(format!("HTTP client: {}", e.without_url())))?;
    let network = |e: reqwest::Error| {
        if e.is_timeout() {
            return EngineError::Timeout(TIMEOUT.as_secs());
        }
        if let Some(refusal) = crate::tls::certificate_refusal(&e, &host) {
            return refusal;
        }
        let detail = super::national::download::error_chain(&e.without_url());
        if detail.contains("certificate") {
            EngineError::Certificate(format!("{host}: {detail}"))
        } else {
            EngineError::Connect { server: host.clone(), source: std::io::Error::other(detail) }
        }
    };
    let mut response = client
        .get(url)
        .header("ESANTE-API-KEY", key.expose_secret())
        .header(reqwest::header::ACCEPT, "application/fhir+json")
        .send()
        .await
        .map_err(network)?;
    if response.status() == reqwest::StatusCode::UNAUTHORIZED || response.status() == reqwest::StatusCode::FORBIDDEN {
        return Err(EngineError::AuthFailed);
    }
    if !response.status().is_success() {
        return Err(EngineError::Server(format!("the FHIR API answered HTTP {}", response.status().as_u16())));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        if body.len() + chunk.len() > BODY_LIMIT {
            return Err(EngineError::Server("the FHIR API's answer is too large".into()));
        }
        body.extend_from_slice(&chunk);
    }
    let bundle: Value =
        serde_json::from_slice(&body).map_err(|e| EngineError::Server(format!("the FHIR API's answer is not JSON: {e}")))?;
    Ok(entries_of(&bundle).into_iter().filter(|e| matches(query, e)).collect())
}

/// The visible mailboxes of a search Bundle.
pub fn entries_of(bundle: &Value) -> Vec<DirectoryEntry> {
    let resources: Vec<&Value> = bundle["entry"].as_array().into_iter().flatten().map(|e| &e["resource"]).collect();
    let by_reference: HashMap<String, &Value> = resources
        .iter()
        .filter_map(|r| Some((format!("{}/{}", r["resourceType"].as_str()?, r["id"].as_str()?), *r)))
        .collect();
    let mut found = Vec::new();
    for role in resources.iter().filter(|r| r["resourceType"] == "PractitionerRole") {
        let practitioner = role["practitioner"]["reference"].as_str().and_then(|r| by_reference.get(r));
        let organization = role["organization"]["reference"].as_str().and_then(|r| by_reference.get(r));
        for telecom in role["telecom"].as_array().into_iter().flatten() {
            if let Some(entry) = mailbox(role, telecom, practitioner.copied(), organization.copied()) {
                found.push(entry);
            }
        }
    }
    found
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().trim().to_owned()
}

/// The code or display of a CodeableConcept's first coding.
fn coding(concept: &Value, field: &str) -> String {
    text(&concept["coding"][0][field])
}

fn mailbox(role: &Value, telecom: &Value, practitioner: Option<&Value>, organization: Option<&Value>) -> Option<DirectoryEntry> {
    let metadata = telecom["extension"]
        .as_array()?
        .iter()
        .find(|e| e["url"].as_str().is_some_and(|u| u.to_lowercase().contains("mailbox")))?;
    let part = |name: &str| metadata["extension"].as_array().into_iter().flatten().find(|e| e["url"] == name);
    if part("listeRouge").is_some_and(|e| e["valueBoolean"] == true) {
        return None;
    }
    let kind_code = part("type")
        .map(|e| {
            let code = coding(&e["valueCodeableConcept"], "code");
            if code.is_empty() { text(&e["valueCoding"]["code"]).to_uppercase() } else { code.to_uppercase() }
        })
        .unwrap_or_default();
    let kind = if kind_code == "PER" { MailboxKind::Personal } else { MailboxKind::Organisational };
    let address = text(&telecom["value"]).to_lowercase();
    if !address.contains('@') || address.contains(char::is_whitespace) {
        return None;
    }
    let name = practitioner.map(|p| &p["name"][0]);
    let national_id = practitioner
        .and_then(|p| p["identifier"].as_array())
        .into_iter()
        .flatten()
        .map(|i| text(&i["value"]))
        .find(|v| v.starts_with('8'))
        .unwrap_or_default();
    let address_of_organisation = organization.map(|o| &o["address"][0]);
    let postal_code = address_of_organisation.map(|a| text(&a["postalCode"])).unwrap_or_default();
    let city = address_of_organisation.map(|a| text(&a["city"])).unwrap_or_default();
    let department_code = regions::department_code("", &postal_code);
    let region = regions::region_of(&department_code).unwrap_or("").to_owned();
    Some(DirectoryEntry {
        kind,
        address,
        pp_id_type: if national_id.is_empty() { String::new() } else { "8".into() },
        pp_id: national_id.get(1..).unwrap_or_default().to_owned(),
        pp_national_id: national_id,
        structure_id_type: String::new(),
        structure_id: String::new(),
        service: part("service").map(|e| text(&e["valueString"])).unwrap_or_default(),
        civility: name.map(|n| text(&n["prefix"][0])).unwrap_or_default(),
        surname: name.map(|n| text(&n["family"])).unwrap_or_default(),
        first_name: name.map(|n| text(&n["given"][0])).unwrap_or_default(),
        profession_category: String::new(),
        profession_category_label: String::new(),
        profession_code: coding(&role["code"][0], "code"),
        profession_label: coding(&role["code"][0], "display"),
        skill_code: coding(&role["specialty"][0], "code"),
        skill_label: coding(&role["specialty"][0], "display"),
        dematerialisation: match part("digitization").map(|e| e["valueBoolean"] == true) {
            Some(true) => "O".into(),
            Some(false) => "N".into(),
            None => String::new(),
        },
        company_name: organization.map(|o| text(&o["name"])).unwrap_or_default(),
        trade_name: String::new(),
        location_complement: String::new(),
        distribution_complement: String::new(),
        street_number: String::new(),
        street_number_complement: String::new(),
        street_type: String::new(),
        street_name: address_of_organisation.map(|a| text(&a["line"][0])).unwrap_or_default(),
        place_mention: String::new(),
        routing_line: format!("{postal_code} {city}").trim().to_owned(),
        postal_code,
        department: String::new(),
        country: address_of_organisation.map(|a| text(&a["country"])).unwrap_or_default(),
        city,
        department_code,
        region,
        // Not the operator's, so never marked `both` (merge.rs); a national entry it
        // completes stays national.
        source: Some(EntrySource::Online),
        phones: Vec::new(),
    })
}

/// Whether every typed word of each field starts a word of that field, folded as the index
/// folds them.
pub fn matches(query: &DirectoryQuery, e: &DirectoryEntry) -> bool {
    let fields: [(&str, Vec<&str>); 4] = [
        (&query.who, vec![&e.surname, &e.first_name, &e.pp_national_id, &e.pp_id, &e.address]),
        (&query.activity, vec![&e.profession_label, &e.skill_label]),
        (&query.place, vec![&e.city, &e.postal_code, &e.department_code, &e.region]),
        (&query.structure, vec![&e.company_name, &e.trade_name, &e.service]),
    ];
    fields.iter().all(|(typed, values)| {
        let words: Vec<String> = values
            .iter()
            .flat_map(|v| fold(v).split(|c: char| !c.is_alphanumeric()).map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| !w.is_empty())
            .collect();
        fold(typed)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|t| words.iter().any(|w| w.starts_with(t)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_mailboxes_are_left_out_and_fields_checked() {
        let bundle: Value =
            serde_json::from_str(include_str!("../../../../tests/corpus/fhir/practitioner_role_bundle.json")).unwrap();
        let entries = entries_of(&bundle);
        let addresses: Vec<&str> = entries.iter().map(|e| e.address.as_str()).collect();
        assert_eq!(addresses, ["helene.menard@medecin.mssante.fr", "cardiologie.chu-rennes@chu-rennes.mssante.fr"]);
        let helene = &entries[0];
        assert_eq!((helene.surname.as_str(), helene.first_name.as_str()), ("MÉNARD", "Hélène"));
        assert_eq!(helene.pp_national_id, "810001234567");
        assert_eq!(helene.kind, MailboxKind::Personal);
        assert_eq!(helene.region, "Bretagne");
        assert_eq!(entries[1].kind, MailboxKind::Organisational);
        assert_eq!(entries[1].service, "Cardiologie");
        let query = |who: &str, place: &str| DirectoryQuery { who: who.into(), place: place.into(), ..Default::default() };
        assert!(matches(&query("menard hel", "rennes"), helene));
        assert!(!matches(&query("menard", "brest"), helene));
        let merged = crate::directory::merge::merge(vec![helene.clone()], entries.clone(), &query("", ""), 10);
        assert_eq!(merged.len(), 2);
    }
}

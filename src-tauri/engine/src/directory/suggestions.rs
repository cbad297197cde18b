//! What the compose window's recipient fields propose as the person types: past
//! correspondents first (those they write to), then the national directory's matches, one
//! line per address. Both lookups are indexed or bounded, so this runs at every keystroke.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{search, DirectoryEntry, DirectoryQuery, MailboxKind};
use crate::store::Store;
use crate::Result;

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SuggestionSource {
    /// A past correspondent (sender of a stored message).
    Correspondent,
    /// The national directory.
    Directory,
}

/// One proposed recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecipientSuggestion {
    pub address: String,
    pub name: Option<String>,
    pub source: SuggestionSource,
    /// Directory suggestions: personal or organisational mailbox.
    pub kind: Option<MailboxKind>,
    /// Directory suggestions: the profession and specialty, or for an organisational
    /// mailbox its structure.
    pub profession: Option<String>,
    /// Directory suggestions: the city.
    pub city: Option<String>,
}

fn non_empty(text: String) -> Option<String> {
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

fn joined(parts: &[&str], separator: &str) -> String {
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(separator)
}

/// A directory entry as a suggestion: "Prénom Nom" (or the structure's name), what they do
/// and where.
pub fn from_entry(entry: &DirectoryEntry) -> RecipientSuggestion {
    let structure = if entry.company_name.trim().is_empty() { &entry.trade_name } else { &entry.company_name };
    let (name, profession) = match entry.kind {
        MailboxKind::Personal => (
            joined(&[&entry.first_name, &entry.surname], " "),
            joined(&[&entry.profession_label, &entry.skill_label], ", "),
        ),
        MailboxKind::Organisational => (joined(&[&entry.service, structure], " – "), joined(&[&entry.profession_label], "")),
    };
    let name = if name.is_empty() { structure.clone() } else { name };
    let profession = if profession.is_empty() && entry.kind == MailboxKind::Personal { structure.clone() } else { profession };
    RecipientSuggestion {
        address: entry.address.clone(),
        name: non_empty(name),
        source: SuggestionSource::Directory,
        kind: Some(entry.kind),
        profession: non_empty(profession),
        city: non_empty(entry.city.clone()),
    }
}

/// At most `limit` suggestions for `text`: correspondents, then directory entries whose
/// "Qui ?" words (name, first name, RPPS, address) match, no address twice.
pub fn suggest(store: &Store, text: &str, limit: usize) -> Result<Vec<RecipientSuggestion>> {
    let text = text.trim();
    if text.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let mut found: Vec<RecipientSuggestion> = store
        .correspondents(text, u32::try_from(limit).unwrap_or(u32::MAX))?
        .into_iter()
        .map(|sender| RecipientSuggestion {
            address: sender.address.to_lowercase(),
            name: sender.name,
            source: SuggestionSource::Correspondent,
            kind: None,
            profession: None,
            city: None,
        })
        .collect();
    if found.len() < limit {
        let query = DirectoryQuery { who: text.to_owned(), ..DirectoryQuery::default() };
        // As many more as could be passed over for being correspondents already.
        let entries = search::search(store, &query, limit)?;
        let mut seen: std::collections::HashSet<String> = found.iter().map(|s| s.address.clone()).collect();
        for entry in entries {
            if found.len() >= limit {
                break;
            }
            if seen.insert(entry.address.to_lowercase()) {
                found.push(from_entry(&entry));
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::directory::national::import;
    use crate::directory::national::parse::tests::{header, row};
    use crate::extract::testing::fetched;
    use crate::store::testing::{account_with_folder, open_temp};
    use crate::types::FolderRole;

    fn store() -> (tempfile::TempDir, crate::store::SharedStore) {
        let (dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, "moi@test.mssante.fr", None, "INBOX", FolderRole::Inbox);
        // Jean Martin wrote twice: the most frequent correspondent first.
        let senders = [
            "Dr Jean Martin <Jean.Martin@medecin.mssante.fr>",
            "Dr Jean Martin <jean.martin@medecin.mssante.fr>",
            "Claire Martinet <claire@chu.test>",
        ];
        let messages: Vec<_> = senders
            .iter()
            .enumerate()
            .map(|(i, from)| {
                let raw = format!("From: {from}\r\nTo: moi@test.mssante.fr\r\nSubject: n{i}\r\nMessage-ID: <m{i}@t>\r\n\r\nx\r\n");
                fetched(raw.into_bytes(), 1, i as u32 + 1)
            })
            .collect();
        store.record_fetched(account.id, inbox, &messages).unwrap();
        let store = crate::store::shared(store);
        let rows = [
            header(),
            row("PER", "jean.martin@medecin.mssante.fr", "MARTIN", "Jean", "Médecin", "Cardiologie", "", "75013", "PARIS"),
            row("PER", "c.martinez@medecin.mssante.fr", "MARTINEZ", "Céline", "Médecin", "Pédiatrie", "", "13008", "MARSEILLE"),
            row("ORG", "secretariat@chu-rennes.mssante.fr", "", "", "", "", "CHU de Rennes", "35033", "RENNES CEDEX 9"),
        ];
        let path = dir.path().join("Extraction_Correspondance_MSSante_202512060300.txt");
        std::fs::write(&path, rows.join("\n") + "\n").unwrap();
        import(&store, &path, &mut |_| {}).unwrap();
        (dir, store)
    }

    #[test]
    fn correspondents_come_first_then_the_directory_without_an_address_twice() {
        let (_dir, store) = store();
        let found = suggest(&store.lock(), "martin", 10).unwrap();
        let lines: Vec<_> = found.iter().map(|s| (s.address.as_str(), s.source)).collect();
        assert_eq!(
            lines,
            [
                ("jean.martin@medecin.mssante.fr", SuggestionSource::Correspondent),
                ("claire@chu.test", SuggestionSource::Correspondent),
                ("c.martinez@medecin.mssante.fr", SuggestionSource::Directory),
            ]
        );
        let martinez = &found[2];
        assert_eq!(martinez.name.as_deref(), Some("Céline MARTINEZ"));
        assert_eq!(martinez.profession.as_deref(), Some("Médecin, Pédiatrie"));
        assert_eq!(martinez.city.as_deref(), Some("MARSEILLE"));
        assert_eq!(martinez.kind, Some(MailboxKind::Personal));
        assert_eq!(found[0].kind, None, "a correspondent says nothing of the directory");
    }

    #[test]
    fn accents_do_not_count_and_the_limit_holds() {
        let (_dir, store) = store();
        let s = store.lock();
        let celine = suggest(&s, "CÉLINE", 10).unwrap();
        assert_eq!(celine.len(), 1);
        assert_eq!(celine[0].address, "c.martinez@medecin.mssante.fr");
        assert_eq!(suggest(&s, "mar", 2).unwrap().len(), 2);
        assert!(suggest(&s, "   ", 10).unwrap().is_empty());
        let chu = suggest(&s, "secretariat", 10).unwrap();
        assert_eq!(chu[0].name.as_deref(), Some("CHU de Rennes"));
        assert_eq!(chu[0].kind, Some(MailboxKind::Organisational));
    }
}

//! Favourites ("Favoris"): addresses the practitioner starred. A favourite shows the entry
//! of the loaded directory when the address is still in it, otherwise the copy kept when it
//! was last seen: a re-import that no longer lists the address does not lose it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{fold, DirectoryEntry};
use crate::store::Store;
use crate::{EngineError, Result};

/// Addresses asked about at once by `favorite_addresses`: a page of results is far below.
const BATCH: usize = 500;

/// A starred mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DirectoryFavorite {
    pub entry: DirectoryEntry,
    /// False when the loaded national file no longer has the address: `entry` is then the
    /// copy kept when it was last seen.
    pub listed: bool,
    /// Seconds since the Unix epoch.
    #[ts(type = "number")]
    pub added_at: i64,
}

/// Addresses are kept as the directory writes them: trimmed, in lower case.
fn normalise(address: &str) -> String {
    address.trim().to_lowercase()
}

/// Stars `address`, which must be in the loaded directory (or already a favourite).
pub fn add(store: &mut Store, address: &str) -> Result<DirectoryFavorite> {
    let address = normalise(address);
    let (entry, listed) = match store.directory_entry(&address)? {
        Some(entry) => (entry, true),
        None => match store.directory_favorite(&address)? {
            Some(kept) => (kept.entry, false),
            None => return Err(EngineError::NotFound(format!("directory entry {address}"))),
        },
    };
    store.add_directory_favorite(&entry)?;
    let added_at = store.directory_favorite(&address)?.map(|f| f.added_at).unwrap_or_default();
    Ok(DirectoryFavorite { entry, listed, added_at })
}

/// Whether `address` was a favourite.
pub fn remove(store: &mut Store, address: &str) -> Result<bool> {
    store.remove_directory_favorite(&normalise(address))
}

/// Every favourite, in name order, each as the loaded directory has it when it still does.
pub fn list(store: &mut Store) -> Result<Vec<DirectoryFavorite>> {
    let mut favorites = Vec::new();
    for kept in store.directory_favorites()? {
        let current = store.directory_entry(&kept.entry.address)?;
        let listed = current.is_some();
        let entry = match current {
            Some(entry) => {
                if entry != kept.entry {
                    store.refresh_directory_favorite(&entry)?;
                }
                entry
            }
            None => kept.entry,
        };
        favorites.push(DirectoryFavorite { entry, listed, added_at: kept.added_at });
    }
    favorites.sort_by_cached_key(|f| (sort_key(&f.entry), f.entry.address.clone()));
    Ok(favorites)
}

/// The entry of `address`: the loaded directory's, else a favourite's kept copy.
pub fn entry(store: &Store, address: &str) -> Result<Option<DirectoryEntry>> {
    let address = normalise(address);
    if let Some(entry) = store.directory_entry(&address)? {
        return Ok(Some(entry));
    }
    Ok(store.directory_favorite(&address)?.map(|f| f.entry))
}

/// Which of `addresses` are favourites (as given, in their order).
pub fn which(store: &Store, addresses: &[String]) -> Result<Vec<String>> {
    let mut starred = std::collections::HashSet::new();
    let wanted: Vec<String> = addresses.iter().map(|a| normalise(a)).collect();
    for chunk in wanted.chunks(BATCH) {
        starred.extend(store.favorite_addresses(chunk)?);
    }
    Ok(addresses.iter().filter(|a| starred.contains(&normalise(a))).cloned().collect())
}

/// Surname then first name, folded (the directory's name order); structures by their name.
fn sort_key(entry: &DirectoryEntry) -> String {
    let name = if entry.surname.is_empty() && entry.first_name.is_empty() {
        if entry.company_name.is_empty() { entry.trade_name.clone() } else { entry.company_name.clone() }
    } else {
        format!("{} {}", entry.surname, entry.first_name)
    };
    fold(&name)
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::directory::national::import;
    use crate::directory::national::parse::tests::{header, row};
    use crate::store::testing::open_temp;
    use crate::store::SharedStore;

    fn import_rows(store: &SharedStore, dir: &std::path::Path, rows: &[String]) {
        let path = dir.join("Extraction_Correspondance_MSSante_202512060300.txt");
        let mut text = vec![header()];
        text.extend(rows.iter().cloned());
        std::fs::write(&path, text.join("\n") + "\n").unwrap();
        import(store, &path, &mut |_| {}).unwrap();
    }

    fn martin() -> String {
        row("PER", "jean.martin@medecin.mssante.fr", "MARTIN", "Jean", "Médecin", "Cardiologie", "", "75013", "PARIS")
    }

    fn lefevre() -> String {
        row("PER", "e.lefevre@infirmier.mssante.fr", "LEFÈVRE", "Élodie", "Infirmier", "", "", "35000", "RENNES")
    }

    #[test]
    fn a_favourite_is_starred_listed_in_name_order_and_removed() {
        let (dir, store) = open_temp();
        let store = crate::store::shared(store);
        import_rows(&store, dir.path(), &[martin(), lefevre()]);
        let mut s = store.lock();
        let added = add(&mut s, " Jean.Martin@medecin.mssante.fr ").unwrap();
        assert!(added.listed);
        assert_eq!(added.entry.surname, "MARTIN");
        add(&mut s, "e.lefevre@infirmier.mssante.fr").unwrap();
        // Starring twice keeps one.
        add(&mut s, "jean.martin@medecin.mssante.fr").unwrap();
        let names: Vec<_> = list(&mut s).unwrap().into_iter().map(|f| f.entry.surname).collect();
        assert_eq!(names, ["LEFÈVRE", "MARTIN"]);

        let asked = vec!["jean.martin@medecin.mssante.fr".to_owned(), "inconnu@x.fr".to_owned()];
        assert_eq!(which(&s, &asked).unwrap(), ["jean.martin@medecin.mssante.fr"]);
        assert!(which(&s, &[]).unwrap().is_empty());

        assert!(remove(&mut s, "JEAN.MARTIN@medecin.mssante.fr").unwrap());
        assert!(!remove(&mut s, "jean.martin@medecin.mssante.fr").unwrap());
        assert_eq!(list(&mut s).unwrap().len(), 1);
    }

    #[test]
    fn an_address_not_in_the_directory_cannot_be_starred() {
        let (_dir, mut store) = open_temp();
        let err = add(&mut store, "personne@nulle.part").unwrap_err();
        assert!(matches!(err, EngineError::NotFound(_)), "{err:?}");
        assert!(list(&mut store).unwrap().is_empty());
    }

    #[test]
    fn a_favourite_survives_a_reimport_that_no_longer_lists_it() {
        let (dir, store) = open_temp();
        let store = crate::store::shared(store);
        import_rows(&store, dir.path(), &[martin(), lefevre()]);
        add(&mut store.lock(), "jean.martin@medecin.mssante.fr").unwrap();
        // The next extraction: Martin left the file, and Lefèvre moved to Brest.
        let moved = row("PER", "e.lefevre@infirmier.mssante.fr", "LEFÈVRE", "Élodie", "Infirmier", "", "", "29200", "BREST");
        add(&mut store.lock(), "e.lefevre@infirmier.mssante.fr").unwrap();
        import_rows(&store, dir.path(), &[moved]);

        let mut s = store.lock();
        let favorites = list(&mut s).unwrap();
        assert_eq!(favorites.len(), 2);
        let lefevre = &favorites[0];
        assert!(lefevre.listed);
        assert_eq!(lefevre.entry.city, "BREST", "the loaded directory's entry, not the old copy");
        let martin = &favorites[1];
        assert!(!martin.listed);
        assert_eq!((martin.entry.first_name.as_str(), martin.entry.profession_label.as_str()), ("Jean", "Médecin"));
        assert_eq!(martin.entry.city, "PARIS");
        // Its fiche still opens, from the kept copy.
        assert_eq!(entry(&s, "jean.martin@medecin.mssante.fr").unwrap().unwrap().skill_label, "Cardiologie");
        assert!(entry(&s, "personne@nulle.part").unwrap().is_none());
        // And it can still be starred again or removed.
        assert!(!add(&mut s, "jean.martin@medecin.mssante.fr").unwrap().listed);
        assert!(remove(&mut s, "jean.martin@medecin.mssante.fr").unwrap());
    }
}

//! What the compose window needs beyond sending: a new message's starting point, the
//! sending rules checked while typing, and past correspondents for autocomplete.

use super::compose::{self, ComposeMode, Composition, ExplainedProblem, Sender};
use super::drafts::{Draft, DraftInfo};
use super::{Engine, Result};

/// What the user said of the signature when a draft is written outside the compose window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureChoice {
    /// The draft's own; for a new draft, the account's default.
    AsBefore,
    Without,
    With(i64),
}

impl Engine {
    /// Saves `composition` as draft `id` (a new one without) with the signature chosen. A
    /// body just replaced (`new_body`) has none in it yet: the signature goes under it again.
    pub fn save_draft_signed(
        &self,
        account: Option<&str>,
        id: Option<i64>,
        composition: Composition,
        new_body: bool,
        choice: SignatureChoice,
    ) -> Result<DraftInfo> {
        let current = match id {
            Some(id) => self.open_draft(id)?.signature_id,
            None => None,
        };
        let wanted = match (choice, id) {
            (SignatureChoice::Without, _) => None,
            (SignatureChoice::With(signature), _) => Some(signature),
            (SignatureChoice::AsBefore, Some(_)) => current,
            (SignatureChoice::AsBefore, None) => self.signature_for_new_message(account)?.map(|s| s.id),
        };
        let previous = if new_body { None } else { current };
        let composition = if new_body || previous != wanted {
            self.apply_signature(composition, previous, wanted)?
        } else {
            composition
        };
        self.save_draft(account, id, composition, wanted)
    }

    /// An empty message from the account, with its default signature in the body.
    pub fn new_composition(&self, account: Option<&str>, mode: ComposeMode) -> Result<Draft> {
        let account = self.account(account)?;
        let composition = Composition {
            mode,
            from: Sender { address: account.email.clone(), name: account.display_name.clone() },
            // Patients always get a receipt request; professionals may ask for one.
            request_read_receipt: mode == ComposeMode::Patient,
            ..Composition::default()
        };
        let signature = self.signature_for_new_message(Some(&account.email))?.map(|s| s.id);
        let composition = self.apply_signature(composition, None, signature)?;
        Ok(Draft {
            info: DraftInfo {
                id: None,
                message: None,
                account: account.email.clone(),
                mode,
                subject: String::new(),
                recipients: Vec::new(),
                attachment_count: 0,
                signature_id: signature,
                updated_at: None,
                server_pending: false,
            },
            composition,
            signature_id: signature,
        })
    }

    /// The sending rules applied to the message as it stands (empty: it may be sent).
    /// The sender is the account's, whatever the window holds.
    pub fn check_composition(&self, account: Option<&str>, mut composition: Composition) -> Result<Vec<ExplainedProblem>> {
        let account = self.account(account)?;
        composition.from.address = account.email.clone();
        Ok(match compose::validate(&composition, account.kind, None) {
            Ok(()) => Vec::new(),
            Err(problems) => compose::explain(&problems),
        })
    }

    /// People this profile has written to or heard from whose name or address contains
    /// `text`, most frequent first.
    pub fn correspondents(&self, text: &str, limit: u32) -> Result<Vec<Sender>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        self.store()?.correspondents(text, limit.clamp(1, 50))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::ComposeProblem;
    use crate::signatures::SignatureContent;
    use crate::extract::testing::fetched;
    use crate::store::testing::{account_with_folder, open_temp};
    use crate::types::FolderRole;
    use crate::Profile;

    const ME: &str = "jean.dupont@test.mssante.fr";

    fn engine() -> (tempfile::TempDir, Engine) {
        let (dir, mut store) = open_temp();
        let (account, inbox) = account_with_folder(&mut store, ME, Some("Dr Jean Dupont"), "INBOX", FolderRole::Inbox);
        let senders = [
            "Dr Claire Martin <claire.martin@chu.test>",
            "Dr Claire Martin <claire.martin@chu.test>",
            "Laboratoire Bio+ <resultats@labo.test>",
            "Claire Durand <c.durand@pharma.test>",
        ];
        let fetched: Vec<_> = senders
            .iter()
            .enumerate()
            .map(|(i, from)| {
                let raw = format!("From: {from}\r\nTo: {ME}\r\nSubject: n{i}\r\nMessage-ID: <m{i}@t>\r\n\r\nx\r\n").into_bytes();
                fetched(raw, 1, i as u32 + 1)
            })
            .collect();
        store.record_fetched(account.id, inbox, &fetched).unwrap();
        let profile = Profile::open(Some(dir.path())).unwrap();
        (dir, Engine::with_store(profile, store))
    }

    #[test]
    fn a_new_message_starts_from_the_account_with_its_default_signature() {
        let (_dir, engine) = engine();
        let plain = engine.new_composition(None, ComposeMode::Pro).unwrap();
        assert_eq!(plain.composition.from.address, ME);
        assert_eq!(plain.signature_id, None);
        assert!(!plain.composition.request_read_receipt);

        let signature = engine
            .create_signature(None, "Cabinet", &SignatureContent::Text("Dr Jean Dupont\nMédecin généraliste".into()), true)
            .unwrap();
        let signed = engine.new_composition(Some(ME), ComposeMode::Patient).unwrap();
        assert_eq!(signed.signature_id, Some(signature.id));
        assert!(signed.composition.body_text.contains("Médecin généraliste"));
        assert!(signed.composition.request_read_receipt, "patients always get a receipt request");
        assert_eq!(signed.info.id, None, "nothing is saved before the user types");
    }

    #[test]
    fn the_rules_are_checked_while_typing_with_sentences_in_both_languages() {
        let (_dir, engine) = engine();
        let mut composition = engine.new_composition(None, ComposeMode::Pro).unwrap().composition;
        let problems = engine.check_composition(None, composition.clone()).unwrap();
        let kinds: Vec<_> = problems.iter().map(|p| p.problem.clone()).collect();
        assert!(kinds.contains(&ComposeProblem::MissingTo));
        assert!(kinds.contains(&ComposeProblem::MissingSubject));
        assert!(problems.iter().all(|p| p.text.key.starts_with("problem-")));

        composition.to = vec!["claire.martin@chu.test".into()];
        composition.subject = "Avis".into();
        // Whatever sender the window holds, the account's is checked.
        composition.from.address = "not an address".into();
        assert!(engine.check_composition(None, composition).unwrap().is_empty());
    }

    #[test]
    fn correspondents_match_names_and_addresses_most_frequent_first() {
        let (_dir, engine) = engine();
        let claire = engine.correspondents("claire", 10).unwrap();
        let addresses: Vec<_> = claire.iter().map(|s| s.address.as_str()).collect();
        assert_eq!(addresses, ["claire.martin@chu.test", "c.durand@pharma.test"]);
        assert_eq!(claire[0].name.as_deref(), Some("Dr Claire Martin"));
        assert_eq!(engine.correspondents("LABO", 10).unwrap().len(), 1);
        assert!(engine.correspondents("  ", 10).unwrap().is_empty());
        assert!(engine.correspondents("100%", 10).unwrap().is_empty(), "a typed % is not a wildcard");
        assert_eq!(engine.correspondents("claire", 1).unwrap().len(), 1);
    }
}

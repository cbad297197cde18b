//! Structured messages: the `IHE_XDM.zip` archive and the CDA documents in it, as the reader
//! lists them. The input is read as an archive, as a message carrying one, and as a CDA
//! document.

use crate::compose::{read_bounded, xdm_documents};
use crate::mime::cda;
use crate::reading::document_summary;

/// The unpacking budget here: the engine's (200 MiB) would only make the fuzzer slow; the
/// bound is the same code either way.
const BUDGET: u64 = 1024 * 1024;

pub fn xdm(data: &[u8]) {
    if let Ok(documents) = read_bounded(data, BUDGET) {
        let unpacked: u64 = documents.iter().map(|d| d.content.len() as u64).sum();
        assert!(unpacked <= BUDGET, "unpacked {unpacked} bytes past the budget");
        for document in &documents {
            assert!(!document.name.is_empty() && !document.name.contains('/'), "a document named {:?}", document.name);
            assert!(!matches!(document.name.as_str(), "." | ".."), "a document named {:?}", document.name);
            assert!(!document.name.eq_ignore_ascii_case("METADATA.XML"), "the metadata listed as a document");
            let summary = document_summary(document);
            assert_eq!(summary.size, document.content.len() as u64);
        }
    }
    let _ = xdm_documents(data);
    let _ = cda::read(data);
}

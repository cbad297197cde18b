//! What the reader shows of a CDA document (HL7 Clinical Document Architecture, the XML of
//! structured MSSanté messages): its title and its patient.

/// Real CDA documents are well under this; a larger "document" is not read for its title.
const MAX_CDA: usize = 20 * 1024 * 1024;
/// Bounds on what a hostile document can put on screen.
const TEXT_CAP: usize = 300;
const HL7: &str = "urn:hl7-org:v3";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CdaFacts {
    pub title: Option<String>,
    /// Given names then family names, as the document writes them.
    pub patient: Option<String>,
}

/// `None` when `xml` is not a CDA document (not XML, or another root element).
pub fn read(xml: &[u8]) -> Option<CdaFacts> {
    if xml.len() > MAX_CDA {
        return None;
    }
    let text = std::str::from_utf8(xml).ok()?;
    // DTDs are refused by default: no entity expansion from a document that came by mail.
    let document = roxmltree::Document::parse(text).ok()?;
    let root = document.root_element();
    if !is(root, "ClinicalDocument") {
        return None;
    }
    let title = child(root, "title").map(text_of).filter(|t| !t.is_empty());
    let patient = child(root, "recordTarget")
        .and_then(|n| child(n, "patientRole"))
        .and_then(|n| child(n, "patient"))
        .and_then(|n| child(n, "name"))
        .map(|name| {
            let parts = |tag: &str| name.children().filter(|n| is(*n, tag)).map(text_of).collect::<Vec<_>>();
            [parts("given"), parts("family")].concat().join(" ")
        })
        .filter(|p| !p.is_empty());
    Some(CdaFacts { title, patient })
}

fn is(node: roxmltree::Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace().is_none_or(|ns| ns == HL7)
}

fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, name: &str) -> Option<roxmltree::Node<'a, 'input>> {
    node.children().find(|n| is(*n, name))
}

/// The element's text, white space folded, bounded.
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    let words: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    words.chars().take(TEXT_CAP).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CDA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <title>Compte rendu de biologie</title>
  <recordTarget><patientRole><patient>
    <name><given>Jérôme</given><given>Paul</given><family>DUPONT</family></name>
  </patient></patientRole></recordTarget>
</ClinicalDocument>"#;

    #[test]
    fn reads_the_title_and_the_patient() {
        let facts = read(CDA.as_bytes()).unwrap();
        assert_eq!(facts.title.as_deref(), Some("Compte rendu de biologie"));
        assert_eq!(facts.patient.as_deref(), Some("Jérôme Paul DUPONT"));
    }

    #[test]
    fn other_xml_and_hostile_input_are_not_cda() {
        assert_eq!(read(b"<Submission xmlns=\"urn:ihe:iti:xdm\"/>"), None);
        assert_eq!(read(b"not xml at all"), None);
        assert_eq!(read(&[0xff, 0xfe, 0x00]), None);
        let entities = r#"<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><ClinicalDocument><title>&b;</title></ClinicalDocument>"#;
        assert_eq!(read(entities.as_bytes()), None, "no DTD, no entity expansion");
        let bare = read(b"<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>").unwrap();
        assert_eq!(bare, CdaFacts::default());
    }
}

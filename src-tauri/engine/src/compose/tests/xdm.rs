use std::io::{Cursor, Write};
use std::time::UNIX_EPOCH;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::pro;
use crate::compose::xdm::read_bounded;
use crate::compose::*;

pub(crate) const CDA: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>Compte rendu d'imagerie</title>\
<recordTarget><patientRole><patient><name><given>Jean</given><family>DUPONT</family></name></patient></patientRole></recordTarget></ClinicalDocument>\n";
pub(crate) const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n%%EOF\n";

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in entries {
        if name.ends_with('/') {
            writer.add_directory(*name, options).unwrap();
        } else {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
    }
    writer.finish().unwrap().into_inner()
}

pub(crate) fn xdm_zip() -> Vec<u8> {
    zip(&[
        ("INDEX.HTM", b"<html>index</html>"),
        ("README.TXT", b"Lisez-moi"),
        ("IHE_XDM/", b""),
        ("IHE_XDM/SUBSET01/", b""),
        ("IHE_XDM/SUBSET01/METADATA.XML", b"<SubmitObjectsRequest/>"),
        ("IHE_XDM/SUBSET01/DOC0001.XML", CDA),
        ("IHE_XDM/SUBSET01/DOC0002.PDF", PDF),
    ])
}

pub(crate) fn structured_message(archive: Vec<u8>) -> Vec<u8> {
    let mut c = pro();
    c.subject = "XDM/1.0/DDM+CR d'imagerie DUPONT Jean 20250312".into();
    c.attachments = vec![Attachment {
        file_name: "IHE_XDM.zip".into(),
        mime_type: "application/zip".into(),
        content: archive,
        inline_content_id: None,
    }];
    build(&c, UNIX_EPOCH, "").unwrap().raw
}

#[test]
fn the_documents_of_a_structured_message_are_listed() {
    let raw = structured_message(xdm_zip());
    assert_eq!(
        display_subject(&crate::mime::parse(&raw).subject),
        "CR d'imagerie DUPONT Jean 20250312"
    );
    let documents = xdm_documents(&raw).unwrap();
    let listed: Vec<(&str, &str, &str)> = documents
        .iter()
        .map(|d| (d.path.as_str(), d.name.as_str(), d.mime_type.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("IHE_XDM/SUBSET01/DOC0001.XML", "DOC0001.XML", "text/xml"),
            (
                "IHE_XDM/SUBSET01/DOC0002.PDF",
                "DOC0002.PDF",
                "application/pdf"
            ),
        ]
    );
    assert_eq!(documents[0].content, CDA);
    assert_eq!(documents[1].content, PDF);

    let json = serde_json::to_value(&documents[1]).unwrap();
    assert_eq!(json["name"], "DOC0002.PDF");
    assert!(json["content"].as_str().unwrap().starts_with("JVBERi0xLjc"));
}

#[test]
fn several_subsets_and_lax_spellings_are_read() {
    let archive = zip(&[
        ("ihe_xdm/subset01/doc0001.xml", CDA),
        ("IHE_XDM\\SUBSET02\\DOC0001.PDF", PDF),
        ("IHE_XDM/SUBSET02/metadata.xml", b"<x/>"),
        ("IHE_XDM/DOC_OUTSIDE.PDF", PDF),
        ("OTHER/SUBSET01/DOC.PDF", PDF),
        ("IHE_XDM/SUBSET03/../../evil.pdf", PDF),
    ]);
    let documents = read_archive(&archive).unwrap();
    let names: Vec<(&str, &str)> = documents
        .iter()
        .map(|d| (d.path.as_str(), d.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("ihe_xdm/subset01/doc0001.xml", "doc0001.xml"),
            ("IHE_XDM/SUBSET02/DOC0001.PDF", "DOC0001.PDF"),
            ("IHE_XDM/SUBSET03/../../evil.pdf", "evil.pdf"),
        ]
    );
    assert!(documents
        .iter()
        .all(|d| !d.name.contains('/') && !d.name.contains('\\')));
}

#[test]
fn a_message_without_archive_has_no_documents() {
    assert_eq!(
        xdm_documents(&super::mail("From: a@b.fr\nSubject: x\n\nTexte\n")),
        Ok(Vec::new())
    );
    assert_eq!(xdm_documents(b""), Ok(Vec::new()));
    assert_eq!(xdm_documents(b"\x00\xff garbage"), Ok(Vec::new()));
}

#[test]
fn a_malformed_archive_is_an_error_not_a_crash() {
    let good = xdm_zip();
    let mut flipped = good.clone();
    // Damage the compressed data of the documents (past the first local headers).
    for byte in flipped.iter_mut().skip(120).take(200) {
        *byte ^= 0x5A;
    }
    let cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"PK\x03\x04 not really a zip".to_vec(),
        b"%PDF-1.7 wrongly named".to_vec(),
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 10].to_vec(),
        flipped,
    ];
    for (i, archive) in cases.into_iter().enumerate() {
        let result = xdm_documents(&structured_message(archive.clone()));
        if i < 5 {
            assert!(
                matches!(result, Err(XdmError::Malformed(_))),
                "case {i}: {result:?}"
            );
        } else {
            // Damaged content may or may not be caught by the CRC; it must simply not panic.
            let _ = result;
        }
        let err: Result<_, crate::EngineError> = read_archive(&archive).map_err(Into::into);
        if let Err(err) = err {
            assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
        }
    }
}

#[test]
fn an_archive_that_unpacks_too_far_is_refused() {
    let big = vec![0u8; 300_000];
    let archive = zip(&[
        ("IHE_XDM/SUBSET01/DOC0001.XML", &big),
        ("IHE_XDM/SUBSET01/DOC0002.PDF", &big),
    ]);
    assert!(archive.len() < 10_000, "zeros compress well");
    assert_eq!(read_bounded(&archive, 1_000_000).unwrap().len(), 2);
    assert_eq!(
        read_bounded(&archive, 500_000),
        Err(XdmError::TooLarge { limit: 500_000 })
    );
}

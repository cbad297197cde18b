mod build;
mod reply;
mod validate;
pub(crate) mod xdm;

use super::{Composition, Sender};

/// A professional message that passes every check.
fn pro() -> Composition {
    Composition {
        from: Sender {
            address: "claire.martin@medecin.mssante.fr".into(),
            name: Some("Dr Claire Martin".into()),
        },
        to: vec!["secretariat@ch-exemple.mssante.fr".into()],
        subject: "Compte rendu".into(),
        body_text: "Cher confrère,\n\nVoici le compte rendu.\n".into(),
        ..Composition::default()
    }
}

/// A patient message that passes every check.
fn patient() -> Composition {
    Composition {
        mode: super::ComposeMode::Patient,
        to: Vec::new(),
        patient_ins: Some("2 79 03 51 215 189 89".into()),
        subject: "Vos résultats".into(),
        ..pro()
    }
}

/// CRLF lines, as on the wire.
fn mail(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n").into_bytes()
}

/// The header block of a raw message, unfolded, as (name, value) pairs.
fn headers(raw: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(raw);
    let block = text.split("\r\n\r\n").next().unwrap_or("");
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in block.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = fields.last_mut() {
                last.1.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.to_owned(), value.trim().to_owned()));
        }
    }
    fields
}

fn header(raw: &[u8], name: &str) -> Option<String> {
    headers(raw)
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

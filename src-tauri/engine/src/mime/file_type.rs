//! The one table of file types, mime_guess's, for every place that types a file by its
//! name or names a file by its type: attachments written, XDM documents, files saved.

const OCTET_STREAM: &str = "application/octet-stream";

/// The type of a file from its name; `application/octet-stream` when unknown.
pub fn of_name(name: &str) -> &'static str {
    mime_guess::from_path(name).first_raw().unwrap_or(OCTET_STREAM)
}

/// The usual extension (without the dot) for a type, for a file that came without a name.
pub fn extension_for(mime_type: &str) -> Option<&'static str> {
    // mime_guess lists every extension of a type alphabetically (text/plain starts with
    // "asm"): the subtype itself when it is one of them, else the one people expect.
    const USUAL: [&str; 3] = ["txt", "eml", "jpg"];
    let essence = mime_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let candidates = mime_guess::get_mime_extensions_str(&essence)?;
    let subtype = essence.split_once('/').map(|(_, sub)| sub).unwrap_or_default();
    candidates
        .iter()
        .find(|ext| **ext == subtype)
        .or_else(|| candidates.iter().find(|ext| USUAL.contains(ext)))
        .or_else(|| candidates.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_files_by_name() {
        assert_eq!(of_name("Compte rendu.PDF"), "application/pdf");
        assert_eq!(of_name("radio.jpeg"), "image/jpeg");
        assert_eq!(of_name("CDA.xml"), "text/xml");
        assert_eq!(of_name("lettre.docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assert_eq!(of_name("sans-extension"), OCTET_STREAM);
    }

    #[test]
    fn names_files_by_type() {
        for (mime_type, extension) in [
            ("application/pdf", "pdf"),
            ("image/png", "png"),
            ("image/jpeg", "jpeg"),
            ("text/plain; charset=utf-8", "txt"),
            ("text/html", "html"),
            ("message/rfc822", "eml"),
            ("application/zip", "zip"),
            ("text/xml", "xml"),
        ] {
            assert_eq!(extension_for(mime_type), Some(extension), "{mime_type}");
        }
        assert_eq!(extension_for("application/x-inconnu"), None);
    }
}

//! MSSanté structured messages (DMP feeding) carry `XDM/1.0/DDM+<label> <NOM> <prénom>
//! <date>` as subject; clients show it without the technical prefix.

const XDM_PREFIX: &str = "XDM/1.0/DDM+";

/// The subject without its `XDM/1.0/DDM+` prefix, or `None` when it is not a structured one.
pub fn structured_subject(subject: &str) -> Option<&str> {
    let subject = subject.trim_start();
    let prefix = subject.get(..XDM_PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(XDM_PREFIX) {
        return None;
    }
    subject.get(XDM_PREFIX.len()..)
}

//! The app's one section of the user's active Sieve script, between two marker comments.
//! Everything outside it was written by someone else (another client, the user, the
//! operator) and is kept byte for byte.
//!
//! Where a new section goes: just after the script's leading `require` commands, since
//! Sieve wants every `require` before any other command (RFC 5228 §3.2): the section
//! brings its own `require`, legal there, and its rules then run before the others, so a
//! `stop` further down cannot keep the auto-reply or a forwarding from happening.

use crate::{EngineError, Result};

pub const BEGIN: &str = "# --- BEGIN MEDIMAIL: rules managed by Medimail Desktop, replaced on each change ---";
pub const END: &str = "# --- END MEDIMAIL ---";

/// A script cut around the app's section.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    pub before: &'a [u8],
    /// From the start of the BEGIN line to the end of the END line (its line end included).
    pub section: Option<&'a [u8]>,
    pub after: &'a [u8],
}

pub fn split(script: &[u8]) -> Result<Parts<'_>> {
    let Some(begin) = find_line(script, BEGIN.as_bytes(), 0) else {
        return Ok(Parts { before: script, section: None, after: &[] });
    };
    let end = find_line(script, END.as_bytes(), begin)
        .ok_or_else(|| EngineError::InvalidInput("the Medimail section of the Sieve script has lost its end marker".into()))?;
    let mut stop = end + END.len();
    if script.get(stop) == Some(&b'\r') {
        stop += 1;
    }
    if script.get(stop) == Some(&b'\n') {
        stop += 1;
    }
    Ok(Parts { before: &script[..begin], section: Some(&script[begin..stop]), after: &script[stop..] })
}

/// The position of `marker` at the start of a line, from `from`.
fn find_line(script: &[u8], marker: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at + marker.len() <= script.len() {
        let found = script[at..].windows(marker.len()).position(|w| w == marker)? + at;
        if found == 0 || script[found - 1] == b'\n' {
            return Some(found);
        }
        at = found + 1;
    }
    None
}

/// The script with `section` (its body, without markers) in place of the app's section;
/// `None` removes the app's section and leaves the rest as it was.
pub fn replace(script: &[u8], section: Option<&str>) -> Result<Vec<u8>> {
    let parts = split(script)?;
    // A second section (a script edited by hand, or copied) would keep running rules the
    // user changed or turned off: every section after the first goes too (found by fuzzing).
    let after = without_sections(parts.after)?;
    let parts = Parts { after: &after, ..parts };
    let wrapped = section.map(|body| {
        let body = body.trim_end_matches('\n');
        format!("{BEGIN}\n{body}\n{END}\n")
    });
    let mut out = Vec::with_capacity(script.len() + wrapped.as_ref().map_or(0, String::len));
    match (parts.section, wrapped) {
        (Some(_), Some(new)) => {
            out.extend_from_slice(parts.before);
            out.extend_from_slice(new.as_bytes());
            out.extend_from_slice(parts.after);
        }
        (Some(_), None) => {
            out.extend_from_slice(parts.before);
            out.extend_from_slice(parts.after);
        }
        (None, Some(new)) => {
            let at = after_requires(script);
            out.extend_from_slice(&script[..at]);
            // A `require …;` with no line end after it: the marker must start a line.
            if at > 0 && script[at - 1] != b'\n' {
                out.push(b'\n');
            }
            out.extend_from_slice(new.as_bytes());
            out.extend_from_slice(&script[at..]);
        }
        (None, None) => out.extend_from_slice(script),
    }
    Ok(out)
}

/// `script` with every one of the app's sections taken out.
fn without_sections(script: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(script.len());
    let mut rest = script;
    loop {
        let parts = split(rest)?;
        out.extend_from_slice(parts.before);
        if parts.section.is_none() {
            return Ok(out);
        }
        rest = parts.after;
    }
}

/// The body of the app's section (between its markers), when there is one.
pub fn body(script: &[u8]) -> Result<Option<String>> {
    let parts = split(script)?;
    Ok(parts.section.map(|s| {
        let text = String::from_utf8_lossy(s);
        let inner = text.split_once('\n').map_or("", |(_, rest)| rest);
        inner.rsplit_once(END).map_or(inner, |(inside, _)| inside).to_owned()
    }))
}

/// The end of the script's leading `require` commands (with the rest of the last one's
/// line), skipping comments and white space; 0 when it starts with something else.
fn after_requires(script: &[u8]) -> usize {
    let mut at = 0;
    let mut insert = 0;
    loop {
        while script.get(at).is_some_and(|c| c.is_ascii_whitespace()) {
            at += 1;
        }
        let rest = &script[at..];
        if rest.starts_with(b"#") {
            at += rest.iter().position(|&c| c == b'\n').map_or(rest.len(), |p| p + 1);
        } else if rest.starts_with(b"/*") {
            match rest.windows(2).position(|w| w == b"*/") {
                Some(p) => at += p + 2,
                None => return insert,
            }
        } else if rest.len() > 7
            && rest[..7].eq_ignore_ascii_case(b"require")
            && matches!(rest[7], b' ' | b'\t' | b'\r' | b'\n' | b'[' | b'"')
        {
            let Some(end) = end_of_command(rest) else { return insert };
            at += end;
            // The rest of the line, when only blanks and a comment are left on it.
            let tail = &script[at..];
            let blanks = tail.iter().take_while(|&&c| c == b' ' || c == b'\t' || c == b'\r').count();
            match tail.get(blanks) {
                Some(b'\n') => at += blanks + 1,
                Some(b'#') => at += tail.iter().position(|&c| c == b'\n').map_or(tail.len(), |p| p + 1),
                _ => {}
            }
            insert = at;
        } else {
            return insert;
        }
    }
}

/// The length of a command up to and including its `;`, quoted strings skipped.
fn end_of_command(text: &[u8]) -> Option<usize> {
    let mut i = 0;
    let mut quoted = false;
    while i < text.len() {
        match (quoted, text[i]) {
            (true, b'\\') => i += 1,
            (_, b'"') => quoted = !quoted,
            (false, b';') => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOREIGN: &str = "require [\"fileinto\"];\r\nrequire \"envelope\"; # theirs\n\n# Sorted by the lab\nif header :contains \"subject\" \"labo\" {\n  fileinto \"Labo\";\n  stop;\n}\n";

    #[test]
    fn a_section_goes_after_the_requires_and_leaves_byte_for_byte() {
        eprintln!("AT {} of {}", after_requires(FOREIGN.as_bytes()), FOREIGN.len());
        let with = replace(FOREIGN.as_bytes(), Some("require \"vacation\";\nvacation \"x\";\n")).unwrap();
        let text = String::from_utf8(with.clone()).unwrap();
        let marker = text.find(BEGIN).unwrap();
        assert_eq!(&text[..marker], "require [\"fileinto\"];\r\nrequire \"envelope\"; # theirs\n");
        assert!(text[marker..].contains("vacation \"x\";\n# --- END MEDIMAIL ---\n\n# Sorted by the lab"));
        assert_eq!(body(&with).unwrap().as_deref(), Some("require \"vacation\";\nvacation \"x\";\n"));
        // Changed, then removed: the foreign rules come back exactly.
        let changed = replace(&with, Some("require \"copy\";\nredirect :copy \"a@b.test\";")).unwrap();
        assert!(String::from_utf8_lossy(&changed).contains("redirect :copy"));
        assert!(!String::from_utf8_lossy(&changed).contains("vacation"));
        assert_eq!(replace(&changed, None).unwrap(), FOREIGN.as_bytes());
    }

    /// Found by fuzzing: with two sections, turning the rules off left the second running.
    #[test]
    fn a_second_section_goes_with_the_first() {
        let twice = format!("keep;\n{BEGIN}\nvacation \"a\";\n{END}\nstop;\n{BEGIN}\nredirect \"x@y.test\";\n{END}\ndiscard;\n");
        assert_eq!(replace(twice.as_bytes(), None).unwrap(), b"keep;\nstop;\ndiscard;\n");
        let once = replace(twice.as_bytes(), Some("keep;")).unwrap();
        assert_eq!(once, format!("keep;\n{BEGIN}\nkeep;\n{END}\nstop;\ndiscard;\n").as_bytes());
    }

    #[test]
    fn an_empty_script_and_one_without_requires() {
        let with = replace(b"", Some("keep;")).unwrap();
        assert_eq!(with, format!("{BEGIN}\nkeep;\n{END}\n").as_bytes());
        assert_eq!(replace(&with, None).unwrap(), b"");
        let other = b"/* theirs; \"quoted\" */\nkeep;\n";
        let with = replace(other, Some("discard;")).unwrap();
        assert!(with.starts_with(BEGIN.as_bytes()));
        assert_eq!(replace(&with, None).unwrap(), other);
    }

    #[test]
    fn requires_with_semicolons_in_strings_and_no_line_end() {
        assert_eq!(after_requires(b"require \"a;b\";keep;"), 14);
        let with = replace(b"require \"a\";", Some("keep;")).unwrap();
        assert_eq!(with, format!("require \"a\";\n{BEGIN}\nkeep;\n{END}\n").as_bytes());
    }

    #[test]
    fn a_section_without_its_end_is_refused_not_guessed() {
        let broken = format!("{BEGIN}\nkeep;\n");
        assert!(replace(broken.as_bytes(), None).is_err());
        // A marker quoted inside a line is not a marker.
        let quoted = format!("# see \"{BEGIN}\"\nkeep;\n");
        assert_eq!(split(quoted.as_bytes()).unwrap().section, None);
    }
}

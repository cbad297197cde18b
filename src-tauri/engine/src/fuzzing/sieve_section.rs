//! The app's section of the user's Sieve script: cut, replaced and read back. What it
//! writes it reads back; writing the same section twice changes nothing; everything outside
//! the section is kept byte for byte.

use crate::sieve::section::{body, replace, split, BEGIN, END};

pub fn sieve_section(data: &[u8]) {
    // The input is a script, then (after the first NUL byte) a section body to write in it.
    let (script, section) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(String::from_utf8_lossy(&data[at + 1..]).into_owned())),
        None => (data, None),
    };
    let Ok(parts) = split(script) else {
        assert!(body(script).is_err() && replace(script, None).is_err(), "a broken section read in one place only");
        return;
    };
    assert_eq!([parts.before, parts.section.unwrap_or_default(), parts.after].concat(), script, "the cut loses bytes");
    assert_eq!(body(script).expect("split it").is_some(), parts.section.is_some());

    // Removing the section keeps the rest (byte for byte when it is the only one), and
    // leaves none: a second section goes too.
    let Some(count) = sections(script) else {
        // A later section without its end: refused whole, like the first one would be.
        assert!(replace(script, None).is_err(), "a broken later section went unnoticed");
        return;
    };
    let single = count <= 1;
    let removed = replace(script, None).expect("split it");
    assert!(removed.starts_with(parts.before), "removing the section changed what came before it");
    if single {
        assert_eq!(removed, [parts.before, parts.after].concat(), "removing the section changed the rest");
    }
    assert_eq!(body(&removed).ok(), Some(None), "a section left after removing it");

    let Some(section) = section else { return };
    let written = replace(script, Some(&section)).expect("split it");
    if parts.section.is_some() {
        assert!(written.starts_with(parts.before), "what came before the section was not kept");
        assert!(!single || written.ends_with(parts.after), "what came after the section was not kept");
    }
    // A body holding a marker line would cut itself short: nothing the app writes has one.
    if section.contains(BEGIN) || section.contains(END) {
        return;
    }
    let expected = format!("{}\n", section.trim_end_matches('\n'));
    assert_eq!(body(&written).ok(), Some(Some(expected)), "the section does not read back");
    assert_eq!(replace(&written, Some(&section)).ok(), Some(written.clone()), "writing it again changed the script");
    let removed_again = replace(&written, None).expect("it was written");
    assert_eq!(body(&removed_again).ok(), Some(None));
    if parts.section.is_none() {
        // Only a line end may have been added, where the section went.
        assert!(removed_again.len() <= script.len() + 1, "removing it left more than was there");
    }
}

/// How many sections the script holds; `None` when one has lost its end marker.
fn sections(script: &[u8]) -> Option<usize> {
    let (mut count, mut rest) = (0, script);
    loop {
        let parts = split(rest).ok()?;
        if parts.section.is_none() {
            return Some(count);
        }
        count += 1;
        rest = parts.after;
    }
}

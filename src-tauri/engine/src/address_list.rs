//! Address lists as the store keeps them: one text column ("Name <addr>, …"), which the
//! full-text index also reads. Written by [`join`] when a message is read, read back by
//! [`split`] when it is listed, so that the doors get the entries as an array and never split
//! a string again. A name holding a comma or a semicolon ("Durand, Paul") is quoted when
//! written; lists written before that are split the same way, quotes and angle brackets
//! honoured. Hand-written: it is the store's own small format, not RFC 5322 (the entries are
//! display strings, already decoded).

/// "Name <addr>, addr, \"Durand, Paul\" <p@x>".
pub fn join<'a>(entries: impl IntoIterator<Item = (Option<&'a str>, &'a str)>) -> String {
    entries
        .into_iter()
        .map(|(name, address)| match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) if name.contains([',', ';', '"', '<', '>']) => {
                format!("\"{}\" <{address}>", name.replace('\\', "\\\\").replace('"', "\\\""))
            }
            Some(name) => format!("{name} <{address}>"),
            None => address.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The entries of a stored list, as shown: "Durand, Paul <p@x>" (quotes of a name removed).
pub fn split(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut escaped, mut angle) = (false, false, 0u32);
    for ch in list.chars() {
        if quoted && escaped {
            current.push(ch);
            escaped = false;
            continue;
        }
        match ch {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => {
                angle += 1;
                current.push(ch);
            }
            '>' if !quoted && angle > 0 => {
                angle -= 1;
                current.push(ch);
            }
            ',' | ';' if !quoted && angle == 0 => {
                push_entry(&mut out, &current);
                current.clear();
            }
            _ => current.push(ch),
        }
    }
    push_entry(&mut out, &current);
    out
}

fn push_entry(out: &mut Vec<String>, entry: &str) {
    let entry = entry.trim();
    if !entry.is_empty() {
        out.push(entry.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_back_as_written_even_with_commas_in_names() {
        let list = join([
            (Some("Dr Anne Martin"), "anne@chu.test"),
            (None, "secretariat@cabinet.test"),
            (Some("Durand, Paul"), "paul.durand@medecin.test"),
            (Some("Le \"Docteur\""), "doc@x.test"),
            (Some("  "), "blank-name@x.test"),
        ]);
        assert_eq!(
            split(&list),
            [
                "Dr Anne Martin <anne@chu.test>",
                "secretariat@cabinet.test",
                "Durand, Paul <paul.durand@medecin.test>",
                "Le \"Docteur\" <doc@x.test>",
                "blank-name@x.test",
            ]
        );
    }

    #[test]
    fn lists_written_before_are_split_as_the_window_did() {
        assert_eq!(split("a@x.test, B <b@x.test>;c@x.test"), ["a@x.test", "B <b@x.test>", "c@x.test"]);
        assert_eq!(split("\"Roux, Jean\" <j@x.test>"), ["Roux, Jean <j@x.test>"]);
        assert_eq!(split("Odd <a,b@x.test>"), ["Odd <a,b@x.test>"]);
        assert!(split("").is_empty() && split(" , ;").is_empty());
    }

    #[test]
    fn hostile_lists_never_panic() {
        for list in ["\"", "<<<", ">>>", "\"\\", "\\\"a,b", "a\"b,c\"d", "é\"ö<,>;"] {
            let _ = split(list);
        }
    }
}

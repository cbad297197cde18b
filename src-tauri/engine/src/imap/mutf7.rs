//! Modified UTF-7, the encoding of IMAP mailbox names (RFC 3501 §5.1.3): "Résultats" travels
//! as "R&AOk-sultats". Written here over the `base64` crate because the one crate for it,
//! utf7-imap, is unmaintained and panics on malformed names such as `&A-` or `&&-`, which a
//! server may send; a name must never be able to crash the app.

use base64::alphabet::Alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

/// RFC 3501's base64: ',' stands for '/', and no padding.
const ALPHABET: Alphabet = match Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,") {
    Ok(alphabet) => alphabet,
    Err(_) => panic!("the modified base64 alphabet is valid"),
};
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &ALPHABET,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// A mailbox name that is not valid modified UTF-7.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mailbox name is not valid modified UTF-7 (byte {position})")]
pub struct InvalidName {
    /// Where in the name the fault starts: enough to find it, nothing of the name itself.
    pub position: usize,
}

pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut out, &mut pending);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut units = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut out, &mut pending);
    out
}

fn flush(out: &mut String, pending: &mut Vec<u16>) {
    if pending.is_empty() {
        return;
    }
    let bytes: Vec<u8> = pending.iter().flat_map(|unit| unit.to_be_bytes()).collect();
    out.push('&');
    out.push_str(&BASE64.encode(bytes));
    out.push('-');
    pending.clear();
}

/// Decodes a name as a server sent it. Characters outside printable ASCII are let through
/// as they are (servers that speak UTF-8 send them so); everything else must be exact.
pub fn decode(name: &str) -> Result<String, InvalidName> {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let position = name.len() - rest.len() + start;
        let after = &rest[start + 1..];
        let end = after.find('-').ok_or(InvalidName { position })?;
        let encoded = &after[..end];
        if encoded.is_empty() {
            out.push('&');
        } else {
            let bytes = BASE64.decode(encoded).map_err(|_| InvalidName { position })?;
            if bytes.len() % 2 != 0 {
                return Err(InvalidName { position });
            }
            let units = bytes.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
            for c in char::decode_utf16(units) {
                let c = c.map_err(|_| InvalidName { position })?;
                // Printable ASCII must stand for itself, never be hidden in base64.
                if (' '..='~').contains(&c) {
                    return Err(InvalidName { position });
                }
                out.push(c);
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_names_people_use() {
        for (decoded, encoded) in [
            ("INBOX", "INBOX"),
            ("Résultats", "R&AOk-sultats"),
            ("Éléments supprimés", "&AMk-l&AOk-ments supprim&AOk-s"),
            ("Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
            ("A & B", "A &- B"),
            ("Patients/Suivi diabète", "Patients/Suivi diab&AOg-te"),
            ("📎 pièces", "&2D3czg- pi&AOg-ces"),
        ] {
            assert_eq!(encode(decoded), encoded, "{decoded}");
            assert_eq!(decode(encoded).as_deref(), Ok(decoded), "{encoded}");
        }
    }

    #[test]
    fn malformed_names_are_errors_not_panics() {
        for hostile in [
            "&A-", "&&-", "&", "abc&", "&AOk", "&AOk=-", "&AE-", "&2D0-", "&AGE-", "&////-", "&AOkA-", "x&-&Zm9v-",
        ] {
            assert!(decode(hostile).is_err(), "{hostile} should be refused");
        }
    }

    #[test]
    fn utf8_from_servers_that_send_it_passes_through() {
        assert_eq!(decode("Résultats").as_deref(), Ok("Résultats"));
    }

    #[test]
    fn any_input_decodes_or_fails_without_panicking() {
        let alphabet = ['&', '-', 'A', 'O', 'k', ',', '+', '/', '=', 'é', ' ', '2', 'D', '0'];
        // Every string of up to five of these characters: malformed runs of every shape.
        let mut names = vec![String::new()];
        for _ in 0..5 {
            names = names
                .iter()
                .flat_map(|name| alphabet.iter().map(move |c| format!("{name}{c}")))
                .collect();
            for name in &names {
                if let Ok(decoded) = decode(name) {
                    assert_eq!(decode(&encode(&decoded)).as_deref(), Ok(decoded.as_str()));
                }
            }
        }
    }
}

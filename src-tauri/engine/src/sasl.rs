//! The SASL messages the engine's protocols share (IMAP, ManageSieve): PLAIN and the bearer
//! token mechanisms of Pro Santé Connect. Each protocol frames them its own way; what is
//! inside is written once, here.

use zeroize::Zeroizing;

/// The SASL mechanisms that carry a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerMechanism {
    XOauth2,
    OAuthBearer,
}

impl BearerMechanism {
    pub fn name(self) -> &'static str {
        match self {
            BearerMechanism::XOauth2 => "XOAUTH2",
            BearerMechanism::OAuthBearer => "OAUTHBEARER",
        }
    }

    /// XOAUTH2 is what MSSanté names (ECO.1.2.1); OAUTHBEARER only where it is all there
    /// is. `offered`: the server's mechanism names.
    pub fn choose<'a>(offered: impl IntoIterator<Item = &'a str>) -> Option<BearerMechanism> {
        let offered: Vec<&str> = offered.into_iter().collect();
        let offers = |name: &str| offered.iter().any(|m| m.eq_ignore_ascii_case(name));
        if offers("XOAUTH2") {
            Some(BearerMechanism::XOauth2)
        } else if offers("OAUTHBEARER") {
            Some(BearerMechanism::OAuthBearer)
        } else {
            None
        }
    }

    /// The client's first (and only) message. `host` and `port` are the server's, as
    /// RFC 7628 asks.
    pub fn first_message(self, user: &str, token: &str, host: &str, port: u16) -> Zeroizing<Vec<u8>> {
        let first = match self {
            BearerMechanism::XOauth2 => format!("user={user}\x01auth=Bearer {token}\x01\x01"),
            BearerMechanism::OAuthBearer => {
                format!("n,a={},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01", gs2_name(user))
            }
        };
        Zeroizing::new(first.into_bytes())
    }

    /// On a refusal the server sends an error challenge (JSON) that must be answered before
    /// its NO: an empty line for XOAUTH2, a lone ^A for OAUTHBEARER (RFC 7628 §3.2.3).
    pub fn answer_to_error(self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(match self {
            BearerMechanism::XOauth2 => Vec::new(),
            BearerMechanism::OAuthBearer => vec![0x01],
        })
    }
}

/// RFC 5801's saslname: "," and "=" are written =2C and =3D.
fn gs2_name(user: &str) -> String {
    user.replace('=', "=3D").replace(',', "=2C")
}

/// SASL PLAIN (RFC 4616). `authzid`: the mailbox the user acts for (an organisational
/// mailbox they are a member of), or empty: they act as themselves.
pub fn plain(authzid: &str, user: &str, password: &str) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(format!("{authzid}\0{user}\0{password}").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoauth2_carries_the_user_and_the_bearer_token() {
        let first = BearerMechanism::XOauth2.first_message("jean.dupont@medecin.mssante.fr", "eyJ.tok", "imap.mssante.test", 993);
        assert_eq!(first.as_slice(), b"user=jean.dupont@medecin.mssante.fr\x01auth=Bearer eyJ.tok\x01\x01");
        assert_eq!(BearerMechanism::XOauth2.answer_to_error().as_slice(), b"");
    }

    #[test]
    fn oauthbearer_follows_rfc_7628() {
        let first = BearerMechanism::OAuthBearer.first_message("a,b=c@x.test", "tok", "imap.mssante.test", 993);
        assert_eq!(first.as_slice(), b"n,a=a=2Cb=3Dc@x.test,\x01host=imap.mssante.test\x01port=993\x01auth=Bearer tok\x01\x01");
        assert_eq!(BearerMechanism::OAuthBearer.answer_to_error().as_slice(), b"\x01");
    }

    #[test]
    fn xoauth2_is_preferred_and_oauthbearer_taken_when_alone() {
        assert_eq!(BearerMechanism::choose(["PLAIN", "OAUTHBEARER", "XOAUTH2"]), Some(BearerMechanism::XOauth2));
        assert_eq!(BearerMechanism::choose(["oauthbearer"]), Some(BearerMechanism::OAuthBearer));
        assert_eq!(BearerMechanism::choose(["PLAIN"]), None);
    }

    #[test]
    fn plain_has_no_authorisation_identity() {
        assert_eq!(plain("", "u@x.test", "pw").as_slice(), b"\0u@x.test\0pw");
    }
}

//! The ID token checks, with tokens signed here (Ed25519 test keys made for these tests
//! only): signature, issuer, audience, expiry, nonce, acr, SubjectNameID.

use chrono::{Duration as Age, Utc};
use openidconnect::core::{CoreEdDsaPrivateSigningKey, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm};
use openidconnect::{
    Audience, AuthenticationContextClass, EndUserEmail, IdToken, IdTokenClaims, IssuerUrl, JsonWebKeySet, Nonce,
    PrivateSigningKey, StandardClaims, SubjectIdentifier,
};

use super::claims::{PscClaims, PscTokenResponse};
use super::session::PscSession;
use super::test_support::client_with_keys;
use super::PscClient;
use crate::ErrorCode;

const PROVIDER_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIGCJCVQX9wxLiQdzjBfD/3/keSxd0evFX5F8FGG5+Y5Z
-----END PRIVATE KEY-----";
const OTHER_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ+pjWICzYHLgVEezlrn3r7bVrIpFQYk+hffeS/t6vO9
-----END PRIVATE KEY-----";
const ISSUER: &str = "https://psc.test/auth/realms/esante-wallet";

fn key(pem: &str) -> CoreEdDsaPrivateSigningKey {
    CoreEdDsaPrivateSigningKey::from_ed25519_pem(pem, None).unwrap()
}

fn client() -> PscClient {
    let keys = JsonWebKeySet::new(vec![key(PROVIDER_KEY).as_verification_key()]);
    client_with_keys(false, "https://psc.test/token", keys)
}

struct Claims {
    issuer: &'static str,
    audience: &'static str,
    expires_in: Age,
    nonce: Option<&'static str>,
    acr: Option<&'static str>,
    subject_name_id: Option<&'static str>,
}

impl Default for Claims {
    fn default() -> Self {
        Claims {
            issuer: ISSUER,
            audience: "medimail-desktop",
            expires_in: Age::minutes(2),
            nonce: Some("n-1"),
            acr: Some("eidas1"),
            subject_name_id: Some("810000000001"),
        }
    }
}

fn answer(claims: Claims, signer: &str) -> PscTokenResponse {
    let now = Utc::now();
    let id_claims: IdTokenClaims<PscClaims, CoreGenderClaim> = IdTokenClaims::new(
        IssuerUrl::new(claims.issuer.into()).unwrap(),
        vec![Audience::new(claims.audience.into())],
        now + claims.expires_in,
        now - Age::seconds(5),
        StandardClaims::new(SubjectIdentifier::new("f:550e8400:810000000001".into()))
            .set_email(Some(EndUserEmail::new("jeanne.martin@medecin.mssante.test".into()))),
        PscClaims { subject_name_id: claims.subject_name_id.map(str::to_owned) },
    )
    .set_nonce(claims.nonce.map(|n| Nonce::new(n.into())))
    .set_auth_context_ref(claims.acr.map(|a| AuthenticationContextClass::new(a.into())));
    let id_token: IdToken<PscClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm> =
        IdToken::new(id_claims, &key(signer), CoreJwsSigningAlgorithm::EdDsa, None, None).unwrap();
    let json = serde_json::json!({
        "access_token": "at", "token_type": "Bearer", "expires_in": 120, "refresh_token": "rt",
        "id_token": id_token.to_string(),
    });
    serde_json::from_value(json).unwrap()
}

fn sign_in(claims: Claims, signer: &str, nonce: Option<&str>) -> crate::Result<PscSession> {
    let nonce = nonce.map(|n| Nonce::new(n.into()));
    PscSession::from_response(&client(), &answer(claims, signer), nonce.as_ref())
}

#[test]
fn a_valid_id_token_names_the_practitioner() {
    let session = sign_in(Claims::default(), PROVIDER_KEY, Some("n-1")).unwrap();
    assert_eq!(session.subject(), "810000000001");
    assert_eq!(session.practitioner().email.as_deref(), Some("jeanne.martin@medecin.mssante.test"));
    // CIBA sends no nonce and checks none.
    assert!(sign_in(Claims { nonce: None, ..Claims::default() }, PROVIDER_KEY, None).is_ok());
}

#[test]
fn id_tokens_that_do_not_verify_are_refused() {
    let refused = [
        ("signature", sign_in(Claims::default(), OTHER_KEY, Some("n-1"))),
        ("another nonce", sign_in(Claims::default(), PROVIDER_KEY, Some("n-2"))),
        ("another nonce", sign_in(Claims { nonce: None, ..Claims::default() }, PROVIDER_KEY, Some("n-1"))),
        ("another audience", sign_in(Claims { audience: "other-app", ..Claims::default() }, PROVIDER_KEY, Some("n-1"))),
        ("another issuer", sign_in(Claims { issuer: "https://evil.test/auth/realms/esante-wallet", ..Claims::default() }, PROVIDER_KEY, Some("n-1"))),
        ("expired", sign_in(Claims { expires_in: Age::minutes(-5), ..Claims::default() }, PROVIDER_KEY, Some("n-1"))),
        ("eidas1", sign_in(Claims { acr: Some("eidas0"), ..Claims::default() }, PROVIDER_KEY, Some("n-1"))),
        ("no SubjectNameID", sign_in(Claims { subject_name_id: None, ..Claims::default() }, PROVIDER_KEY, Some("n-1"))),
    ];
    for (what, result) in refused {
        let err = result.expect_err(what);
        assert_eq!(err.code(), ErrorCode::Psc, "{what}");
        let text = err.to_string();
        assert!(text.contains(what), "{what}: {text}");
        // Nothing of the person in the detail.
        assert!(!text.contains("810000000001") && !text.contains("jeanne"), "{text}");
    }
}

#[test]
fn an_answer_without_id_token_is_no_sign_in() {
    let json = serde_json::json!({"access_token": "at", "token_type": "Bearer", "expires_in": 120});
    let response: PscTokenResponse = serde_json::from_value(json).unwrap();
    assert_eq!(PscSession::from_response(&client(), &response, None).unwrap_err().code(), ErrorCode::Psc);
}

/// A signed-in session, for tests that need one.
pub(crate) fn session() -> PscSession {
    sign_in(Claims::default(), PROVIDER_KEY, Some("n-1")).unwrap()
}

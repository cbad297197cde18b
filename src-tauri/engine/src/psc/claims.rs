//! Who signed in: the practitioner named by the ID token, and the types openidconnect is
//! given for PSC's claims and discovery fields.

use std::fmt;

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreClaimName, CoreClaimType, CoreClientAuthMethod, CoreErrorResponseType,
    CoreGenderClaim, CoreGrantType, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm,
    CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreSubjectIdentifierType, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::url::Url;
use openidconnect::{
    AdditionalClaims, AdditionalProviderMetadata, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenClaims,
    IdTokenFields, ProviderMetadata, StandardErrorResponse, StandardTokenResponse,
};
use serde::{Deserialize, Serialize};

use crate::{EngineError, Result};

/// PSC's own claims in the ID token.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PscClaims {
    /// "8" followed by the RPPS number.
    #[serde(rename = "SubjectNameID", default, skip_serializing_if = "Option::is_none")]
    pub subject_name_id: Option<String>,
}

impl AdditionalClaims for PscClaims {}

/// Discovery fields openidconnect does not read: CIBA's (OpenID CIBA Core §4).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PscProviderExtra {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_authentication_endpoint: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_token_delivery_modes_supported: Option<Vec<String>>,
    /// RFC 7009 (RFC 8414 names it in the metadata): where a refresh token is revoked at sign-out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_endpoint: Option<Url>,
}

impl AdditionalProviderMetadata for PscProviderExtra {}

pub type PscProviderMetadata = ProviderMetadata<
    PscProviderExtra,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

pub type PscIdTokenFields =
    IdTokenFields<PscClaims, EmptyExtraTokenFields, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;
pub type PscTokenResponse = StandardTokenResponse<PscIdTokenFields, CoreTokenType>;
pub type PscErrorResponse = StandardErrorResponse<CoreErrorResponseType>;

/// The OpenID client: authorization and token endpoints set, the rest unused.
pub type PscOidcClient = openidconnect::Client<
    PscClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    PscErrorResponse,
    PscTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
    EndpointMaybeSet,
>;

/// The practitioner an ID token names. Its Debug shows nothing of the person: such values
/// end up in logs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practitioner {
    /// `SubjectNameID`: "8" + RPPS. What an account is bound to.
    pub subject: String,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<String>,
}

impl fmt::Debug for Practitioner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Practitioner { .. }")
    }
}

impl Practitioner {
    pub(crate) fn from_claims(claims: &IdTokenClaims<PscClaims, CoreGenderClaim>) -> Result<Practitioner> {
        let subject = claims
            .additional_claims()
            .subject_name_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| EngineError::Psc("the ID token has no SubjectNameID".into()))?
            .to_owned();
        Ok(Practitioner {
            subject,
            given_name: claims.given_name().and_then(|n| n.get(None)).map(|n| n.to_string()),
            family_name: claims.family_name().and_then(|n| n.get(None)).map(|n| n.to_string()),
            email: claims.email().map(|e| e.to_string()),
        })
    }

    /// The account bound to `expected` refuses any other practitioner's token (a CPS card
    /// swapped in the reader took another practitioner's mailbox elsewhere).
    pub fn check_bound_to(&self, expected: &str) -> Result<()> {
        if self.subject == expected.trim() {
            Ok(())
        } else {
            tracing::warn!("a Pro Santé Connect token of another practitioner was refused");
            Err(EngineError::PscWrongPractitioner)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practitioner(subject: &str) -> Practitioner {
        Practitioner { subject: subject.into(), given_name: Some("Jeanne".into()), family_name: Some("Martin".into()), email: None }
    }

    #[test]
    fn a_token_of_another_practitioner_is_refused() {
        let p = practitioner("810000000001");
        assert!(p.check_bound_to("810000000001").is_ok());
        assert_eq!(p.check_bound_to("810000000002").unwrap_err().code(), crate::ErrorCode::PscWrongPractitioner);
        assert_eq!(p.check_bound_to("").unwrap_err().code(), crate::ErrorCode::PscWrongPractitioner);
    }

    #[test]
    fn debug_shows_nothing_of_the_person() {
        let text = format!("{:?}", practitioner("810000000001"));
        assert!(!text.contains("8100") && !text.contains("Jeanne") && !text.contains("Martin"), "{text}");
    }
}

//! A signed-in practitioner's tokens: the access token in memory only, refreshed ahead of
//! its expiry by one caller while the others wait for it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use openidconnect::core::CoreErrorResponseType;
use openidconnect::{Nonce, OAuth2TokenResponse, RefreshToken, RequestTokenError, TokenResponse};
use secrecy::{ExposeSecret, SecretString};

use super::claims::{PscErrorResponse, PscTokenResponse, Practitioner};
use super::http::HttpError;
use super::{persist, PscClient};
use crate::{EngineError, Result};

/// Without `expires_in`, a token is taken to last this long: refreshed early rather than
/// refused by the server.
const ASSUMED_LIFETIME: Duration = Duration::from_secs(60);
const MIN_MARGIN: Duration = Duration::from_secs(10);
/// The authentication level asked of PSC (`acr_values`) and required of its ID tokens.
pub(crate) const ACR: &str = "eidas1";

pub struct PscSession {
    client: PscClient,
    practitioner: Practitioner,
    tokens: tokio::sync::Mutex<Tokens>,
    /// Where the refresh token is kept, once [`PscSession::remember`] was called: each new
    /// refresh token replaces it there.
    keyring: std::sync::Mutex<Option<(PathBuf, String)>>,
}

struct Tokens {
    access: SecretString,
    obtained: Instant,
    expires_at: Instant,
    refresh: Option<SecretString>,
}

impl Tokens {
    fn from_response(response: &PscTokenResponse, previous_refresh: Option<SecretString>) -> Tokens {
        let obtained = Instant::now();
        let lifetime = response.expires_in().filter(|d| !d.is_zero()).unwrap_or(ASSUMED_LIFETIME);
        Tokens {
            access: SecretString::from(response.access_token().secret().as_str()),
            obtained,
            expires_at: obtained + lifetime,
            refresh: response.refresh_token().map(|r| SecretString::from(r.secret().as_str())).or(previous_refresh),
        }
    }
}

/// Whether a token obtained at `obtained` and valid until `expires_at` should be replaced
/// at `now`: within max(10 s, a quarter of its lifetime) of its end, so that a connection
/// opened with it still has time to log in.
pub(crate) fn refresh_due(now: Instant, obtained: Instant, expires_at: Instant) -> bool {
    let lifetime = expires_at.saturating_duration_since(obtained);
    let margin = MIN_MARGIN.max(lifetime / 4);
    now + margin >= expires_at
}

impl std::fmt::Debug for PscSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PscSession { .. }")
    }
}

impl PscSession {
    /// A session from a token answer (code exchange, CIBA): the ID token is verified
    /// (signature, issuer, audience, expiry, and `nonce` when one was sent) and names the
    /// practitioner.
    pub(crate) fn from_response(client: &PscClient, response: &PscTokenResponse, nonce: Option<&Nonce>) -> Result<PscSession> {
        let practitioner = verify_id_token(client, response, nonce)?
            .ok_or_else(|| EngineError::Psc("the token answer holds no ID token".into()))?;
        Ok(PscSession {
            client: client.clone(),
            practitioner,
            tokens: tokio::sync::Mutex::new(Tokens::from_response(response, None)),
            keyring: std::sync::Mutex::new(None),
        })
    }

    /// Opens the session kept in the keyring by [`PscSession::remember`] without a new
    /// sign-in, while PSC still honours its refresh token (ECO.1.2.7). `PscSessionEnded`
    /// when nothing is kept or PSC no longer honours it (then the kept one is forgotten).
    pub async fn resume(client: &PscClient, profile_dir: &Path, account: &str) -> Result<PscSession> {
        let Some(kept) = persist::load(profile_dir, account)? else {
            return Err(EngineError::PscSessionEnded);
        };
        let session = PscSession {
            client: client.clone(),
            practitioner: kept.practitioner,
            tokens: tokio::sync::Mutex::new(Tokens {
                access: SecretString::from(""),
                obtained: Instant::now(),
                expires_at: Instant::now(),
                refresh: Some(kept.refresh_token),
            }),
            keyring: std::sync::Mutex::new(Some((profile_dir.to_path_buf(), account.to_owned()))),
        };
        let mut tokens = session.tokens.lock().await;
        match session.refresh_locked(&mut tokens).await {
            Ok(()) => {}
            Err(err @ (EngineError::PscSessionEnded | EngineError::PscWrongPractitioner)) => {
                persist::forget(profile_dir, account)?;
                return Err(err);
            }
            Err(other) => return Err(other),
        }
        drop(tokens);
        tracing::info!("Pro Santé Connect session resumed from the keyring");
        Ok(session)
    }

    /// A valid access token, refreshed first when it is near its end. Concurrent callers
    /// share one refresh. `PscSessionEnded` when PSC no longer honours the refresh token;
    /// a network failure while the current token is still valid gives the current token.
    pub async fn access_token(&self) -> Result<SecretString> {
        let mut tokens = self.tokens.lock().await;
        if !refresh_due(Instant::now(), tokens.obtained, tokens.expires_at) {
            return Ok(tokens.access.clone());
        }
        match self.refresh_locked(&mut tokens).await {
            Ok(()) => Ok(tokens.access.clone()),
            Err(err @ (EngineError::Connect { .. } | EngineError::Timeout(_) | EngineError::Psc(_)))
                if Instant::now() + Duration::from_secs(2) < tokens.expires_at =>
            {
                tracing::info!(code = ?err.code(), "the token refresh failed; the current token is still valid");
                Ok(tokens.access.clone())
            }
            Err(err @ (EngineError::PscSessionEnded | EngineError::PscWrongPractitioner)) => {
                // Over for good: no more asking PSC with this refresh token, here or in
                // the next process.
                tokens.access = SecretString::from("");
                tokens.expires_at = tokens.obtained;
                tokens.refresh = None;
                let slot = self.keyring.lock().ok().and_then(|mut slot| slot.take());
                if let Some((dir, account)) = slot {
                    if let Err(forgetting) = persist::forget(&dir, &account) {
                        tracing::warn!(code = ?forgetting.code(), "an ended PSC session could not be removed from the keyring");
                    }
                }
                Err(err)
            }
            Err(err) => Err(err),
        }
    }

    /// How to log in to the mail servers as `user` (the mailbox's login) with a valid
    /// token: SASL XOAUTH2 (ECO.1.2.1).
    pub async fn login(&self, user: &str) -> Result<crate::server::Login> {
        Ok(crate::server::Login::OAuth2 { user: user.to_owned(), token: self.access_token().await? })
    }

    /// The practitioner's `SubjectNameID` ("8" + RPPS).
    pub fn subject(&self) -> &str {
        &self.practitioner.subject
    }

    pub fn practitioner(&self) -> &Practitioner {
        &self.practitioner
    }

    /// Refuses the session when it is not the practitioner the account is bound to.
    pub fn bind_to(&self, expected_subject: &str) -> Result<()> {
        self.practitioner.check_bound_to(expected_subject)
    }

    /// Keeps the refresh token in the OS keyring for `account` (never the access token),
    /// and keeps it up to date at each refresh; [`super::forget`] removes it.
    pub async fn remember(&self, profile_dir: &Path, account: &str) -> Result<()> {
        let tokens = self.tokens.lock().await;
        let Some(refresh) = &tokens.refresh else {
            return Err(EngineError::Psc("PSC gave no refresh token to keep".into()));
        };
        persist::save(profile_dir, account, refresh, &self.practitioner)?;
        if let Ok(mut slot) = self.keyring.lock() {
            *slot = Some((profile_dir.to_path_buf(), account.to_owned()));
        }
        Ok(())
    }

    /// Signs out: the tokens leave memory, the keyring copy is forgotten, and the refresh
    /// token is revoked at PSC where it offers revocation (RFC 7009). The revocation is
    /// best effort: signing out here must not wait for, or fail with, the network. Any
    /// later [`PscSession::access_token`] is `PscSessionEnded`.
    pub async fn sign_out(&self, profile_dir: &Path, account: &str) -> Result<()> {
        let refresh = {
            let mut tokens = self.tokens.lock().await;
            tokens.access = SecretString::from("");
            tokens.expires_at = tokens.obtained;
            tokens.refresh.take()
        };
        if let Ok(mut slot) = self.keyring.lock() {
            *slot = None;
        }
        persist::forget(profile_dir, account)?;
        if let Some(refresh) = refresh {
            match self.client.revoke(&refresh).await {
                Ok(()) => tracing::info!("Pro Santé Connect sign-out: refresh token revoked"),
                Err(err) => tracing::info!(code = ?err.code(), "Pro Santé Connect sign-out: the revocation failed"),
            }
        }
        Ok(())
    }

    async fn refresh_locked(&self, tokens: &mut Tokens) -> Result<()> {
        let Some(refresh) = tokens.refresh.clone() else {
            return Err(EngineError::PscSessionEnded);
        };
        let refresh_token = RefreshToken::new(refresh.expose_secret().to_owned());
        let response = self
            .client
            .inner
            .oidc
            .exchange_refresh_token(&refresh_token)
            .request_async(&self.client.inner.http)
            .await
            .map_err(refresh_error)?;
        // A refreshed ID token must still name the same practitioner.
        if let Some(practitioner) = verify_id_token(&self.client, &response, None)? {
            practitioner.check_bound_to(&self.practitioner.subject)?;
        }
        let rotated = response.refresh_token().is_some();
        *tokens = Tokens::from_response(&response, Some(refresh));
        tracing::debug!("Pro Santé Connect token refreshed");
        if rotated {
            let slot = self.keyring.lock().ok().and_then(|slot| slot.clone());
            if let (Some((dir, account)), Some(refresh)) = (slot, &tokens.refresh) {
                // The session goes on in memory; only the next process will have to sign in.
                if let Err(err) = persist::save(&dir, &account, refresh, &self.practitioner) {
                    tracing::warn!(code = ?err.code(), "the new refresh token could not be kept in the keyring");
                }
            }
        }
        Ok(())
    }
}

/// The practitioner named by the answer's ID token, verified; None when it has none (a
/// refresh answer may leave it out).
fn verify_id_token(client: &PscClient, response: &PscTokenResponse, nonce: Option<&Nonce>) -> Result<Option<Practitioner>> {
    let Some(id_token) = response.id_token() else {
        return Ok(None);
    };
    let verifier = client.inner.oidc.id_token_verifier();
    let claims = match nonce {
        Some(nonce) => id_token.claims(&verifier, nonce),
        // CIBA and refresh send no nonce (CIBA Core §7.3; OpenID Core §12.2).
        None => id_token.claims(&verifier, |_: Option<&Nonce>| Ok(())),
    }
    .map_err(|e| EngineError::Psc(format!("the ID token does not verify: {}", claims_error(&e))))?;
    // eIDAS substantial (CPS card or e-CPS), as asked with acr_values; a provider that
    // says nothing of it is taken at its word, one that names a weaker level is not.
    if let Some(acr) = claims.auth_context_ref() {
        if acr.as_str() != ACR {
            return Err(EngineError::Psc("the sign-in was not at the eidas1 level".into()));
        }
    }
    Practitioner::from_claims(claims).map(Some)
}

/// Which check failed, without the values the library quotes (a subject is a person's).
fn claims_error(err: &openidconnect::ClaimsVerificationError) -> &'static str {
    use openidconnect::ClaimsVerificationError as E;
    match err {
        E::Expired(_) => "expired",
        E::InvalidAudience(_) => "another audience",
        E::InvalidAuthContext(_) => "another authentication context",
        E::InvalidAuthTime(_) => "authentication time",
        E::InvalidIssuer(_) => "another issuer",
        E::InvalidNonce(_) => "another nonce",
        E::InvalidSubject(_) => "subject",
        E::SignatureVerification(_) => "signature",
        E::Unsupported(_) => "unsupported",
        _ => "other",
    }
}

/// `invalid_grant` on a refresh is the end of the PSC session; anything else is not.
pub(crate) fn refresh_error(err: RequestTokenError<HttpError, PscErrorResponse>) -> EngineError {
    match err {
        RequestTokenError::ServerResponse(response) if *response.error() == CoreErrorResponseType::InvalidGrant => {
            tracing::info!("Pro Santé Connect no longer honours the refresh token");
            EngineError::PscSessionEnded
        }
        other => token_error(other),
    }
}

/// A token request that failed, without the provider's text (it can quote what was sent).
pub(crate) fn token_error(err: RequestTokenError<HttpError, PscErrorResponse>) -> EngineError {
    match err {
        RequestTokenError::ServerResponse(response) => match response.error() {
            CoreErrorResponseType::Extension(code) if code == "access_denied" => EngineError::PscDenied,
            code => EngineError::Psc(format!("the token endpoint answered {}", code.as_ref())),
        },
        RequestTokenError::Request(http) => http.into(),
        RequestTokenError::Parse(_, _) => EngineError::Psc("the token answer cannot be read".into()),
        RequestTokenError::Other(text) => EngineError::Psc(format!("token request: {text}")),
    }
}

impl crate::server::TokenSource for PscSession {
    fn token(&self) -> futures::future::BoxFuture<'_, Result<SecretString>> {
        Box::pin(self.access_token())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshes_a_quarter_of_the_lifetime_ahead() {
        let t0 = Instant::now();
        let five_minutes = t0 + Duration::from_secs(300);
        assert!(!refresh_due(t0, t0, five_minutes));
        assert!(!refresh_due(t0 + Duration::from_secs(224), t0, five_minutes));
        assert!(refresh_due(t0 + Duration::from_secs(225), t0, five_minutes));
        assert!(refresh_due(t0 + Duration::from_secs(400), t0, five_minutes));
    }

    #[test]
    fn refreshes_at_least_ten_seconds_ahead() {
        let t0 = Instant::now();
        let twenty_seconds = t0 + Duration::from_secs(20);
        assert!(!refresh_due(t0 + Duration::from_secs(9), t0, twenty_seconds));
        assert!(refresh_due(t0 + Duration::from_secs(10), t0, twenty_seconds));
        // A token shorter than the margin is refreshed at once.
        assert!(refresh_due(t0, t0, t0 + Duration::from_secs(5)));
    }

    fn server_error(code: &str) -> RequestTokenError<HttpError, PscErrorResponse> {
        let response: PscErrorResponse = serde_json::from_value(serde_json::json!({"error": code, "error_description": "Session not active"})).unwrap();
        RequestTokenError::ServerResponse(response)
    }

    #[test]
    fn an_invalid_grant_ends_the_session_and_a_network_failure_does_not() {
        assert_eq!(refresh_error(server_error("invalid_grant")).code(), crate::ErrorCode::PscSessionEnded);
        assert_eq!(refresh_error(server_error("invalid_request")).code(), crate::ErrorCode::Psc);
        let network = RequestTokenError::Request(HttpError::Network { host: "psc.test".into(), detail: "refused".into() });
        assert_eq!(refresh_error(network).code(), crate::ErrorCode::Network);
        assert_eq!(refresh_error(RequestTokenError::Request(HttpError::Timeout(30))).code(), crate::ErrorCode::Timeout);
        let text = refresh_error(server_error("invalid_request")).to_string();
        assert!(!text.contains("Session not active"), "{text}");
    }

    #[test]
    fn a_revoked_or_expired_provider_certificate_is_said_as_such() {
        let refused = |revoked| token_error(RequestTokenError::Request(HttpError::Certificate { host: "psc.test".into(), revoked })).code();
        assert_eq!(refused(true), crate::ErrorCode::CertificateRevoked);
        assert_eq!(refused(false), crate::ErrorCode::CertificateExpired);
    }

    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    async fn token_endpoint(status: u16, body: &'static str, delay: Duration) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
        crate::psc::test_support::scripted_endpoint(vec![(status, body)], delay).await
    }

    /// A session whose token was obtained `age` ago and lives `lifetime`.
    fn session(token_endpoint: &str, age: Duration, lifetime: Duration) -> PscSession {
        let now = Instant::now();
        let obtained = now.checked_sub(age).unwrap();
        PscSession {
            client: crate::psc::test_support::client_with_token_endpoint(false, token_endpoint),
            practitioner: Practitioner { subject: "810000000001".into(), given_name: None, family_name: None, email: None },
            tokens: tokio::sync::Mutex::new(Tokens {
                access: SecretString::from("old-access"),
                obtained,
                expires_at: obtained + lifetime,
                refresh: Some(SecretString::from("rt-1")),
            }),
            keyring: std::sync::Mutex::new(None),
        }
    }

    const NEW_TOKENS: &str = r#"{"access_token":"new-access","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-2"}"#;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_refresh() {
        let (url, count, bodies) = token_endpoint(200, NEW_TOKENS, Duration::from_millis(300)).await;
        let session = Arc::new(session(&url, Duration::from_secs(290), Duration::from_secs(300)));
        let callers: Vec<_> = (0..8)
            .map(|_| {
                let session = Arc::clone(&session);
                tokio::spawn(async move { session.access_token().await })
            })
            .collect();
        for caller in callers {
            assert_eq!(caller.await.unwrap().unwrap().expose_secret(), "new-access");
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);
        let body = bodies.lock().unwrap()[0].clone();
        assert!(body.contains("grant_type=refresh_token") && body.contains("refresh_token=rt-1"), "{body}");
        // The new refresh token replaced the old one, and a fresh token needs no request.
        assert_eq!(session.tokens.lock().await.refresh.as_ref().unwrap().expose_secret(), "rt-2");
        assert_eq!(session.access_token().await.unwrap().expose_secret(), "new-access");
        match session.login("jean.dupont@medecin.mssante.test").await.unwrap() {
            crate::server::Login::OAuth2 { user, token } => {
                assert_eq!((user.as_str(), token.expose_secret()), ("jean.dupont@medecin.mssante.test", "new-access"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_token_far_from_its_end_is_used_as_is() {
        let (url, count, _) = token_endpoint(200, NEW_TOKENS, Duration::ZERO).await;
        let session = session(&url, Duration::from_secs(10), Duration::from_secs(300));
        assert_eq!(session.access_token().await.unwrap().expose_secret(), "old-access");
        assert_eq!(count.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_refused_grant_ends_the_session() {
        let (url, count, _) = token_endpoint(400, r#"{"error":"invalid_grant","error_description":"Session not active"}"#, Duration::ZERO).await;
        let session = session(&url, Duration::from_secs(400), Duration::from_secs(300));
        assert_eq!(session.access_token().await.unwrap_err().code(), crate::ErrorCode::PscSessionEnded);
        // Ended for good: PSC is not asked again.
        assert_eq!(session.login("a@b.test").await.unwrap_err().code(), crate::ErrorCode::PscSessionEnded);
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_provider_out_of_order_is_not_the_end_of_the_session() {
        let (url, _, _) = token_endpoint(503, r#"{"error":"temporarily_unavailable"}"#, Duration::ZERO).await;
        // Near its end but still valid: the current token is given while PSC is away.
        let near = session(&url, Duration::from_secs(280), Duration::from_secs(300));
        assert_eq!(near.access_token().await.unwrap().expose_secret(), "old-access");
        // Expired: a temporary error, not psc_session_ended.
        let expired = session(&url, Duration::from_secs(400), Duration::from_secs(300));
        let err = expired.access_token().await.unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Psc);
        // Nothing listening: a network error.
        let gone = session("http://127.0.0.1:9/token", Duration::from_secs(400), Duration::from_secs(300));
        assert_eq!(gone.access_token().await.unwrap_err().code(), crate::ErrorCode::Network);
    }

    #[tokio::test]
    async fn a_refreshed_id_token_of_another_practitioner_is_refused() {
        // Unsigned here, so it fails verification before its subject is compared: either
        // way, the session does not take it.
        let (url, _, _) = token_endpoint(200, r#"{"access_token":"a","token_type":"Bearer","expires_in":60,"id_token":"eyJhbGciOiJSUzI1NiJ9.eyJTdWJqZWN0TmFtZUlEIjoiODIifQ.c2ln"}"#, Duration::ZERO).await;
        let session = session(&url, Duration::from_secs(400), Duration::from_secs(300));
        assert!(session.access_token().await.is_err());
        assert_eq!(session.tokens.lock().await.access.expose_secret(), "old-access");
    }
}

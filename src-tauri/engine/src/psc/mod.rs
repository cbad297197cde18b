//! Pro Santé Connect (PSC), the OpenID Connect provider of French health professionals:
//! signing in with the CPS card or the e-CPS app, and the access tokens the mail servers
//! take through SASL XOAUTH2 (ECO.1.2.1; see `Login::OAuth2`).
//!
//! The API the doors and `Engine::connection` call:
//!
//! ```text
//! PscConfig::sandbox(client_id) | PscConfig::production(client_id) | PscConfig::new(issuer, client_id)
//!     .with_discovery_url(url)?  .with_sign_in_timeout(d)  .with_lang(lang)
//! PscClient::discover(config, &TlsPolicy).await -> Result<PscClient>
//!     client.supports_ciba() -> bool
//!     client.sign_in_browser(|url: &Url| -> Result<()> { open it }).await -> Result<PscSession>
//!     client.start_ciba(login_hint).await -> Result<CibaPending>
//!         pending.binding_message() -> &str        (shown in the window, checked on the phone)
//!         pending.wait().await -> Result<PscSession>
//! PscSession::resume(&client, profile_dir, account).await -> Result<PscSession>   (keyring)
//!     session.access_token().await -> Result<SecretString>   (refreshed ahead of expiry)
//!     session.login(user).await -> Result<Login>              (Login::OAuth2 for IMAP/SMTP)
//!     session.subject() -> &str  session.practitioner() -> &Practitioner
//!     session.bind_to(expected_subject) -> Result<()>         (psc_wrong_practitioner)
//!     session.remember(profile_dir, account) -> Result<()>    (refresh token to the keyring)
//!     session.sign_out(profile_dir, account).await -> Result<()> (revoked at PSC, forgotten here)
//! psc::forget(profile_dir, account) -> Result<()>               (account removal without a session)
//! ```
//!
//! Errors a door tells apart: `PscSessionEnded` (the refresh token is no longer valid: ask
//! the user to sign in again, ECO.1.2.6), `PscWrongPractitioner`, `PscDenied`,
//! `PscSignInExpired`; a network failure is `Network`/`Timeout` (try again later, the
//! session goes on), anything else from the provider `Psc`.
//!
//! The access token lives in memory only (ECO.1.2.5). Nothing here logs a token, a code,
//! a PKCE verifier or a claim of the person: only the kind of event.

mod browser;
mod ciba;
mod claims;
mod config;
mod discovery;
mod http;
#[cfg(test)]
mod id_token_tests;
mod loopback;
mod persist;
mod revoke;
mod session;

use std::sync::Arc;

use openidconnect::{ClientId, TokenUrl};

pub use ciba::{CibaPending, CibaStarted};
pub use claims::{PscClaims, PscProviderMetadata, Practitioner};
pub use config::{PscConfig, DEFAULT_SIGN_IN_TIMEOUT};
pub use openidconnect::url::Url;
pub use persist::forget;
pub use session::PscSession;

use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

/// A discovered provider, cheap to clone; sessions keep one to refresh their tokens.
#[derive(Clone)]
pub struct PscClient {
    inner: Arc<Inner>,
}

struct Inner {
    config: PscConfig,
    http: http::PscHttp,
    oidc: claims::PscOidcClient,
    ciba_endpoint: Option<Url>,
    revocation_endpoint: Option<Url>,
    token_url: Url,
}

impl std::fmt::Debug for PscClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PscClient").field("issuer", &self.inner.config.issuer).finish_non_exhaustive()
    }
}

impl PscClient {
    /// Reads the provider's discovery document (PSC's wallet path) and its keys, over the
    /// engine's TLS policy.
    pub async fn discover(config: PscConfig, tls: &TlsPolicy) -> Result<PscClient> {
        let http = http::PscHttp::new(tls)?;
        let metadata = discovery::discover(&config, &http).await?;
        PscClient::from_metadata(config, metadata, http)
    }

    fn from_metadata(config: PscConfig, metadata: PscProviderMetadata, http: http::PscHttp) -> Result<PscClient> {
        let token_url = metadata
            .token_endpoint()
            .map(|u| u.url().clone())
            .ok_or_else(|| EngineError::Psc("the discovery document names no token endpoint".into()))?;
        let ciba_endpoint = metadata.additional_metadata().backchannel_authentication_endpoint.clone();
        let revocation_endpoint = metadata.additional_metadata().revocation_endpoint.clone();
        // From the metadata: the ID token's algorithms are those the provider announces.
        let oidc = openidconnect::Client::from_provider_metadata(metadata, ClientId::new(config.client_id.clone()), None)
            .set_token_uri(TokenUrl::from_url(token_url.clone()));
        Ok(PscClient { inner: Arc::new(Inner { config, http, oidc, ciba_endpoint, revocation_endpoint, token_url }) })
    }

    pub fn config(&self) -> &PscConfig {
        &self.inner.config
    }

    /// Whether the provider announces a back-channel (CIBA) endpoint: sign-in with the
    /// e-CPS app from an identifier, without a browser.
    pub fn supports_ciba(&self) -> bool {
        self.inner.ciba_endpoint.is_some()
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// A client over a canned discovery document, for what needs no provider.
    pub(crate) fn client(ciba: bool) -> PscClient {
        client_with_token_endpoint(ciba, "https://psc.test/auth/realms/esante-wallet/protocol/openid-connect/token")
    }

    /// The same with the token endpoint elsewhere (a scripted local server).
    pub(crate) fn client_with_token_endpoint(ciba: bool, token_endpoint: &str) -> PscClient {
        client_with_keys(ciba, token_endpoint, openidconnect::JsonWebKeySet::new(Vec::new()))
    }

    /// The same, trusting `keys` for ID tokens (EdDSA and RS256 announced).
    pub(crate) fn client_with_keys(
        ciba: bool,
        token_endpoint: &str,
        keys: openidconnect::JsonWebKeySet<openidconnect::core::CoreJsonWebKey>,
    ) -> PscClient {
        let config = PscConfig::new("https://psc.test/auth/realms/esante-wallet", "medimail-desktop").unwrap();
        let mut doc = serde_json::json!({
            "issuer": "https://psc.test/auth/realms/esante-wallet",
            "authorization_endpoint": "https://psc.test/auth/realms/esante-wallet/protocol/openid-connect/auth",
            "token_endpoint": token_endpoint,
            "jwks_uri": "https://psc.test/auth/realms/esante-wallet/protocol/openid-connect/certs",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "EdDSA"],
        });
        if ciba {
            doc["backchannel_authentication_endpoint"] =
                "https://psc.test/auth/realms/esante-wallet/protocol/openid-connect/ext/ciba/auth".into();
        }
        let metadata = discovery::read_metadata(&config, doc.to_string().as_bytes()).unwrap().set_jwks(keys);
        PscClient::from_metadata(config, metadata, http::PscHttp::new(&TlsPolicy::system()).unwrap()).unwrap()
    }

    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// An endpoint on 127.0.0.1 (plain HTTP: the client takes any scheme the metadata
    /// names) answering its requests with `answers` in turn (the last one again and again)
    /// after `delay`, counting the requests and keeping their bodies.
    pub(crate) async fn scripted_endpoint(
        answers: Vec<(u16, &'static str)>,
        delay: std::time::Duration,
    ) -> (String, Arc<AtomicUsize>, Arc<std::sync::Mutex<Vec<String>>>) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let url = format!("http://127.0.0.1:{}/token", listener.local_addr().unwrap().port());
        let count = Arc::new(AtomicUsize::new(0));
        let bodies = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (counted, kept) = (Arc::clone(&count), Arc::clone(&bodies));
        let answers = Arc::new(answers);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else { return };
                let (counted, kept, answers) = (Arc::clone(&counted), Arc::clone(&kept), Arc::clone(&answers));
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut chunk = [0u8; 4096];
                    loop {
                        let n = stream.read(&mut chunk).await.unwrap();
                        if n == 0 {
                            return;
                        }
                        request.extend_from_slice(&chunk[..n]);
                        let text = String::from_utf8_lossy(&request).into_owned();
                        if let Some((head, body)) = text.split_once("\r\n\r\n") {
                            let length = head
                                .lines()
                                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()))
                                .unwrap_or(0);
                            if body.len() >= length {
                                kept.lock().unwrap().push(body.to_owned());
                                break;
                            }
                        }
                    }
                    let turn = counted.fetch_add(1, Ordering::SeqCst);
                    let (status, body) = answers[turn.min(answers.len() - 1)];
                    tokio::time::sleep(delay).await;
                    let answer = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(answer.as_bytes()).await;
                });
            }
        });
        (url, count, bodies)
    }

    fn send<T: Send>(_: &T) {}
    fn shared<T: Send + Sync>() {}

    /// The window keeps sessions in its state and runs these on Tauri's runtime.
    #[test]
    fn sessions_are_shared_and_their_futures_sent() {
        shared::<PscClient>();
        shared::<PscSession>();
        shared::<CibaPending>();
        let client = client(true);
        let dir = std::path::Path::new("/nonexistent");
        send(&PscClient::discover(client.config().clone(), &TlsPolicy::system()));
        send(&client.sign_in_browser(|_| Ok(())));
        send(&client.start_ciba("899700000001"));
        send(&PscSession::resume(&client, dir, "a@b.test"));
        let session = super::id_token_tests::session();
        send(&session.access_token());
        send(&session.remember(dir, "a@b.test"));
        send(&session.sign_out(dir, "a@b.test"));
        // A CIBA request the client did not start: only the future's type matters here.
        send(&CibaPending::for_tests(client.clone(), std::time::Duration::ZERO, std::time::Duration::ZERO).wait());
    }

    #[test]
    fn reads_the_ciba_endpoint_from_discovery() {
        assert!(client(true).supports_ciba());
        assert!(!client(false).supports_ciba());
    }

    #[test]
    fn refuses_a_document_of_another_issuer() {
        let config = PscConfig::new("https://psc.test/auth/realms/esante-wallet", "medimail-desktop").unwrap();
        let doc = serde_json::json!({
            "issuer": "https://evil.test/auth/realms/esante-wallet",
            "authorization_endpoint": "https://evil.test/a", "token_endpoint": "https://evil.test/t",
            "jwks_uri": "https://evil.test/k", "response_types_supported": ["code"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
        });
        let err = discovery::read_metadata(&config, doc.to_string().as_bytes()).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Psc);
    }

    #[test]
    fn refuses_a_document_naming_a_plain_http_endpoint() {
        let config = PscConfig::new("https://psc.test/auth/realms/esante-wallet", "medimail-desktop").unwrap();
        let doc = serde_json::json!({
            "issuer": "https://psc.test/auth/realms/esante-wallet",
            "authorization_endpoint": "https://psc.test/a", "token_endpoint": "http://psc.test/t",
            "jwks_uri": "https://psc.test/k", "response_types_supported": ["code"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
        });
        let err = discovery::read_metadata(&config, doc.to_string().as_bytes()).unwrap_err();
        assert!(err.to_string().contains("not https"), "{err}");
    }
}

//! Sign-in in the system browser: authorization code with PKCE S256 and a loopback
//! redirect (RFC 8252), `scope=openid scope_all`, `acr_values=eidas1`.

use std::borrow::Cow;

use openidconnect::core::CoreAuthenticationFlow;
use openidconnect::url::Url;
use openidconnect::{AuthorizationCode, CsrfToken, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope};

use super::loopback::Loopback;
use super::session::{token_error, PscSession};
use super::PscClient;
use crate::{EngineError, Result};

/// What one authorization request sent, to check what comes back.
pub(crate) struct Authorization {
    pub(crate) url: Url,
    pub(crate) state: CsrfToken,
    pub(crate) nonce: Nonce,
    pub(crate) verifier: PkceCodeVerifier,
}

impl PscClient {
    /// Opens the provider's sign-in page with `open_browser` (the window: the system
    /// browser through Tauri's opener; the command line: `open`, or printing the address)
    /// and waits for the browser to come back, at most the configured sign-in timeout.
    pub async fn sign_in_browser(&self, open_browser: impl FnOnce(&Url) -> Result<()>) -> Result<PscSession> {
        let loopback = Loopback::bind().await?;
        let redirect = RedirectUrl::new(loopback.redirect_uri()).map_err(|e| EngineError::Internal(e.to_string()))?;
        let authorization = self.authorization(&redirect);
        open_browser(&authorization.url)?;
        tracing::info!("Pro Santé Connect sign-in opened in the browser");
        let timeout = self.inner.config.sign_in_timeout;
        let code = tokio::time::timeout(timeout, loopback.wait(authorization.state.secret(), self.inner.config.lang))
            .await
            .map_err(|_| EngineError::PscSignInExpired)??;
        let response = self
            .inner
            .oidc
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(authorization.verifier)
            .set_redirect_uri(Cow::Owned(redirect))
            .request_async(&self.inner.http)
            .await
            .map_err(token_error)?;
        let session = PscSession::from_response(self, &response, Some(&authorization.nonce))?;
        tracing::info!("Pro Santé Connect sign-in finished");
        Ok(session)
    }

    pub(crate) fn authorization(&self, redirect: &RedirectUrl) -> Authorization {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = self
            .inner
            .oidc
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("scope_all".into()))
            .add_extra_param("acr_values", super::session::ACR)
            .set_pkce_challenge(challenge)
            .set_redirect_uri(Cow::Borrowed(redirect))
            .url();
        Authorization { url, state, nonce, verifier }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use sha2::Digest;

    use super::*;
    use crate::psc::test_support::client;

    #[test]
    fn the_authorization_url_carries_pkce_state_nonce_and_psc_parameters() {
        let client = client(false);
        let redirect = RedirectUrl::new("http://127.0.0.1:49152/callback".into()).unwrap();
        let auth = client.authorization(&redirect);
        assert!(auth.url.as_str().starts_with("https://psc.test/auth/realms/esante-wallet/protocol/openid-connect/auth?"));
        let params: std::collections::HashMap<String, String> = auth.url.query_pairs().into_owned().collect();
        assert_eq!(params["response_type"], "code");
        assert_eq!(params["client_id"], "medimail-desktop");
        assert_eq!(params["redirect_uri"], "http://127.0.0.1:49152/callback");
        assert_eq!(params["scope"], "openid scope_all");
        assert_eq!(params["acr_values"], "eidas1");
        assert_eq!(params["code_challenge_method"], "S256");
        assert_eq!(params["state"], *auth.state.secret());
        assert_eq!(params["nonce"], *auth.nonce.secret());
        let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(auth.verifier.secret().as_bytes()));
        assert_eq!(params["code_challenge"], expected);
        // The verifier never leaves in the URL.
        assert!(!auth.url.as_str().contains(auth.verifier.secret().as_str()));
        // Each sign-in has its own state, nonce and verifier.
        let again = client.authorization(&redirect);
        assert_ne!(again.state.secret(), auth.state.secret());
        assert_ne!(again.verifier.secret(), auth.verifier.secret());
    }

    #[tokio::test]
    async fn a_browser_that_cannot_be_opened_ends_the_sign_in() {
        let err = client(false)
            .sign_in_browser(|_| Err(EngineError::Unsupported("a browser".into())))
            .await
            .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Unsupported);
    }

    #[tokio::test]
    async fn a_refusal_in_the_browser_is_psc_denied() {
        let client = client(false);
        let (tx, rx) = tokio::sync::oneshot::channel();
        let signing_in = tokio::spawn(async move {
            client
                .sign_in_browser(move |url| {
                    let _ = tx.send(url.clone());
                    Ok(())
                })
                .await
        });
        let url = rx.await.unwrap();
        let params: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
        let callback = format!("{}?error=access_denied&state={}", params["redirect_uri"], params["state"]);
        let callback = Url::parse(&callback).unwrap();
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", callback.port().unwrap())).await.unwrap();
        let line = format!("GET {}?{} HTTP/1.1\r\n\r\n", callback.path(), callback.query().unwrap());
        tokio::io::AsyncWriteExt::write_all(&mut stream, line.as_bytes()).await.unwrap();
        let err = signing_in.await.unwrap().unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::PscDenied);
    }

    #[tokio::test]
    async fn nobody_coming_back_is_psc_sign_in_expired() {
        let mut client = client(false);
        std::sync::Arc::get_mut(&mut client.inner).unwrap().config.sign_in_timeout = std::time::Duration::from_millis(200);
        let err = client.sign_in_browser(|_| Ok(())).await.unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::PscSignInExpired);
    }
}

//! Revoking a refresh token at sign-out (RFC 7009).

use secrecy::{ExposeSecret, SecretString};

use super::PscClient;
use crate::{EngineError, Result};

impl PscClient {
    /// RFC 7009 by hand: one form POST. openidconnect's `revoke_token` needs the
    /// revocation URL in the client's type, which would then differ between providers
    /// that announce one and those that do not.
    pub(crate) async fn revoke(&self, refresh: &SecretString) -> Result<()> {
        let Some(endpoint) = &self.inner.revocation_endpoint else {
            return Ok(());
        };
        let form = [
            ("token", refresh.expose_secret()),
            ("token_type_hint", "refresh_token"),
            ("client_id", self.inner.config.client_id.as_str()),
        ];
        match self.inner.http.post_form(endpoint, &form).await? {
            (200, _) => Ok(()),
            (status, _) => Err(EngineError::Psc(format!("the revocation endpoint answered HTTP {status}"))),
        }
    }
}

//! Which Pro Santé Connect to ask: its issuer, where its discovery document is, and the
//! client id Medimail is registered under.

use std::time::Duration;

use openidconnect::url::Url;

use crate::catalogue::Lang;
use crate::{EngineError, Result};

/// The practitioner has this long to finish a browser sign-in.
pub const DEFAULT_SIGN_IN_TIMEOUT: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PscConfig {
    /// Without a trailing slash, exactly as the ID tokens' `iss` says it.
    pub issuer: String,
    pub client_id: String,
    pub discovery_url: Url,
    pub sign_in_timeout: Duration,
    /// The language of the page the browser shows after the sign-in.
    pub lang: Lang,
}

impl PscConfig {
    pub const SANDBOX_ISSUER: &'static str = "https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet";
    pub const PRODUCTION_ISSUER: &'static str = "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet";
    /// PSC publishes its discovery document under this name, not `openid-configuration`.
    pub const DISCOVERY_PATH: &'static str = ".well-known/wallet-openid-configuration";

    /// Any issuer (the sandbox, production, or a test provider), discovered at
    /// `<issuer>/.well-known/wallet-openid-configuration`. Only https: tokens travel there.
    pub fn new(issuer: &str, client_id: &str) -> Result<PscConfig> {
        let issuer = issuer.trim().trim_end_matches('/').to_owned();
        let parsed = Url::parse(&issuer).map_err(|_| EngineError::InvalidInput("the Pro Santé Connect issuer is not a URL".into()))?;
        if parsed.scheme() != "https" || parsed.host_str().is_none() || parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(EngineError::InvalidInput("the Pro Santé Connect issuer must be an https URL without query".into()));
        }
        let client_id = client_id.trim();
        if client_id.is_empty() || client_id.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(EngineError::InvalidInput("invalid Pro Santé Connect client id".into()));
        }
        let discovery_url = Url::parse(&format!("{issuer}/{}", Self::DISCOVERY_PATH))
            .map_err(|_| EngineError::InvalidInput("the Pro Santé Connect issuer is not a URL".into()))?;
        Ok(PscConfig { issuer, client_id: client_id.to_owned(), discovery_url, sign_in_timeout: DEFAULT_SIGN_IN_TIMEOUT, lang: Lang::Fr })
    }

    pub fn sandbox(client_id: &str) -> Result<PscConfig> {
        Self::new(Self::SANDBOX_ISSUER, client_id)
    }

    pub fn production(client_id: &str) -> Result<PscConfig> {
        Self::new(Self::PRODUCTION_ISSUER, client_id)
    }

    /// Another discovery address than the wallet path (a provider announced elsewhere).
    pub fn with_discovery_url(mut self, url: &str) -> Result<PscConfig> {
        let url = Url::parse(url).map_err(|_| EngineError::InvalidInput("the discovery address is not a URL".into()))?;
        if url.scheme() != "https" {
            return Err(EngineError::InvalidInput("the discovery address must be https".into()));
        }
        self.discovery_url = url;
        Ok(self)
    }

    pub fn with_lang(mut self, lang: Lang) -> PscConfig {
        self.lang = lang;
        self
    }

    pub fn with_sign_in_timeout(mut self, timeout: Duration) -> PscConfig {
        self.sign_in_timeout = timeout;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_is_at_the_wallet_path() {
        let config = PscConfig::sandbox("medimail-desktop").unwrap();
        assert_eq!(
            config.discovery_url.as_str(),
            "https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet/.well-known/wallet-openid-configuration"
        );
        let prod = PscConfig::new("https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/", "x").unwrap();
        assert_eq!(prod.issuer, PscConfig::PRODUCTION_ISSUER);
        assert!(prod.discovery_url.as_str().ends_with("/esante-wallet/.well-known/wallet-openid-configuration"));
    }

    #[test]
    fn refuses_what_is_not_an_https_issuer() {
        for bad in ["http://auth.test/realms/x", "auth.test", "https://auth.test/?a=b", ""] {
            assert!(PscConfig::new(bad, "medimail-desktop").is_err(), "{bad}");
        }
        assert!(PscConfig::new("https://auth.test/realms/x", "").is_err());
        assert!(PscConfig::sandbox("x").unwrap().with_discovery_url("http://plain.test/d").is_err());
    }
}

//! Discovery at PSC's own path: openidconnect's `discover_async` only knows
//! `.well-known/openid-configuration`, so the document is fetched here and read with
//! openidconnect's types; the key set is then fetched by openidconnect.

use openidconnect::http::{header, Method, Request, StatusCode};
use openidconnect::JsonWebKeySet;

use super::claims::PscProviderMetadata;
use super::config::PscConfig;
use super::http::PscHttp;
use crate::{EngineError, Result};

pub(crate) async fn discover(config: &PscConfig, http: &PscHttp) -> Result<PscProviderMetadata> {
    let request = Request::builder()
        .method(Method::GET)
        .uri(config.discovery_url.as_str())
        .header(header::ACCEPT, "application/json")
        .body(Vec::new())
        .map_err(|e| EngineError::Internal(format!("discovery request: {e}")))?;
    let response = http.send(request).await?;
    if response.status() != StatusCode::OK {
        return Err(EngineError::Psc(format!("discovery answered HTTP {}", response.status().as_u16())));
    }
    let metadata = read_metadata(config, response.body())?;
    let jwks = JsonWebKeySet::fetch_async(metadata.jwks_uri(), http)
        .await
        .map_err(|e| EngineError::Psc(format!("the provider's keys could not be read: {}", discovery_error(&e))))?;
    tracing::debug!(ciba = metadata.additional_metadata().backchannel_authentication_endpoint.is_some(), "PSC discovered");
    Ok(metadata.set_jwks(jwks))
}

/// The document, checked to be the configured issuer's (OpenID Discovery §4.3).
pub(crate) fn read_metadata(config: &PscConfig, body: &[u8]) -> Result<PscProviderMetadata> {
    let metadata: PscProviderMetadata = serde_json::from_slice(body)
        .map_err(|e| EngineError::Psc(format!("the discovery document cannot be read: {e}")))?;
    if metadata.issuer().as_str().trim_end_matches('/') != config.issuer {
        return Err(EngineError::Psc("the discovery document names another issuer".into()));
    }
    let Some(token_endpoint) = metadata.token_endpoint() else {
        return Err(EngineError::Psc("the discovery document names no token endpoint".into()));
    };
    let extra = metadata.additional_metadata();
    let (ciba, revocation) = (extra.backchannel_authentication_endpoint.as_ref(), extra.revocation_endpoint.as_ref());
    // Codes, refresh tokens and the practitioner's identifier go to these endpoints.
    let endpoints = [Some(token_endpoint.url()), Some(metadata.authorization_endpoint().url()), Some(metadata.jwks_uri().url()), ciba, revocation];
    if !endpoints.into_iter().flatten().all(secure) {
        return Err(EngineError::Psc("the discovery document names an endpoint that is not https".into()));
    }
    Ok(metadata)
}

fn secure(url: &openidconnect::url::Url) -> bool {
    // The unit tests' scripted token endpoint speaks plain HTTP on the loopback.
    url.scheme() == "https" || (cfg!(test) && url.host_str() == Some("127.0.0.1"))
}

fn discovery_error<E: std::error::Error>(err: &openidconnect::DiscoveryError<E>) -> String {
    match err {
        openidconnect::DiscoveryError::Request(e) => e.to_string(),
        openidconnect::DiscoveryError::Response(status, _, _) => format!("HTTP {}", status.as_u16()),
        other => other.to_string(),
    }
}

//! The one HTTP client of Pro Santé Connect: reqwest over the engine's TLS policy (the
//! system roots plus the account's CA file, TLS 1.2 or 1.3, ring), following no redirect
//! (openidconnect's SSRF advice: a redirect could send a token request anywhere). It is
//! handed to openidconnect as its `AsyncHttpClient`, and the CIBA requests (which
//! openidconnect does not know) go through it too.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use openidconnect::{http, url, AsyncHttpClient, HttpRequest, HttpResponse};

use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// A discovery document, a key set or a token answer is a few KB; more is not one of them.
const BODY_LIMIT: usize = 512 * 1024;

#[derive(Clone, Debug)]
pub(crate) struct PscHttp {
    client: reqwest::Client,
}

/// Why a request got no answer. Its text names no URL query and no body.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HttpError {
    #[error("cannot reach {host}: {detail}")]
    Network { host: String, detail: String },
    #[error("no answer within {0} s")]
    Timeout(u64),
    #[error("the answer is larger than {BODY_LIMIT} bytes")]
    TooLarge,
    #[error("request could not be built: {0}")]
    Request(String),
    /// The provider's certificate is revoked or expired: said as such, like a mail server's.
    #[error("the certificate of {host} was refused (revoked: {revoked})")]
    Certificate { host: String, revoked: bool },
}

impl From<HttpError> for EngineError {
    fn from(err: HttpError) -> EngineError {
        match err {
            HttpError::Network { host, detail } => EngineError::Connect { server: host, source: std::io::Error::other(detail) },
            HttpError::Timeout(secs) => EngineError::Timeout(secs),
            HttpError::Certificate { host, revoked: true } => EngineError::CertificateRevoked(host),
            HttpError::Certificate { host, revoked: false } => EngineError::CertificateExpired(host),
            other => EngineError::Psc(other.to_string()),
        }
    }
}

impl PscHttp {
    pub(crate) fn new(tls: &TlsPolicy) -> Result<PscHttp> {
        let config = tls.client_config()?;
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured((*config).clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| EngineError::Internal(format!("HTTP client: {}", e.without_url())))?;
        Ok(PscHttp { client })
    }

    pub(crate) async fn send(&self, request: HttpRequest) -> std::result::Result<HttpResponse, HttpError> {
        let host = request.uri().host().unwrap_or_default().to_owned();
        let request = reqwest::Request::try_from(request).map_err(|e| HttpError::Request(e.without_url().to_string()))?;
        let network = |e: reqwest::Error| {
            if e.is_timeout() {
                HttpError::Timeout(REQUEST_TIMEOUT.as_secs())
            } else if let Some(refusal) = crate::tls::certificate_refusal(&e, &host) {
                HttpError::Certificate { host: host.clone(), revoked: refusal.code() == crate::ErrorCode::CertificateRevoked }
            } else {
                HttpError::Network { host: host.clone(), detail: error_chain(&e.without_url()) }
            }
        };
        let mut response = self.client.execute(request).await.map_err(network)?;
        let mut builder = http::Response::builder().status(response.status()).version(response.version());
        for (name, value) in response.headers() {
            builder = builder.header(name, value);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(network)? {
            if body.len() + chunk.len() > BODY_LIMIT {
                return Err(HttpError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        builder.body(body).map_err(|e| HttpError::Request(e.to_string()))
    }

    /// A form POST (the CIBA requests), answered with its status and body.
    pub(crate) async fn post_form(&self, url: &url::Url, form: &[(&str, &str)]) -> std::result::Result<(u16, Vec<u8>), HttpError> {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let request = http::Request::builder()
            .method(http::Method::POST)
            .uri(url.as_str())
            .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(http::header::ACCEPT, "application/json")
            .body(body.into_bytes())
            .map_err(|e| HttpError::Request(e.to_string()))?;
        let response = self.send(request).await?;
        Ok((response.status().as_u16(), response.into_body()))
    }
}

/// The causes too: reqwest's own text is only "error sending request".
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl<'c> AsyncHttpClient<'c> for PscHttp {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = std::result::Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}

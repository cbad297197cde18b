//! Sign-in from the e-CPS app without a browser: OpenID CIBA in poll mode. The
//! practitioner types their identifier, the window shows a short binding message, the app
//! shows the same and asks for approval; meanwhile the token endpoint is polled.
//!
//! By hand over the same HTTP client: openidconnect has no CIBA. Two form POSTs and their
//! JSON answers; the token answer is then read and verified with openidconnect's types.

use std::time::{Duration, Instant};

use openidconnect::url::Url;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::claims::PscTokenResponse;
use super::http::HttpError;
use super::session::PscSession;
use super::PscClient;
use crate::{EngineError, Result};

const GRANT_TYPE: &str = "urn:openid:params:grant-type:ciba";
/// CIBA Core §7.3: poll every 5 s unless the provider says otherwise.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
/// RFC 8628 §3.5 (which CIBA follows): slow_down adds 5 s.
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// Letters and digits that cannot be mistaken for one another on a phone's screen.
const BINDING_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const BINDING_LENGTH: usize = 6;
/// Polls that fail on the network in a row before the sign-in gives up.
const NETWORK_TRIES: u32 = 3;

/// A CIBA sign-in the practitioner has still to approve on the e-CPS app.
pub struct CibaPending {
    client: PscClient,
    auth_req_id: SecretString,
    binding_message: String,
    interval: Duration,
    deadline: Instant,
}

impl std::fmt::Debug for CibaPending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CibaPending { .. }")
    }
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct StartAnswer {
    auth_req_id: String,
    expires_in: u64,
    #[serde(default)]
    interval: Option<u64>,
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: String,
}

/// What one poll of the token endpoint said.
#[derive(Debug)]
pub(crate) enum PollStep {
    Tokens(Box<PscTokenResponse>),
    Pending,
    SlowDown,
    Denied,
    Expired,
    Failed(String),
}

impl PscClient {
    /// Starts a CIBA sign-in for the practitioner named by `login_hint` (their identifier).
    /// Show [`CibaPending::binding_message`], then [`CibaPending::wait`].
    pub async fn start_ciba(&self, login_hint: &str) -> Result<CibaPending> {
        let endpoint = self
            .inner
            .ciba_endpoint
            .as_ref()
            .ok_or_else(|| EngineError::Unsupported("Pro Santé Connect CIBA".into()))?;
        let login_hint = login_hint.trim();
        if login_hint.is_empty() || login_hint.chars().any(char::is_control) {
            return Err(EngineError::InvalidInput("the identifier is empty or holds control characters".into()));
        }
        let binding_message = binding_message();
        let form = [
            ("client_id", self.inner.config.client_id.as_str()),
            ("scope", "openid scope_all"),
            ("acr_values", super::session::ACR),
            ("login_hint", login_hint),
            ("binding_message", binding_message.as_str()),
        ];
        let (status, body) = self.inner.http.post_form(endpoint, &form).await?;
        let started = Instant::now();
        let answer = read_start(status, &body)?;
        tracing::info!("Pro Santé Connect CIBA sign-in started");
        Ok(CibaPending {
            client: self.clone(),
            auth_req_id: SecretString::from(answer.auth_req_id.as_str()),
            binding_message,
            interval: answer.interval.map(Duration::from_secs).filter(|d| !d.is_zero()).unwrap_or(DEFAULT_INTERVAL),
            deadline: started + Duration::from_secs(answer.expires_in),
        })
    }
}

impl CibaPending {
    /// The code the window shows; the e-CPS app shows the same one to approve.
    pub fn binding_message(&self) -> &str {
        &self.binding_message
    }

    /// Polls until the practitioner approves (a session), refuses (`PscDenied`) or lets
    /// the request expire (`PscSignInExpired`).
    pub async fn wait(mut self) -> Result<PscSession> {
        let token_url: Url = self.client.inner.token_url.clone();
        let mut network_failures = 0;
        loop {
            tokio::time::sleep(self.interval).await;
            if Instant::now() >= self.deadline {
                return Err(EngineError::PscSignInExpired);
            }
            let form = [
                ("grant_type", GRANT_TYPE),
                ("auth_req_id", self.auth_req_id.expose_secret()),
                ("client_id", self.client.inner.config.client_id.as_str()),
            ];
            let (status, body) = match self.client.inner.http.post_form(&token_url, &form).await {
                Ok(answer) => answer,
                Err(err @ (HttpError::Network { .. } | HttpError::Timeout(_))) => {
                    network_failures += 1;
                    if network_failures >= NETWORK_TRIES {
                        return Err(err.into());
                    }
                    continue;
                }
                Err(other) => return Err(other.into()),
            };
            network_failures = 0;
            match read_poll(status, &body) {
                PollStep::Tokens(response) => {
                    let session = PscSession::from_response(&self.client, &response, None)?;
                    tracing::info!("Pro Santé Connect CIBA sign-in approved");
                    return Ok(session);
                }
                PollStep::Pending => {}
                PollStep::SlowDown => self.interval += SLOW_DOWN_STEP,
                PollStep::Denied => return Err(EngineError::PscDenied),
                PollStep::Expired => return Err(EngineError::PscSignInExpired),
                PollStep::Failed(why) => return Err(EngineError::Psc(why)),
            }
        }
    }
}

#[cfg(test)]
impl CibaPending {
    /// A request as if started, polling every `interval` until `lifetime` is over.
    pub(crate) fn for_tests(client: PscClient, interval: Duration, lifetime: Duration) -> CibaPending {
        CibaPending {
            client,
            auth_req_id: SecretString::from("req-1"),
            binding_message: binding_message(),
            interval,
            deadline: Instant::now() + lifetime,
        }
    }
}

fn binding_message() -> String {
    let mut rng = rand::rng();
    (0..BINDING_LENGTH)
        .map(|_| BINDING_ALPHABET[rng.random_range(0..BINDING_ALPHABET.len())] as char)
        .collect()
}

fn read_start(status: u16, body: &[u8]) -> Result<StartAnswer> {
    if status == 200 {
        let answer: StartAnswer =
            serde_json::from_slice(body).map_err(|_| EngineError::Psc("the CIBA answer cannot be read".into()))?;
        if answer.auth_req_id.is_empty() || answer.expires_in == 0 {
            return Err(EngineError::Psc("the CIBA answer holds no request".into()));
        }
        return Ok(answer);
    }
    let error = serde_json::from_slice::<ErrorAnswer>(body).map(|e| e.error).unwrap_or_default();
    Err(match error.as_str() {
        "access_denied" => EngineError::PscDenied,
        "unknown_user_id" => EngineError::InvalidInput("Pro Santé Connect knows no practitioner by this identifier".into()),
        "" => EngineError::Psc(format!("the CIBA endpoint answered HTTP {status}")),
        code => EngineError::Psc(format!("the CIBA endpoint answered {}", printable(code))),
    })
}

pub(crate) fn read_poll(status: u16, body: &[u8]) -> PollStep {
    if status == 200 {
        return match serde_json::from_slice::<PscTokenResponse>(body) {
            Ok(response) => PollStep::Tokens(Box::new(response)),
            Err(_) => PollStep::Failed("the token answer cannot be read".into()),
        };
    }
    match serde_json::from_slice::<ErrorAnswer>(body).map(|e| e.error) {
        Ok(code) => match code.as_str() {
            "authorization_pending" => PollStep::Pending,
            "slow_down" => PollStep::SlowDown,
            "access_denied" => PollStep::Denied,
            "expired_token" => PollStep::Expired,
            other => PollStep::Failed(format!("the token endpoint answered {}", printable(other))),
        },
        Err(_) => PollStep::Failed(format!("the token endpoint answered HTTP {status}")),
    }
}

/// An OAuth error code as it may go in a log: short, and only its allowed characters.
fn printable(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_poll_answer() {
        assert!(matches!(read_poll(400, br#"{"error":"authorization_pending"}"#), PollStep::Pending));
        assert!(matches!(read_poll(400, br#"{"error":"slow_down","error_description":"x"}"#), PollStep::SlowDown));
        assert!(matches!(read_poll(400, br#"{"error":"access_denied"}"#), PollStep::Denied));
        assert!(matches!(read_poll(400, br#"{"error":"expired_token"}"#), PollStep::Expired));
        assert!(matches!(read_poll(400, br#"{"error":"invalid_grant"}"#), PollStep::Failed(ref s) if s.ends_with("invalid_grant")));
        assert!(matches!(read_poll(502, b"<html>Bad gateway</html>"), PollStep::Failed(ref s) if s.contains("502")));
        assert!(matches!(read_poll(200, b"{not json"), PollStep::Failed(_)));
        use base64::Engine as _;
        let b64 = |v: serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        let id_token = format!(
            "{}.{}.c2ln",
            b64(serde_json::json!({"alg": "RS256", "typ": "JWT"})),
            b64(serde_json::json!({"iss": "https://psc.test", "aud": "medimail-desktop", "sub": "s", "exp": 2, "iat": 1, "SubjectNameID": "810000000001"}))
        );
        let tokens = serde_json::json!({"access_token": "at", "token_type": "Bearer", "expires_in": 60, "refresh_token": "rt", "id_token": id_token, "scope": "openid scope_all"});
        match read_poll(200, tokens.to_string().as_bytes()) {
            PollStep::Tokens(response) => {
                use openidconnect::OAuth2TokenResponse;
                assert_eq!(response.access_token().secret(), "at");
                assert_eq!(response.expires_in(), Some(Duration::from_secs(60)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_the_start_answer() {
        let ok = read_start(200, br#"{"auth_req_id":"r1","expires_in":120,"interval":2}"#).unwrap();
        assert_eq!((ok.auth_req_id.as_str(), ok.expires_in, ok.interval), ("r1", 120, Some(2)));
        assert!(read_start(200, br#"{"auth_req_id":"r1","expires_in":120}"#).unwrap().interval.is_none());
        assert_eq!(read_start(400, br#"{"error":"unknown_user_id"}"#).unwrap_err().code(), crate::ErrorCode::InvalidInput);
        assert_eq!(read_start(403, br#"{"error":"access_denied"}"#).unwrap_err().code(), crate::ErrorCode::PscDenied);
        assert_eq!(read_start(400, br#"{"error":"invalid_request\n<script>"}"#).unwrap_err().to_string(), "Pro Santé Connect: the CIBA endpoint answered invalid_requestscript");
        assert_eq!(read_start(200, b"{}").unwrap_err().code(), crate::ErrorCode::Psc);
    }

    #[test]
    fn binding_messages_are_short_and_unambiguous() {
        let a = binding_message();
        assert_eq!(a.len(), BINDING_LENGTH);
        assert!(a.bytes().all(|b| BINDING_ALPHABET.contains(&b)));
        assert!((0..5).any(|_| binding_message() != a));
    }

    const PENDING: (u16, &str) = (400, r#"{"error":"authorization_pending"}"#);
    const MS: Duration = Duration::from_millis(20);

    async fn wait_with(answers: Vec<(u16, &'static str)>, lifetime: Duration) -> (crate::Result<PscSession>, usize, Vec<String>) {
        let (url, count, bodies) = crate::psc::test_support::scripted_endpoint(answers, Duration::ZERO).await;
        let client = crate::psc::test_support::client_with_token_endpoint(true, &url);
        let outcome = CibaPending::for_tests(client, MS, lifetime).wait().await;
        let bodies = bodies.lock().unwrap().clone();
        (outcome, count.load(std::sync::atomic::Ordering::SeqCst), bodies)
    }

    #[tokio::test]
    async fn polls_while_pending_until_refused() {
        let (outcome, polls, bodies) = wait_with(vec![PENDING, PENDING, (400, r#"{"error":"access_denied"}"#)], Duration::from_secs(10)).await;
        assert_eq!(outcome.unwrap_err().code(), crate::ErrorCode::PscDenied);
        assert_eq!(polls, 3);
        assert!(bodies[0].contains("grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba"), "{}", bodies[0]);
        assert!(bodies[0].contains("auth_req_id=req-1") && bodies[0].contains("client_id=medimail-desktop"));
    }

    #[tokio::test]
    async fn an_expired_request_ends_the_wait() {
        let (outcome, polls, _) = wait_with(vec![PENDING, (400, r#"{"error":"expired_token"}"#)], Duration::from_secs(10)).await;
        assert_eq!(outcome.unwrap_err().code(), crate::ErrorCode::PscSignInExpired);
        assert_eq!(polls, 2);
        // Past expires_in, the engine stops asking by itself.
        let (outcome, polls, _) = wait_with(vec![PENDING], Duration::from_millis(200)).await;
        assert_eq!(outcome.unwrap_err().code(), crate::ErrorCode::PscSignInExpired);
        assert!((1..=11).contains(&polls), "{polls}");
    }

    #[tokio::test]
    async fn an_approval_without_a_valid_id_token_is_no_sign_in() {
        let tokens = r#"{"access_token":"at","token_type":"Bearer","expires_in":60}"#;
        let (outcome, polls, _) = wait_with(vec![PENDING, (200, tokens)], Duration::from_secs(10)).await;
        assert_eq!(outcome.unwrap_err().code(), crate::ErrorCode::Psc);
        assert_eq!(polls, 2);
    }

    #[tokio::test]
    async fn slow_down_lengthens_the_interval() {
        // One slow_down: the next poll waits 5 s more, so none comes within a second.
        let (url, count, _) = crate::psc::test_support::scripted_endpoint(vec![(400, r#"{"error":"slow_down"}"#)], Duration::ZERO).await;
        let client = crate::psc::test_support::client_with_token_endpoint(true, &url);
        let waiting = tokio::spawn(CibaPending::for_tests(client, MS, Duration::from_secs(60)).wait());
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), 1);
        waiting.abort();
    }

    #[tokio::test]
    async fn without_a_ciba_endpoint_ciba_is_unsupported() {
        let err = crate::psc::test_support::client(false).start_ciba("899700000001").await.unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Unsupported);
    }
}

/// What the window shows once an e-CPS sign-in is asked: the code to pick in the app.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub struct CibaStarted {
    pub binding_message: String,
}

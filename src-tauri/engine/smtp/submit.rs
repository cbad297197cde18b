//! Submitting one message to the operator's MSA.

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Identity, Tls, TlsParameters, TlsVersion};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::engine::server::{Login, Security, ServerAddress};
use crate::engine::tls::TlsPolicy;
use crate::engine::{EngineError, Result};

const TIMEOUT: Duration = Duration::from_secs(60);

pub async fn submit(server: &ServerAddress, tls: &TlsPolicy, login: &Login, message: Message) -> Result<()> {
    let transport = transport(server, tls, login)?;
    transport.send(message).await.map_err(classify)?;
    Ok(())
}

fn transport(server: &ServerAddress, tls: &TlsPolicy, login: &Login) -> Result<AsyncSmtpTransport<Tokio1Executor>> {
    let mut params = TlsParameters::builder(server.host.clone()).set_min_tls_version(TlsVersion::Tlsv12);
    if let Some(pem) = tls.extra_roots_pem() {
        let cert = Certificate::from_pem(pem).map_err(|e| EngineError::Certificate(format!("CA file: {e}")))?;
        params = params.add_root_certificate(cert);
    }
    if let Some((cert, key)) = tls.identity_pem() {
        let identity =
            Identity::from_pem(cert, key).map_err(|e| EngineError::Certificate(format!("client certificate: {e}")))?;
        params = params.identify_with(identity);
    }
    let params = params
        .build_rustls()
        .map_err(|e| EngineError::Internal(format!("TLS setup: {e}")))?;
    let tls = match server.security {
        Security::ImplicitTls => Tls::Wrapper(params),
        Security::StartTls => Tls::Required(params),
    };
    let builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(server.host.as_str())
        .port(server.port)
        .tls(tls)
        .timeout(Some(TIMEOUT));
    let builder = match login {
        Login::Password { user, password } => builder
            .credentials(Credentials::new(user.clone(), password.expose_secret().to_owned()))
            .authentication(vec![Mechanism::Plain, Mechanism::Login]),
        Login::ClientCertificate => {
            return Err(EngineError::Unsupported(
                "certificate login for sending (SASL EXTERNAL over SMTP)".into(),
            ))
        }
    };
    Ok(builder.build())
}

fn classify(err: lettre::transport::smtp::Error) -> EngineError {
    if err.is_permanent() {
        // 535 is the one permanent failure that means the login itself was refused.
        if err.status().map(|code| code.to_string()) == Some("535".into()) {
            return EngineError::AuthFailed;
        }
        return EngineError::Server(format!("the server refused the message: {err}"));
    }
    if err.is_transient() {
        return EngineError::Server(format!("the server deferred the message: {err}"));
    }
    if err.is_timeout() {
        return EngineError::Timeout(TIMEOUT.as_secs());
    }
    if err.is_tls() {
        return EngineError::Tls {
            server: "SMTP server".into(),
            detail: err.to_string(),
        };
    }
    EngineError::Server(format!("sending failed: {err}"))
}

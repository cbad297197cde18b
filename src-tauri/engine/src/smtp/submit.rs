//! Submitting one ready-made message in one call (tests, simple tools). The outbox uses
//! [`SmtpSession`] directly, to record when a hand-over starts.

use lettre::Message;

use super::session::{Handover, SmtpSession};
use crate::server::{Login, ServerAddress};
use crate::tls::TlsPolicy;
use crate::{EngineError, Result};

pub async fn submit(server: &ServerAddress, tls: &TlsPolicy, login: &Login, message: Message) -> Result<()> {
    let envelope = message.envelope();
    let from = envelope
        .from()
        .map(|a| a.to_string())
        .ok_or_else(|| EngineError::InvalidInput("the message has no sender".into()))?;
    let to: Vec<String> = envelope.to().iter().map(|a| a.to_string()).collect();
    let mut session = SmtpSession::open(server, tls, login).await?;
    let handover = session.submit(&from, &to, &message.formatted(), false, "", || Ok(())).await?;
    session.close().await;
    match handover {
        Handover::Accepted => Ok(()),
        Handover::Refused(err) | Handover::NotYet(err) | Handover::Uncertain(err) => Err(err),
    }
}

//! Everything that speaks SMTP (submission with lettre).

mod session;
mod starttls;
mod submit;

pub use session::{Handover, SmtpFeatures, SmtpSession};
pub use submit::submit;

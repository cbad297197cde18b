//! Everything that speaks SMTP (submission with lettre).

mod submit;

pub use submit::submit;

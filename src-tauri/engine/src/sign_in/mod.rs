//! Who is signed in, held in memory only and dropped at sign-out: the CPS card's session
//! (its PIN verified) for card accounts. Connections opened with a sign-in carry a guard
//! that ends them when the sign-in ends (the card pulled out, sign-out).

mod card;

pub use card::{CardGuard, CardPhase, CardSignIn, PhaseWatch};

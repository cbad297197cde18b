//! `medimail sign-in` and `sign-out`: the command line's side of "Se déconnecter". After a
//! sign-out (here or in the window), no account connects until someone signs in again: with
//! the card (`--pin-stdin`), a password account's password, or Pro Santé Connect.

use clap::Args;

use super::account::{psc_sign_in, read_password};
use super::{block_on, output, Context, Text};
use medimail_engine::types::AuthMethod;
use medimail_engine::EngineError;

#[derive(Debug, Args)]
pub struct SignInArgs {
    /// Le compte (sinon le seul compte).
    #[arg(long)]
    account: Option<String>,
    /// Lit le mot de passe sur l'entrée standard (comptes à mot de passe).
    #[arg(long)]
    password_stdin: bool,
    /// Pro Santé Connect : avec l'application e-CPS de cet identifiant plutôt que le navigateur.
    #[arg(long, value_name = "ID")]
    psc_identifier: Option<String>,
}

pub fn sign_in(ctx: &Context<'_>, args: SignInArgs) -> Result<(), EngineError> {
    // With --pin-stdin, opening the engine has signed in with the card already.
    let engine = ctx.engine()?;
    let account = engine.account_info(args.account.as_deref())?;
    match account.auth {
        AuthMethod::Card if ctx.pin.is_some() => {}
        AuthMethod::Card => return Err(EngineError::PinRequired),
        AuthMethod::Password if args.password_stdin => engine.sign_in_with_password(&account.email, &read_password()?)?,
        AuthMethod::Password => return Err(EngineError::InvalidInput("--password-stdin is required".into())),
        AuthMethod::Psc => {
            block_on(async {
                let (client, provider, ca_file) = engine.psc_client_of(&account.email).await?;
                let session = psc_sign_in(ctx, &client, args.psc_identifier.as_deref()).await?;
                engine.signed_in_with_psc(provider, session, Some(&account.email), ca_file).await
            })?;
        }
    }
    if ctx.json {
        return output::json(&serde_json::json!({ "signed_in": account.email }));
    }
    outln!("{}", ctx.say(Text::new("cli-signed-in").arg("email", account.email.as_str())));
    Ok(())
}

pub fn sign_out(ctx: &Context<'_>) -> Result<(), EngineError> {
    let engine = ctx.engine_signed_out()?;
    block_on(async {
        engine.sign_out().await;
        Ok(())
    })?;
    if ctx.json {
        return output::json(&serde_json::json!({ "signed_out": true }));
    }
    outln!("{}", ctx.t("cli-signed-out"));
    Ok(())
}

-- How each account signs in (issue 13): a password in the OS keyring, the CPS card over
-- PC/SC, or Pro Santé Connect. Card and PSC accounts are bound to one practitioner: the
-- national identifier (8 + RPPS, or 0 + ADELI) the card's certificate or the PSC token's
-- SubjectNameID carried at sign-up; another practitioner's card or token is refused.
ALTER TABLE account ADD COLUMN auth TEXT NOT NULL DEFAULT 'password'
    CHECK (auth IN ('password', 'card', 'psc'));
ALTER TABLE account ADD COLUMN practitioner_id TEXT;
-- Pro Santé Connect accounts: which provider (sandbox, production, an operator's own) and
-- the client identifier the app is registered under there.
ALTER TABLE account ADD COLUMN psc_issuer TEXT;
ALTER TABLE account ADD COLUMN psc_client_id TEXT;
-- "Demander la réinitialisation du mot de passe": the operator's page, when the account was
-- set up with one (each operator has its own).
ALTER TABLE account ADD COLUMN password_reset_url TEXT;

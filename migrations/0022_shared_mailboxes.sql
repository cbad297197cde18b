-- Several accounts and organisational mailboxes (issue 15).
-- An organisational mailbox opened through a member's account: it signs in with the
-- member's own credentials and the organisational address as SASL authorisation identity,
-- so it needs no secret of its own. Removing the member's account removes it here too
-- (its archive with it, as for any account removed); a member whose access the server
-- withdraws keeps the archive: the account stays and only its connection is refused.
ALTER TABLE account ADD COLUMN via_account_id INTEGER REFERENCES account (id) ON DELETE CASCADE;
-- "Compte par défaut": the account that opens at start; at most one.
ALTER TABLE account ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1));
CREATE UNIQUE INDEX account_one_default ON account (is_default) WHERE is_default = 1;
-- "Notif de réception vers compte de connexion": arrivals in this account are announced
-- to the account the user signed in with (read by the notifications).
ALTER TABLE account ADD COLUMN notify_to_sign_in INTEGER NOT NULL DEFAULT 0 CHECK (notify_to_sign_in IN (0, 1));

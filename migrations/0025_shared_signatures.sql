-- Signatures of an organisational mailbox (issue 15): every member who opens the box, on
-- any computer, sees them. They live on the server as private annotations of the box's
-- own login (RFC 5464 METADATA, which all its members log in as), one per signature,
-- named by `server_id`; NULL for an ordinary account's, which never leave this computer.
-- A change made here is planned first (`sync_state`) and written at the box's next sync
-- pass, so one made offline is not lost; a deleted one stays as a hidden tombstone
-- ('to_delete') until the server has forgotten it too. Which signature is the default
-- stays each member's own choice: `is_default` is not shared.
ALTER TABLE signature ADD COLUMN server_id TEXT;
ALTER TABLE signature ADD COLUMN sync_state TEXT NOT NULL DEFAULT 'synced'
    CHECK (sync_state IN ('synced', 'to_write', 'to_delete'));
CREATE UNIQUE INDEX signature_by_server_id ON signature (account_id, server_id) WHERE server_id IS NOT NULL;
-- A box's signatures made before this version were this computer's only: shared now.
UPDATE signature SET server_id = lower(hex(randomblob(16))), sync_state = 'to_write'
 WHERE account_id IN (SELECT id FROM account WHERE kind = 'organisationnel');

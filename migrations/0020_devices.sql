-- "Appareils" (issue 15): each installation of the app keeps, on the account's server, one
-- annotation (RFC 5464) named by this id with its name and last activity; another
-- installation can revoke it. A new id is drawn when this one is revoked, so signing in
-- again shows as a new installation. `revoked_at`: when this installation learnt that its
-- access was revoked (Unix seconds); the account does not connect until the user signs in
-- to it again.
ALTER TABLE account ADD COLUMN device_id TEXT;
ALTER TABLE account ADD COLUMN revoked_at INTEGER;
UPDATE account SET device_id = lower(hex(randomblob(16)));

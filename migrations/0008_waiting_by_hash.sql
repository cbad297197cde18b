-- Sync looks a new message's bytes up among the messages waiting for a server identity
-- (moved here, renumbered, or gone from the server), never among the others. Indexing only
-- those keeps the index tiny: an initial sync no longer inserts every message's hash at a
-- random place in a B-tree as large as the mailbox, and each lookup reads a page or two.
DROP INDEX message_by_hash;
CREATE INDEX message_waiting_by_hash ON message (account_id, hash) WHERE uid IS NULL OR on_server = 0;

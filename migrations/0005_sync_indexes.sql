-- Indexes that keep a no-op resync and the message list independent of mailbox size.

-- What the store believes the server has in a folder (counted at every pass).
CREATE INDEX message_on_server ON message (folder_id, uidvalidity, on_server, uid);

-- Messages waiting to be matched again on the server (after a move or a renumbering).
CREATE INDEX message_awaiting_match ON message (folder_id) WHERE uid IS NULL AND on_server = 1;

-- The default list order of a folder: newest first.
CREATE INDEX message_by_folder_day ON message (folder_id, coalesce(date, internal_date));

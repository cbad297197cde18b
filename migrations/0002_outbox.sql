-- Sending: the account's Medimail type (who may write to patients) and the outbox.

ALTER TABLE account ADD COLUMN kind TEXT NOT NULL DEFAULT 'personnel'
    CHECK (kind IN ('personnel', 'interne', 'medimail', 'organisationnel'));

-- A message leaves through here, built once (its Message-ID fixed) and kept until the
-- server took it. States:
--   queued        waiting for the server (offline, or a temporary failure)
--   handing_over  the message bytes are being handed to the server: if found at start-up
--                 the outcome is unknown, and it is never resent without the user's say
--   sent          the server accepted it
--   failed        the server refused it for good (reason in last_error)
--   uncertain     an interrupted hand-over, waiting for the user's decision
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    message_id    TEXT    NOT NULL UNIQUE,
    state         TEXT    NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'handing_over', 'sent', 'failed', 'uncertain')),
    envelope_from TEXT    NOT NULL,
    envelope_to   TEXT    NOT NULL,
    subject       TEXT    NOT NULL DEFAULT '',
    raw           BLOB    NOT NULL,
    size          INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER,
    -- 1 once a copy is in the Sent folder (filed by us, or found filed by the server).
    filed         INTEGER NOT NULL DEFAULT 0 CHECK (filed IN (0, 1)),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT
) STRICT;

CREATE INDEX outbox_by_state ON outbox (account_id, state);

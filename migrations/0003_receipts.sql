-- Delivery and read receipts: what reports said about the messages we sent, which sent
-- messages asked for read receipts, the read receipts we sent, and user settings.

-- One line per recipient of one report (RFC 3464 DSN or RFC 8098 MDN). Filled when sync
-- stores a new report message; a report met again (copied, or moved by another client) is
-- recognised by its own Message-ID and recorded once.
CREATE TABLE receipt (
    id                  INTEGER PRIMARY KEY,
    account_id          INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind                TEXT    NOT NULL CHECK (kind IN ('dsn', 'mdn')),
    -- The sent message it is about, without angle brackets: the report's own reference,
    -- else found through our ENVID (medimail-<outbox id>). NULL when neither is known.
    original_message_id TEXT,
    envelope_id         TEXT,
    -- Lower case: the address as we sent it when the report says, else the final one.
    recipient           TEXT    NOT NULL,
    final_recipient     TEXT,
    -- DSN: delivered, failed, delayed, relayed, expanded.
    -- MDN: displayed, deleted, dispatched, processed, denied, failed.
    action              TEXT    NOT NULL,
    -- MDN: the Disposition field as sent; its /error modifier.
    disposition         TEXT,
    error               INTEGER NOT NULL DEFAULT 0 CHECK (error IN (0, 1)),
    -- DSN: status code (5.1.1). Diagnostic: the server's reply, or the MDN's Error field.
    status              TEXT,
    diagnostic          TEXT,
    -- Unix seconds: the report's own dates, else its Date header, else its arrival.
    event_at            INTEGER,
    -- The report's Message-ID, or its content hash when it has none.
    report_key          TEXT    NOT NULL,
    -- The report as a message; kept when the user purges it, the timeline still holds.
    report_row_id       INTEGER REFERENCES message (id) ON DELETE SET NULL,
    -- 1 once an opening was considered for a desktop notification.
    notified            INTEGER NOT NULL DEFAULT 0 CHECK (notified IN (0, 1)),
    recorded_at         INTEGER NOT NULL,
    UNIQUE (account_id, report_key, kind, recipient)
) STRICT;

CREATE INDEX receipt_by_original ON receipt (account_id, original_message_id);
CREATE INDEX receipt_to_notify ON receipt (notified) WHERE notified = 0;

-- The Sent list's opening state, kept up to date as sent copies and reports are recorded
-- (in either order): how many recipients a sent
-- message had when it asked for read receipts (NULL: it asked for none, or its copy is not
-- synced yet) and how many distinct recipients reported opening it.
CREATE TABLE open_tracking (
    account_id  INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    message_id  TEXT    NOT NULL,
    recipients  INTEGER CHECK (recipients >= 0),
    opened      INTEGER NOT NULL DEFAULT 0 CHECK (opened >= 0),
    PRIMARY KEY (account_id, message_id)
) STRICT, WITHOUT ROWID;

-- The same state copied onto the messages it is about, so that listing a large Sent folder
-- costs no more than before. NULL: nothing tracked (shown as "no information" in Sent).
ALTER TABLE message ADD COLUMN open_state TEXT
    CHECK (open_state IN ('all_opened', 'some_opened', 'none_opened', 'no_information'));

-- Read receipts we sent: at most one per received message (its Message-ID, or content
-- hash). The MDN's own Message-ID is derived from the original, so the outbox's unique
-- Message-ID refuses a second one even if this row were lost.
CREATE TABLE mdn_sent (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    original_key    TEXT    NOT NULL,
    mdn_message_id  TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (account_id, original_key)
) STRICT;

-- Small user settings (mdn_policy: always/ask/never; open_notifications: 0/1).
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

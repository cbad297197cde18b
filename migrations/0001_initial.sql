-- The local store: accounts, folders, every message ever seen (raw bytes kept for good),
-- full-text index, and the server changes planned but not yet applied.

CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT,
    login         TEXT    NOT NULL,
    imap_host     TEXT    NOT NULL,
    imap_port     INTEGER NOT NULL CHECK (imap_port BETWEEN 1 AND 65535),
    imap_security TEXT    NOT NULL CHECK (imap_security IN ('implicit', 'starttls')),
    smtp_host     TEXT    NOT NULL,
    smtp_port     INTEGER NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
    smtp_security TEXT    NOT NULL CHECK (smtp_security IN ('implicit', 'starttls')),
    ca_file       TEXT,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE folder (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    -- The server's name, decoded from modified UTF-7, with the server's delimiter.
    name          TEXT    NOT NULL,
    delimiter     TEXT,
    role          TEXT    CHECK (role IN ('inbox', 'sent', 'drafts', 'trash', 'junk', 'archive')),
    selectable    INTEGER NOT NULL DEFAULT 1 CHECK (selectable IN (0, 1)),
    -- 0 once the folder is gone from the server: its messages stay here.
    on_server     INTEGER NOT NULL DEFAULT 1 CHECK (on_server IN (0, 1)),
    uidvalidity   INTEGER,
    uidnext       INTEGER,
    highestmodseq INTEGER,
    UNIQUE (account_id, name)
) STRICT;

CREATE TABLE message (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    folder_id       INTEGER NOT NULL REFERENCES folder (id),
    -- Server identity. uid is NULL while a local move waits to be matched on the server.
    uidvalidity     INTEGER,
    uid             INTEGER,
    modseq          INTEGER,
    -- The archive rule: 0 once the server no longer has it; only the user removes a row.
    on_server       INTEGER NOT NULL DEFAULT 1 CHECK (on_server IN (0, 1)),
    archived_at     INTEGER,
    -- Where a message sent to the trash came from, for "restore".
    origin_folder_id INTEGER REFERENCES folder (id) ON DELETE SET NULL,
    hash            BLOB    NOT NULL,
    size            INTEGER NOT NULL,
    message_id      TEXT,
    in_reply_to     TEXT,
    subject         TEXT    NOT NULL DEFAULT '',
    from_name       TEXT,
    from_addr       TEXT,
    to_list         TEXT    NOT NULL DEFAULT '',
    cc_list         TEXT    NOT NULL DEFAULT '',
    date            INTEGER,
    internal_date   INTEGER,
    has_attachments INTEGER NOT NULL DEFAULT 0 CHECK (has_attachments IN (0, 1)),
    seen            INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1)),
    flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    answered        INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
    draft           INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1)),
    color           TEXT    CHECK (color IN ('red', 'orange', 'yellow', 'green', 'blue')),
    -- Other keywords, space-separated, as the server spells them.
    keywords        TEXT    NOT NULL DEFAULT '',
    parse_problems  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (folder_id, uidvalidity, uid)
) STRICT;

CREATE INDEX message_by_folder_date ON message (folder_id, date DESC);
CREATE INDEX message_by_hash ON message (account_id, hash);
CREATE INDEX message_by_message_id ON message (message_id);

-- The exact bytes as received, zstd-compressed. Kept apart so list queries stay small.
CREATE TABLE message_raw (
    message_id  INTEGER PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE,
    compression TEXT    NOT NULL CHECK (compression IN ('zstd', 'none')),
    data        BLOB    NOT NULL
) STRICT;

-- French-aware full-text search: "equipe" finds "équipe"; prefixes of 2 and 3 letters
-- are indexed for search-as-you-type. Contentless: the text lives in message/message_raw.
CREATE VIRTUAL TABLE message_fts USING fts5 (
    subject, sender, recipients, body, attachments,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Server changes decided locally and not yet applied (Delta Chat style): written in the
-- same transaction as the local change, removed once the server has done it.
CREATE TABLE planned_action (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('flags', 'move', 'expunge', 'create_folder', 'rename_folder', 'delete_folder')),
    -- The local message concerned, if any (no foreign key: a purge outlives its row).
    message_id   INTEGER,
    -- Server coordinates captured when planned, so applying needs no other row.
    folder       TEXT,
    uidvalidity  INTEGER,
    uid          INTEGER,
    target       TEXT,
    add_flags    TEXT    NOT NULL DEFAULT '',
    remove_flags TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT
) STRICT;

CREATE INDEX planned_action_by_message ON planned_action (message_id);

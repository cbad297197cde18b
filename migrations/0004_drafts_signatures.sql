-- Signatures (seed part 2 §3) and drafts kept whole, attachments included (the seed's
-- Medimail loses a draft's attachments; we do not).

-- Several per account; the HTML is what the editor made, the text goes in text/plain parts.
CREATE TABLE signature (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    title       TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    html        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX signature_by_account ON signature (account_id);
-- "Signature par défaut": one at most per account, whatever the code above does.
CREATE UNIQUE INDEX signature_one_default ON signature (account_id) WHERE is_default = 1;

CREATE TABLE draft (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    -- Stable for the draft's life and written in its server copies (X-Medimail-Draft), so
    -- every older copy can be found and removed whatever its Message-ID.
    draft_key        TEXT    NOT NULL UNIQUE,
    -- The Composition as JSON, attachments without their bytes (those are in draft_file).
    composition      TEXT    NOT NULL,
    signature_id     INTEGER REFERENCES signature (id) ON DELETE SET NULL,
    -- Copied out of the JSON for the list.
    mode             TEXT    NOT NULL CHECK (mode IN ('pro', 'patient')),
    subject          TEXT    NOT NULL DEFAULT '',
    recipients       TEXT    NOT NULL DEFAULT '',
    attachment_count INTEGER NOT NULL DEFAULT 0,
    -- sha256 of what was saved: an unchanged autosave writes nothing.
    fingerprint      BLOB    NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    -- The copy the server's Drafts folder should hold: its Message-ID and bytes (zstd).
    -- NULL bytes with a Message-ID: the copy is a draft made elsewhere, already there.
    copy_message_id  TEXT,
    copy_raw         BLOB,
    -- A draft made elsewhere (webmail) and taken over here: where the server has that
    -- original, removed once a copy of ours replaces it.
    origin_uidvalidity INTEGER,
    origin_uid       INTEGER
) STRICT;

CREATE INDEX draft_by_account ON draft (account_id, updated_at DESC);

-- A draft's files, once each (by content): an autosave that keeps them rewrites nothing.
CREATE TABLE draft_file (
    id        INTEGER PRIMARY KEY,
    draft_id  INTEGER NOT NULL REFERENCES draft (id) ON DELETE CASCADE,
    sha256    BLOB    NOT NULL,
    size      INTEGER NOT NULL,
    data      BLOB    NOT NULL,
    UNIQUE (draft_id, sha256)
) STRICT;

CREATE TABLE draft_attachment (
    draft_id          INTEGER NOT NULL REFERENCES draft (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    file_name         TEXT    NOT NULL,
    mime_type         TEXT    NOT NULL,
    inline_content_id TEXT,
    file_id           INTEGER NOT NULL REFERENCES draft_file (id) ON DELETE CASCADE,
    PRIMARY KEY (draft_id, position)
) STRICT;

CREATE INDEX draft_attachment_by_file ON draft_attachment (file_id);

-- Every Message-ID a draft's server copy has had (kept past the draft itself). Sync brings
-- copies down into the Drafts folder like any message; this tells them from drafts made
-- elsewhere, and lets the local mirror of a replaced copy be dropped rather than archived.
CREATE TABLE draft_copy (
    account_id  INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    message_id  TEXT    NOT NULL,
    draft_key   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, message_id)
) STRICT;

CREATE INDEX draft_copy_by_key ON draft_copy (draft_key);

-- A new planned kind, draft_copy: "the Drafts folder holds exactly this copy of draft K"
-- (APPEND it if missing, then remove every other copy of K). SQLite cannot widen a CHECK,
-- so the table is rebuilt, rows kept.
CREATE TABLE planned_action_next (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('flags', 'move', 'expunge', 'create_folder', 'rename_folder',
                                                  'delete_folder', 'draft_copy')),
    message_id   INTEGER,
    folder       TEXT,
    uidvalidity  INTEGER,
    uid          INTEGER,
    target       TEXT,
    add_flags    TEXT    NOT NULL DEFAULT '',
    remove_flags TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    -- draft_copy: the draft concerned (draft.draft_key; no foreign key, the draft may go first).
    draft_key    TEXT
) STRICT;

INSERT INTO planned_action_next (id, account_id, kind, message_id, folder, uidvalidity, uid, target,
                                 add_flags, remove_flags, created_at, attempts, last_error)
SELECT id, account_id, kind, message_id, folder, uidvalidity, uid, target,
       add_flags, remove_flags, created_at, attempts, last_error
FROM planned_action;

DROP TABLE planned_action;
ALTER TABLE planned_action_next RENAME TO planned_action;
CREATE INDEX planned_action_by_message ON planned_action (message_id);
CREATE INDEX planned_action_by_draft ON planned_action (draft_key);

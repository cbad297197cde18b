-- A lighter full-text index: it records which messages hold each word, no longer where in
-- them (`detail = none`). Search never used positions (every word is its own term, ANDed;
-- no phrase, NEAR or column query), and they were most of the index: 200,000 messages take
-- 322 MB instead of 525 MB, and an initial sync spends a third less time indexing
-- (BENCHMARKS.md, "A lighter search index"). Without positions a prefix index costs little,
-- so 4-letter prefixes get one too; longer prefixes are expanded through `message_terms`.
DROP TABLE message_fts;

CREATE VIRTUAL TABLE message_fts USING fts5 (
    subject, sender, recipients, body, attachments,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4',
    detail = none
);
INSERT INTO message_fts (message_fts, rank) VALUES ('automerge', 8);
INSERT INTO message_fts (message_fts, rank) VALUES ('crisismerge', 64);

-- The index's vocabulary: a prefix longer than the prefix indexes is looked up here and
-- searched as the few words it stands for, which FTS5 reads lazily, newest first.
CREATE VIRTUAL TABLE message_terms USING fts5vocab (message_fts, row);

-- The index is contentless: the words of the messages already stored can only come back
-- from their raw bytes, which the engine parses again (store/reindex.rs) when it opens the
-- store. Rows leave this table as their message is indexed.
CREATE TABLE message_to_index (
    message_id INTEGER PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE
) STRICT;
INSERT INTO message_to_index (message_id) SELECT id FROM message;

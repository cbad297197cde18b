-- Two costs every message insert paid for nothing (measured in BENCHMARKS.md, "Cheaper
-- inserts"):
--
-- * A CHECK with an IN list of more than two values is evaluated through a temporary
--   B-tree that SQLite builds afresh for every row, opening a pager for it. The same
--   constraints written as comparisons accept and refuse exactly the same values (NULL
--   included) and cost next to nothing. SQLite cannot ALTER a CHECK; for a change that
--   leaves every stored row valid, its documented way is to edit the table's text in
--   sqlite_schema (https://sqlite.org/lang_altertable.html, "Making Other Kinds Of Table
--   Schema Changes"). RESET makes this connection read the new text; the DROP INDEX below
--   changes the schema cookie, so every other connection reads it too.
-- * message_by_folder_date has served no query since lists sort by
--   coalesce(date, internal_date) (message_by_folder_day, migration 0005); each insert
--   still wrote to it.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(replace(sql,
       'CHECK (color IN (''red'', ''orange'', ''yellow'', ''green'', ''blue''))',
       'CHECK (color = ''red'' OR color = ''orange'' OR color = ''yellow'' OR color = ''green'' OR color = ''blue'')'),
       'CHECK (open_state IN (''all_opened'', ''some_opened'', ''none_opened'', ''no_information''))',
       'CHECK (open_state = ''all_opened'' OR open_state = ''some_opened'' OR open_state = ''none_opened'' OR open_state = ''no_information'')')
 WHERE type = 'table' AND name = 'message';
PRAGMA writable_schema = RESET;

DROP INDEX message_by_folder_date;

-- The full-text index: FTS5 merges 16 segments at a time (8 since migration 0006). Building
-- the index of 200,000 messages took 7.3 CPU-s instead of 9.0 and wrote a third of the
-- bytes; a one-word search reads a few more segments (+0.1 to 0.3 ms measured).
INSERT INTO message_fts (message_fts, rank) VALUES ('automerge', 16);

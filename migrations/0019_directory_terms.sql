-- The directory index's words, for typed prefixes longer than its prefix index (2 letters,
-- migration 0016): "cardi" is asked as the few words it stands for, which FTS5 reads lazily
-- in row order and stops at the search's limit, instead of merging the whole list of every
-- matching word first. The vocabulary follows the index by name, so the import's swap of
-- `directory_fts` leaves it pointing at the new one.
CREATE VIRTUAL TABLE directory_terms USING fts5vocab (directory_fts, row);

-- The directory index's words that hold a letter, each once, for typed prefixes longer than
-- the index's 2-letter prefix index (0019 asked the same of an fts5vocab table). fts5vocab
-- counts every row of each word it hands back: "centre", "infirmier" or "lille" cost 3–5 ms
-- each before the search itself, most of a combined search's time (BENCHMARKS.md). The
-- import writes this list beside the index (store/directory.rs) and swaps it with it.
-- Words of digits only (postal codes, RPPS: most of the index's words, each in one row or
-- a few) are left out: a typed number is asked of the index as a prefix.
CREATE TABLE directory_word (
    word TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
INSERT INTO directory_word (word)
SELECT term FROM directory_terms WHERE term GLOB '*[a-z]*' AND NOT term GLOB '*[^a-z0-9]*';
DROP TABLE directory_terms;

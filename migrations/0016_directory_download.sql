-- The national directory: its download state, and a lighter index.

-- Downloading the national directory: where it comes from and what the last answer was, so
-- that an unchanged extraction is not fetched again (conditional GET: ETag, Last-Modified)
-- and the daily refresh knows when it last succeeded. One row, absent before the first
-- download.
CREATE TABLE directory_download (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- The address the validators below belong to: another address starts afresh.
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    -- Seconds since the Unix epoch: the last attempt, and the last one that ended with the
    -- directory up to date (imported, or unchanged on the server).
    checked_at INTEGER NOT NULL,
    succeeded_at INTEGER
) STRICT;

-- The directory's index with a prefix index for 2 letters only (0014 had '2 3 4'). Each
-- prefix length is one more entry per word written at import: '2 3 4' took the import of
-- 535,000 rows from ~10 s to ~15 s, and searches stay under 10 ms in the engine without the
-- 3- and 4-letter ones (BENCHMARKS.md, the national directory). Rebuilt from the entries
-- with the same words as an import writes (store/directory.rs).
DROP TABLE directory_fts;
CREATE VIRTUAL TABLE directory_fts USING fts5 (
    surname, who, activity, place, structure,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2',
    detail = column
);
INSERT INTO directory_fts (rowid, surname, who, activity, place, structure)
SELECT id,
       replace(replace(replace(replace(surname, ' ', ''), '-', ''), '''', ''), '’', ''),
       surname || ' ' || first_name || ' ' || pp_national_id || ' ' || pp_id || ' ' || address,
       profession_label || ' ' || skill_label,
       city || ' ' || postal_code || ' ' || department_code || ' ' || region,
       company_name || ' ' || trade_name || ' ' || service
FROM directory_entry;

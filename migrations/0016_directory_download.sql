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

-- The entries' address index apart from the table (0014 had it inline, UNIQUE): an import
-- then writes its rows without it, in name order, and the swap builds it in one sorted pass
-- (store/directory.rs) instead of 535,000 inserts at random places in it.
CREATE TABLE directory_entry_0016 (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('PER', 'ORG')),
    pp_id_type TEXT NOT NULL,
    pp_id TEXT NOT NULL,
    pp_national_id TEXT NOT NULL,
    structure_id_type TEXT NOT NULL,
    structure_id TEXT NOT NULL,
    service TEXT NOT NULL,
    civility TEXT NOT NULL,
    surname TEXT NOT NULL,
    first_name TEXT NOT NULL,
    profession_category TEXT NOT NULL,
    profession_category_label TEXT NOT NULL,
    profession_code TEXT NOT NULL,
    profession_label TEXT NOT NULL,
    skill_code TEXT NOT NULL,
    skill_label TEXT NOT NULL,
    dematerialisation TEXT NOT NULL,
    company_name TEXT NOT NULL,
    trade_name TEXT NOT NULL,
    location_complement TEXT NOT NULL,
    distribution_complement TEXT NOT NULL,
    street_number TEXT NOT NULL,
    street_number_complement TEXT NOT NULL,
    street_type TEXT NOT NULL,
    street_name TEXT NOT NULL,
    place_mention TEXT NOT NULL,
    routing_line TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    department TEXT NOT NULL,
    country TEXT NOT NULL,
    -- Derived at import: the city of the routing line, the département's code and region.
    city TEXT NOT NULL,
    department_code TEXT NOT NULL,
    region TEXT NOT NULL,
    -- Surname and first name folded (lower case, no accents): the name order.
    sort_name TEXT NOT NULL,
    -- How many of the file's fields were filled: of repeated rows, the fullest is kept.
    filled INTEGER NOT NULL
) STRICT;
INSERT INTO directory_entry_0016 (id,address,kind,pp_id_type,pp_id,pp_national_id,structure_id_type,structure_id,service,civility,surname,first_name,profession_category,profession_category_label,profession_code,profession_label,skill_code,skill_label,dematerialisation,company_name,trade_name,location_complement,distribution_complement,street_number,street_number_complement,street_type,street_name,place_mention,routing_line,postal_code,department,country,city,department_code,region,sort_name,filled)
SELECT id,address,kind,pp_id_type,pp_id,pp_national_id,structure_id_type,structure_id,service,civility,surname,first_name,profession_category,profession_category_label,profession_code,profession_label,skill_code,skill_label,dematerialisation,company_name,trade_name,location_complement,distribution_complement,street_number,street_number_complement,street_type,street_name,place_mention,routing_line,postal_code,department,country,city,department_code,region,sort_name,filled FROM directory_entry;
DROP TABLE directory_entry;
ALTER TABLE directory_entry_0016 RENAME TO directory_entry;
CREATE UNIQUE INDEX directory_entry_address ON directory_entry (address);

-- The national MSSanté directory (Annuaire Santé extraction), offline. An import builds
-- copies of these two tables beside them (their definitions are read from here, so the
-- copies never drift) and swaps them in one transaction: the previous directory answers
-- until the new one is complete.

-- One row per mailbox address. `id` is given in name order at import, so the index's rows
-- come back already sorted by name and a search stops at its limit without sorting.
CREATE TABLE directory_entry (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL UNIQUE,
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

-- Searched words: `surname` holds the folded surname as one word (for "exact surname
-- first"), the others the words of the seed's fields. Contentless: the words are only
-- searched, the entry is read from directory_entry by rowid (= its id).
CREATE VIRTUAL TABLE directory_fts USING fts5 (
    surname, who, activity, place, structure,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4',
    detail = column
);

-- The loaded extraction: one row, absent before the first import.
CREATE TABLE directory_import (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    extraction_date TEXT,
    entries INTEGER NOT NULL,
    imported_at INTEGER NOT NULL
) STRICT;

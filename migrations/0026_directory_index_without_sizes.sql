-- The directory's index keeps no column sizes per entry (columnsize=0): FTS5 keeps them for
-- ranking by bm25, which the Annuaire never asks (it ranks by name, directory/search.rs), and
-- writing them was one more row per entry at each import (535,000). Rebuilt from the entries
-- with the same text as an import writes (`index_columns`, store/directory.rs), as in 0016.
DROP TABLE directory_fts;
CREATE VIRTUAL TABLE directory_fts USING fts5 (
    surname, who, activity, place, structure,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2',
    detail = column,
    columnsize = 0
);
INSERT INTO directory_fts (rowid, surname, who, activity, place, structure)
SELECT id,
       replace(replace(replace(replace(surname, ' ', ''), '-', ''), '''', ''), '’', ''),
       surname || ' ' || first_name || ' ' || pp_national_id || ' ' || pp_id || ' ' || address,
       profession_label || ' ' || skill_label,
       city || ' ' || postal_code || ' ' || department_code || ' ' || region,
       company_name || ' ' || trade_name || ' ' || service
FROM directory_entry;

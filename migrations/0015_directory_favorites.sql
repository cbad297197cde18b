-- The directory's favourites ("Favoris"): mailboxes the practitioner starred. Each keeps a
-- copy of its entry as it was last seen, so that a favourite whose address left the
-- national file (a later import) still shows with its name, profession and place.
CREATE TABLE directory_favorite (
    address TEXT PRIMARY KEY,
    -- The DirectoryEntry as JSON, refreshed whenever the favourites are listed and the
    -- address is still in the directory.
    entry TEXT NOT NULL,
    added_at INTEGER NOT NULL
) STRICT;

-- Where the national directory is downloaded from, when the practice set it (its own mirror,
-- and the roots that vouch for it: the IGC-Santé ones). Absent: the ANS address, or the
-- environment's (MEDIMAIL_DIRECTORY_URL, MEDIMAIL_DIRECTORY_CA_FILE).
CREATE TABLE directory_source (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    url TEXT,
    ca_file TEXT
) STRICT;

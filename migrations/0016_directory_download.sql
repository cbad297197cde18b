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

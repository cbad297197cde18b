-- Desktop notifications of new mail (issue 15). The settings are the user's, for the whole
-- profile: one row. `show_subject` off by default: a lock screen must not show health data,
-- only that a secure message came and from whom. `digest_time` is the local time ("HH:MM")
-- of the daily summary, NULL when it is off; `digest_day` the local day ("YYYY-MM-DD") it
-- was last shown, so that it shows once a day even across restarts.
CREATE TABLE notification_settings (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    show_subject    INTEGER NOT NULL DEFAULT 0 CHECK (show_subject IN (0, 1)),
    do_not_disturb  INTEGER NOT NULL DEFAULT 0 CHECK (do_not_disturb IN (0, 1)),
    digest_time     TEXT    CHECK (digest_time IS NULL OR digest_time GLOB '[0-2][0-9]:[0-5][0-9]'),
    digest_day      TEXT,
    -- When the last digest looked (unix seconds): the next one counts what came after.
    digest_since    INTEGER
) STRICT;
INSERT INTO notification_settings (id) VALUES (1);

-- Per account: whether its new mail is notified, and the INBOX mark below which every
-- message has been considered (notified or not), so each is considered once. NULL until
-- the first pass: what is already there when notifications start is not announced.
CREATE TABLE notification_account (
    account_id      INTEGER PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    seen_uidvalidity INTEGER,
    seen_uid        INTEGER
) STRICT;

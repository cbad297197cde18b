-- The account's ManageSieve server (RFC 5804) for the auto-reply and automatic forwarding
-- (issue 15): `host:port`, always STARTTLS. NULL: the IMAP server's host on port 4190.
ALTER TABLE account ADD COLUMN sieve_server TEXT;

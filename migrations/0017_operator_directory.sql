-- The operator's directory (LDAP) of each account (issue 14): an RFC 4516 URL,
-- `ldaps://host:port` or `ldap://host:port` (StartTLS, never clear text), optionally with
-- the base DN (`ldap://host:port/dc=operateur,dc=fr`); the root DSE names it otherwise.
-- Given when the account is added, or found in the DNS (`_ldap._tcp.<domain>`); NULL when
-- the operator publishes none: the national directory alone answers.
ALTER TABLE account ADD COLUMN directory_url TEXT;

-- Servers that keep the user's folders under a personal namespace (Courier-IMAP and Cyrus:
-- "INBOX." with "."), issue 12. The account remembers the namespace the server announced;
-- each folder keeps, beside the server's name, the path a person reads: the prefix left
-- out, levels joined by "/". Until the next sync the path is the name, as before.
ALTER TABLE account ADD COLUMN folder_prefix TEXT NOT NULL DEFAULT '';
ALTER TABLE account ADD COLUMN folder_delimiter TEXT;
ALTER TABLE folder ADD COLUMN path TEXT NOT NULL DEFAULT '';
UPDATE folder SET path = name;
UPDATE account SET folder_delimiter = (
    SELECT f.delimiter FROM folder f WHERE f.account_id = account.id AND f.delimiter IS NOT NULL LIMIT 1
);

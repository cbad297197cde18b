-- The words of broken mail become searchable: text in a multipart that never closes, and
-- text nested deeper than the structure limit, are now read (issue 11, defect 9). The
-- index is contentless, so the messages already stored are parsed again from their bytes
-- (store/search_index.rs, in batches, resumable), each replacing its own index row.
INSERT OR IGNORE INTO message_to_index (message_id) SELECT id FROM message;

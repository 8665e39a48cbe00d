-- entries.content_uuid keeps its index (entries by content) but loses its foreign key.
--
-- The key's check looked the content up in its random-keyed uuid index once per inserted or
-- re-pointed entry: ~17 % of the indexer's CPU time for 100,000 new files (docs/benchmarks.md,
-- "Indexing"). What it guarded holds without it:
--  * the store's indexer is the only writer of the column, and it inserts a content identity in
--    the same transaction as, and before, the entries that point to it;
--  * content identities are never deleted: they outlive their entries (a content-scoped model,
--    tag or note stays when the last copy of a file goes), so a reference cannot dangle later;
--  * extensions cannot write core tables (their database user has rights on their own schema).
-- The other tables that point to content (models, user_metadata, media_metadata) keep theirs.
-- The constraint was created unnamed (V1), so its generated name is looked up.
EXECUTE IMMEDIATE 'ALTER TABLE entries DROP CONSTRAINT "' || (
    SELECT rc.CONSTRAINT_NAME FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc
    JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
        ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME
    WHERE rc.CONSTRAINT_SCHEMA = CURRENT_SCHEMA AND k.TABLE_NAME = 'ENTRIES'
        AND k.COLUMN_NAME = 'CONTENT_UUID') || '"';

-- Fewer index insertions per indexed file (see docs/benchmarks.md, "Indexing").
--
-- content_identities.blake3_hash UNIQUE: the uuid is derived from the hash (ContentIds, name-based),
-- every insert derives it and skips an existing uuid, and the uuid is UNIQUE; so the hash's own
-- unique index adds no guarantee, and no query looks content up by hash. Its keys are random
-- 64-character strings, the largest index a file's insert dirties a page of. The column stays.
-- The constraint was created unnamed (V1), so its generated name is looked up.
EXECUTE IMMEDIATE 'ALTER TABLE content_identities DROP CONSTRAINT "' || (
    SELECT tc.CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
    JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
        ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
    WHERE tc.TABLE_SCHEMA = CURRENT_SCHEMA AND tc.TABLE_NAME = 'CONTENT_IDENTITIES'
        AND tc.CONSTRAINT_TYPE = 'UNIQUE' AND k.COLUMN_NAME = 'BLAKE3_HASH') || '"';
-- entries (location_id, seen_run): every query on seen_run (IndexRun) compares it with <> or IS NULL,
-- which no index can seek, so the index only served location_id, as the foreign key's own index on
-- entries(location_id) does. It cost an insertion per new entry and a delete and an insertion per
-- entry marked seen on every re-index.
DROP INDEX idx_entries_location_run;

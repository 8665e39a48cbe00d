-- H2 persists an identity column's sequence every CACHE values (32 by default), and with
-- WRITE_DELAY=0 each of those is a commit of its own that writes every changed page of the
-- database, uncommitted ones too: one full store per 32 inserted rows. A large cache makes
-- that rare. A crash only skips the unused rest of a cache (gaps in ids, never reuse).
ALTER TABLE entries ALTER COLUMN id SET CACHE 100000;
ALTER TABLE content_identities ALTER COLUMN id SET CACHE 100000;
ALTER TABLE user_metadata ALTER COLUMN id SET CACHE 100000;
ALTER TABLE models ALTER COLUMN id SET CACHE 100000;
ALTER TABLE metadata_blobs ALTER COLUMN id SET CACHE 100000;
ALTER TABLE collection_items ALTER COLUMN id SET CACHE 100000;

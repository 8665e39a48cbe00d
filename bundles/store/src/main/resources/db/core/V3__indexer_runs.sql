-- The location indexer marks every entry it sees with its run (seen_run); after the walk,
-- entries of the location not marked by the run are files that are gone.
ALTER TABLE entries ADD COLUMN seen_run BIGINT;
-- Finding a vanished file of the same size and modification time (a move) without rehashing.
CREATE INDEX idx_entries_location_size ON entries(location_id, size_bytes, modified_at);
CREATE INDEX idx_entries_location_run ON entries(location_id, seen_run);
-- A folder is a location of a library once.
ALTER TABLE locations ADD CONSTRAINT locations_path UNIQUE (path);

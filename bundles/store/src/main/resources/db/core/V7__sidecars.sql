-- Sidecars (vdfs.write_sidecar): JSON documents of a kind on content or an entry, linked
-- from user_metadata through user_metadata_blobs under the key 'sidecar:<kind>'. The link
-- says who wrote the document and when.
ALTER TABLE user_metadata_blobs ADD COLUMN written_by VARCHAR(255);
ALTER TABLE user_metadata_blobs ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;

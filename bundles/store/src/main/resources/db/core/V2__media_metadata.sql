-- What the location indexer reads from images (EXIF), one row per content identity,
-- so that queries can filter entries on it (with GPS, taken between two dates...).
CREATE TABLE media_metadata (
    content_uuid UUID PRIMARY KEY REFERENCES content_identities(uuid) ON DELETE CASCADE,
    taken_at TIMESTAMP WITH TIME ZONE,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    camera_make VARCHAR(255),
    camera_model VARCHAR(255),
    width INTEGER,
    height INTEGER,
    extracted_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX idx_media_metadata_taken ON media_metadata(taken_at);
CREATE INDEX idx_media_metadata_gps ON media_metadata(latitude, longitude);

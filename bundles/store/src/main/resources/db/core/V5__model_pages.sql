-- A page of an extension's models of one type, oldest first (vdfs.query_models), read straight
-- off the index: H2 orders by an index only when the ORDER BY names its columns, and given two
-- indexes that match the WHERE alike it may take either. So the seed's (extension_id, model_type)
-- index gets the id as third column, and stays the only index of its kind.
DROP INDEX idx_models_extension;
CREATE INDEX idx_models_extension ON models(extension_id, model_type, id);

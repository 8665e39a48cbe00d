-- A page of an extension's models of one type, oldest first (vdfs.query_models), read straight
-- off this index: H2 uses an index to order only when the ORDER BY names its columns.
CREATE INDEX idx_models_type_page ON models(extension_id, model_type, id);

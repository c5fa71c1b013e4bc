-- The delivery API serves the slug a document had when it was published, not a draft's new slug.
ALTER TABLE documents ADD COLUMN published_slug text;
UPDATE documents SET published_slug = slug WHERE published_data IS NOT NULL;
CREATE INDEX documents_type_published_slug_idx ON documents (type, published_slug) WHERE published_data IS NOT NULL;

-- The admin app's home lists today's scheduled publishes and withdrawals: few rows among many documents.
CREATE INDEX documents_publish_at_idx ON documents (publish_at) WHERE publish_at IS NOT NULL;
CREATE INDEX documents_unpublish_at_idx ON documents (unpublish_at) WHERE unpublish_at IS NOT NULL;

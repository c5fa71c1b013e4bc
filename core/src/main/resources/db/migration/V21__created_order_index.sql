-- Lists sorted by creation date (newest first is the usual site list) read the page straight from this index, backwards,
-- and stop at the page's end instead of sorting every match; it serves delivery and admin lists alike.
CREATE INDEX documents_type_created_idx ON documents (type, created_at, id);

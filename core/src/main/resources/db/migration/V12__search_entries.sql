-- PostgreSQL full-text search: one entry per document and view (what the public sees, what staff see), kept by the
-- search.index job after each write commits.
CREATE TABLE search_entries (
    document_id bigint      NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    view        text        NOT NULL CHECK (view IN ('published', 'draft')),
    type        text        NOT NULL,
    title       text        NOT NULL DEFAULT '',
    body        text        NOT NULL DEFAULT '',
    tsv         tsvector    NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, view)
);
CREATE INDEX search_entries_tsv ON search_entries USING gin (tsv);
CREATE INDEX search_entries_view_type ON search_entries (view, type);

-- Elasticsearch entries carry an external version taken from here before their source is read: whichever write
-- read the newest state carries the highest number, so a late or out-of-order write never replaces a newer one.
CREATE SEQUENCE search_versions;

-- The fingerprint of what the PostgreSQL entries were built from (fields searched, private, visible per view):
-- when the descriptors say otherwise at start-up, the entries are rebuilt.
CREATE TABLE search_state (
    engine      text PRIMARY KEY,
    fingerprint text        NOT NULL,
    built_at    timestamptz NOT NULL DEFAULT now()
);

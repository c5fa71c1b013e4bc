-- Media fields were stored as full URLs (PUBLIC_URL/media/<key> or MEDIA_CDN_URL/<key>). They are now stored as
-- /media/<key> and answered under the current base, so a move to a CDN or another host needs no rewrite. Only whole
-- top-level string values that end in the key of an asset in the library change.
CREATE FUNCTION media_paths(doc jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT COALESCE(jsonb_object_agg(e.key, CASE
        WHEN jsonb_typeof(e.value) = 'string'
             AND e.value #>> '{}' ~ '^https?://.*/[a-f0-9]{64}(-w[0-9]{2,5})?\.[a-z0-9]{2,5}$'
             AND EXISTS (SELECT 1 FROM media_assets m
                         WHERE m.hash = substring(e.value #>> '{}' FROM '/([a-f0-9]{64})[^/]*$'))
        THEN to_jsonb('/media/' || substring(e.value #>> '{}' FROM '[^/]+$'))
        ELSE e.value END), '{}'::jsonb)
    FROM jsonb_each(doc) e
$$;

UPDATE documents SET data = media_paths(data) WHERE data::text ~ 'https?://[^"]*/[a-f0-9]{64}';
UPDATE documents SET published_data = media_paths(published_data)
    WHERE published_data IS NOT NULL AND published_data::text ~ 'https?://[^"]*/[a-f0-9]{64}';
UPDATE document_versions SET data = media_paths(data) WHERE data::text ~ 'https?://[^"]*/[a-f0-9]{64}';

DROP FUNCTION media_paths(jsonb);

-- The nodes sharing this database and where each keeps its media, refreshed while they run: a node warns at start
-- when another live node cannot see the files it stores (a local MEDIA_DIR, or a different store).
CREATE TABLE platform_nodes (
    node    text        PRIMARY KEY,
    media   text        NOT NULL,
    seen_at timestamptz NOT NULL DEFAULT now()
);

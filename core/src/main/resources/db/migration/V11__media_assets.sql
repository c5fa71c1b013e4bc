-- The media library: one row per distinct file (keyed by its content hash), with its variants.
CREATE TABLE media_assets (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hash         text        NOT NULL UNIQUE,
    storage_key  text        NOT NULL UNIQUE,
    kind         text        NOT NULL CHECK (kind IN ('image', 'video')),
    content_type text        NOT NULL,
    size_bytes   bigint      NOT NULL,
    width        integer,
    height       integer,
    filename     text        NOT NULL,
    alt          text        NOT NULL DEFAULT '',
    caption      text        NOT NULL DEFAULT '',
    variants     jsonb       NOT NULL DEFAULT '[]',
    uploaded_by  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_assets_kind ON media_assets (kind, id DESC);

-- Documents of every content type. The shape of `data` is declared by the type's JSON descriptor;
-- `published_data` is the snapshot the delivery API serves (NULL while never published or unpublished).
CREATE TABLE documents (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type              text        NOT NULL,
    slug              text,
    status            text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    data              jsonb       NOT NULL,
    version           integer     NOT NULL DEFAULT 1,
    published_data    jsonb,
    published_version integer,
    published_at      timestamptz,
    created_by        text,
    updated_by        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'published') = (published_data IS NOT NULL))
);

CREATE UNIQUE INDEX documents_type_slug_key ON documents (type, slug) WHERE slug IS NOT NULL;
CREATE INDEX documents_type_updated_idx ON documents (type, updated_at DESC, id DESC);
CREATE INDEX documents_type_published_idx ON documents (type, published_at DESC, id DESC) WHERE published_data IS NOT NULL;

-- Every save writes a version: history and rollback come from here.
CREATE TABLE document_versions (
    document_id bigint      NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version     integer     NOT NULL,
    action      text        NOT NULL,
    slug        text,
    data        jsonb       NOT NULL,
    author      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, version)
);

-- Admin API tokens. Only a SHA-256 of the token is kept; the token itself is shown once, at creation.
CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text        NOT NULL,
    token_hash   text        NOT NULL UNIQUE,
    token_prefix text        NOT NULL,
    scope        text        NOT NULL CHECK (scope IN ('preview', 'read', 'full')),
    created_by   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Seed files already loaded, so demo content loads exactly once even if editors delete it later.
CREATE TABLE seed_runs (
    name       text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

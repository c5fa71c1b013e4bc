-- Published documents copied into a table of their own, which carries the indexes of published reads: the per-type
-- expression indexes of IndexManager (dx_p_*) and their statistics (dx_s_*) move here from documents, and the text
-- kept as delivered (V31) lives here only.
--
-- Why: PostgreSQL opens and locks every index of a table on each insert, matching row or not, and a transaction keeps
-- only 16 locks on its own before it queues in the shared lock table. With the Bitwreckers types' 78 published
-- indexes on documents, each form submission (a draft) took about a hundred shared locks, and concurrent submissions
-- waited on one another there: without those indexes the form benchmark answered 925-965 submissions/s against
-- 535-576. Drafts now insert into a table with a dozen indexes; publishing writes the copy as well.
--
-- documents stays the record: every write goes there, with its published columns. The copy follows it through
-- triggers in the same transaction, only when what published reads show changes: the published data, slug and times,
-- the creation time, or the type (only updates that write one of those look, so a draft's save calls nothing). The
-- same triggers announce the change to every node (what announce_published_change of V32 did). Delivery lists,
-- items, counts and populated relations read the copy (QueryCompiler, View.table()); its columns keep their names, so
-- the compiled expressions are the same.
CREATE TABLE published_documents (
    id             bigint      PRIMARY KEY,
    type           text        NOT NULL,
    published_data jsonb       NOT NULL,
    published_slug text,
    published_at   timestamptz,
    created_at     timestamptz NOT NULL,
    published_json text        NOT NULL
);

-- The text kept as delivered, in the shape of QueryCompiler.delivered (DeliveredJsonTest holds the two equal): the id,
-- published slug and times (ISO 8601 in UTC with milliseconds, as SqlTime writes them), then the published fields.
CREATE FUNCTION published_text(id bigint, slug text, created_at timestamptz, published_at timestamptz, data jsonb)
    RETURNS text LANGUAGE sql STABLE AS $$
    SELECT (jsonb_build_object(
        'id', id, 'slug', slug,
        'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'updated_at', to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'published_at', to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) || data)::text
$$;

-- Inserts are copied per statement: a bulk import's batch of a thousand published documents is one insert into the
-- copy (its indexes opened once, not once per row), and a draft's insert (a form's submission) only looks.
CREATE FUNCTION copy_published_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM inserted WHERE published_data IS NOT NULL) THEN
        INSERT INTO published_documents (id, type, published_data, published_slug, published_at, created_at,
                                         published_json)
        SELECT id, type, published_data, published_slug, published_at, created_at,
               published_text(id, published_slug, created_at, published_at, published_data)
        FROM inserted WHERE published_data IS NOT NULL;
        PERFORM pg_notify('content_changed', t.type)
        FROM (SELECT DISTINCT type FROM inserted WHERE published_data IS NOT NULL) t;
    END IF;
    RETURN NULL;
END
$$;

-- Updates and deletes come one document at a time (a publish, an edit of the published data, an unpublish).
CREATE FUNCTION keep_published_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.published_data IS NULL THEN
        DELETE FROM published_documents WHERE id = OLD.id;
    ELSE
        INSERT INTO published_documents (id, type, published_data, published_slug, published_at, created_at,
                                         published_json)
        VALUES (NEW.id, NEW.type, NEW.published_data, NEW.published_slug, NEW.published_at, NEW.created_at,
                published_text(NEW.id, NEW.published_slug, NEW.created_at, NEW.published_at, NEW.published_data))
        ON CONFLICT (id) DO UPDATE SET type = excluded.type, published_data = excluded.published_data,
            published_slug = excluded.published_slug, published_at = excluded.published_at,
            created_at = excluded.created_at, published_json = excluded.published_json;
    END IF;
    PERFORM pg_notify('content_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.type ELSE NEW.type END);
    RETURN NULL;
END
$$;

DROP TRIGGER documents_published_json ON documents;
DROP FUNCTION keep_published_json();
DROP TRIGGER documents_published_insert ON documents;
DROP TRIGGER documents_published_update ON documents;
DROP TRIGGER documents_published_delete ON documents;
DROP FUNCTION announce_published_change();
CREATE TRIGGER documents_published_insert AFTER INSERT ON documents REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION copy_published_inserts();
CREATE TRIGGER documents_published_update
    AFTER UPDATE OF published_data, published_slug, published_at, created_at, type ON documents FOR EACH ROW
    WHEN ((OLD.published_data IS NOT NULL OR NEW.published_data IS NOT NULL)
          AND (OLD.published_data IS DISTINCT FROM NEW.published_data
               OR OLD.published_slug IS DISTINCT FROM NEW.published_slug
               OR OLD.published_at IS DISTINCT FROM NEW.published_at
               OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.type IS DISTINCT FROM NEW.type))
    EXECUTE FUNCTION keep_published_document();
CREATE TRIGGER documents_published_delete AFTER DELETE ON documents FOR EACH ROW
    WHEN (OLD.published_data IS NOT NULL) EXECUTE FUNCTION keep_published_document();

INSERT INTO published_documents (id, type, published_data, published_slug, published_at, created_at, published_json)
SELECT id, type, published_data, published_slug, published_at, created_at,
       published_text(id, published_slug, created_at, published_at, published_data)
FROM documents WHERE published_data IS NOT NULL;
ALTER TABLE documents DROP COLUMN published_json;

-- the orders of published lists (the same as documents had for them) and the item by slug
CREATE INDEX published_documents_type_published_idx ON published_documents (type, published_at DESC, id DESC);
CREATE INDEX published_documents_type_created_desc_idx ON published_documents (type, created_at DESC, id);
CREATE INDEX published_documents_type_created_idx ON published_documents (type, created_at, id);
CREATE INDEX published_documents_type_slug_idx ON published_documents (type, published_slug);

-- what only published reads used goes from documents; IndexManager makes the per-type ones anew on the copy
DROP INDEX documents_type_published_idx;
DROP INDEX documents_type_published_slug_idx;
DO $$
DECLARE
    name text;
BEGIN
    FOR name IN SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'documents'
                AND indexname LIKE 'dx\_p\_%' LOOP
        EXECUTE format('DROP INDEX %I', name);
    END LOOP;
    FOR name IN SELECT stxname FROM pg_statistic_ext WHERE stxnamespace = current_schema()::regnamespace
                AND stxrelid = 'documents'::regclass AND stxname LIKE 'dx\_s\_%' LOOP
        EXECUTE format('DROP STATISTICS %I', name);
    END LOOP;
END
$$;

ANALYZE published_documents;

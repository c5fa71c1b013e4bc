-- Published documents copied into a table of their own, which carries the indexes of published reads: the per-type
-- expression indexes of IndexManager (dx_p_*) and their statistics (dx_s_*) move here from documents.
--
-- Why: PostgreSQL opens and locks every index of a table on each insert, matching row or not, and a transaction keeps
-- only 16 locks on its own before it queues in the shared lock table. With the Bitwreckers types' 78 published
-- indexes on documents, each form submission (a draft) took about 100 shared locks, and concurrent submissions waited
-- on one another there: without those indexes the form benchmark answered 925-965 submissions/s against 535-576.
-- Drafts now insert into a table with a dozen indexes; publishing writes the copy as well.
--
-- documents stays the record (every write goes there, and its published columns stay); the copy follows it through
-- the triggers that already announced each published change (V32), so it changes in the same transaction, and only
-- when what published reads show changed. Delivery lists, items, counts and populated relations read the copy
-- (QueryCompiler, View.table()); the columns keep their names, so the compiled expressions are the same.
CREATE TABLE published_documents (
    id             bigint      PRIMARY KEY,
    type           text        NOT NULL,
    published_data jsonb       NOT NULL,
    published_slug text,
    published_at   timestamptz,
    created_at     timestamptz NOT NULL,
    published_json text        NOT NULL
);

-- Keeps the copy and announces the change (what announce_published_change did): one call per published change.
CREATE FUNCTION keep_published_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.published_data IS NULL THEN
        DELETE FROM published_documents WHERE id = OLD.id;
    ELSE
        INSERT INTO published_documents (id, type, published_data, published_slug, published_at, created_at,
                                         published_json)
        VALUES (NEW.id, NEW.type, NEW.published_data, NEW.published_slug, NEW.published_at, NEW.created_at,
                NEW.published_json)
        ON CONFLICT (id) DO UPDATE SET type = excluded.type, published_data = excluded.published_data,
            published_slug = excluded.published_slug, published_at = excluded.published_at,
            created_at = excluded.created_at, published_json = excluded.published_json;
    END IF;
    PERFORM pg_notify('content_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.type ELSE NEW.type END);
    RETURN NULL;
END
$$;

-- the same conditions as V32's: the published text (which follows the published fields, slug and times) or the type
DROP TRIGGER documents_published_insert ON documents;
DROP TRIGGER documents_published_update ON documents;
DROP TRIGGER documents_published_delete ON documents;
DROP FUNCTION announce_published_change();
CREATE TRIGGER documents_published_insert AFTER INSERT ON documents FOR EACH ROW
    WHEN (NEW.published_json IS NOT NULL) EXECUTE FUNCTION keep_published_document();
CREATE TRIGGER documents_published_update AFTER UPDATE ON documents FOR EACH ROW
    WHEN (OLD.published_json IS DISTINCT FROM NEW.published_json OR OLD.type IS DISTINCT FROM NEW.type)
    EXECUTE FUNCTION keep_published_document();
CREATE TRIGGER documents_published_delete AFTER DELETE ON documents FOR EACH ROW
    WHEN (OLD.published_json IS NOT NULL) EXECUTE FUNCTION keep_published_document();

INSERT INTO published_documents (id, type, published_data, published_slug, published_at, created_at, published_json)
SELECT id, type, published_data, published_slug, published_at, created_at, published_json
FROM documents WHERE published_data IS NOT NULL;

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

-- The published text (V31) is kept in the copy of published documents only (V34), where published reads find it:
-- documents no longer stores it a second time, and a publish writes it once. The copy's trigger builds it, in the
-- shape of QueryCompiler.delivered (DeliveredJsonTest holds the two equal): the id, published slug and times
-- (ISO 8601 in UTC with milliseconds, as SqlTime writes them), then the published fields.
--
-- The copy follows the columns the text is made of (published data, slug and times, creation time) and the type,
-- and only updates that write one of them look: a draft's save never calls the function.
DROP TRIGGER documents_published_json ON documents;
DROP FUNCTION keep_published_json();
DROP TRIGGER documents_published_insert ON documents;
DROP TRIGGER documents_published_update ON documents;
DROP TRIGGER documents_published_delete ON documents;

CREATE OR REPLACE FUNCTION keep_published_document() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    published text;
BEGIN
    IF TG_OP = 'DELETE' OR NEW.published_data IS NULL THEN
        DELETE FROM published_documents WHERE id = OLD.id;
    ELSE
        published := to_char(NEW.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
        INSERT INTO published_documents (id, type, published_data, published_slug, published_at, created_at,
                                         published_json)
        VALUES (NEW.id, NEW.type, NEW.published_data, NEW.published_slug, NEW.published_at, NEW.created_at,
                (jsonb_build_object(
                    'id', NEW.id, 'slug', NEW.published_slug,
                    'created_at', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'updated_at', published, 'published_at', published) || NEW.published_data)::text)
        ON CONFLICT (id) DO UPDATE SET type = excluded.type, published_data = excluded.published_data,
            published_slug = excluded.published_slug, published_at = excluded.published_at,
            created_at = excluded.created_at, published_json = excluded.published_json;
    END IF;
    PERFORM pg_notify('content_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.type ELSE NEW.type END);
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_published_insert AFTER INSERT ON documents FOR EACH ROW
    WHEN (NEW.published_data IS NOT NULL) EXECUTE FUNCTION keep_published_document();
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

ALTER TABLE documents DROP COLUMN published_json;

-- Drafts skip keep_published_json: a row with neither published data nor kept text has nothing for it to do, and
-- a form's submission (a draft) no longer runs a PL/pgSQL call on insert (a few percent of that insert's time).
-- A text written beside no published data still reaches the function, which clears it.
DROP TRIGGER documents_published_json ON documents;
CREATE TRIGGER documents_published_json BEFORE INSERT OR UPDATE OF published_data, published_slug, published_at,
    created_at, published_json ON documents FOR EACH ROW
    WHEN (NEW.published_data IS NOT NULL OR NEW.published_json IS NOT NULL) EXECUTE FUNCTION keep_published_json();

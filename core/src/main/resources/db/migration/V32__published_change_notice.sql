-- Every node keeps published answers per generation of their types, and learns that a type changed from a
-- content_changed notice. PostgreSQL now sends it itself, in the writing transaction (so it goes out exactly when the
-- change commits), and only when what published reads show changed: the published text (V31), which follows the
-- published fields, slug and times, or a published document coming or going. A draft's save or a form submission
-- (a draft as well) sends none: a notice in a transaction serialises its commit with every other one that notifies.
CREATE FUNCTION announce_published_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('content_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.type ELSE NEW.type END);
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_published_insert AFTER INSERT ON documents FOR EACH ROW
    WHEN (NEW.published_json IS NOT NULL) EXECUTE FUNCTION announce_published_change();
CREATE TRIGGER documents_published_update AFTER UPDATE ON documents FOR EACH ROW
    WHEN (OLD.published_json IS DISTINCT FROM NEW.published_json OR OLD.type IS DISTINCT FROM NEW.type)
    EXECUTE FUNCTION announce_published_change();
CREATE TRIGGER documents_published_delete AFTER DELETE ON documents FOR EACH ROW
    WHEN (OLD.published_json IS NOT NULL) EXECUTE FUNCTION announce_published_change();

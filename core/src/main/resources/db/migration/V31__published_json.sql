-- Published documents kept as delivered: the JSON text a published read answers for a document (its id, published
-- slug and times, then its published fields), made by PostgreSQL whenever those columns are written, so a list or an
-- item copies text instead of building JSON for every row it returns (half of PostgreSQL's work on an uncached list).
-- QueryCompiler reads it for published documents of types without private fields when no fields are selected; every
-- other read builds the same shape in its query (QueryCompiler.delivered), and DeliveredJsonTest holds the two equal.
-- A change of the shape needs a migration that replaces keep_published_json and writes the column again.
--
-- A trigger rather than a generated column: adding a stored generated column rewrites the table under an exclusive
-- lock (every node's reads wait), and PostgreSQL would compute it again on every update, a draft's save included.
ALTER TABLE documents ADD COLUMN published_json text;

-- The shape is QueryCompiler.delivered's: the id, published slug and times (ISO 8601 in UTC with milliseconds, as
-- SqlTime writes them), then the published fields. Drafts have none.
CREATE FUNCTION keep_published_json() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    published text;
BEGIN
    IF NEW.published_data IS NULL THEN
        NEW.published_json := NULL;
        RETURN NEW;
    END IF;
    published := to_char(NEW.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    NEW.published_json := (jsonb_build_object(
        'id', NEW.id, 'slug', NEW.published_slug,
        'created_at', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'updated_at', published, 'published_at', published) || NEW.published_data)::text;
    RETURN NEW;
END
$$;

-- published_json is listed too, so nothing can write it but this function
CREATE TRIGGER documents_published_json BEFORE INSERT OR UPDATE OF published_data, published_slug, published_at,
    created_at, published_json ON documents FOR EACH ROW EXECUTE FUNCTION keep_published_json();

-- the documents published before: row locks only, so reads go on meanwhile
UPDATE documents SET published_data = published_data WHERE published_data IS NOT NULL;

-- Published documents kept as delivered: the JSON text a published read answers for a document (its id, published
-- slug and times, then its published fields), made by PostgreSQL whenever those columns are written, so a list or an
-- item copies text instead of building JSON for every row it returns (half of PostgreSQL's work on an uncached list).
-- QueryCompiler reads it for published documents of types without private fields when no fields are selected; every
-- other read builds the same shape in its query (QueryCompiler.delivered), and DeliveredJsonTest holds the two equal.
-- A change of the shape needs a migration that replaces delivered_json and writes the column again.
--
-- A trigger rather than a generated column: adding a stored generated column rewrites the table under an exclusive
-- lock (every node's reads wait), and PostgreSQL would compute it again on every update, a draft's save included.
CREATE FUNCTION delivered_json(id bigint, slug text, created_at timestamptz, updated_at timestamptz,
                               published_at timestamptz, fields jsonb) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (jsonb_build_object(
        'id', id, 'slug', slug,
        'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'updated_at', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'published_at', to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) || fields)::text
$$;

ALTER TABLE documents ADD COLUMN published_json text;

CREATE FUNCTION keep_published_json() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.published_json := delivered_json(NEW.id, NEW.published_slug, NEW.created_at, NEW.published_at,
                                         NEW.published_at, NEW.published_data);
    RETURN NEW;
END
$$;

-- published_json is listed too, so nothing can write it but this function
CREATE TRIGGER documents_published_json BEFORE INSERT OR UPDATE OF published_data, published_slug, published_at,
    created_at, published_json ON documents FOR EACH ROW EXECUTE FUNCTION keep_published_json();

-- the documents published before: row locks only, so reads go on meanwhile
UPDATE documents SET published_data = published_data WHERE published_data IS NOT NULL;

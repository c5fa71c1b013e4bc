-- A list sorted on a date breaks ties by id ascending (the query language's order). Documents written in one
-- transaction, such as a bulk import's thousand, share created_at and updated_at, so a descending sort read through
-- an index ordered (date, id) backwards came out (date DESC, id DESC): PostgreSQL read every row of the tied group
-- and sorted it to take a page. These give the descending date with ascending ids straight from the index.
CREATE INDEX documents_type_created_desc_idx ON documents (type, created_at DESC, id);
CREATE INDEX documents_type_updated_desc_idx ON documents (type, updated_at DESC, id);

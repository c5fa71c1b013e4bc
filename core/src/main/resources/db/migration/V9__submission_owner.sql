-- A submission made by a signed-in user belongs to them: they can list their own applications and their status.
ALTER TABLE documents ADD COLUMN owner_id bigint REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX documents_owner_idx ON documents (owner_id, id DESC) WHERE owner_id IS NOT NULL;

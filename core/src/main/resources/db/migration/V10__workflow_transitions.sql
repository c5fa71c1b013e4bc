-- Every workflow transition: who moved which document from which state to which, when, and why.
CREATE TABLE workflow_transitions (
    id          bigserial PRIMARY KEY,
    document_id bigint      NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    type        text        NOT NULL,
    field       text        NOT NULL,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    note        text        NOT NULL DEFAULT '',
    actor       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_transitions_document ON workflow_transitions (document_id, id);

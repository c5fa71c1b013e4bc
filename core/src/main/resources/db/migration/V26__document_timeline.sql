-- Publishes and withdrawals of each document (publishing makes no version row), for the document's timeline.
CREATE TABLE document_publications (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id bigint      NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    action      text        NOT NULL CHECK (action IN ('publish', 'unpublish')),
    version     integer     NOT NULL,
    author      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_publications_document_idx ON document_publications (document_id, id DESC);

-- The timeline (admin GET /content/{type}/{id}/timeline) finds a document's webhook deliveries, scheduled jobs and
-- mails by these; without them each read would scan the whole table.
CREATE INDEX webhook_deliveries_document_idx ON webhook_deliveries ((payload->>'type'), (payload->>'id'));
CREATE INDEX jobs_schedule_document_idx ON jobs ((payload->>'type'), (payload->>'id')) WHERE kind = 'content.schedule';
CREATE INDEX mail_messages_recipient_idx ON mail_messages (lower(recipient), created_at);

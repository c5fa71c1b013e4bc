-- The transactional job queue: a job is inserted in the same transaction as the write that causes it, so a
-- committed write always has its side effects queued and a rolled-back one has none.
CREATE TABLE jobs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text        NOT NULL,
    payload         jsonb       NOT NULL DEFAULT '{}',
    status          text        NOT NULL DEFAULT 'queued'
                                CHECK (status IN ('queued', 'running', 'done', 'dead', 'discarded')),
    run_at          timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    max_attempts    integer     NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
    last_error      text,
    locked_by       text,
    locked_until    timestamptz,
    idempotency_key text UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX jobs_ready_idx ON jobs (run_at, id) WHERE status = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_status_idx ON jobs (status, updated_at DESC);

-- Recurring jobs: each due occurrence is enqueued exactly once across all nodes (row lock + idempotency key).
CREATE TABLE recurring_jobs (
    name             text PRIMARY KEY,
    kind             text        NOT NULL,
    payload          jsonb       NOT NULL DEFAULT '{}',
    interval_seconds integer     NOT NULL CHECK (interval_seconds > 0),
    next_run_at      timestamptz NOT NULL
);

-- Every e-mail, whether sent over SMTP or captured (no SMTP_HOST): nothing is silently dropped.
CREATE TABLE mail_messages (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  text        NOT NULL UNIQUE,
    template    text        NOT NULL,
    recipient   text        NOT NULL,
    subject     text        NOT NULL,
    text_body   text        NOT NULL,
    html_body   text        NOT NULL,
    headers     jsonb       NOT NULL DEFAULT '{}',
    status      text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'captured', 'failed')),
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX mail_messages_status_idx ON mail_messages (status, created_at DESC);

-- Scheduled publishing, shown to editors; the jobs carry it out.
ALTER TABLE documents ADD COLUMN publish_at timestamptz, ADD COLUMN unpublish_at timestamptz;

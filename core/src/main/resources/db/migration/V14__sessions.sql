-- Sessions that end when they should, on every node (issue 13).

-- Failed sign-ins per account and client address, shared by every node. The account is kept as a hash of its
-- lower-cased address: guesses at addresses that have no account are counted the same way, and stored unreadable.
CREATE TABLE login_failures (
    account_hash   text        NOT NULL,
    client         text        NOT NULL,
    failures       integer     NOT NULL,
    last_failed_at timestamptz NOT NULL,
    PRIMARY KEY (account_hash, client)
);
CREATE INDEX login_failures_last_failed_idx ON login_failures (last_failed_at);

-- Single-use tickets that open one notification stream (a browser's EventSource cannot send a bearer token).
-- A ticket stands for the access token it was asked with, so the stream ends with that token's session.
CREATE TABLE stream_tickets (
    ticket_hash      text        PRIMARY KEY,
    user_id          bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    watched_user_id  bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    access_token_id  text        NOT NULL,
    session          uuid,
    token_issued_at  timestamptz NOT NULL,
    token_expires_at timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL
);
CREATE INDEX stream_tickets_expires_idx ON stream_tickets (expires_at);

-- Keys the platform makes for itself, the same on every node: the development signing key when SECRET_KEY is
-- not set (never in prod).
CREATE TABLE platform_keys (
    name       text        PRIMARY KEY,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

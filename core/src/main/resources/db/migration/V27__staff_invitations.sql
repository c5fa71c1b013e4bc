-- Staff invitations: an admin invites an address with a role; the mailed single-use link (only its hash is kept)
-- lets the person choose a password, which creates the account with that role. A new mail replaces the link.
CREATE TABLE staff_invitations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text        NOT NULL,
    role        text        NOT NULL,
    invited_by  bigint      REFERENCES users (id) ON DELETE SET NULL,
    token_hash  text UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    revoked_at  timestamptz,
    user_id     bigint      REFERENCES users (id) ON DELETE SET NULL
);
-- one open invitation per address
CREATE UNIQUE INDEX staff_invitations_open_idx ON staff_invitations (lower(email))
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- Credentials and sessions for user accounts.
ALTER TABLE users ADD COLUMN password_hash text,
                  ADD COLUMN last_login_at timestamptz,
                  -- access tokens issued before this time stop working (password reset, deactivation)
                  ADD COLUMN sessions_valid_after timestamptz NOT NULL DEFAULT '-infinity';

-- Opaque refresh tokens, stored hashed, rotated on every use; a family is one login's chain of rotations.
CREATE TABLE refresh_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family      uuid        NOT NULL,
    token_hash  text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    replaced_at timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Access tokens revoked before they expire (logout); rows can go once the token would have expired anyway.
CREATE TABLE revoked_access_tokens (
    jti        text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);

-- Single-use password reset tokens, stored hashed.
CREATE TABLE password_resets (
    token_hash text PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

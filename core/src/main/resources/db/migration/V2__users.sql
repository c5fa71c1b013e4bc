-- User accounts (the spec's User model). Community members are the public profiles of active users;
-- the identity work adds credentials and sessions on top of this table.
CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text        NOT NULL,
    full_name  text        NOT NULL,
    role       text        NOT NULL DEFAULT 'student'
                           CHECK (role IN ('student', 'expert', 'mentor', 'graduate', 'admin', 'editor')),
    university text,
    avatar_url text,
    bio        text,
    location   text,
    skills     jsonb       NOT NULL DEFAULT '[]',
    is_active  boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_active_role_idx ON users (role, full_name) WHERE is_active;
CREATE INDEX users_active_university_idx ON users (university) WHERE is_active;

-- Accounts registered through the public API confirm their address before they can sign in. Every account that
-- exists already, and every account staff, ADMIN_EMAIL or the demo seed create, counts as confirmed.
ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT true;

-- One row per registration of an unconfirmed address: the password chosen in that registration and the hash of the
-- one-time link mailed for it. Confirming applies that registration's password, so whoever registers someone
-- else's address first does not choose the password the owner ends up with.
CREATE TABLE email_verifications (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash text        NOT NULL,
    token_hash    text UNIQUE,
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_verifications_user_idx ON email_verifications (user_id);

-- The member directory lists confirmed accounts only: announce confirmations like the other listed columns.
DROP TRIGGER users_changed_update ON users;
CREATE TRIGGER users_changed_update AFTER UPDATE ON users
    FOR EACH ROW WHEN ((OLD.full_name, OLD.role, OLD.university, OLD.avatar_url, OLD.bio, OLD.location, OLD.skills,
                        OLD.is_active, OLD.profile_public, OLD.created_at, OLD.email_verified)
                       IS DISTINCT FROM (NEW.full_name, NEW.role, NEW.university, NEW.avatar_url, NEW.bio, NEW.location,
                                         NEW.skills, NEW.is_active, NEW.profile_public, NEW.created_at, NEW.email_verified))
    EXECUTE FUNCTION notify_users_changed();

-- Secrets in mail: the stored copy shows them masked; the deliverable copy is kept sealed (AES-GCM with a key derived
-- from SECRET_KEY) only until the message is delivered. 'erased': the recipient's account was erased before delivery.
ALTER TABLE mail_messages ADD COLUMN contains_secrets boolean NOT NULL DEFAULT false,
                          ADD COLUMN sealed bytea;
ALTER TABLE mail_messages DROP CONSTRAINT mail_messages_status_check,
                          ADD CONSTRAINT mail_messages_status_check
                              CHECK (status IN ('queued', 'sent', 'captured', 'failed', 'erased'));

-- Messages stored before this version carry their links in clear (reset and confirmation tokens, unsubscribe
-- signatures): mask them. One of these still waiting to be sent is then marked failed instead of going out with a
-- masked link; the person asks for a new one.
UPDATE mail_messages
   SET subject = regexp_replace(subject, '((token|sig)=)[A-Za-z0-9_-]+', '\1[hidden]', 'g'),
       text_body = regexp_replace(text_body, '((token|sig)=)[A-Za-z0-9_-]+', '\1[hidden]', 'g'),
       html_body = regexp_replace(html_body, '((token|sig)=)[A-Za-z0-9_-]+', '\1[hidden]', 'g'),
       headers = regexp_replace(headers::text, '((token|sig)=)[A-Za-z0-9_-]+', '\1[hidden]', 'g')::jsonb,
       contains_secrets = true
 WHERE (text_body || html_body || headers::text) ~ '(token|sig)=[A-Za-z0-9_-]';

-- The audit log records user events without personal data (id, role, active); strip what older entries hold.
UPDATE audit_log
   SET before = CASE WHEN before IS NULL THEN NULL
                     ELSE jsonb_build_object('id', before->'id', 'role', before->'role', 'is_active', before->'is_active') END,
       after = CASE WHEN after IS NULL THEN NULL
                    ELSE jsonb_build_object('id', after->'id', 'role', after->'role', 'is_active', after->'is_active') END
 WHERE entity_type = 'user';

-- The public member directory: NULL follows the role (community members listed, staff not); true or false is the
-- member's own choice.
ALTER TABLE users ADD COLUMN profile_public boolean;

-- Every node's cached member lists and statistics depend on these columns: announce a change the way document
-- changes are announced (LISTEN content_changed), whichever code path made it.
CREATE FUNCTION notify_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('content_changed', 'users');
    RETURN NULL;
END
$$;
CREATE TRIGGER users_changed_insert_delete AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_users_changed();
CREATE TRIGGER users_changed_update AFTER UPDATE ON users
    FOR EACH ROW WHEN ((OLD.full_name, OLD.role, OLD.university, OLD.avatar_url, OLD.bio, OLD.location, OLD.skills,
                        OLD.is_active, OLD.profile_public, OLD.created_at)
                       IS DISTINCT FROM (NEW.full_name, NEW.role, NEW.university, NEW.avatar_url, NEW.bio, NEW.location,
                                         NEW.skills, NEW.is_active, NEW.profile_public, NEW.created_at))
    EXECUTE FUNCTION notify_users_changed();

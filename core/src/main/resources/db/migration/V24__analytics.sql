-- Analytics (issue 17): cookieless visits from the website, and the facts the platform records itself.

-- Dimensions: each distinct value stored once, referred to by a small id from the event rows.
CREATE TABLE analytics_paths (
    id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path text NOT NULL UNIQUE
);
CREATE TABLE analytics_sources (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel       text NOT NULL,
    referrer_host text NOT NULL,
    utm_source    text NOT NULL,
    utm_medium    text NOT NULL,
    utm_campaign  text NOT NULL,
    UNIQUE (channel, referrer_host, utm_source, utm_medium, utm_campaign)
);
CREATE TABLE analytics_agents (
    id      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    browser text NOT NULL,
    os      text NOT NULL,
    device  text NOT NULL,
    UNIQUE (browser, os, device)
);
CREATE TABLE analytics_names (
    id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

-- One row per counted beacon: no address, no user agent, no account; the visitor is a keyed hash whose key (the
-- day's salt) is deleted the next day. Append-only, partitioned by month so retention drops whole partitions, and
-- one BRIN index (a few kB per month) instead of B-trees that would outweigh the rows; a block range is summarised
-- as soon as it fills (autosummarize), so "the last five minutes" reads only the last few blocks.
-- kind: 1 page view, 2 view of a document (entity_type, entity_id), 3 named event (name_id).
CREATE TABLE analytics_events (
    occurred_at timestamptz NOT NULL,
    visitor     bigint      NOT NULL,
    entity_id   bigint,
    path_id     integer     NOT NULL,
    source_id   integer     NOT NULL,
    agent_id    integer     NOT NULL,
    name_id     integer,
    kind        smallint    NOT NULL,
    entity_type text
) PARTITION BY RANGE (occurred_at);
CREATE INDEX analytics_events_time_brin ON analytics_events USING brin (occurred_at) WITH (autosummarize = on);

-- The key of the visitor hash, one per UTC day, the same on every node; deleted once its day is over.
CREATE TABLE analytics_salts (
    day  date  PRIMARY KEY,
    salt bytea NOT NULL
);

-- Beacons not counted, per day and reason (bot, opt_out, full, invalid), so admins can see the filter work.
CREATE TABLE analytics_dropped (
    day    date    NOT NULL,
    reason text    NOT NULL,
    hits   bigint  NOT NULL,
    PRIMARY KEY (day, reason)
);

-- Daily rollups, rebuilt for a day by the rollup job (today every few minutes, yesterday once more after midnight).
-- Visitors are distinct visitor hashes of that day; over several days they are a sum of daily visitors.
CREATE TABLE analytics_daily_pages (
    day      date    NOT NULL,
    path_id  integer NOT NULL,
    views    bigint  NOT NULL,
    visitors bigint  NOT NULL,
    PRIMARY KEY (day, path_id)
);
CREATE TABLE analytics_daily_entities (
    day         date    NOT NULL,
    entity_type text    NOT NULL,
    entity_id   bigint  NOT NULL,
    views       bigint  NOT NULL,
    visitors    bigint  NOT NULL,
    PRIMARY KEY (day, entity_type, entity_id)
);
CREATE INDEX analytics_daily_entities_entity ON analytics_daily_entities (entity_type, entity_id, day);
CREATE TABLE analytics_daily_sources (
    day       date    NOT NULL,
    source_id integer NOT NULL,
    views     bigint  NOT NULL,
    visitors  bigint  NOT NULL,
    PRIMARY KEY (day, source_id)
);
CREATE TABLE analytics_daily_agents (
    day      date    NOT NULL,
    agent_id integer NOT NULL,
    views    bigint  NOT NULL,
    visitors bigint  NOT NULL,
    PRIMARY KEY (day, agent_id)
);
CREATE TABLE analytics_daily_names (
    day      date    NOT NULL,
    name_id  integer NOT NULL,
    hits     bigint  NOT NULL,
    visitors bigint  NOT NULL,
    PRIMARY KEY (day, name_id)
);
CREATE TABLE analytics_daily_site (
    day       date   PRIMARY KEY,
    pageviews bigint NOT NULL,
    visitors  bigint NOT NULL,
    events    bigint NOT NULL
);

-- What the platform knows exactly, written by triggers in the transaction that changes the state, so no code path
-- can forget it: sign-ups, every status change of a document that has a status (applications, submissions, event
-- registrations, events), newsletter subscriptions. No personal data: ids and states only.
CREATE TABLE analytics_facts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    fact        text        NOT NULL,
    subject     text        NOT NULL,
    subject_id  bigint      NOT NULL,
    related_id  bigint,
    from_state  text,
    to_state    text
);
CREATE INDEX analytics_facts_subject ON analytics_facts (subject, occurred_at);
CREATE INDEX analytics_facts_time ON analytics_facts (occurred_at);

-- Members active per day: a sign-in or a session refresh marks the day.
CREATE TABLE analytics_member_days (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day     date   NOT NULL,
    PRIMARY KEY (day, user_id)
);

CREATE FUNCTION analytics_user_signed_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_facts (fact, subject, subject_id, to_state) VALUES ('signed_up', 'user', NEW.id, NEW.role);
    RETURN NULL;
END $$;
CREATE TRIGGER analytics_user_signed_up AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION analytics_user_signed_up();

CREATE FUNCTION analytics_member_active() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analytics_member_days (user_id, day) VALUES (NEW.user_id, (now() AT TIME ZONE 'UTC')::date)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER analytics_member_active AFTER INSERT ON refresh_tokens
    FOR EACH ROW EXECUTE FUNCTION analytics_member_active();

-- related_id: the event an event registration belongs to (a relation field named "event").
CREATE FUNCTION analytics_document_status() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_state text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.data ->> 'status' END;
    new_state text := NEW.data ->> 'status';
BEGIN
    IF new_state IS NOT NULL AND new_state IS DISTINCT FROM old_state THEN
        INSERT INTO analytics_facts (fact, subject, subject_id, related_id, from_state, to_state)
        VALUES (CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'status_changed' END, NEW.type, NEW.id,
                CASE WHEN jsonb_typeof(NEW.data -> 'event') = 'number' THEN (NEW.data ->> 'event')::bigint END,
                old_state, new_state);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER analytics_document_status AFTER INSERT OR UPDATE OF data ON documents
    FOR EACH ROW EXECUTE FUNCTION analytics_document_status();

CREATE FUNCTION analytics_newsletter_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO analytics_facts (fact, subject, subject_id, from_state, to_state)
        VALUES ('newsletter', 'subscriber', NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER analytics_newsletter_status AFTER INSERT OR UPDATE OF status ON newsletter_subscribers
    FOR EACH ROW EXECUTE FUNCTION analytics_newsletter_status();

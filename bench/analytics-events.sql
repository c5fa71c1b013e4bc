-- Synthetic visits for the analytics benchmark: :events rows over the last :days days, ~20,000 visitors a day,
-- 500 paths, a few sources, agents and event names; one in five views names a published document.
-- psql -v events=10000000 -v days=30 -f bench/analytics-events.sql
INSERT INTO analytics_paths (path) SELECT '/bench/page-' || i FROM generate_series(1, 500) i ON CONFLICT DO NOTHING;
INSERT INTO analytics_sources (channel, referrer_host, utm_source, utm_medium, utm_campaign)
SELECT c, h, '', '', '' FROM (VALUES ('direct', ''), ('search', 'google.com'), ('social', 't.co'),
                                     ('referral', 'blog.example.com'), ('email', '')) AS v(c, h)
ON CONFLICT DO NOTHING;
INSERT INTO analytics_agents (browser, os, device)
SELECT b, o, d FROM (VALUES ('Chrome', 'Windows NT', 'desktop'), ('Firefox', 'Linux', 'desktop'),
                            ('Safari', 'iOS', 'mobile'), ('Chrome', 'Android', 'mobile'), ('Safari', 'Mac OS', 'desktop'))
    AS v(b, o, d)
ON CONFLICT DO NOTHING;
INSERT INTO analytics_names (name) VALUES ('apply_clicked'), ('register_clicked') ON CONFLICT DO NOTHING;

SELECT format('CREATE TABLE IF NOT EXISTS analytics_events_%s PARTITION OF analytics_events FOR VALUES FROM (%L) TO (%L)',
              to_char(m, 'YYYY_MM'), m::date, (m + interval '1 month')::date)
FROM generate_series(date_trunc('month', now() - interval '1 day' * :days), date_trunc('month', now()),
                     interval '1 month') AS m
\gexec

WITH paths AS (SELECT array_agg(id) AS ids FROM analytics_paths WHERE path LIKE '/bench/%'),
     sources AS (SELECT array_agg(id) AS ids FROM analytics_sources),
     agents AS (SELECT array_agg(id) AS ids FROM analytics_agents),
     names AS (SELECT array_agg(id) AS ids FROM analytics_names),
     docs AS (SELECT array_agg(id) AS ids FROM documents WHERE type = 'project' AND published_data IS NOT NULL)
INSERT INTO analytics_events (occurred_at, visitor, entity_id, path_id, source_id, agent_id, name_id, kind, entity_type)
SELECT t, v, CASE WHEN k = 2 THEN docs.ids[1 + (v % cardinality(docs.ids))] END,
       paths.ids[1 + (v % 500)::int], sources.ids[1 + (v % 5)::int], agents.ids[1 + ((v / 7) % 5)::int],
       CASE WHEN k = 3 THEN names.ids[1 + (v % 2)::int] END, k, CASE WHEN k = 2 THEN 'project' END
FROM paths, sources, agents, names, docs,
     LATERAL (SELECT now() - random() * interval '1 day' * :days AS t,
                     (random() * 20000)::bigint AS v,
                     CASE WHEN random() < 0.2 THEN 2 WHEN random() < 0.05 THEN 3 ELSE 1 END AS k
              FROM generate_series(1, :events)) AS g
ORDER BY t; -- visits arrive in time order, which is what keeps the BRIN index sharp
VACUUM ANALYZE analytics_events; -- what autovacuum does in time: statistics, and BRIN summaries of the new blocks

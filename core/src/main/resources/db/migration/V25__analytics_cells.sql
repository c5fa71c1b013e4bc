-- Daily cells for filtered reports: views (and named events' hits) with their distinct visitors per day, source and
-- agent, once over all paths (path_id 0) and once per path. A filter or a breakdown on any dimension then sums a few
-- thousand cells instead of reading a month of raw visits. A visitor's agent is fixed for the day (it is part of the
-- hash), so summing over agents never counts a visitor twice; summing over sources counts a visitor once per source
-- they arrived from that day, and per-path cells are only ever summed within one path.
-- name_id 0 marks view cells (kinds 1 and 2); a named event's cells carry its name_id and count its hits.
CREATE TABLE analytics_daily_cells (
    day       date    NOT NULL,
    path_id   integer NOT NULL,
    name_id   integer NOT NULL,
    source_id integer NOT NULL,
    agent_id  integer NOT NULL,
    hits      bigint  NOT NULL,
    visitors  bigint  NOT NULL,
    PRIMARY KEY (day, path_id, name_id, source_id, agent_id)
);

-- the days counted before this table existed
INSERT INTO analytics_daily_cells (day, path_id, name_id, source_id, agent_id, hits, visitors)
SELECT day, CASE WHEN grouping(path_id) = 1 THEN 0 ELSE path_id END, cell_name, source_id, agent_id, count(*),
       count(DISTINCT visitor)
FROM (SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, path_id, CASE WHEN kind = 3 THEN name_id ELSE 0 END AS cell_name,
             source_id, agent_id, visitor
      FROM analytics_events WHERE kind IN (1, 2) OR (kind = 3 AND name_id IS NOT NULL)) e
GROUP BY GROUPING SETS ((day, cell_name, source_id, agent_id), (day, path_id, cell_name, source_id, agent_id));

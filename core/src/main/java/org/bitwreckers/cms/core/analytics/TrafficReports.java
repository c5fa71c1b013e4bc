package org.bitwreckers.cms.core.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.error.CmsException;

/**
 * Reports on visits from the website. Unfiltered reports read the daily rollups; a report with filters sums the daily
 * cells (views and visitors per day, path, source and agent), so neither reads raw visits and both cost the same at any
 * number of visits. Visitors over several days are the sum of each day's visitors (a visitor's hash changes every day,
 * by design); a filtered report counts a visitor once per source they arrived from that day.
 */
public final class TrafficReports {
    /**
     * A breakdown's dimension: its column over the daily cells, the rollup that holds it alone, the rollup's column,
     * whether empty values (no referrer, no campaign) are left out, and the rollup's count.
     */
    private record Dimension(String cell, String rollup, String rollupKey, boolean skipsEmpty, String metric) {
        String nonEmpty(String column) {
            return skipsEmpty ? " AND " + column + " <> ''" : "";
        }
    }

    private static final Map<String, Dimension> DIMENSIONS = dimensions();
    private static final String PATH = "p.path";
    private static final String EVENT = "n.name";
    private static final Map<String, String> JOINS = Map.of(
            "p.", " JOIN analytics_paths p ON p.id = c.path_id",
            "s.", " JOIN analytics_sources s ON s.id = c.source_id",
            "a.", " JOIN analytics_agents a ON a.id = c.agent_id",
            "n.", " JOIN analytics_names n ON n.id = c.name_id");

    private final DbClient db;

    /**
     * @param db database client
     */
    public TrafficReports(DbClient db) {
        this.db = db;
    }

    private static Map<String, Dimension> dimensions() {
        Map<String, Dimension> d = new LinkedHashMap<>();
        String pages = "analytics_daily_pages r JOIN analytics_paths x ON x.id = r.path_id";
        String sources = "analytics_daily_sources r JOIN analytics_sources x ON x.id = r.source_id";
        String agents = "analytics_daily_agents r JOIN analytics_agents x ON x.id = r.agent_id";
        d.put("page", new Dimension(PATH, pages, "x.path", false, "views"));
        d.put("channel", new Dimension("s.channel", sources, "x.channel", false, "views"));
        d.put("referrer", new Dimension("s.referrer_host", sources, "x.referrer_host", true, "views"));
        d.put("utm_source", new Dimension("s.utm_source", sources, "x.utm_source", true, "views"));
        d.put("utm_medium", new Dimension("s.utm_medium", sources, "x.utm_medium", true, "views"));
        d.put("utm_campaign", new Dimension("s.utm_campaign", sources, "x.utm_campaign", true, "views"));
        d.put("browser", new Dimension("a.browser", agents, "x.browser", false, "views"));
        d.put("os", new Dimension("a.os", agents, "x.os", false, "views"));
        d.put("device", new Dimension("a.device", agents, "x.device", false, "views"));
        d.put("event", new Dimension(EVENT, "analytics_daily_names r JOIN analytics_names x ON x.id = r.name_id",
                                     "x.name", false, "hits"));
        return d;
    }

    /**
     * Filters, {@code dimension:value}.
     *
     * @param filters the request's filter parameters
     * @return the filtered columns over the daily cells, and their values
     */
    private static Map<String, String> filters(List<String> filters) {
        Map<String, String> checked = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String f : filters) {
            int colon = f.indexOf(':');
            String dimension = colon > 0 ? f.substring(0, colon) : f;
            if (colon <= 0 || !DIMENSIONS.containsKey(dimension)) {
                problems.put("filter", "is dimension:value with a dimension of " + DIMENSIONS.keySet());
            } else {
                checked.put(DIMENSIONS.get(dimension).cell(), f.substring(colon + 1));
            }
        }
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("Invalid analytics query", problems);
        }
        return checked;
    }

    /**
     * Page views, visitors and events of the period, and of the one before for comparison.
     *
     * @param period the period
     * @return one row for the period and one for the previous
     */
    public Table summary(Period period) {
        String sql = "SELECT ? AS period, coalesce(sum(pageviews), 0)::bigint AS pageviews,"
                + " coalesce(sum(visitors), 0)::bigint AS visitors, coalesce(sum(events), 0)::bigint AS events,"
                + " (SELECT coalesce(sum(views), 0)::bigint FROM analytics_daily_entities WHERE day BETWEEN ? AND ?)"
                + " AS document_views FROM analytics_daily_site WHERE day BETWEEN ? AND ?";
        List<String> columns = List.of("period", "pageviews", "visitors", "events", "document_views");
        Period before = period.previous();
        List<List<Object>> rows = new ArrayList<>(Rows.query(db, columns, sql, "current", period.from(), period.to(),
                                                             period.from(), period.to()).rows());
        rows.addAll(Rows.query(db, columns, sql, "previous", before.from(), before.to(), before.from(), before.to()).rows());
        return new Table(columns, rows);
    }

    /**
     * Page views and visitors per interval, every interval present (zero when quiet); with {@code compare}, each row
     * also holds the same interval of the period before (the first interval of one beside the first of the other), so a
     * chart can draw both lines.
     *
     * @param period  the period
     * @param filters dimension:value filters; with an event filter, pageviews counts that event's hits
     * @param compare whether to add the period before
     * @return rows of t, pageviews, visitors (and previous_t, previous_pageviews, previous_visitors)
     */
    public Table timeseries(Period period, List<String> filters, boolean compare) {
        Table current = timeseries(period, filters);
        if (!compare) {
            return current;
        }
        Table before = timeseries(period.previous(), filters);
        List<String> columns = new ArrayList<>(current.columns());
        before.columns().forEach(c -> columns.add("previous_" + c));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < current.rows().size(); i++) {
            List<Object> row = new ArrayList<>(current.rows().get(i));
            if (i < before.rows().size()) {
                row.addAll(before.rows().get(i));
            } else {
                before.columns().forEach(c -> row.add(null)); // a longer period than the one before (31 vs 30 days)
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }

    private Table timeseries(Period period, List<String> filters) {
        List<String> columns = List.of("t", "pageviews", "visitors");
        String buckets = "SELECT to_char(b, 'YYYY-MM-DD') AS t FROM generate_series(date_trunc(?, ?::date::timestamp),"
                + " ?::date::timestamp, ('1 ' || ?)::interval) AS b";
        Map<String, String> where = filters(filters);
        List<Object> params = new ArrayList<>(List.of(period.interval(), period.from(), period.to(), period.interval()));
        String counts;
        if (where.isEmpty()) {
            counts = "SELECT to_char(date_trunc(?, day::timestamp), 'YYYY-MM-DD') AS t, sum(pageviews)::bigint AS pageviews,"
                    + " sum(visitors)::bigint AS visitors FROM analytics_daily_site WHERE day BETWEEN ? AND ? GROUP BY 1";
            params.addAll(List.of(period.interval(), period.from(), period.to()));
        } else {
            counts = "SELECT to_char(date_trunc(?, c.day::timestamp), 'YYYY-MM-DD') AS t, sum(c.hits)::bigint AS pageviews,"
                    + " sum(c.visitors)::bigint AS visitors" + cells(where.keySet()) + conditions(where) + " GROUP BY 1";
            params.addAll(List.of(period.interval(), period.from(), period.to()));
            params.addAll(where.values());
        }
        return Rows.query(db, columns, "SELECT b.t, coalesce(c.pageviews, 0)::bigint AS pageviews,"
                + " coalesce(c.visitors, 0)::bigint AS visitors FROM (" + buckets + ") b LEFT JOIN (" + counts + ") c"
                + " ON c.t = b.t ORDER BY b.t", params.toArray());
    }

    /**
     * The top values of a dimension.
     *
     * @param dimension page, channel, referrer, utm_source, utm_medium, utm_campaign, browser, os, device or event
     * @param period    the period
     * @param filters   dimension:value filters
     * @param limit     rows at most
     * @return rows of key, views (hits for events), visitors, share of views
     */
    public Table breakdown(String dimension, Period period, List<String> filters, int limit) {
        Dimension d = Optional.ofNullable(DIMENSIONS.get(dimension)).orElseThrow(() -> CmsException.badRequest(
                "Invalid analytics query", Map.of("dimension", "is one of " + DIMENSIONS.keySet())));
        Map<String, String> where = filters(filters);
        List<String> columns = List.of("key", "views", "visitors", "share");
        List<Object> params = new ArrayList<>();
        String grouped;
        if (where.isEmpty()) {
            grouped = "SELECT " + d.rollupKey() + " AS key, sum(r." + d.metric() + ")::bigint AS views,"
                    + " sum(r.visitors)::bigint AS visitors FROM " + d.rollup() + " WHERE r.day BETWEEN ? AND ?"
                    + d.nonEmpty(d.rollupKey()) + " GROUP BY 1";
            params.addAll(List.of(period.from(), period.to()));
        } else {
            List<String> named = new ArrayList<>(where.keySet());
            named.add(d.cell());
            grouped = "SELECT " + d.cell() + " AS key, sum(c.hits)::bigint AS views, sum(c.visitors)::bigint AS visitors"
                    + cells(named) + d.nonEmpty(d.cell()) + conditions(where) + " GROUP BY 1";
            params.addAll(List.of(period.from(), period.to()));
            params.addAll(where.values());
        }
        params.add(limit);
        return Rows.query(db, columns, "SELECT key, views, visitors,"
                + " round(views::numeric / greatest(sum(views) OVER (), 1), 4)::double precision AS share"
                + " FROM (" + grouped + ") g ORDER BY views DESC, key LIMIT ?", params.toArray());
    }

    /**
     * The daily cells of the period (two parameters, from and to) joined to the dimensions the columns name: the
     * per-path cells when a column is the path (each path's visitors are its own), a named event's cells when a column
     * is the event's name, else the views over all paths.
     */
    private static String cells(Collection<String> columns) {
        StringBuilder sql = new StringBuilder(" FROM analytics_daily_cells c");
        for (Map.Entry<String, String> join : JOINS.entrySet()) {
            if (columns.stream().anyMatch(c -> c.startsWith(join.getKey()))) {
                sql.append(join.getValue());
            }
        }
        return sql.append(" WHERE c.day BETWEEN ? AND ? AND c.path_id ").append(columns.contains(PATH) ? "> 0" : "= 0")
                .append(" AND c.name_id ").append(columns.contains(EVENT) ? "> 0" : "= 0").toString();
    }

    private static String conditions(Map<String, String> where) {
        StringBuilder sql = new StringBuilder();
        for (String column : where.keySet()) {
            sql.append(" AND ").append(column).append(" = ?"); // a column from DIMENSIONS, never input
        }
        return sql.toString();
    }

    /**
     * The last five minutes, from the raw visits.
     *
     * @return one row: visitors, pageviews, and the top pages as text
     */
    public Table realtime() {
        return Rows.query(db, List.of("visitors", "pageviews", "top_pages"),
                          "SELECT count(DISTINCT e.visitor)::bigint AS visitors,"
                                  + " count(*) FILTER (WHERE e.kind IN (1, 2))::bigint AS pageviews,"
                                  + " coalesce((SELECT string_agg(path || ' ' || n, ', ' ORDER BY n DESC, path) FROM"
                                  + " (SELECT p.path, count(*) AS n FROM analytics_events x"
                                  + " JOIN analytics_paths p ON p.id = x.path_id WHERE x.occurred_at > now() - interval '5 minutes'"
                                  + " AND x.kind IN (1, 2) GROUP BY p.path ORDER BY n DESC, p.path LIMIT 5) t), '') AS top_pages"
                                  + " FROM analytics_events e WHERE e.occurred_at > now() - interval '5 minutes'");
    }

    /**
     * One document's views per interval, for its page in the editor.
     *
     * @param type   content type
     * @param id     document id
     * @param period the period
     * @return rows of t, views, visitors
     */
    public Table document(String type, long id, Period period) {
        return Rows.query(db, List.of("t", "views", "visitors"),
                          "SELECT to_char(b, 'YYYY-MM-DD') AS t, coalesce(sum(r.views), 0)::bigint AS views,"
                                  + " coalesce(sum(r.visitors), 0)::bigint AS visitors"
                                  + " FROM generate_series(date_trunc(?, ?::date::timestamp), ?::date::timestamp, ('1 ' || ?)::interval) AS b"
                                  + " LEFT JOIN analytics_daily_entities r ON r.entity_type = ? AND r.entity_id = ?"
                                  + " AND r.day BETWEEN ? AND ? AND date_trunc(?, r.day::timestamp) = b GROUP BY b ORDER BY b",
                          period.interval(), period.from(), period.to(), period.interval(), type, id,
                          period.from(), period.to(), period.interval());
    }

    /**
     * The most viewed documents of a type, with their views per day for a sparkline.
     *
     * @param type   content type
     * @param period the period
     * @param limit  rows at most
     * @return rows of id, title, views, visitors, daily (views per day, comma-separated)
     */
    public Table topDocuments(String type, Period period, int limit) {
        return Rows.query(db, List.of("id", "title", "views", "visitors", "daily"),
                          "WITH top AS (SELECT entity_id, sum(views)::bigint AS views, sum(visitors)::bigint AS visitors"
                                  + " FROM analytics_daily_entities WHERE entity_type = ? AND day BETWEEN ? AND ?"
                                  + " GROUP BY entity_id ORDER BY views DESC, entity_id LIMIT ?)"
                                  + " SELECT t.entity_id AS id, coalesce(d.published_data ->> 'title', d.slug,"
                                  + " t.entity_id::text) AS title, t.views, t.visitors,"
                                  + " (SELECT string_agg(coalesce(r.views, 0)::text, ',' ORDER BY g)"
                                  + " FROM generate_series(?::date::timestamp, ?::date::timestamp, interval '1 day') AS g"
                                  + " LEFT JOIN analytics_daily_entities r ON r.entity_type = ? AND r.entity_id = t.entity_id"
                                  + " AND r.day = g::date) AS daily"
                                  + " FROM top t LEFT JOIN documents d ON d.id = t.entity_id ORDER BY t.views DESC, t.entity_id",
                          type, period.from(), period.to(), limit, period.from(), period.to(), type);
    }

    /**
     * Beacons not counted, per day and reason.
     *
     * @param period the period
     * @return rows of day, reason, hits
     */
    public Table dropped(Period period) {
        return Rows.query(db, List.of("day", "reason", "hits"),
                          "SELECT to_char(day, 'YYYY-MM-DD') AS day, reason, hits FROM analytics_dropped"
                                  + " WHERE day BETWEEN ? AND ? ORDER BY day, reason", period.from(), period.to());
    }
}

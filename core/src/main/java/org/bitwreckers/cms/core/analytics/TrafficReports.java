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
 * Reports on visits from the website. Unfiltered reports read the daily rollups (milliseconds at any size); a report
 * with filters reads the raw visits of its period, which the BRIN index keeps to the months it covers. Visitors over
 * several days are the sum of each day's visitors (a visitor's hash changes every day, by design).
 */
public final class TrafficReports {
    /** A breakdown's dimension: the column it groups by in the raw visits, and the rollup that holds it. */
    private record Dimension(String raw, String rollup, String rollupKey, String rollupJoin, String metric) {
    }

    private static final Map<String, Dimension> DIMENSIONS = dimensions();
    private static final Map<String, String> JOINS = Map.of(
            "p.", " JOIN analytics_paths p ON p.id = e.path_id",
            "s.", " JOIN analytics_sources s ON s.id = e.source_id",
            "a.", " JOIN analytics_agents a ON a.id = e.agent_id",
            "n.", " LEFT JOIN analytics_names n ON n.id = e.name_id");
    private static final String RAW_PERIOD = " WHERE e.occurred_at >= (?::date)::timestamp AT TIME ZONE 'UTC'"
            + " AND e.occurred_at < (?::date + 1)::timestamp AT TIME ZONE 'UTC'";
    private static final String RAW_DAY = "(e.occurred_at AT TIME ZONE 'UTC')::date";

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
        d.put("page", new Dimension("p.path", pages, "x.path", "", "views"));
        d.put("channel", new Dimension("s.channel", sources, "x.channel", "", "views"));
        d.put("referrer", new Dimension("s.referrer_host", sources, "x.referrer_host", "x.referrer_host <> ''", "views"));
        d.put("utm_source", new Dimension("s.utm_source", sources, "x.utm_source", "x.utm_source <> ''", "views"));
        d.put("utm_medium", new Dimension("s.utm_medium", sources, "x.utm_medium", "x.utm_medium <> ''", "views"));
        d.put("utm_campaign", new Dimension("s.utm_campaign", sources, "x.utm_campaign", "x.utm_campaign <> ''", "views"));
        d.put("browser", new Dimension("a.browser", agents, "x.browser", "", "views"));
        d.put("os", new Dimension("a.os", agents, "x.os", "", "views"));
        d.put("device", new Dimension("a.device", agents, "x.device", "", "views"));
        d.put("event", new Dimension("n.name", "analytics_daily_names r JOIN analytics_names x ON x.id = r.name_id",
                                     "x.name", "", "hits"));
        return d;
    }

    /**
     * A filter on raw visits, {@code dimension:value}.
     *
     * @param filters the request's filter parameters
     * @return SQL conditions and their values
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
                checked.put(DIMENSIONS.get(dimension).raw(), f.substring(colon + 1));
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
     * Page views and visitors per interval, every interval present (zero when quiet).
     *
     * @param period  the period
     * @param filters dimension:value filters (read from raw visits)
     * @return rows of t, pageviews, visitors
     */
    public Table timeseries(Period period, List<String> filters) {
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
            // visitors per day first (hash aggregates), then the interval: a distinct count over the whole period
            // would sort every visit of it
            counts = "SELECT to_char(date_trunc(?, day::timestamp), 'YYYY-MM-DD') AS t, sum(views)::bigint AS pageviews,"
                    + " count(*)::bigint AS visitors FROM (SELECT " + RAW_DAY + " AS day, e.visitor,"
                    + " count(*) FILTER (WHERE e.kind IN (1, 2)) AS views" + rawFrom(where.keySet()) + RAW_PERIOD
                    + conditions(where) + " GROUP BY 1, 2) v GROUP BY 1";
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
     * @param filters   dimension:value filters (read from raw visits)
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
                    + (d.rollupJoin().isEmpty() ? "" : " AND " + d.rollupJoin()) + " GROUP BY 1";
            params.addAll(List.of(period.from(), period.to()));
        } else {
            String kinds = dimension.equals("event") ? " AND e.kind = 3" : " AND e.kind IN (1, 2)";
            List<String> named = new ArrayList<>(where.keySet());
            named.add(d.raw());
            grouped = "SELECT key, sum(views)::bigint AS views, count(*)::bigint AS visitors FROM (SELECT " + d.raw()
                    + " AS key, " + RAW_DAY + " AS day, e.visitor, count(*) AS views" + rawFrom(named) + RAW_PERIOD
                    + kinds + conditions(where) + " GROUP BY 1, 2, 3) v GROUP BY 1";
            params.addAll(List.of(period.from(), period.to()));
            params.addAll(where.values());
        }
        params.add(limit);
        return Rows.query(db, columns, "SELECT key, views, visitors,"
                + " round(views::numeric / greatest(sum(views) OVER (), 1), 4)::double precision AS share"
                + " FROM (" + grouped + ") g ORDER BY views DESC, key LIMIT ?", params.toArray());
    }

    /** The raw visits joined to the dimensions the columns name, and no others. */
    private static String rawFrom(Collection<String> columns) {
        StringBuilder sql = new StringBuilder(" FROM analytics_events e");
        for (Map.Entry<String, String> join : JOINS.entrySet()) {
            if (columns.stream().anyMatch(c -> c.startsWith(join.getKey()))) {
                sql.append(join.getValue());
            }
        }
        return sql.toString();
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

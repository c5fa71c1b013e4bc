package org.bitwreckers.cms.core.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.json.JsonValue;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;

/**
 * Keeps the daily rollups the reports read: every few minutes it recounts today and yesterday (so yesterday's last
 * beacons land after midnight), and deletes the visitor salts of days that are over. Visits are append-only, so
 * recounting a day only ever raises its rows: an upsert per table, idempotent, safe to run on two nodes at once.
 */
public final class AnalyticsRollup implements JobHandler {
    /** Job kind. */
    public static final String KIND = "analytics.rollup";
    /** How often the rollups are refreshed. */
    public static final Duration EVERY = Duration.ofMinutes(5);

    private static final String DAY = " FROM analytics_events WHERE occurred_at >= ? AND occurred_at < ?";
    private static final String VIEWS = DAY + " AND kind IN (1, 2)";
    private static final List<String> UPSERTS = List.of(
            "INSERT INTO analytics_daily_pages (day, path_id, views, visitors)"
                    + " SELECT ?::date, path_id, count(*), count(DISTINCT visitor)" + VIEWS + " GROUP BY path_id"
                    + " ON CONFLICT (day, path_id) DO UPDATE SET views = EXCLUDED.views, visitors = EXCLUDED.visitors",
            "INSERT INTO analytics_daily_entities (day, entity_type, entity_id, views, visitors)"
                    + " SELECT ?::date, entity_type, entity_id, count(*), count(DISTINCT visitor)" + VIEWS
                    + " AND entity_id IS NOT NULL GROUP BY entity_type, entity_id"
                    + " ON CONFLICT (day, entity_type, entity_id) DO UPDATE SET views = EXCLUDED.views,"
                    + " visitors = EXCLUDED.visitors",
            "INSERT INTO analytics_daily_sources (day, source_id, views, visitors)"
                    + " SELECT ?::date, source_id, count(*), count(DISTINCT visitor)" + VIEWS + " GROUP BY source_id"
                    + " ON CONFLICT (day, source_id) DO UPDATE SET views = EXCLUDED.views, visitors = EXCLUDED.visitors",
            "INSERT INTO analytics_daily_agents (day, agent_id, views, visitors)"
                    + " SELECT ?::date, agent_id, count(*), count(DISTINCT visitor)" + VIEWS + " GROUP BY agent_id"
                    + " ON CONFLICT (day, agent_id) DO UPDATE SET views = EXCLUDED.views, visitors = EXCLUDED.visitors",
            "INSERT INTO analytics_daily_names (day, name_id, hits, visitors)"
                    + " SELECT ?::date, name_id, count(*), count(DISTINCT visitor)" + DAY + " AND kind = 3"
                    + " GROUP BY name_id ON CONFLICT (day, name_id) DO UPDATE SET hits = EXCLUDED.hits,"
                    + " visitors = EXCLUDED.visitors",
            // the filtered reports' cells (V25): over all paths and per path, views (name 0) and each named event
            "INSERT INTO analytics_daily_cells (day, path_id, name_id, source_id, agent_id, hits, visitors)"
                    + " SELECT ?::date, CASE WHEN grouping(path_id) = 1 THEN 0 ELSE path_id END, cell_name, source_id,"
                    + " agent_id, count(*), count(DISTINCT visitor) FROM (SELECT path_id, source_id, agent_id, visitor,"
                    + " CASE WHEN kind = 3 THEN name_id ELSE 0 END AS cell_name" + DAY
                    + " AND (kind IN (1, 2) OR (kind = 3 AND name_id IS NOT NULL))) e"
                    + " GROUP BY GROUPING SETS ((cell_name, source_id, agent_id), (path_id, cell_name, source_id, agent_id))"
                    + " ON CONFLICT (day, path_id, name_id, source_id, agent_id) DO UPDATE SET hits = EXCLUDED.hits,"
                    + " visitors = EXCLUDED.visitors",
            "INSERT INTO analytics_daily_site (day, pageviews, visitors, events)"
                    + " SELECT ?::date, count(*) FILTER (WHERE kind IN (1, 2)), count(DISTINCT visitor),"
                    + " count(*) FILTER (WHERE kind = 3)" + DAY + " HAVING count(*) > 0"
                    + " ON CONFLICT (day) DO UPDATE SET pageviews = EXCLUDED.pageviews, visitors = EXCLUDED.visitors,"
                    + " events = EXCLUDED.events");

    private final DbClient db;
    private final Clock clock;

    /**
     * @param db    database client
     * @param clock the clock (which day is today)
     */
    public AnalyticsRollup(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Declares the recurring job (idempotent; every node may call it at start).
     *
     * @param queue the job queue
     */
    public static void schedule(JobQueue queue) {
        queue.recurring("analytics-rollup", KIND, JsonValue.EMPTY_JSON_OBJECT, EVERY);
    }

    /**
     * Queues a recount of each day of a period (after an import or a restore, or for a benchmark's generated visits).
     *
     * @param queue  the job queue
     * @param period the days
     * @return the number of days queued
     */
    public static long recount(JobQueue queue, Period period) {
        long days = 0;
        for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
            queue.enqueueNow(KIND, Jsons.createObjectBuilder().add("day", day.toString()).build());
            days++;
        }
        return days;
    }

    @Override
    public void handle(Job job) {
        if (job.payload().containsKey("day")) {
            rollUp(LocalDate.parse(job.payload().getString("day")));
            return;
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        rollUp(today.minusDays(1));
        rollUp(today);
        // a salt serves one day; once the day is over nobody may be able to recompute a visitor's hash
        db.execute().dml("DELETE FROM analytics_salts WHERE day < ?", today);
    }

    /**
     * Recounts one day's rollups.
     *
     * @param day a UTC day
     */
    public void rollUp(LocalDate day) {
        OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = from.plusDays(1);
        Transactions.run(db, tx -> {
            for (String upsert : UPSERTS) {
                tx.dml(upsert, day, from, to);
            }
        });
    }
}

package org.bitwreckers.cms.server.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.bitwreckers.cms.core.db.DatabaseReach;

/**
 * Figures kept in the database, read at each scrape: the job queue by kind and state, the age of the oldest job
 * waiting to run, and mail and webhook deliveries that failed for good. They are the cluster's, not the node's: every
 * node reports the same values (take {@code max} across instances). While the database is out of reach the last
 * values stay, and the scrape does not wait for it.
 */
public final class StoredFigures {
    private static final Logger LOG = Logger.getLogger(StoredFigures.class.getName());
    /** Waiting (due, not yet claimed), scheduled (due later), running (claimed) and dead (out of attempts). */
    private static final String JOBS = "SELECT kind, CASE WHEN status = 'queued' AND run_at > now() THEN 'scheduled'"
            + " WHEN status = 'queued' THEN 'waiting' ELSE status END AS state, count(*) AS n,"
            + " EXTRACT(EPOCH FROM now() - min(run_at))::float8 AS oldest"
            + " FROM jobs WHERE status IN ('queued', 'running', 'dead') GROUP BY 1, 2";
    private static final String FAILED = "SELECT (SELECT count(*) FROM mail_messages WHERE status = 'failed') AS mail,"
            + " (SELECT count(*) FROM webhook_deliveries WHERE status = 'failed') AS webhooks";

    private final DbClient db;
    private final DatabaseReach reach;
    private final MultiGauge jobs;
    private final MultiGauge oldest;
    /** Every series seen so far: one whose jobs are all gone reads 0 rather than vanishing. */
    private final Map<Tags, Double> jobCounts = new LinkedHashMap<>();
    private final Map<Tags, Double> oldestWaiting = new LinkedHashMap<>();
    private final AtomicLong failedMail = new AtomicLong();
    private final AtomicLong failedWebhooks = new AtomicLong();

    /**
     * @param db       the database
     * @param reach    whether it can be reached now
     * @param registry where the figures go
     */
    public StoredFigures(DbClient db, DatabaseReach reach, MeterRegistry registry) {
        this.db = db;
        this.reach = reach;
        this.jobs = MultiGauge.builder("bitwreckers.jobs")
                .description("Jobs by kind and state (waiting, scheduled, running, dead)").register(registry);
        this.oldest = MultiGauge.builder("bitwreckers.jobs.oldest.waiting").baseUnit("seconds")
                .description("How long the oldest job that is due has waited to be claimed, by kind").register(registry);
        Gauge.builder("bitwreckers.mail.failed", failedMail, AtomicLong::get)
                .description("Mail messages whose delivery failed for good").register(registry);
        Gauge.builder("bitwreckers.webhook.deliveries.failed", failedWebhooks, AtomicLong::get)
                .description("Webhook deliveries that failed for good").register(registry);
        Gauge.builder("bitwreckers.database.listen.connected", reach, r -> r.reachable() ? 1 : 0)
                .description("1 while the LISTEN connection (cache invalidation, job wake-ups) is up").register(registry);
    }

    /** Reads the figures again; called before each scrape. */
    public synchronized void refresh() {
        if (!reach.reachable()) {
            return;
        }
        try {
            jobCounts.replaceAll((tags, n) -> 0.0);
            oldestWaiting.replaceAll((tags, n) -> 0.0);
            try (Stream<DbRow> rows = db.execute().query(JOBS)) {
                rows.forEach(row -> {
                    String kind = row.column("kind").get(String.class);
                    String state = row.column("state").get(String.class);
                    jobCounts.put(Tags.of("kind", kind, "state", state), (double) row.column("n").get(Long.class));
                    if (state.equals("waiting")) {
                        oldestWaiting.put(Tags.of("kind", kind), row.column("oldest").get(Double.class));
                    }
                });
            }
            DbRow failed = db.execute().get(FAILED).orElseThrow();
            failedMail.set(failed.column("mail").get(Long.class));
            failedWebhooks.set(failed.column("webhooks").get(Long.class));
            jobs.register(rows(jobCounts), true);
            oldest.register(rows(oldestWaiting), true);
        } catch (RuntimeException e) {
            LOG.fine("Stored figures not read this scrape: " + e.getMessage());
        }
    }

    private static List<MultiGauge.Row<?>> rows(Map<Tags, Double> values) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((tags, value) -> rows.add(MultiGauge.Row.of(tags, value)));
        return rows;
    }
}

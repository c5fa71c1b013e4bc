package org.bitwreckers.cms.core.analytics;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.json.Jsons;

/**
 * Writes accepted beacons in batches, off the request path: whatever arrived within a quarter of a second (up to a
 * thousand) goes to PostgreSQL as one statement. A crash loses at most that batch; the platform's own facts never pass
 * through here (the database records them with the change).
 */
final class HitWriter {
    /** Why a beacon was not counted. */
    enum Drop {
        BOT("bot"), OPT_OUT("opt_out"), FULL("full"), RATE_LIMITED("rate_limited"), FOREIGN("foreign");

        private final String reason;

        Drop(String reason) {
            this.reason = reason;
        }
    }

    private static final Logger LOG = Logger.getLogger(HitWriter.class.getName());
    private static final int BATCH = 1000;
    private static final long GATHER_MILLIS = 250;
    private static final String INSERT = "INSERT INTO analytics_events"
            + " (occurred_at, visitor, entity_id, path_id, source_id, agent_id, name_id, kind, entity_type)"
            + " SELECT r.occurred_at, r.visitor, d.id, r.path_id, r.source_id, r.agent_id, r.name_id, r.kind,"
            + " CASE WHEN d.id IS NOT NULL THEN r.entity_type END"
            + " FROM jsonb_to_recordset(?::jsonb) AS r(occurred_at timestamptz, visitor bigint, path_id integer,"
            + " source_id integer, agent_id integer, name_id integer, kind smallint, entity_type text, slug text)"
            // a view of a document that is not published (or a made-up slug) still counts as a page view
            + " LEFT JOIN documents d ON d.type = r.entity_type AND d.slug = r.slug AND d.published_data IS NOT NULL";

    private final DbClient db;
    private final BlockingQueue<PendingHit> queue;
    private final Dimensions dimensions;
    private final Partitions partitions;
    private final Map<Drop, LongAdder> dropped = new EnumMap<>(Drop.class);
    private final Object writing = new Object();
    private volatile boolean running = true;
    private final Thread thread;

    HitWriter(DbClient db, BlockingQueue<PendingHit> queue) {
        this.db = db;
        this.queue = queue;
        this.dimensions = new Dimensions(db);
        this.partitions = new Partitions(db);
        for (Drop d : Drop.values()) {
            dropped.put(d, new LongAdder());
        }
        this.thread = Thread.ofPlatform().daemon().name("analytics-writer").start(this::run);
    }

    void drop(Drop reason) {
        dropped.get(reason).increment();
    }

    Partitions partitions() {
        return partitions;
    }

    private void run() {
        while (running) {
            try {
                List<PendingHit> batch = gather();
                write(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the database is away: this batch is lost (at most a quarter of a second of visits), the next is tried
                LOG.log(Level.WARNING, "Could not write analytics beacons: " + e.getMessage(), e);
            }
        }
    }

    private List<PendingHit> gather() throws InterruptedException {
        List<PendingHit> batch = new ArrayList<>();
        PendingHit first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
        while (batch.size() < BATCH) {
            PendingHit next = queue.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
            queue.drainTo(batch, BATCH - batch.size());
        }
        return batch;
    }

    /** Writes what is queued now, and the drop counts; used when the node stops. */
    void flush() {
        List<PendingHit> rest = new ArrayList<>();
        queue.drainTo(rest);
        write(rest);
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    private void write(List<PendingHit> batch) {
        synchronized (writing) {
            JsonArrayBuilder rows = Jsons.createArrayBuilder();
            int counted = 0;
            for (PendingHit hit : batch) {
                UserAgents.Agent agent = UserAgents.classify(hit.userAgent());
                if (agent.robot()) {
                    drop(Drop.BOT);
                    continue;
                }
                partitions.ensure(YearMonth.from(hit.at().atZone(ZoneOffset.UTC)));
                rows.add(row(hit, agent));
                counted++;
            }
            if (counted > 0) {
                db.execute().dml(INSERT, rows.build().toString());
            }
            saveDrops();
        }
    }

    private JsonObjectBuilder row(PendingHit hit, UserAgents.Agent agent) {
        JsonObjectBuilder row = Jsons.createObjectBuilder()
                .add("occurred_at", hit.at().toString())
                .add("visitor", hit.visitor())
                .add("path_id", dimensions.path(hit.path()))
                .add("source_id", dimensions.source(hit.source()))
                .add("agent_id", dimensions.agent(agent))
                .add("kind", hit.beacon().kind().code());
        dimensions.name(hit.name()).ifPresent(id -> row.add("name_id", id));
        hit.beacon().entityType().ifPresent(t -> row.add("entity_type", t));
        hit.beacon().entitySlug().ifPresent(s -> row.add("slug", s));
        return row;
    }

    private void saveDrops() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (Map.Entry<Drop, LongAdder> e : dropped.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                db.execute().dml("INSERT INTO analytics_dropped (day, reason, hits) VALUES (?, ?, ?)"
                                         + " ON CONFLICT (day, reason) DO UPDATE SET hits = analytics_dropped.hits + EXCLUDED.hits",
                                 today, e.getKey().reason, n);
            }
        }
    }
}

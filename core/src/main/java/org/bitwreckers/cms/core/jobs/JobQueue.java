package org.bitwreckers.cms.core.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.document.Page;
import org.bitwreckers.cms.core.document.Pages;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * Enqueues jobs inside the caller's transaction and lets staff inspect, retry and discard them.
 */
public final class JobQueue {
    /** Statuses a job can have. */
    public static final Set<String> STATUSES = Set.of("queued", "running", "done", "dead", "discarded");
    /** Attempts before a job is parked as dead, unless the caller says otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    private static final String TS = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    private static final String JSON = "jsonb_build_object('id', id, 'kind', kind, 'payload', payload, 'status', status,"
            + " 'attempts', attempts, 'max_attempts', max_attempts, 'last_error', last_error, 'idempotency_key', idempotency_key,"
            + " 'run_at', " + TS.formatted("run_at") + ", 'created_at', " + TS.formatted("created_at")
            + ", 'updated_at', " + TS.formatted("updated_at") + ", 'finished_at', " + TS.formatted("finished_at") + ")::text";

    private final DbClient db;

    /**
     * @param db database client
     */
    public JobQueue(DbClient db) {
        this.db = db;
    }

    /**
     * Enqueues a job to run now, in the caller's transaction.
     *
     * @param tx      the transaction of the write that causes the job
     * @param kind    job kind
     * @param payload job data
     * @return the job id
     */
    public long enqueue(DbExecute tx, String kind, JsonObject payload) {
        return enqueue(tx, kind, payload, Optional.empty(), Optional.empty(), DEFAULT_MAX_ATTEMPTS).orElseThrow();
    }

    /**
     * Enqueues a job, in the caller's transaction.
     *
     * @param tx             the transaction of the write that causes the job
     * @param kind           job kind
     * @param payload        job data
     * @param runAt          when to run it (now when empty)
     * @param idempotencyKey a key no other job has; a second enqueue with it is ignored
     * @param maxAttempts    attempts before the job is parked as dead
     * @return the job id, empty when a job with the key already exists
     */
    public Optional<Long> enqueue(DbExecute tx, String kind, JsonObject payload, Optional<Instant> runAt,
                                  Optional<String> idempotencyKey, int maxAttempts) {
        Optional<Long> id = tx.get("INSERT INTO jobs (kind, payload, run_at, idempotency_key, max_attempts)"
                                           + " VALUES (?, ?::jsonb, COALESCE(?::timestamptz, now()), ?, ?)"
                                           + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                                   kind, payload.toString(), runAt.map(Instant::toString).orElse(null),
                                   idempotencyKey.orElse(null), maxAttempts)
                .map(r -> r.column("id").get(Long.class));
        tx.get("SELECT pg_notify('jobs_ready', ?) AS sent", kind); // wakes idle workers on every node after commit
        return id;
    }

    /**
     * Discards a queued job by its idempotency key (for example a cancelled scheduled publish).
     *
     * @param tx             transaction
     * @param idempotencyKey the job's key
     * @return whether a queued job was discarded
     */
    public boolean discardQueued(DbExecute tx, String idempotencyKey) {
        return tx.dml("UPDATE jobs SET status = 'discarded', updated_at = now(), finished_at = now()"
                              + " WHERE idempotency_key = ? AND status = 'queued'", idempotencyKey) > 0;
    }

    /**
     * Declares (or changes) a recurring job; each occurrence is enqueued once across all nodes.
     *
     * @param name     stable name
     * @param kind     job kind
     * @param payload  job data
     * @param interval time between occurrences
     */
    public void recurring(String name, String kind, JsonObject payload, Duration interval) {
        db.execute().dml("INSERT INTO recurring_jobs (name, kind, payload, interval_seconds, next_run_at)"
                                 + " VALUES (?, ?, ?::jsonb, ?, now()) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
                                 + " payload = excluded.payload, interval_seconds = excluded.interval_seconds",
                         name, kind, payload.toString(), (int) interval.toSeconds());
    }

    /**
     * Removes recurring jobs of a kind whose names are no longer declared (for example a removed plugin's tasks).
     *
     * @param kind job kind
     * @param keep names still declared
     */
    public void retireRecurring(String kind, java.util.List<String> keep) {
        db.execute().dml("DELETE FROM recurring_jobs WHERE kind = ? AND NOT (name = ANY (string_to_array(?, chr(31))))",
                         kind, String.join("\u001f", keep));
    }

    /**
     * Enqueues a job to run now, in its own transaction.
     *
     * @param kind    job kind
     * @param payload job data
     * @return the job id
     */
    public long enqueueNow(String kind, JsonObject payload) {
        io.helidon.dbclient.DbTransaction tx = db.transaction();
        try {
            long id = enqueue(tx, kind, payload);
            tx.commit();
            return id;
        } catch (RuntimeException e) {
            Transactions.rollback(tx, e);
            throw e;
        }
    }

    /**
     * @param status   only jobs with this status, if given
     * @param page     1-based page
     * @param pageSize jobs per page
     * @return jobs, most recently changed first
     */
    public Page list(Optional<String> status, int page, int pageSize) {
        status.filter(s -> !STATUSES.contains(s)).ifPresent(s -> {
            throw CmsException.badRequest("Invalid query parameters",
                                          java.util.Map.of("status", "must be one of queued, running, done, dead, discarded"));
        });
        return Pages.read(db.execute().query("SELECT " + JSON + " AS doc, count(*) OVER () AS total FROM jobs"
                                                             + " WHERE (?::text IS NULL OR status = ?) ORDER BY updated_at DESC,"
                                                             + " id DESC LIMIT ? OFFSET ?", status.orElse(null),
                                                     status.orElse(null), pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }

    /**
     * @param id job id
     * @return the job as JSON
     */
    public String get(long id) {
        return db.execute().get("SELECT " + JSON + " AS doc FROM jobs WHERE id = ?", id)
                .map(r -> r.column("doc").get(String.class))
                .orElseThrow(() -> CmsException.notFound("No job with id " + id));
    }

    /**
     * Runs the waiting jobs of the given kinds now, when the service they wait for is back: queued ones waiting out a
     * backoff are brought forward, and ones that died since the service went away get fresh attempts.
     *
     * @param kinds job kinds
     * @param since when the service went away
     * @return how many jobs were brought forward
     */
    public long runNow(java.util.List<String> kinds, Instant since) {
        io.helidon.dbclient.DbTransaction tx = db.transaction();
        try {
            // a minute of slack for the clock difference between this node and the database
            long changed = tx.dml("UPDATE jobs SET status = 'queued', attempts = CASE WHEN status = 'dead' THEN 0"
                                          + " ELSE attempts END, run_at = now(), updated_at = now(), finished_at = NULL"
                                          + " WHERE kind = ANY (string_to_array(?, chr(31))) AND (status = 'queued'"
                                          + " OR status = 'dead' AND finished_at >= ?::timestamptz - interval '1 minute')",
                                  String.join("\u001f", kinds), since.toString());
            tx.get("SELECT pg_notify('jobs_ready', 'retry') AS sent");
            tx.commit();
            return changed;
        } catch (RuntimeException e) {
            Transactions.rollback(tx, e);
            throw e;
        }
    }

    /**
     * Puts a dead or discarded job back in the queue with fresh attempts.
     *
     * @param id job id
     * @return the job as JSON
     */
    public String retry(long id) {
        long changed = db.execute().dml("UPDATE jobs SET status = 'queued', attempts = 0, run_at = now(), updated_at = now(),"
                                                + " finished_at = NULL WHERE id = ? AND status IN ('dead', 'discarded')", id);
        if (changed == 0) {
            get(id);
            throw CmsException.conflict("Only dead or discarded jobs can be retried", java.util.Map.of());
        }
        db.execute().get("SELECT pg_notify('jobs_ready', 'retry') AS sent");
        return get(id);
    }

    /**
     * Puts every dead job (of one kind, if given) back in the queue with fresh attempts, for example all the mail
     * that died in an outage.
     *
     * @param kind only jobs of this kind, if given
     * @return how many jobs were queued again
     */
    public long retryDead(Optional<String> kind) {
        long changed = db.execute().dml("UPDATE jobs SET status = 'queued', attempts = 0, run_at = now(), updated_at = now(),"
                                                + " finished_at = NULL WHERE status = 'dead' AND (?::text IS NULL OR kind = ?)",
                                        kind.orElse(null), kind.orElse(null));
        if (changed > 0) {
            db.execute().get("SELECT pg_notify('jobs_ready', 'retry') AS sent");
        }
        return changed;
    }

    /**
     * Discards a queued or dead job; it will not run.
     *
     * @param id job id
     * @return the job as JSON
     */
    public String discard(long id) {
        long changed = db.execute().dml("UPDATE jobs SET status = 'discarded', updated_at = now(), finished_at = now()"
                                                + " WHERE id = ? AND status IN ('queued', 'dead')", id);
        if (changed == 0) {
            get(id);
            throw CmsException.conflict("Only queued or dead jobs can be discarded", java.util.Map.of());
        }
        return get(id);
    }
}

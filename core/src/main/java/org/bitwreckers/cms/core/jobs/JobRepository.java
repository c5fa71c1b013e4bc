package org.bitwreckers.cms.core.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.db.Notices;
import org.bitwreckers.cms.core.db.SqlTime;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.paging.Pages;

/**
 * SQL of the job queue as callers and staff see it: enqueueing, recurring jobs, listing, retrying and discarding.
 * Methods that take a transaction run in it; values are always bound.
 */
final class JobRepository {
    private static final String JSON = "jsonb_build_object('id', id, 'kind', kind, 'payload', payload, 'status', status,"
            + " 'attempts', attempts, 'max_attempts', max_attempts, 'last_error', last_error, 'idempotency_key', idempotency_key,"
            + " 'run_at', " + SqlTime.iso("run_at") + ", 'created_at', " + SqlTime.iso("created_at")
            + ", 'updated_at', " + SqlTime.iso("updated_at") + ", 'finished_at', " + SqlTime.iso("finished_at") + ")::text";
    /** Separates the names in one bound text parameter: no name contains it. */
    private static final String SEPARATOR = "\u001f";

    private final DbClient db;

    JobRepository(DbClient db) {
        this.db = db;
    }

    /** @return the new job's id, empty when a job with the key already exists */
    Optional<Long> insert(DbExecute tx, String kind, String payload, Optional<Instant> runAt,
                          Optional<String> idempotencyKey, int maxAttempts) {
        Optional<Long> id = tx.get("INSERT INTO jobs (kind, payload, run_at, idempotency_key, max_attempts)"
                                           + " VALUES (?, ?::jsonb, COALESCE(?::timestamptz, now()), ?, ?)"
                                           + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                                   kind, payload, runAt.map(Instant::toString).orElse(null),
                                   idempotencyKey.orElse(null), maxAttempts)
                .map(r -> r.column("id").get(Long.class));
        id.ifPresent(queued -> notifyReady(tx, kind)); // a key that already exists queued nothing: no one to wake
        return id;
    }

    /**
     * Runs the caller's insert and queues a job naming each inserted row, in one statement.
     *
     * @param insert an {@code INSERT ... RETURNING id[, ...]} of any number of rows
     * @return the rows the insert returned
     */
    List<DbRow> insertWith(DbExecute tx, String insert, List<Object> params, String kind, String idMember,
                           int maxAttempts) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(List.of(kind, idMember, maxAttempts));
        List<DbRow> inserted;
        try (Stream<DbRow> rows = tx.query("WITH inserted AS (" + insert + "), queued AS (INSERT INTO jobs (kind,"
                                                   + " payload, max_attempts) SELECT ?, jsonb_build_object(?::text,"
                                                   + " inserted.id), ? FROM inserted) SELECT * FROM inserted",
                                           all.toArray())) {
            inserted = rows.toList();
        }
        if (!inserted.isEmpty()) {
            notifyReady(tx, kind);
        }
        return inserted;
    }

    /** Wakes idle workers on every node, once the transaction commits (a hint: workers also look every second). */
    void notifyReady(DbExecute tx, String reason) {
        Notices.afterCommit(tx, "jobs_ready", reason);
    }

    /** Wakes idle workers on every node now. */
    void notifyReady(String reason) {
        notifyReady(db.execute(), reason);
    }

    boolean discardQueued(DbExecute tx, String idempotencyKey) {
        return tx.dml("UPDATE jobs SET status = 'discarded', updated_at = now(), finished_at = now()"
                              + " WHERE idempotency_key = ? AND status = 'queued'", idempotencyKey) > 0;
    }

    void upsertRecurring(String name, String kind, String payload, int intervalSeconds) {
        db.execute().dml("INSERT INTO recurring_jobs (name, kind, payload, interval_seconds, next_run_at)"
                                 + " VALUES (?, ?, ?::jsonb, ?, now()) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
                                 + " payload = excluded.payload, interval_seconds = excluded.interval_seconds",
                         name, kind, payload, intervalSeconds);
    }

    void deleteRecurringExcept(String kind, List<String> keep) {
        db.execute().dml("DELETE FROM recurring_jobs WHERE kind = ? AND NOT (name = ANY (string_to_array(?, chr(31))))",
                         kind, String.join(SEPARATOR, keep));
    }

    Page list(Optional<String> status, int page, int pageSize) {
        return Pages.read(db.execute().query("SELECT " + JSON + " AS doc, count(*) OVER () AS total FROM jobs"
                                                     + " WHERE (?::text IS NULL OR status = ?) ORDER BY updated_at DESC,"
                                                     + " id DESC LIMIT ? OFFSET ?", status.orElse(null),
                                             status.orElse(null), pageSize, (long) (page - 1) * pageSize), page, pageSize);
    }

    Optional<String> get(long id) {
        return db.execute().get("SELECT " + JSON + " AS doc FROM jobs WHERE id = ?", id)
                .map(r -> r.column("doc").get(String.class));
    }

    /**
     * Queues again the jobs of these kinds that wait (now) or died since a moment (fresh attempts).
     *
     * @return how many
     */
    long requeueWaitingOrDiedSince(DbExecute tx, List<String> kinds, Instant since) {
        // a minute of slack for the clock difference between this node and the database
        return tx.dml("UPDATE jobs SET status = 'queued', attempts = CASE WHEN status = 'dead' THEN 0"
                              + " ELSE attempts END, run_at = now(), updated_at = now(), finished_at = NULL"
                              + " WHERE kind = ANY (string_to_array(?, chr(31))) AND (status = 'queued'"
                              + " OR status = 'dead' AND finished_at >= ?::timestamptz - interval '1 minute')",
                      String.join(SEPARATOR, kinds), since.toString());
    }

    /** @return whether the job was dead or discarded (it is queued again, with fresh attempts) */
    boolean retry(long id) {
        return db.execute().dml("UPDATE jobs SET status = 'queued', attempts = 0, run_at = now(), updated_at = now(),"
                                        + " finished_at = NULL WHERE id = ? AND status IN ('dead', 'discarded')", id) > 0;
    }

    /** @return how many dead jobs (of the kind, if given) are queued again */
    long retryDead(Optional<String> kind) {
        return db.execute().dml("UPDATE jobs SET status = 'queued', attempts = 0, run_at = now(), updated_at = now(),"
                                        + " finished_at = NULL WHERE status = 'dead' AND (?::text IS NULL OR kind = ?)",
                                kind.orElse(null), kind.orElse(null));
    }

    /** @return whether the job was queued or dead (it is discarded now) */
    boolean discard(long id) {
        return db.execute().dml("UPDATE jobs SET status = 'discarded', updated_at = now(), finished_at = now()"
                                        + " WHERE id = ? AND status IN ('queued', 'dead')", id) > 0;
    }
}

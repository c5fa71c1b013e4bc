package org.bitwreckers.cms.core.jobs;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.json.JsonText;

/**
 * SQL of the workers: claiming the next due job, finishing or failing a run, keeping and giving back leases, and
 * turning due recurring jobs into queued ones. A run is named by node and attempt, so a worker whose lease another
 * took over cannot change that run. Values are always bound.
 */
final class WorkerRepository {
    /** Separates the names in one bound text parameter: no kind contains it. */
    private static final String SEPARATOR = "\u001f";

    private final DbClient db;

    WorkerRepository(DbClient db) {
        this.db = db;
    }

    /** @return the next due job not of the excluded kinds, now running on this node under a lease */
    Optional<Job> claim(String node, double leaseSeconds, Set<String> excludedKinds) {
        return db.execute().get("UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ?,"
                                        + " locked_until = now() + make_interval(secs => ?), updated_at = now()"
                                        + " WHERE id = (SELECT id FROM jobs WHERE status = 'queued'"
                                        + " AND run_at <= now() AND NOT (kind = ANY (string_to_array(?, chr(31))))"
                                        + " ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                                        + " RETURNING id, kind, payload::text AS payload, attempts, max_attempts",
                                node, leaseSeconds, String.join(SEPARATOR, excludedKinds))
                .map(WorkerRepository::job);
    }

    private static Job job(DbRow r) {
        return new Job(r.column("id").get(Long.class), r.column("kind").get(String.class),
                       JsonText.object(r.column("payload").get(String.class)), r.column("attempts").get(Integer.class),
                       r.column("max_attempts").get(Integer.class));
    }

    /**
     * @return up to {@code limit} more due jobs of the kind, now running on this node under a lease (a batch's
     *         companions: the first was claimed by {@link #claim})
     */
    List<Job> claimMore(String node, double leaseSeconds, String kind, int limit) {
        try (Stream<DbRow> rows = db.execute().query(
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ?,"
                        + " locked_until = now() + make_interval(secs => ?), updated_at = now()"
                        + " WHERE id IN (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= now() AND kind = ?"
                        + " ORDER BY run_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, kind, payload::text AS payload, attempts, max_attempts",
                node, leaseSeconds, kind, limit)) {
            return rows.map(WorkerRepository::job).toList();
        }
    }

    /** Marks a batch's runs as done, each by its own claim, in one statement. */
    void finishedAll(List<Job> jobs, String node) {
        db.execute().dml("UPDATE jobs SET status = 'done', finished_at = now(), updated_at = now(), locked_by = NULL,"
                                 + " locked_until = NULL FROM unnest(string_to_array(?, ',')::bigint[],"
                                 + " string_to_array(?, ',')::int[]) AS run(id, attempts) WHERE jobs.id = run.id"
                                 + " AND jobs.attempts = run.attempts AND locked_by = ? AND status = 'running'",
                         String.join(",", jobs.stream().map(j -> Long.toString(j.id())).toList()),
                         String.join(",", jobs.stream().map(j -> Integer.toString(j.attempts())).toList()), node);
    }

    void finished(Job job, String node) {
        db.execute().dml("UPDATE jobs SET status = 'done', finished_at = now(), updated_at = now(), locked_by = NULL,"
                                 + " locked_until = NULL WHERE id = ? AND locked_by = ? AND attempts = ?"
                                 + " AND status = 'running'", job.id(), node, job.attempts());
    }

    /** Queues the job again after the delay, or parks it as dead; the error is kept for staff. */
    void failed(Job job, String node, boolean dead, double retryInSeconds, String error) {
        db.execute().dml("UPDATE jobs SET status = CASE WHEN ? THEN 'dead' ELSE 'queued' END,"
                                 + " run_at = now() + make_interval(secs => ?), last_error = ?, locked_by = NULL,"
                                 + " locked_until = NULL, updated_at = now(), finished_at = CASE WHEN ? THEN now() END"
                                 + " WHERE id = ? AND locked_by = ? AND attempts = ? AND status = 'running'",
                         dead, retryInSeconds, error, dead, job.id(), node, job.attempts());
    }

    void extendLease(Job job, String node, double leaseSeconds) {
        db.execute().dml("UPDATE jobs SET locked_until = now() + make_interval(secs => ?) WHERE id = ?"
                                 + " AND locked_by = ? AND attempts = ? AND status = 'running'",
                         leaseSeconds, job.id(), node, job.attempts());
    }

    /**
     * Vacuums the queue once its finished runs left more than so many dead rows. Each claimed job leaves one in the
     * ready index (whose rows are the queued jobs), and a claim reads past every one of them until a vacuum removes
     * them: 4 ms a claim, even of an empty queue, after 380,000 form submissions' jobs where autovacuum was off
     * (with it on, it waits for a fifth of the table by default).
     *
     * @param deadRows dead rows tolerated
     * @return whether it vacuumed
     */
    boolean vacuumIfChurned(long deadRows) {
        boolean churned = db.execute().get("SELECT n_dead_tup > ? AS churned FROM pg_stat_user_tables"
                                                   + " WHERE relid = 'jobs'::regclass", deadRows)
                .map(r -> r.column("churned").get(Boolean.class)).orElse(false);
        if (churned) {
            db.execute().dml("VACUUM (SKIP_LOCKED) jobs"); // another node's vacuum of it is enough
        }
        return churned;
    }

    /** @return how many running jobs whose lease ran out were queued again (or parked, when out of attempts) */
    long requeueExpiredLeases() {
        // a job that keeps killing its worker must not be retried forever
        return db.execute().dml("UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'dead'"
                                        + " ELSE 'queued' END, finished_at = CASE WHEN attempts >= max_attempts"
                                        + " THEN now() END, locked_by = NULL, locked_until = NULL,"
                                        + " last_error = 'lease expired: the worker stopped before finishing',"
                                        + " updated_at = now() WHERE status = 'running' AND locked_until < now()");
    }

    /** @return how many recurring jobs were due and got their occurrence queued */
    long enqueueDueRecurring() {
        return Transactions.call(db, tx -> {
            // Row locks with SKIP LOCKED: one node enqueues each occurrence; the key makes a repeat harmless.
            return tx.dml("WITH due AS (SELECT name, kind, payload, interval_seconds, next_run_at FROM recurring_jobs"
                                  + " WHERE next_run_at <= now() FOR UPDATE SKIP LOCKED),"
                                  + " queued AS (INSERT INTO jobs (kind, payload, idempotency_key)"
                                  + " SELECT kind, payload, 'recurring:' || name || '@' || next_run_at FROM due"
                                  + " ON CONFLICT (idempotency_key) DO NOTHING)"
                                  + " UPDATE recurring_jobs r SET next_run_at = due.next_run_at"
                                  + " + make_interval(secs => due.interval_seconds * (floor(extract(epoch FROM"
                                  + " now() - due.next_run_at) / due.interval_seconds) + 1))"
                                  + " FROM due WHERE r.name = due.name");
        });
    }

    /** Gives back what this node claimed but never started running, except the jobs still running here. */
    void handBack(String node, Set<Long> stillRunning) {
        String ids = String.join(",", stillRunning.stream().map(String::valueOf).toList());
        db.execute().dml("UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL,"
                                 + " locked_until = NULL, updated_at = now() WHERE status = 'running' AND locked_by = ?"
                                 + " AND NOT (id = ANY (string_to_array(?, ',')::bigint[]))", node, ids);
    }
}

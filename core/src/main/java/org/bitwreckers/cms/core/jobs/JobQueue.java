package org.bitwreckers.cms.core.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * Enqueues jobs inside the caller's transaction and lets staff inspect, retry and discard them.
 */
public final class JobQueue {
    /** Statuses a job can have. */
    public static final Set<String> STATUSES = Set.of("queued", "running", "done", "dead", "discarded");
    /** Attempts before a job is parked as dead, unless the caller says otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 8;

    private final DbClient db;
    private final JobRepository repository;

    /**
     * @param db database client
     */
    public JobQueue(DbClient db) {
        this.db = db;
        this.repository = new JobRepository(db);
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
        // the insert also wakes idle workers on every node after commit
        return repository.insert(tx, kind, payload.toString(), runAt, idempotencyKey, maxAttempts);
    }

    /**
     * Inserts a row and queues a job whose payload names it ({@code {"<idMember>": id}}), in the caller's transaction
     * and in one statement: a round trip fewer than the insert and then {@link #enqueue}.
     *
     * @param tx       the transaction of the write
     * @param insert   an {@code INSERT ... RETURNING id} of one row
     * @param params   its parameters
     * @param kind     job kind
     * @param idMember the payload member that carries the row's id
     * @return the inserted row's id
     */
    public long insertAndEnqueue(DbExecute tx, String insert, List<Object> params, String kind, String idMember) {
        return insertAllAndEnqueue(tx, insert, params, kind, idMember).getFirst().column("id").get(Long.class);
    }

    /**
     * Inserts rows and queues a job for each that names it, in the caller's transaction and in one statement (a
     * burst's mails: one statement per commit rather than per message).
     *
     * @param tx       the transaction of the write
     * @param insert   an {@code INSERT ... RETURNING id[, ...]} of any number of rows
     * @param params   its parameters
     * @param kind     job kind
     * @param idMember the payload member that carries a row's id
     * @return the rows the insert returned
     */
    public List<DbRow> insertAllAndEnqueue(DbExecute tx, String insert, List<Object> params, String kind,
                                           String idMember) {
        return repository.insertWith(tx, insert, params, kind, idMember, DEFAULT_MAX_ATTEMPTS);
    }

    /**
     * Discards a queued job by its idempotency key (for example a cancelled scheduled publish).
     *
     * @param tx             transaction
     * @param idempotencyKey the job's key
     * @return whether a queued job was discarded
     */
    public boolean discardQueued(DbExecute tx, String idempotencyKey) {
        return repository.discardQueued(tx, idempotencyKey);
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
        repository.upsertRecurring(name, kind, payload.toString(), (int) interval.toSeconds());
    }

    /**
     * Removes recurring jobs of a kind whose names are no longer declared (for example a removed plugin's tasks).
     *
     * @param kind job kind
     * @param keep names still declared
     */
    public void retireRecurring(String kind, List<String> keep) {
        repository.deleteRecurringExcept(kind, keep);
    }

    /**
     * Enqueues a job to run now, in its own transaction.
     *
     * @param kind    job kind
     * @param payload job data
     * @return the job id
     */
    public long enqueueNow(String kind, JsonObject payload) {
        return Transactions.call(db, tx -> enqueue(tx, kind, payload));
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
                                          Map.of("status", "must be one of queued, running, done, dead, discarded"));
        });
        return repository.list(status, page, pageSize);
    }

    /**
     * @param id job id
     * @return the job as JSON
     */
    public String get(long id) {
        return repository.get(id)
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
    public long runNow(List<String> kinds, Instant since) {
        return Transactions.call(db, tx -> {
            long changed = repository.requeueWaitingOrDiedSince(tx, kinds, since);
            repository.notifyReady(tx, "retry");
            return changed;
        });
    }

    /**
     * Puts a dead or discarded job back in the queue with fresh attempts.
     *
     * @param id job id
     * @return the job as JSON
     */
    public String retry(long id) {
        if (!repository.retry(id)) {
            get(id);
            throw CmsException.conflict("Only dead or discarded jobs can be retried", Map.of());
        }
        repository.notifyReady("retry");
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
        long changed = repository.retryDead(kind);
        if (changed > 0) {
            repository.notifyReady("retry");
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
        if (!repository.discard(id)) {
            get(id);
            throw CmsException.conflict("Only queued or dead jobs can be discarded", Map.of());
        }
        return get(id);
    }
}

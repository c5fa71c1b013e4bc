package org.bitwreckers.cms.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.Database.Sessions;
import org.bitwreckers.cms.core.db.PoolByThread;
import org.bitwreckers.cms.core.jobs.Housekeeping;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.jobs.JobWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The job queue on real PostgreSQL: transactional enqueue, retries into dead jobs, exclusive execution across
 * worker pools, lease expiry after a crash, graceful release, scheduled and recurring jobs.
 */
class JobQueueTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final JobWorkers.JobSettings FAST = new JobWorkers.JobSettings(4, Duration.ofSeconds(30), Duration.ZERO,
                                                                                 Duration.ofMillis(50));
    /** One worker: a batch is whatever it finds queued, so the batches are known. */
    private static final JobWorkers.JobSettings ONE_WORKER = new JobWorkers.JobSettings(1, Duration.ofSeconds(30),
                                                                                       Duration.ZERO,
                                                                                       Duration.ofMillis(50));

    private TestDatabase database;
    private DbClient db;
    private JobQueue queue;

    @BeforeEach
    void setUp() {
        database = new TestDatabase();
        DatabaseUrl url = DatabaseUrl.parse(database.url());
        Database.ensureExists(url);
        Database.migrate(url);
        db = Database.connect(url, 12);
        queue = new JobQueue(db);
    }

    @AfterEach
    void tearDown() {
        db.close();
        database.close();
    }

    private long enqueue(String kind, JsonObject payload, Optional<Instant> runAt, int maxAttempts) {
        DbTransaction tx = db.transaction();
        long id = queue.enqueue(tx, kind, payload, runAt, Optional.empty(), maxAttempts).orElseThrow();
        tx.commit();
        return id;
    }

    private String status(long id) {
        return db.execute().get("SELECT status FROM jobs WHERE id = ?", id).orElseThrow().column("status").get(String.class);
    }

    @Test
    void aRolledBackWriteEnqueuesNothing() {
        DbTransaction tx = db.transaction();
        queue.enqueue(tx, "test.noop", Json.createObjectBuilder().build());
        tx.rollback();
        assertThat(database.number("SELECT count(*) FROM jobs"), is(0L));
        DbTransaction committed = db.transaction();
        queue.enqueue(committed, "test.noop", Json.createObjectBuilder().build());
        committed.commit();
        assertThat(database.number("SELECT count(*) FROM jobs"), is(1L));
    }

    /** A row and the job that names it, in one statement: both commit, or neither. */
    @Test
    void aRowInsertedWithItsJobIsNamedByItAndRolledBackWithIt() {
        db.execute().dml("CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, text text NOT NULL)");
        String insert = "INSERT INTO notes (text) VALUES (?) RETURNING id";
        DbTransaction rolledBack = db.transaction();
        queue.insertAndEnqueue(rolledBack, insert, List.of("never kept"), "test.note", "note_id");
        rolledBack.rollback();
        assertThat(database.number("SELECT count(*) FROM notes") + database.number("SELECT count(*) FROM jobs"), is(0L));

        DbTransaction tx = db.transaction();
        long id = queue.insertAndEnqueue(tx, insert, List.of("kept"), "test.note", "note_id");
        tx.commit();
        assertThat(database.number("SELECT count(*) FROM notes WHERE id = " + id + " AND text = 'kept'"), is(1L));
        assertThat(database.number("SELECT count(*) FROM jobs WHERE kind = 'test.note' AND status = 'queued'"
                                           + " AND payload = jsonb_build_object('note_id', " + id + ")"), is(1L));
        assertThat(database.number("SELECT count(*) FROM jobs"), is(1L));
    }

    @Test
    void failingJobsAreRetriedThenParkedAsDeadAndCanBeRetriedByStaff() {
        AtomicInteger calls = new AtomicInteger();
        Map<String, Boolean> healthy = new ConcurrentHashMap<>(Map.of("ok", false));
        JobHandler flaky = job -> {
            calls.incrementAndGet();
            if (!healthy.get("ok")) {
                throw new IllegalStateException("downstream is down");
            }
        };
        long id = enqueue("test.flaky", Json.createObjectBuilder().build(), Optional.empty(), 3);
        try (JobWorkers workers = new JobWorkers(db, Map.of("test.flaky", flaky), FAST, "node-a")) {
            workers.start();
            assertThat(Await.until(LIMIT, () -> status(id).equals("dead")), is(true));
            assertThat(calls.get(), is(3));
            String dead = queue.get(id);
            assertThat(dead, containsString("downstream is down"));
            assertThat(dead, containsString("\"attempts\": 3"));

            healthy.put("ok", true);
            queue.retry(id);
            workers.wake();
            assertThat(Await.until(LIMIT, () -> status(id).equals("done")), is(true));
            assertThat(calls.get(), is(4));
        }
    }

    @Test
    void failedAttemptsBackOffExponentially() {
        JobWorkers.JobSettings slowBackoff = new JobWorkers.JobSettings(1, Duration.ofSeconds(30), Duration.ofSeconds(60),
                                                                        Duration.ofMillis(50));
        long id = enqueue("test.fail", Json.createObjectBuilder().build(), Optional.empty(), 5);
        try (JobWorkers workers = new JobWorkers(db, Map.of("test.fail", job -> {
            throw new IllegalStateException("no");
        }), slowBackoff, "node-a")) {
            workers.start();
            assertThat(Await.until(LIMIT, () -> database.number("SELECT attempts FROM jobs WHERE id = " + id) == 1
                    && status(id).equals("queued")), is(true));
            long delay = database.number("SELECT extract(epoch FROM run_at - updated_at)::bigint FROM jobs WHERE id = " + id);
            assertThat(delay >= 59 && delay <= 121, is(true)); // base 60 s, plus up to one base of jitter
        }
    }

    @Test
    void twoWorkerPoolsNeverRunOneJobTwice() {
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicInteger overlapping = new AtomicInteger();
        Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        JobHandler record = job -> {
            if (inFlight.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlapping.incrementAndGet();
            }
            runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
            inFlight.get(job.id()).decrementAndGet();
        };
        int count = 200;
        DbTransaction tx = db.transaction();
        for (int i = 0; i < count; i++) {
            queue.enqueue(tx, "test.record", Json.createObjectBuilder().add("n", i).build());
        }
        tx.commit();
        try (JobWorkers a = new JobWorkers(db, Map.of("test.record", record), FAST, "node-a");
             JobWorkers b = new JobWorkers(db, Map.of("test.record", record), FAST, "node-b")) {
            a.start();
            b.start();
            assertThat(Await.until(LIMIT, () -> database.number("SELECT count(*) FROM jobs WHERE status = 'done'") == count),
                       is(true));
        }
        assertThat(runs.size(), is(count));
        assertThat(runs.values().stream().allMatch(n -> n.get() == 1), is(true));
        assertThat(overlapping.get(), is(0));
    }

    @Test
    void aJobWhoseWorkerDiedIsPickedUpAgain() {
        long id = enqueue("test.noop", Json.createObjectBuilder().build(), Optional.empty(), 3);
        // as if a process claimed it and was killed: running, with a lease that has run out
        db.execute().dml("UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'killed-node',"
                                 + " locked_until = now() - interval '1 second' WHERE id = ?", id);
        try (JobWorkers workers = new JobWorkers(db, Map.of("test.noop", job -> { }), FAST, "node-a")) {
            workers.start();
            assertThat(Await.until(LIMIT, () -> status(id).equals("done")), is(true));
        }
        assertThat(database.number("SELECT attempts FROM jobs WHERE id = " + id), is(2L));
    }

    @Test
    void aJobOfAKilledProcessIsFinishedByAnotherWorker() throws Exception {
        long id = enqueue("test.block", Json.createObjectBuilder().build(), Optional.empty(), 5);
        Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                            "-cp", System.getProperty("java.class.path"),
                                            BlockingWorkerProcess.class.getName(), database.url())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(Await.until(LIMIT, () -> db.execute().get("SELECT locked_by FROM jobs WHERE id = ? AND status = 'running'",
                                                                 id).isPresent()), is(true));
        } finally {
            doomed.destroyForcibly().waitFor(); // kill -9: no shutdown hook, no release
        }
        assertThat(status(id), is("running"));
        AtomicInteger finished = new AtomicInteger();
        try (JobWorkers survivor = new JobWorkers(db, Map.of("test.block", job -> finished.incrementAndGet()), FAST, "node-b")) {
            survivor.start();
            assertThat(Await.until(LIMIT, () -> status(id).equals("done")), is(true));
        }
        assertThat(finished.get(), is(1));
        assertThat(database.number("SELECT attempts FROM jobs WHERE id = " + id), is(2L));
    }

    @Test
    void housekeepingRemovesOldFinishedJobsAndExpiredTokensOnly() throws Exception {
        db.execute().dml("INSERT INTO jobs (kind, status, finished_at) VALUES ('old', 'done', now() - interval '30 days'),"
                                 + " ('recent', 'done', now()), ('parked', 'dead', now() - interval '30 days')");
        db.execute().dml("INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ('gone', now() - interval '1 hour'),"
                                 + " ('live', now() + interval '1 hour')");
        new Housekeeping(db).handle(new Job(0, "x",
                Json.createObjectBuilder().build(), 1, 1));
        assertThat(database.number("SELECT count(*) FROM jobs WHERE kind IN ('recent', 'parked')"), is(2L));
        assertThat(database.number("SELECT count(*) FROM jobs WHERE kind = 'old'"), is(0L));
        assertThat(database.number("SELECT count(*) FROM revoked_access_tokens"), is(1L));
    }

    @Test
    void shutdownHandsBackJobsThisNodeHolds() {
        long id = enqueue("test.noop", Json.createObjectBuilder().build(), Optional.empty(), 3);
        db.execute().dml("UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'node-a',"
                                 + " locked_until = now() + interval '1 hour' WHERE id = ?", id);
        new JobWorkers(db, Map.of(), FAST, "node-a").close();
        assertThat(status(id), is("queued"));
        assertThat(database.number("SELECT attempts FROM jobs WHERE id = " + id), is(0L));
    }

    @Test
    void scheduledJobsWaitForTheirTime() {
        AtomicInteger ran = new AtomicInteger();
        long later = enqueue("test.count", Json.createObjectBuilder().build(), Optional.of(Instant.now().plusSeconds(3600)), 3);
        long soon = enqueue("test.count", Json.createObjectBuilder().build(), Optional.of(Instant.now().plusMillis(300)), 3);
        try (JobWorkers workers = new JobWorkers(db, Map.of("test.count", job -> ran.incrementAndGet()), FAST, "node-a")) {
            workers.start();
            assertThat(Await.until(LIMIT, () -> status(soon).equals("done")), is(true));
            assertThat(status(later), is("queued"));
            assertThat(ran.get(), is(1));
        }
    }

    @Test
    void recurringJobsRunOncePerOccurrenceAcrossNodes() {
        AtomicInteger ran = new AtomicInteger();
        queue.recurring("heartbeat", "test.count", Json.createObjectBuilder().build(), Duration.ofSeconds(1));
        try (JobWorkers a = new JobWorkers(db, Map.of("test.count", job -> ran.incrementAndGet()), FAST, "node-a");
             JobWorkers b = new JobWorkers(db, Map.of("test.count", job -> ran.incrementAndGet()), FAST, "node-b")) {
            a.start();
            b.start();
            assertThat(Await.until(LIMIT, () -> database.number("SELECT count(*) FROM jobs WHERE status = 'done'") >= 3),
                       is(true));
        }
        long jobs = database.number("SELECT count(*) FROM jobs");
        assertThat(database.number("SELECT count(DISTINCT idempotency_key) FROM jobs"), is(jobs));
        assertThat(ran.get(), greaterThanOrEqualTo(3));
    }

    @Test
    void theMaintenanceKeepsTheQueuesStatisticsUpWhereAutovacuumDoesNot() {
        // analysed empty, then a burst of submissions' jobs: planned as if the queue were still empty, a claim sorted it
        db.execute().dml("ANALYZE jobs");
        db.execute().dml("INSERT INTO jobs (kind, payload, run_at) SELECT 'test.later', '{}', now() + interval '1 hour'"
                         + " FROM generate_series(1, 3000)");
        String analyses = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'jobs'";
        assertThat(Await.until(LIMIT, () -> database.number(analyses) == 1), is(true)); // counters are sent lazily
        try (JobWorkers workers = new JobWorkers(db, Map.of(), FAST, "node-a")) {
            workers.start();
            // analyze_count counts ANALYZE commands, not autovacuum's analyses (autoanalyze_count)
            assertThat(Await.until(LIMIT, () -> database.number(analyses) > 1), is(true));
        }
        assertThat(database.number("SELECT reltuples::bigint FROM pg_class WHERE relname = 'jobs'"),
                   greaterThanOrEqualTo(3000L));
    }

    @Test
    void aBurstIntoAQueueHoldingItsHistoryIsAnalysedBeforeItDoublesSoClaimsReadTheReadyIndex() {
        // 20,000 finished jobs, analysed while none was queued; then 4,000 queued: a fifth more rows, not double
        writeCounted("INSERT INTO jobs (kind, payload, status, finished_at) SELECT 'test.finished', '{}', 'done', now()"
                     + " FROM generate_series(1, 20000)");
        db.execute().dml("ANALYZE jobs");
        writeCounted("INSERT INTO jobs (kind, payload, run_at) SELECT 'test.later', '{}', now() + interval '1 hour'"
                     + " FROM generate_series(1, 4000)"); // not due: the workers leave them as they are
        String changed = "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'jobs'";
        assertThat(Await.until(LIMIT, () -> database.number(changed) == 4000), is(true));
        String analyses = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'jobs'";
        assertThat(database.number(analyses), is(1L));
        try (JobWorkers workers = new JobWorkers(db, Map.of(), FAST, "node-a")) {
            workers.start();
            assertThat(Await.until(LIMIT, () -> database.number(analyses) > 1), is(true));
        }
        String plan = database.explain("SELECT id FROM jobs WHERE status = 'queued' AND run_at <= now()"
                                       + " AND NOT (kind = ANY (string_to_array('', chr(31)))) ORDER BY run_at, id"
                                       + " LIMIT 1 FOR UPDATE SKIP LOCKED", List.of());
        assertThat(plan, containsString("jobs_ready_idx"));
        assertThat(plan, not(containsString("Sort")));
    }

    @Test
    void aQueueChangingFastIsNotAnalysedAtEveryStatisticsCheck() {
        writeCounted("INSERT INTO jobs (kind, payload, status, finished_at) SELECT 'test.finished', '{}', 'done', now()"
                     + " FROM generate_series(1, 20000)");
        String queueAnalyses = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'jobs'";
        String documentAnalyses = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'documents'";
        try (JobWorkers workers = new JobWorkers(db, Map.of(), FAST, "node-a")) {
            workers.start();
            assertThat(Await.until(LIMIT, () -> database.number(queueAnalyses) == 1), is(true));
            long documentsBefore = database.number(documentAnalyses);
            // a burst: the queue changes by more than its share again, and documents more than double
            writeCounted("INSERT INTO jobs (kind, payload, run_at) SELECT 'test.later', '{}', now() + interval '1 hour'"
                         + " FROM generate_series(1, 4000)",
                         "INSERT INTO documents (type, data) SELECT 'test', '{}' FROM generate_series(1, 1500)");
            // a later statistics check took the documents' statistics, and left the queue's for later
            assertThat(Await.until(LIMIT, () -> database.number(documentAnalyses) > documentsBefore), is(true));
            assertThat(database.number(queueAnalyses), is(1L));
        }
    }

    @Test
    void theMaintenanceVacuumsTheQueueOnceFinishedJobsLeftManyDeadRows() {
        writeCounted("INSERT INTO jobs (kind, payload) SELECT 'test.finished', '{}' FROM generate_series(1, 12000)",
                     "UPDATE jobs SET status = 'done', finished_at = now() WHERE kind = 'test.finished'");
        String dead = "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'jobs'";
        assertThat(Await.until(LIMIT, () -> database.number(dead) >= 12000), is(true));
        String vacuums = "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'jobs'";
        assertThat(database.number(vacuums), is(0L));
        try (JobWorkers workers = new JobWorkers(db, Map.of(), FAST, "node-a")) {
            workers.start();
            // vacuum_count counts VACUUM commands, not autovacuum's (autovacuum_count)
            assertThat(Await.until(LIMIT, () -> database.number(vacuums) == 1), is(true));
        }
        assertThat(Await.until(LIMIT, () -> database.number(dead) < 12000), is(true));
    }

    /** Runs the statements in one transaction whose table counters reach the statistics at its commit, not lazily. */
    private void writeCounted(String... statements) {
        DbTransaction tx = db.transaction();
        for (String statement : statements) {
            tx.dml(statement);
        }
        tx.get("SELECT pg_stat_force_next_flush() IS NULL AS flushed");
        tx.commit();
    }

    /**
     * Requests hold every connection of the main pool (a burst of them waiting in line for each statement): the
     * workers still claim, run and finish jobs, their handlers' statements included, on the jobs pool.
     */
    @Test
    void jobsRunWhileRequestsHoldEveryConnectionOfTheMainPool() {
        DatabaseUrl url = DatabaseUrl.parse(database.url());
        long id = enqueue("test.read", Json.createObjectBuilder().build(), Optional.empty(), 3);
        try (PoolByThread pools = new PoolByThread(Database.connect(url, Sessions.READ_WRITE, 1, Map.of()),
                                                   Database.connect(url, Sessions.JOBS, 6, Map.of()))) {
            DbTransaction request = pools.transaction();
            request.get("SELECT 1 AS one"); // the main pool's only connection, now held
            JobHandler reads = job -> pools.execute().get("SELECT count(*) AS n FROM jobs");
            try (JobWorkers workers = new JobWorkers(pools, Map.of("test.read", reads), FAST, "node-a")) {
                workers.start();
                assertThat(Await.until(LIMIT, () -> status(id).equals("done")), is(true));
            } finally {
                request.rollback();
            }
        }
    }

    /** A handler that takes batches: queued jobs of its kind run together, each once, at most the limit at a time. */
    @Test
    void jobsOfAKindWhoseHandlerTakesBatchesRunTogetherEachOnce() {
        Map<Long, Integer> runs = new ConcurrentHashMap<>();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        JobHandler batches = new JobHandler() {
            @Override
            public void handle(Job job) {
                runs.merge(job.id(), 1, Integer::sum);
                sizes.add(1);
            }

            @Override
            public int batchLimit(String kind) {
                return 10;
            }

            @Override
            public void handleAll(List<Job> jobs) {
                jobs.forEach(job -> runs.merge(job.id(), 1, Integer::sum));
                sizes.add(jobs.size());
            }
        };
        DbTransaction tx = db.transaction();
        for (int i = 0; i < 25; i++) {
            queue.enqueue(tx, "test.batched", Json.createObjectBuilder().add("n", i).build(), Optional.empty(),
                          Optional.empty(), 3);
        }
        tx.commit();
        try (JobWorkers workers = new JobWorkers(db, Map.of("test.batched", batches), ONE_WORKER, "node-a")) {
            workers.start();
            assertThat(Await.until(LIMIT, () -> database.number("SELECT count(*) FROM jobs WHERE status = 'done'")
                    == 25), is(true));
        }
        assertThat(runs.size(), is(25));
        assertThat(runs.values().stream().allMatch(n -> n == 1), is(true));
        assertThat(sizes.toString(), sizes.stream().mapToInt(Integer::intValue).max().orElse(0), is(10));
    }

    /** A batch that fails leaves none of its jobs done: each runs alone, and only the bad one fails. */
    @Test
    void aFailingBatchRunsEachJobAloneSoOnlyTheBadOneFails() {
        JobHandler batches = new JobHandler() {
            @Override
            public void handle(Job job) {
                if (job.payload().getBoolean("bad")) {
                    throw new IllegalStateException("bad job");
                }
            }

            @Override
            public int batchLimit(String kind) {
                return 10;
            }

            @Override
            public void handleAll(List<Job> jobs) {
                jobs.forEach(this::handle);
            }
        };
        DbTransaction tx = db.transaction();
        for (int i = 0; i < 6; i++) {
            queue.enqueue(tx, "test.batched", Json.createObjectBuilder().add("bad", i == 3).build(), Optional.empty(),
                          Optional.empty(), 1);
        }
        tx.commit();
        try (JobWorkers workers = new JobWorkers(db, Map.of("test.batched", batches), ONE_WORKER, "node-a")) {
            workers.start();
            assertThat(Await.until(LIMIT, () -> database.number("SELECT count(*) FROM jobs WHERE status = 'done'") == 5
                    && database.number("SELECT count(*) FROM jobs WHERE status = 'dead'") == 1), is(true));
        }
        assertThat(database.text("SELECT last_error FROM jobs WHERE status = 'dead'"), containsString("bad job"));
        assertThat(database.number("SELECT max(attempts) FROM jobs"), is(1L));
    }
}

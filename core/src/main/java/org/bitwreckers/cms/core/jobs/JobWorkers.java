package org.bitwreckers.cms.core.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.db.DatabaseOutage;
import org.bitwreckers.cms.core.db.PlannerStatistics;
import org.bitwreckers.cms.core.db.PoolByThread;
import org.bitwreckers.cms.core.query.View;

/**
 * Runs queued jobs on virtual threads. Workers claim a job at a time with {@code FOR UPDATE SKIP LOCKED} (or a batch
 * of one kind, for handlers that take batches), so any number of workers on any number of nodes never run one job at
 * once. A claim is a lease: if a process dies
 * mid-job, the lease expires and the job is queued again. Failures are retried with exponential back-off (capped)
 * and jitter; a job that fails its last attempt, or fails permanently, is parked as dead for staff to inspect, retry or
 * discard, while a transient failure (a service that is away) is retried for as long as it lasts. Kinds with a
 * concurrency limit (webhook deliveries) never occupy more than that many of this node's workers.
 */
public final class JobWorkers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobWorkers.class.getName());
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /**
     * Tables that traffic and bulk imports grow, whose statistics the maintenance keeps up once they doubled: a plan
     * made while PostgreSQL takes them for small (autovacuum analyses a table once a tenth of it changed, on its next
     * round, and never where it is off) found a new submission to index by walking all of its type (33 ms), and an
     * import's index job of 1,000 took 20 s instead of 0.1 s. Checked here rather than after each import request,
     * which then waited for the analyses (up to 1.5 s, with the other import request waiting too).
     */
    private static final List<String> GROWN_BY_TRAFFIC = List.of("documents", "document_versions", "search_entries",
                                                                 View.PUBLISHED.table());
    /**
     * The share of the queue that may change before its statistics are taken again. A claim planned while PostgreSQL
     * took the queue for empty sorted all of it (35 ms with 50,000 queued), and growth alone missed a burst
     * that filled a queue holding its history: 35,000 queued beside 60,000 done, analysed while none was queued, and
     * every claim sorted all of them (18 ms, four tenths of PostgreSQL's time).
     */
    private static final double QUEUE_CHANGED_SHARE = 0.1;
    /**
     * How often a node checks the queue's statistics. A burst changes a tenth of the queue every second or so (each
     * job is written when queued, claimed and finished), and analysing it took PostgreSQL 60-170 ms of CPU: checked
     * every second, a tenth of PostgreSQL's time during a burst of form submissions, taken from the submissions.
     */
    private static final Duration QUEUE_STATISTICS_CHECK = Duration.ofSeconds(10);
    private static final Duration STATISTICS_CHECK = Duration.ofSeconds(1);
    /** Dead rows the queue may hold before the maintenance vacuums it: about a tenth of a millisecond a claim. */
    private static final long DEAD_ROWS_BEFORE_VACUUM = 10_000;

    private final DbClient db;

    private final WorkerRepository sql;
    private final Map<String, JobHandler> handlers;
    private final JobSettings settings;
    private final String node;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Long, Integer> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> runningByKind = new ConcurrentHashMap<>();
    private final ReentrantLock claiming = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile boolean active = true;

    /**
     * Tuning of the workers.
     *
     * @param workers      worker threads on this node
     * @param lease        how long a claim lasts before another node may take the job over
     * @param backoffBase  delay before the first retry (doubling on each further attempt)
     * @param backoffMax   longest delay between two attempts
     * @param pollInterval longest idle wait between checks when no notification arrives
     * @param kindLimits   job kind to the most workers of this node that may run it at once
     */
    public record JobSettings(int workers, Duration lease, Duration backoffBase, Duration backoffMax,
                              Duration pollInterval, Map<String, Integer> kindLimits) {
        /**
         * Settings with a one-hour back-off cap and no per-kind limits.
         *
         * @param workers      worker threads on this node
         * @param lease        how long a claim lasts
         * @param backoffBase  delay before the first retry
         * @param pollInterval longest idle wait
         */
        public JobSettings(int workers, Duration lease, Duration backoffBase, Duration pollInterval) {
            this(workers, lease, backoffBase, Duration.ofHours(1), pollInterval, Map.of());
        }
    }

    /**
     * @param db       database client
     * @param handlers job kind to handler
     * @param settings tuning
     * @param node     this node's name (recorded on claimed jobs)
     */
    public JobWorkers(DbClient db, Map<String, JobHandler> handlers, JobSettings settings, String node) {
        this.db = db;
        this.sql = new WorkerRepository(db);
        this.handlers = Map.copyOf(handlers);
        this.settings = settings;
        this.node = node;
    }

    /** Starts the worker threads and the maintenance thread (expired leases, recurring jobs, statistics, vacuum). */
    public void start() {
        for (int i = 0; i < settings.workers(); i++) {
            threads.add(Thread.ofVirtual().name("job-worker-" + i).start(() -> PoolByThread.runAsJob(this::work)));
        }
        threads.add(Thread.ofVirtual().name("job-maintenance").start(() -> PoolByThread.runAsJob(this::maintain)));
    }

    /** Wakes idle workers (called when a jobs_ready notification arrives). */
    public void wake() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (active) {
            try {
                Optional<Job> job = claim();
                if (job.isPresent()) {
                    run(job.get());
                } else {
                    idle();
                }
            } catch (RuntimeException e) {
                if (active) {
                    if (DatabaseOutage.causedIt(e)) { // an outage is expected: one line, not a stack trace a second
                        LOG.warning("Job worker could not reach the database; retrying: " + e.getMessage());
                    } else {
                        LOG.log(Level.WARNING, "Job worker failed to claim a job; retrying", e);
                    }
                    idle();
                }
            }
        }
    }

    private void maintain() {
        long statisticsChecked = System.nanoTime() - STATISTICS_CHECK.toNanos();
        long queueChecked = System.nanoTime() - QUEUE_STATISTICS_CHECK.toNanos();
        while (active) {
            try {
                requeueExpiredLeases();
                enqueueDueRecurringJobs();
                long now = System.nanoTime();
                if (now - queueChecked >= QUEUE_STATISTICS_CHECK.toNanos()) {
                    queueChecked = now;
                    PlannerStatistics.refreshChanged(db, List.of("jobs"), QUEUE_CHANGED_SHARE);
                }
                if (now - statisticsChecked >= STATISTICS_CHECK.toNanos()) { // wake-ups come far more often
                    statisticsChecked = now;
                    PlannerStatistics.refreshGrown(db, GROWN_BY_TRAFFIC);
                    sql.vacuumIfChurned(DEAD_ROWS_BEFORE_VACUUM);
                }
            } catch (RuntimeException e) {
                if (active) {
                    LOG.log(Level.WARNING, "Job maintenance failed; retrying", e);
                }
            }
            idle();
        }
    }

    private void idle() {
        lock.lock();
        try {
            if (active) {
                work.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Claims the next due job, skipping kinds that already use all the workers they may have on this node. */
    Optional<Job> claim() {
        claiming.lock(); // so two workers of this node cannot both take the last free slot of a limited kind
        try {
            Set<String> full = settings.kindLimits().entrySet().stream()
                    .filter(l -> runningByKind.getOrDefault(l.getKey(), 0) >= l.getValue()).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            Optional<Job> job = sql.claim(node, (double) settings.lease().toSeconds(), full);
            job.ifPresent(j -> runningByKind.merge(j.kind(), 1, Integer::sum));
            return job;
        } finally {
            claiming.unlock();
        }
    }

    /**
     * Runs a claimed job, together with more queued jobs of its kind when its handler takes batches (a search index
     * job per form submission: one statement for a hundred of them instead of a claim, a transaction and a finish
     * each). A batch that fails leaves no job done: each then runs alone, so one bad job fails by itself.
     */
    private void run(Job job) {
        try {
            JobHandler handler = handlers.get(job.kind());
            List<Job> batch = new ArrayList<>(List.of(job));
            int limit = handler == null ? 1 : handler.batchLimit(job.kind());
            if (limit > 1) {
                batch.addAll(sql.claimMore(node, (double) settings.lease().toSeconds(), job.kind(), limit - 1));
            }
            if (batch.size() == 1 || !runTogether(handler, batch)) {
                batch.forEach(j -> runAlone(j, handler));
            }
        } finally {
            runningByKind.merge(job.kind(), -1, Integer::sum);
        }
    }

    /** @return whether the batch ran and is marked done */
    private boolean runTogether(JobHandler handler, List<Job> batch) {
        batch.forEach(j -> running.put(j.id(), j.attempts()));
        Thread heartbeat = heartbeat(batch);
        try {
            handler.handleAll(batch);
            heartbeat.interrupt();
            sql.finishedAll(batch, node);
            return true;
        } catch (Throwable e) { // an Error in one handler must not kill the worker thread
            heartbeat.interrupt();
            LOG.log(Level.FINE, "A batch of " + batch.size() + " " + batch.getFirst().kind()
                    + " jobs failed; each runs alone: " + e);
            return false;
        } finally {
            batch.forEach(j -> running.remove(j.id()));
        }
    }

    /**
     * Runs one claimed job. The claim is identified by node and attempt number, so a worker whose lease was taken over
     * can never mark someone else's run as done; a heartbeat keeps the lease while the handler runs.
     */
    private void runAlone(Job job, JobHandler handler) {
        running.put(job.id(), job.attempts());
        Thread heartbeat = heartbeat(List.of(job));
        try {
            if (handler == null) {
                throw new IllegalStateException("no handler for job kind '" + job.kind() + "'");
            }
            handler.handle(job);
            heartbeat.interrupt();
            sql.finished(job, node);
        } catch (Throwable e) { // an Error in one handler must not kill the worker thread
            heartbeat.interrupt();
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // the root cause is what an operator can act on (a wrapper says only "failed to execute statement")
            String error = e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")");
            boolean dead = job.diesOf(e);
            LOG.log(dead ? Level.WARNING : Level.FINE, "Job " + job.id() + " (" + job.kind() + ") failed: " + error);
            sql.failed(job, node, dead, backoffSeconds(job.attempts()),
                       error.length() > 2000 ? error.substring(0, 2000) : error);
        } finally {
            running.remove(job.id());
        }
    }

    /** @return a started thread keeping the jobs' leases until it is interrupted */
    private Thread heartbeat(List<Job> jobs) {
        return Thread.ofVirtual().name("job-lease-" + jobs.getFirst().id())
                .start(() -> PoolByThread.runAsJob(() -> extendLeases(jobs)));
    }

    private void extendLeases(List<Job> jobs) {
        long every = Math.max(1000, settings.lease().toMillis() / 3);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every); // the lease heartbeat's period, not synchronisation
                for (Job job : jobs) {
                    sql.extendLease(job, node, (double) settings.lease().toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not extend the leases of job " + jobs.getFirst().id() + " and its batch", e);
        }
    }

    private double backoffSeconds(int attempt) {
        double base = settings.backoffBase().toMillis() / 1000.0;
        double delay = Math.min(settings.backoffMax().toMillis() / 1000.0, base * Math.pow(2, Math.max(0, attempt - 1)));
        return delay + ThreadLocalRandom.current().nextDouble() * base; // jitter spreads retries of a burst
    }

    private void requeueExpiredLeases() {
        long requeued = sql.requeueExpiredLeases();
        if (requeued > 0) {
            LOG.info("Queued " + requeued + " jobs again whose worker stopped mid-job");
            wake();
        }
    }

    private void enqueueDueRecurringJobs() {
        long enqueued = sql.enqueueDueRecurring();
        if (enqueued > 0) {
            wake();
        }
    }

    /**
     * Stops claiming, lets running jobs finish for a grace period, then releases what this node still holds so
     * another node (or the next start) runs it without waiting for the lease to expire.
     */
    @Override
    public void close() {
        active = false;
        wake();
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            // jobs still running after the grace period are left to their leases: handing them back now would let
            // another node run them while this one still does
            PoolByThread.runAsJob(() -> sql.handBack(node, Set.copyOf(running.keySet())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not release claimed jobs at shutdown; their leases will expire", e);
        }
    }
}

package org.bitwreckers.cms.core.db;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;

/**
 * One database client over two pools: statements made on a job's thread (see {@link #runAsJob}) take the jobs pool,
 * every other the main pool. Sharing one pool, the two or so job workers waited in line with every request for each
 * of their statements: under a steady burst of form submissions they ran 16 jobs a second while 700 were queued, so
 * confirmation mails went out only after the burst. Each side now has its own connections, and the services need not
 * know which side calls them.
 */
public final class PoolByThread implements DbClient {
    private static final ThreadLocal<Boolean> ON_JOB = ThreadLocal.withInitial(() -> false);

    private final DbClient main;
    private final DbClient jobs;

    /**
     * @param main the pool of requests and everything else
     * @param jobs the pool of job threads
     */
    public PoolByThread(DbClient main, DbClient jobs) {
        this.main = main;
        this.jobs = jobs;
    }

    /**
     * Runs the work with this thread on the jobs pool.
     *
     * @param work a job worker's (or its upkeep's) whole life
     */
    public static void runAsJob(Runnable work) {
        ON_JOB.set(true);
        try {
            work.run();
        } finally {
            ON_JOB.remove();
        }
    }

    private DbClient current() {
        return ON_JOB.get() ? jobs : main;
    }

    @Override
    public String dbType() {
        return main.dbType();
    }

    @Override
    public DbExecute execute() {
        return current().execute();
    }

    @Override
    public DbTransaction transaction() {
        return current().transaction();
    }

    @Override
    public <C> C unwrap(Class<C> cls) {
        return current().unwrap(cls);
    }

    /** Closes both pools. */
    @Override
    public void close() {
        jobs.close();
        main.close();
    }
}

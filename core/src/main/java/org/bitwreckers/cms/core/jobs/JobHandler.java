package org.bitwreckers.cms.core.jobs;

import java.util.List;

/**
 * Carries out jobs of one kind. Handlers must be idempotent: a job runs at least once, and again after a crash
 * or a lost lease.
 */
@FunctionalInterface
public interface JobHandler {
    /**
     * @param job the claimed job
     * @throws Exception to have the job retried with back-off (or parked as dead after its last attempt);
     *                   {@link TransientFailure} retries without an attempt limit, {@link PermanentFailure} never retries
     */
    void handle(Job job) throws Exception;

    /**
     * @param kind a job kind this handler carries out
     * @return how many queued jobs of that kind one run may take together ({@link #handleAll}); 1, one at a time
     */
    default int batchLimit(String kind) {
        return 1;
    }

    /**
     * Carries out claimed jobs of one kind together. When it throws, none of them counts as done: each runs again
     * alone through {@link #handle}, so one bad job fails by itself.
     *
     * @param jobs two or more claimed jobs of one kind, at most {@link #batchLimit}
     * @throws Exception to have each job run again alone
     */
    default void handleAll(List<Job> jobs) throws Exception {
        for (Job job : jobs) {
            handle(job);
        }
    }
}

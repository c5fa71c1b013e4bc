package org.bitwreckers.cms.core.jobs;

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
}

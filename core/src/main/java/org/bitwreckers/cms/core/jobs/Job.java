package org.bitwreckers.cms.core.jobs;

import jakarta.json.JsonObject;

/**
 * A claimed job, as its handler sees it.
 *
 * @param id          job id
 * @param kind        what to do (selects the handler)
 * @param payload     the job's data
 * @param attempts    this attempt's number (1 on the first run)
 * @param maxAttempts attempts before the job is parked as dead
 */
public record Job(long id, String kind, JsonObject payload, int attempts, int maxAttempts) {
    /** @return whether a failure now parks the job as dead */
    public boolean lastAttempt() {
        return attempts >= maxAttempts;
    }

    /**
     * @param failure what the handler threw
     * @return whether it parks the job as dead: a permanent failure at once, a transient one never, any other on the
     *         last attempt
     */
    public boolean diesOf(Throwable failure) {
        return failure instanceof PermanentFailure || !(failure instanceof TransientFailure) && lastAttempt();
    }
}

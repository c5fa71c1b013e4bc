package org.bitwreckers.cms.core.jobs;

/**
 * A service the job needs is away for now (connection refused, timeout, a 4xx SMTP reply): the job is retried with
 * capped back-off for as long as the outage lasts and never parked as dead for it.
 */
public class TransientFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was unavailable
     * @param cause   the underlying error
     */
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

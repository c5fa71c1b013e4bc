package org.bitwreckers.cms.core.jobs;

/**
 * A failure retrying cannot fix (for example an SMTP server refusing a recipient with a 5xx reply): the job is
 * parked as dead at once.
 */
public class PermanentFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was refused
     * @param cause   the underlying error
     */
    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

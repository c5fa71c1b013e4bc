package org.bitwreckers.cms.core.backup;

/** A backup or restore that cannot go on, with a message for the operator (what failed and what to do). */
public final class BackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, for the operator
     */
    public BackupException(String message) {
        super(message);
    }

    /**
     * @param message what failed, for the operator
     * @param cause   the underlying failure
     */
    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.bitwreckers.cms.core.db;

/**
 * PostgreSQL could not be reached or refused us; the message is one line fit for an operator.
 */
public class DatabaseUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming DATABASE_URL and the host tried
     * @param cause   the driver's error
     */
    public DatabaseUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

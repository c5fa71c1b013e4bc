package org.bitwreckers.cms.core.seed;

/**
 * Demo content could not be loaded; the message names the file and document.
 */
public class SeedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message file, document and reason
     */
    public SeedException(String message) {
        super(message);
    }
}

package org.bitwreckers.cms.core.content;

/**
 * A content-type descriptor is invalid; the message names the file, the field (if any) and the reason.
 */
public class DescriptorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source file the descriptor came from
     * @param field  field name, or null for a type-level problem
     * @param reason what is wrong
     */
    public DescriptorException(String source, String field, String reason) {
        super(source + ": " + (field == null ? "" : "field '" + field + "': ") + reason);
    }
}

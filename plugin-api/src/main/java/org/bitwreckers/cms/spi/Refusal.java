package org.bitwreckers.cms.spi;

import java.util.Map;

/**
 * How a plugin says no. The platform answers it in the error envelope with the matching status; any other
 * exception from a plugin is a 500 that names the plugin in the log, never in the response.
 *
 * @since 0.1
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of no, which decides the HTTP status. */
    public enum Kind {
        /** 400: the request is malformed. */
        BAD_REQUEST,
        /** 422: fields break rules; details name each. */
        INVALID,
        /** 403: the caller may not do this. */
        FORBIDDEN,
        /** 404: no such thing (or not visible to the caller). */
        NOT_FOUND,
        /** 409: the current state does not allow it. */
        CONFLICT
    }

    private final Kind kind;
    private final Map<String, String> details;

    private Refusal(Kind kind, String message, Map<String, String> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.details = Map.copyOf(details);
    }

    /** @return the kind of refusal */
    public Kind kind() {
        return kind;
    }

    /** @return field or parameter name to reason */
    public Map<String, String> details() {
        return details;
    }

    /**
     * @param message what is wrong
     * @return a 400
     */
    public static Refusal badRequest(String message) {
        return new Refusal(Kind.BAD_REQUEST, message, Map.of());
    }

    /**
     * @param problems field name to reason
     * @return a 422
     */
    public static Refusal invalid(Map<String, String> problems) {
        return new Refusal(Kind.INVALID, "Some fields are not valid", problems);
    }

    /**
     * @param message why not
     * @return a 403
     */
    public static Refusal forbidden(String message) {
        return new Refusal(Kind.FORBIDDEN, message, Map.of());
    }

    /**
     * @param message what was not found
     * @return a 404
     */
    public static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, message, Map.of());
    }

    /**
     * @param message why the current state does not allow it
     * @return a 409
     */
    public static Refusal conflict(String message) {
        return new Refusal(Kind.CONFLICT, message, Map.of());
    }

    /**
     * @param message why the current state does not allow it
     * @param details field name to reason
     * @return a 409 with details
     */
    public static Refusal conflict(String message, Map<String, String> details) {
        return new Refusal(Kind.CONFLICT, message, details);
    }
}

package org.bitwreckers.cms.core.error;

import java.util.Map;

/**
 * A failure the caller can act on: carries the envelope's error code, a message and per-field details.
 * Core throws it; the HTTP layer turns it into the error envelope with the matching status.
 */
public class CmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Map<String, String> details;
    private long retryAfterSeconds;

    /**
     * Creates an exception.
     *
     * @param code    envelope error code
     * @param message human-readable message
     * @param details field (or parameter) name to reason; may be empty
     */
    public CmsException(ErrorCode code, String message, Map<String, String> details) {
        super(message);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    /** @return the envelope error code */
    public ErrorCode code() {
        return code;
    }

    /** @return field or parameter name to reason */
    public Map<String, String> details() {
        return details;
    }

    /** @return seconds after which a rate-limited caller may retry (0 when not rate limited) */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * @param message  what was limited
     * @param retryAfter seconds until the caller may retry
     * @return a 429-class failure
     */
    public static CmsException tooManyRequests(String message, long retryAfter) {
        CmsException e = new CmsException(ErrorCode.TOO_MANY_REQUESTS, message, Map.of());
        e.retryAfterSeconds = Math.max(1, retryAfter);
        return e;
    }

    /**
     * @param message what was wrong
     * @return a 400-class failure
     */
    public static CmsException badRequest(String message) {
        return new CmsException(ErrorCode.BAD_REQUEST, message, Map.of());
    }

    /**
     * @param message what was wrong
     * @param details parameter name to reason
     * @return a 400-class failure with details
     */
    public static CmsException badRequest(String message, Map<String, String> details) {
        return new CmsException(ErrorCode.BAD_REQUEST, message, details);
    }

    /**
     * @param details field name to reason, one entry per bad field
     * @return a validation failure
     */
    public static CmsException validation(Map<String, String> details) {
        return new CmsException(ErrorCode.VALIDATION_ERROR, "Invalid input data", details);
    }

    /**
     * @param message what was not found
     * @return a not-found failure
     */
    public static CmsException notFound(String message) {
        return new CmsException(ErrorCode.NOT_FOUND, message, Map.of());
    }

    /**
     * @param message what conflicts
     * @param details field name to reason
     * @return a conflict failure
     */
    public static CmsException conflict(String message, Map<String, String> details) {
        return new CmsException(ErrorCode.CONFLICT, message, details);
    }

    /**
     * @param message why the credentials were refused
     * @return an authentication failure
     */
    public static CmsException unauthorized(String message) {
        return new CmsException(ErrorCode.UNAUTHORIZED, message, Map.of());
    }

    /**
     * @param message what the caller may not do
     * @return an authorization failure
     */
    public static CmsException forbidden(String message) {
        return new CmsException(ErrorCode.FORBIDDEN, message, Map.of());
    }

    /**
     * @param message what is unavailable
     * @return a service-unavailable failure
     */
    public static CmsException unavailable(String message) {
        return new CmsException(ErrorCode.SERVICE_UNAVAILABLE, message, Map.of());
    }

    /**
     * @param message    what cannot serve the request
     * @param retryAfter seconds after which trying again is worthwhile
     * @return a 503-class failure with a Retry-After hint
     */
    public static CmsException unavailable(String message, long retryAfter) {
        CmsException e = unavailable(message);
        e.retryAfterSeconds = Math.max(1, retryAfter);
        return e;
    }
}

package org.bitwreckers.cms.core.error;

/**
 * The machine-readable error codes of the response envelope. The HTTP layer maps each to one status.
 */
public enum ErrorCode {
    /** The request is malformed: bad JSON, unknown query parameter, wrong value type. */
    BAD_REQUEST,
    /** The body is well-formed but breaks the content type's rules; details name each field. */
    VALIDATION_ERROR,
    /** No credentials, or credentials that are not valid. */
    UNAUTHORIZED,
    /** Valid credentials without the right to do this. */
    FORBIDDEN,
    /** A browser page on an origin that is not in FRONTEND_URL or CORS_ORIGINS called the API. */
    ORIGIN_NOT_ALLOWED,
    /** The addressed resource does not exist (or is not visible to the caller). */
    NOT_FOUND,
    /** The resource exists but the method is not supported on it. */
    METHOD_NOT_ALLOWED,
    /** The write conflicts with the current state: a duplicate unique value, a stale version. */
    CONFLICT,
    /** The body is larger than the configured limit. */
    PAYLOAD_TOO_LARGE,
    /** The body is not in a media type this endpoint accepts. */
    UNSUPPORTED_MEDIA_TYPE,
    /** Too many requests from this client or for this account; retry after the Retry-After header's seconds. */
    TOO_MANY_REQUESTS,
    /** A dependency (database, storage) cannot serve the request right now. */
    SERVICE_UNAVAILABLE,
    /** Anything unexpected; the details stay in the server log, never in the response. */
    INTERNAL_ERROR
}

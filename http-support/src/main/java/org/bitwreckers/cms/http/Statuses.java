package org.bitwreckers.cms.http;

import io.helidon.http.Status;

import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * The one mapping between envelope error codes and HTTP statuses.
 */
public final class Statuses {
    private Statuses() {
    }

    /**
     * @param code error code
     * @return its HTTP status
     */
    public static Status of(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> Status.BAD_REQUEST_400;
            case VALIDATION_ERROR -> Status.UNPROCESSABLE_CONTENT_422;
            case UNAUTHORIZED -> Status.UNAUTHORIZED_401;
            case FORBIDDEN, ORIGIN_NOT_ALLOWED -> Status.FORBIDDEN_403;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case METHOD_NOT_ALLOWED -> Status.METHOD_NOT_ALLOWED_405;
            case CONFLICT -> Status.CONFLICT_409;
            case PAYLOAD_TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case UNSUPPORTED_MEDIA_TYPE -> Status.UNSUPPORTED_MEDIA_TYPE_415;
            case TOO_MANY_REQUESTS -> Status.TOO_MANY_REQUESTS_429;
            case SERVICE_UNAVAILABLE -> Status.SERVICE_UNAVAILABLE_503;
            case INTERNAL_ERROR -> Status.INTERNAL_SERVER_ERROR_500;
        };
    }

    /**
     * @param status an HTTP status produced outside our handlers
     * @return the closest error code
     */
    public static ErrorCode codeOf(Status status) {
        return switch (status.code()) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 422 -> ErrorCode.VALIDATION_ERROR;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status.code() < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
    }
}

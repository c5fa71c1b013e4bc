package org.bitwreckers.cms.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.db.DatabaseOutage;
import org.bitwreckers.cms.core.db.TransactionConflict;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * Puts every failure into the error envelope: our own exceptions, Helidon's HTTP exceptions, anything unexpected
 * (500 with no details; the stack trace goes to the log only), and errors Helidon answers before routing
 * (malformed requests, bodies over the server limit). Unmatched routes arrive as Helidon's NotFoundException.
 */
public final class ErrorHandling {
    private static final Logger LOG = Logger.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    /**
     * Registers the error handlers and the final 404 on a routing.
     *
     * @param routing routing of one listener
     */
    public static void register(HttpRouting.Builder routing) {
        routing.error(CmsException.class, (req, res, e) -> {
            if (!res.isSent()) {
                Cors.restore(req, res);
                RequestIds.restore(res);
                if (e.retryAfterSeconds() > 0) {
                    res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
                }
                Responses.error(res, e.code(), e.getMessage(), e.details());
            }
        });
        routing.error(HttpException.class, (req, res, e) -> {
            if (!res.isSent()) {
                Cors.restore(req, res);
                RequestIds.restore(res);
                ErrorCode code = Statuses.codeOf(e.status());
                String message = switch (code) {
                    case NOT_FOUND -> "No endpoint " + describe(req);
                    case INTERNAL_ERROR -> "Internal error";
                    default -> e.getMessage();
                };
                Responses.error(res, code, message, Map.of());
            }
        });
        routing.error(Throwable.class, ErrorHandling::unexpected);
    }

    /**
     * @param req request
     * @param res response
     */
    public static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        Responses.error(res, ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed: " + describe(req), Map.of());
    }

    /** @return direct handlers that answer pre-routing failures in the envelope */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = (request, eventType, status, headers, message) -> {
            ErrorCode code = Statuses.codeOf(status);
            String text = code == ErrorCode.PAYLOAD_TOO_LARGE ? "The body is larger than the server accepts"
                    : code == ErrorCode.INTERNAL_ERROR ? "Internal error" : "Malformed request";
            headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, HttpMediaTypes.JSON_UTF_8.text()));
            headers.set(Responses.NOSNIFF);
            // answered before routing, so before the request filter: the id is taken or made here
            String requestId = RequestIds.acceptOrCreate(request.headers().first(RequestIds.HEADER));
            headers.set(HeaderValues.create(RequestIds.HEADER, requestId));
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .entity(Envelope.error(code, text, Map.of(), Optional.of(requestId)).getBytes(StandardCharsets.UTF_8))
                    .build();
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /** A database outage is not a bug: the client is told to come back, the log gets one line. */
    private static void databaseUnavailable(ServerRequest req, ServerResponse res, Throwable e) {
        LOG.warning("Database unavailable on " + describe(req) + ": " + e.getMessage());
        comeBack(req, res, DatabaseOutage.RETRY_AFTER_SECONDS, "The database is unavailable; try again shortly");
    }

    /** PostgreSQL rolled the request's transaction back for another one's sake: nothing was written, send it again. */
    private static void conflicted(ServerRequest req, ServerResponse res, Throwable e) {
        LOG.warning("Transaction rolled back for a concurrent one on " + describe(req) + ": " + e.getMessage());
        comeBack(req, res, TransactionConflict.RETRY_AFTER_SECONDS,
                 "A concurrent change got in the way and nothing was saved; send the request again");
    }

    /** A 503 with Retry-After, unless the answer has started already. */
    private static void comeBack(ServerRequest req, ServerResponse res, long seconds, String message) {
        if (!res.isSent()) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
            Cors.restore(req, res);
            RequestIds.restore(res);
            Responses.error(res, ErrorCode.SERVICE_UNAVAILABLE, message, Map.of());
        }
    }

    /** The raw path: decoding one such as {@code /x/%} throws, and an error answer must not fail itself. */
    private static String describe(ServerRequest req) {
        return req.prologue().method().text() + " " + req.path().absolute().rawPath();
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        if (DatabaseOutage.causedIt(e)) {
            databaseUnavailable(req, res, e);
            return;
        }
        if (TransactionConflict.causedIt(e)) {
            conflicted(req, res, e);
            return;
        }
        LOG.log(Level.SEVERE, "Unexpected failure on " + describe(req), e);
        if (!res.isSent()) {
            Cors.restore(req, res);
            RequestIds.restore(res);
            Responses.error(res, ErrorCode.INTERNAL_ERROR, "Internal error", Map.of());
        }
    }
}

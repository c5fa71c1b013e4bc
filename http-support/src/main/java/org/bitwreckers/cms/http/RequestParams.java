package org.bitwreckers.cms.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.webserver.http.ServerRequest;

import org.bitwreckers.cms.core.error.CmsException;

/**
 * Request parameter helpers: query parameters as a map, numeric path parameters with a clear 400 or 404.
 */
public final class RequestParams {
    private RequestParams() {
    }

    /**
     * @param req request
     * @return query parameters in a stable order
     */
    public static Map<String, List<String>> query(ServerRequest req) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        try {
            for (String name : req.query().names()) {
                params.put(name, req.query().all(name));
            }
        } catch (RuntimeException e) {
            throw malformed(); // Helidon decodes lazily and fails on a stray '%'
        }
        return params;
    }

    private static CmsException malformed() {
        return CmsException.badRequest("Malformed query string (a '%' must start a %XX escape)");
    }

    /**
     * @param req  request
     * @param name query parameter
     * @return its last value, if present
     */
    public static Optional<String> single(ServerRequest req, String name) {
        try {
            List<String> values = req.query().all(name, List::of);
            return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
        } catch (RuntimeException e) {
            throw malformed();
        }
    }

    /**
     * @param req  request
     * @param name path parameter holding a numeric id
     * @return the id
     * @throws CmsException NOT_FOUND when it is not a positive number (no such document can exist)
     */
    public static long id(ServerRequest req, String name) {
        String text = req.path().pathParameters().get(name);
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw CmsException.notFound("No document with id '" + text + "'");
    }
}

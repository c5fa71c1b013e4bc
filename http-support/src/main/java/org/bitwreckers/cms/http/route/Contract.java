package org.bitwreckers.cms.http.route;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;

/**
 * What a route promises its callers, for the OpenAPI documents.
 *
 * @param summary     one line for people
 * @param operationId a unique name for generated clients
 * @param tag         the group it is listed under
 * @param request     its body, if it takes one
 * @param reply       its success answer
 * @param errors      error statuses besides those its access, path and body imply (see {@link Mount#statuses()})
 * @param query       its query parameters
 * @param perType     for a route with a {@code {type}} parameter: documented once per content type that passes
 */
public record Contract(String summary, String operationId, String tag, Optional<Body> request, Reply reply,
                       Set<Integer> errors, List<Param> query, Optional<Predicate<ContentType>> perType) {

    /**
     * A request body.
     *
     * @param mediaType {@code application/json}, {@code multipart/form-data}, or {@code text/plain} for beacons
     * @param schema    its JSON schema
     */
    public record Body(String mediaType, JsonObject schema) {
    }

    /**
     * A success answer.
     *
     * @param status    its status
     * @param kind      how it is wrapped
     * @param schema    the schema of {@code data} (or of the whole body, for {@link Kind#RAW})
     * @param mediaType the body's media type
     */
    public record Reply(int status, Kind kind, JsonObject schema, String mediaType) {
    }

    /** How a success answer is wrapped. */
    public enum Kind {
        /** the envelope with {@code data} */
        ENVELOPE,
        /** the envelope with a list in {@code data} and pagination in {@code meta} */
        PAGE,
        /** no body (204) */
        EMPTY,
        /** not JSON: a file or an event stream */
        RAW
    }

    /**
     * A query parameter.
     *
     * @param name        its name
     * @param schema      its JSON schema
     * @param description what it does
     */
    public record Param(String name, JsonObject schema, String description) {
    }
}

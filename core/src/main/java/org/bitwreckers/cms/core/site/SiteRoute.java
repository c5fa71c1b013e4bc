package org.bitwreckers.cms.core.site;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.FieldDefinition;

/**
 * A delivery route declared in {@code content-types/routes/*.json}.
 *
 * @param method      GET or POST
 * @param path        full path, {@code {key}} for an item
 * @param kind        what it does
 * @param type        the content type it reads or writes (empty for members and stats)
 * @param where       fixed filters in query-parameter form; {@code $now} is the current minute
 * @param sort        default sort, callers may override it
 * @param field       the enum field of a value-counts route
 * @param stats       named counts of a stats route
 * @param counting    what a with-counts route counts
 * @param defaults    values a submission gets when it leaves them out
 * @param description for the API documentation
 * @param source      the file it came from
 */
public record SiteRoute(String method,
                        String path,
                        RouteKind kind,
                        Optional<ContentType> type,
                        Map<String, List<String>> where,
                        Optional<String> sort,
                        Optional<FieldDefinition> field,
                        Map<String, Stat> stats,
                        Optional<Counting> counting,
                        JsonObject defaults,
                        String description,
                        String source) {

    /**
     * One named count.
     *
     * @param type    documents of this type matching {@code where}; empty for member counts
     * @param where   fixed filters
     * @param members "active" (members) or "universities" (distinct universities of members)
     */
    public record Stat(Optional<ContentType> type, Map<String, List<String>> where, Optional<String> members) {
    }

    /**
     * For each document of the route's type: the number of published {@code type} documents whose {@code field}
     * equals the route document's {@code match} field.
     *
     * @param type  counted type
     * @param field field of the counted type
     * @param match field of the route's type
     */
    public record Counting(ContentType type, FieldDefinition field, String match) {
    }
}

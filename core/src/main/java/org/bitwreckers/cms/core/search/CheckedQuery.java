package org.bitwreckers.cms.core.search;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * A search whose every part was checked against the descriptors, the same way for every engine: the words are
 * present and not too long, the type exists and may be searched in this scope, and each filter names a filterable
 * field of that type with a value of the field's kind.
 *
 * @param text     the words, control characters removed
 * @param scope    published or draft
 * @param type     the one type searched, if any
 * @param filters  field name to typed value (String, BigDecimal or Boolean)
 * @param page     1-based page
 * @param pageSize per page
 */
public record CheckedQuery(String text, SearchEngine.Scope scope, Optional<ContentType> type, Map<String, Object> filters,
                           int page, int pageSize) {
    /** Longest query, in characters. */
    public static final int MAX_TEXT = 500;
    /** Results reachable by paging (as deep as Elasticsearch's default window; deeper pages help nobody). */
    public static final int MAX_RESULTS = 10_000;

    /**
     * @param registry content types
     * @param query    the search as asked
     * @return the checked search
     * @throws CmsException 400 naming what is wrong
     */
    public static CheckedQuery of(ContentTypeRegistry registry, SearchEngine.Query query) {
        String text = query.text() == null ? "" : query.text().replaceAll("\\p{Cntrl}", " ").strip();
        if (text.isEmpty()) {
            throw CmsException.badRequest("q is required: the words to search for", Map.of("q", "is empty"));
        }
        if (text.length() > MAX_TEXT) {
            throw CmsException.badRequest("q is too long", Map.of("q", "at most " + MAX_TEXT + " characters"));
        }
        if ((long) query.page() * query.pageSize() > MAX_RESULTS) {
            throw CmsException.badRequest("page is too deep", Map.of("page", "only the first " + MAX_RESULTS
                    + " results can be paged through; add words or filters"));
        }
        Optional<ContentType> type = query.type().map(name -> registry.find(name)
                .filter(t -> visible(t, query.scope()))
                .orElseThrow(() -> CmsException.badRequest("Unknown type '" + name + "'", Map.of("type", "unknown"))));
        return new CheckedQuery(text, query.scope(), type, filters(type, query), query.page(), query.pageSize());
    }

    /**
     * @param registry content types
     * @return every type with searchable fields in this scope: the facets count them all, even when one type narrows
     *         the results
     */
    public List<ContentType> searchedTypes(ContentTypeRegistry registry) {
        return registry.all().stream().filter(t -> searched(t, scope)).toList();
    }

    /**
     * @param results the page's hits
     * @param total   hits in all
     * @param facets  type name to hits, over every type searched
     * @return the answer every engine gives: {@code {"results", "total", "page", "pageSize", "facets"}}
     */
    public String answer(JsonArray results, long total, JsonObject facets) {
        return answer(List.of(results.toString()), "", "", total, facets);
    }

    /**
     * @param hits   the page's hits, each a JSON object's text (as PostgreSQL writes them: taken as they are, not
     *               parsed and written again)
     * @param total  hits in all
     * @param facets type name to hits, over every type searched
     * @return the answer every engine gives: {@code {"results", "total", "page", "pageSize", "facets"}}
     */
    public String answer(List<String> hits, long total, JsonObject facets) {
        return answer(hits, "[", "]", total, facets);
    }

    /** The answer written once: the results are the parts given, between an opening and a closing. */
    private String answer(List<String> results, String open, String close, long total, JsonObject facets) {
        String counts = facets.toString();
        int size = counts.length() + 80;
        for (String part : results) {
            size += part.length() + 1;
        }
        StringBuilder answer = new StringBuilder(size).append("{\"results\":").append(open);
        for (int i = 0; i < results.size(); i++) {
            answer.append(i == 0 ? "" : ",").append(results.get(i));
        }
        return answer.append(close).append(",\"total\":").append(total).append(",\"page\":").append(page)
                .append(",\"pageSize\":").append(pageSize).append(",\"facets\":").append(counts).append('}')
                .toString();
    }

    /** @return how many results come before this page */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }

    /**
     * @param type  content type
     * @param scope published or draft
     * @return whether searches in this scope can find documents of the type: they may see it, and it has fields to
     *         search there (else its documents have no entries in that view)
     */
    public static boolean searched(ContentType type, SearchEngine.Scope scope) {
        return visible(type, scope) && !searchableFields(type, scope).isEmpty();
    }

    /**
     * @param type  content type
     * @param scope published or draft
     * @return whether searches in this scope may see documents of the type
     */
    public static boolean visible(ContentType type, SearchEngine.Scope scope) {
        return scope == SearchEngine.Scope.DRAFT || type.publiclyReadable();
    }

    /**
     * @param type  content type
     * @param scope published or draft
     * @return the fields whose words are searched in this scope, the first (the title) weighing most; the public never
     *         searches private fields
     */
    public static List<FieldDefinition> searchableFields(ContentType type, SearchEngine.Scope scope) {
        return type.fields().stream()
                .filter(f -> f.searchable() && (scope == SearchEngine.Scope.DRAFT || !f.privateField())).toList();
    }

    /**
     * @param field a field
     * @param scope published or draft
     * @return whether searches in this scope may filter on it
     */
    public static boolean filterable(FieldDefinition field, SearchEngine.Scope scope) {
        return field.filterable() && field.type().kind() != FieldType.Kind.OTHER
                && (scope == SearchEngine.Scope.DRAFT || !field.privateField());
    }

    /** A number the field can hold: integers within a long, others within a double. */
    private static BigDecimal number(FieldDefinition field, String value) {
        BigDecimal n = new BigDecimal(value);
        if (field.type() == FieldType.INTEGER) {
            return BigDecimal.valueOf(n.longValueExact());
        }
        if (!Double.isFinite(n.doubleValue()) || n.precision() > 30) {
            throw new NumberFormatException();
        }
        return n;
    }

    private static Map<String, Object> filters(Optional<ContentType> type, SearchEngine.Query query) {
        if (query.filters().isEmpty()) {
            return Map.of();
        }
        if (type.isEmpty()) {
            throw CmsException.badRequest("Filters need a type", Map.of("type", "is required with filter[...]"));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        query.filters().forEach((name, value) -> {
            FieldDefinition f = type.get().field(name).filter(d -> filterable(d, query.scope())).orElse(null);
            if (f == null) {
                problems.put("filter[" + name + "]", "is not a filterable field of " + type.get().name());
                return;
            }
            try {
                values.put(name, switch (f.type().kind()) {
                    case NUMBER -> number(f, value);
                    case BOOLEAN -> switch (value) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> throw new NumberFormatException();
                    };
                    default -> value;
                });
            } catch (NumberFormatException | ArithmeticException e) {
                problems.put("filter[" + name + "]", "must be a " + f.type().name().toLowerCase(Locale.ROOT));
            }
        });
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("Some filters are not valid", problems);
        }
        return values;
    }
}

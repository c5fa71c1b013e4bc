package org.bitwreckers.cms.core.search.elastic;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.search.CheckedQuery;

/**
 * The search body sent to Elasticsearch for a checked query. Every user value travels as a JSON value, never as
 * query syntax except the words themselves, which go to {@code simple_query_string}: it never fails on bad syntax, and
 * only the operators websearch syntax knows are enabled.
 */
final class ElasticQuery {
    /** Name of the per-type count aggregation. */
    static final String FACETS = "types";

    private static final Pattern OR = Pattern.compile("(?i)(?<=^|\\s)or(?=\\s|$)");

    private ElasticQuery() {
    }

    /**
     * @param query     the checked search
     * @param typeCount how many types exist (the facet buckets needed)
     * @return the request body
     */
    static String body(CheckedQuery query, int typeCount) {
        JsonArrayBuilder chosen = Jsons.createArrayBuilder();
        query.type().ifPresent(t -> chosen.add(term("type", Jsons.createValue(t.name()))));
        query.filters().forEach((field, value) -> chosen.add(term("filter." + field, switch (value) {
            case BigDecimal n -> Jsons.createValue(n);
            case Boolean b -> b ? JsonValue.TRUE : JsonValue.FALSE;
            default -> Jsons.createValue(value.toString());
        })));
        return Jsons.createObjectBuilder()
                .add("query", Jsons.createObjectBuilder().add("bool", Jsons.createObjectBuilder()
                        .add("must", Jsons.createObjectBuilder().add("simple_query_string", Jsons.createObjectBuilder()
                                .add("query", websearch(query.text()))
                                .add("fields", Jsons.createArrayBuilder().add("title^2").add("text.*"))
                                .add("default_operator", "and")
                                .add("flags", "OR|NOT|PHRASE|WHITESPACE")
                                .add("lenient", true)))
                        .add("filter", term("view", Jsons.createValue(IndexLayout.view(query.scope()))))))
                // the type and field filters narrow the results but not the facets, which count every type
                .add("post_filter", Jsons.createObjectBuilder().add("bool", Jsons.createObjectBuilder().add("filter", chosen)))
                .add("aggs", Jsons.createObjectBuilder().add(FACETS, Jsons.createObjectBuilder().add("terms",
                        Jsons.createObjectBuilder().add("field", "type").add("size", Math.max(1, typeCount)))))
                .add("highlight", Jsons.createObjectBuilder()
                        .add("encoder", "html") // the text around the marks is escaped, as the embedded engine does
                        .add("max_analyzed_offset", 999_999) // a huge field is highlighted in its first part only
                        .add("pre_tags", Jsons.createArrayBuilder().add("<mark>"))
                        .add("post_tags", Jsons.createArrayBuilder().add("</mark>"))
                        .add("fields", Jsons.createArrayBuilder() // a list of one-field objects keeps the order
                                .add(Jsons.createObjectBuilder().add("title", Jsons.createObjectBuilder()
                                        .add("number_of_fragments", 0)))
                                .add(Jsons.createObjectBuilder().add("text.*", Jsons.createObjectBuilder()
                                        .add("number_of_fragments", 2).add("fragment_size", 150)))))
                .add("from", query.offset())
                .add("size", query.pageSize())
                .add("track_total_hits", true)
                .add("track_scores", true)
                .add("sort", Jsons.createArrayBuilder()
                        .add(Jsons.createObjectBuilder().add("_score", Jsons.createObjectBuilder().add("order", "desc")))
                        .add(Jsons.createObjectBuilder().add("id", Jsons.createObjectBuilder().add("order", "asc"))))
                .add("_source", Jsons.createArrayBuilder().add("id").add("type").add("slug").add("title"))
                .build().toString();
    }

    private static JsonObjectBuilder term(String field, JsonValue value) {
        return Jsons.createObjectBuilder().add("term", Jsons.createObjectBuilder().add(field, value));
    }

    /** Websearch's {@code or} becomes {@code |} outside quoted phrases; quotes and {@code -} mean the same in both. */
    static String websearch(String text) {
        String[] parts = text.split("\"", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append('"');
            }
            out.append(i % 2 == 0 ? OR.matcher(parts[i]).replaceAll("|") : parts[i]);
        }
        return out.toString();
    }

    /** @return text safe to place in HTML */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}

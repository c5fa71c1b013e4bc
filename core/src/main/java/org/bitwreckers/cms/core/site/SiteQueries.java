package org.bitwreckers.cms.core.site;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.member.MemberDirectory;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.Populate;
import org.bitwreckers.cms.core.query.QueryCompiler;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.SqlQuery;
import org.bitwreckers.cms.core.query.View;

/**
 * The computed routes: counts per enum value, named statistics, documents with counts of related documents, and the
 * one document of a single type. Each is one or two SQL statements over published documents.
 */
public final class SiteQueries {
    private final DbClient db;
    private final ContentTypeRegistry registry;
    private final DocumentReader reader;
    private final MemberDirectory members;

    /**
     * @param db       database client
     * @param registry content types
     * @param reader   document reads
     * @param members  community members
     */
    public SiteQueries(DbClient db, ContentTypeRegistry registry, DocumentReader reader, MemberDirectory members) {
        this.db = db;
        this.registry = registry;
        this.reader = reader;
        this.members = members;
    }

    /**
     * @param type  content type
     * @param field an enum field
     * @return JSON array text {@code [{"value": "web", "count": 4}, ...]} in the enum's order, zeros included
     */
    public String valueCounts(ContentType type, FieldDefinition field) {
        Map<String, Long> counts = countBy(type, field);
        JsonArrayBuilder out = Jsons.createArrayBuilder();
        for (String value : field.values()) {
            out.add(Jsons.createObjectBuilder().add("value", value).add("count", counts.getOrDefault(value, 0L)));
        }
        return out.build().toString();
    }

    /**
     * @param stats named counts
     * @return JSON object text {@code {"projects": 12, "members": 40, ...}}
     */
    public String stats(Map<String, SiteRoute.Stat> stats) {
        JsonObjectBuilder out = Jsons.createObjectBuilder();
        stats.forEach((name, stat) -> {
            long value;
            if (stat.members().isPresent()) {
                value = stat.members().get().equals("universities") ? members.universities() : members.publicCount();
            } else {
                ContentType type = stat.type().orElseThrow();
                ListQuery query = QueryParser.parse(type, registry, View.PUBLISHED, SiteRouteLoader.resolve(stat.where()),
                                                    Set.of());
                SqlQuery sql = QueryCompiler.count(type, query, View.PUBLISHED, Optional.empty());
                value = db.execute().get(sql.sql(), sql.params().toArray()).orElseThrow().column("total").get(Long.class);
            }
            out.add(name, value);
        });
        return out.build().toString();
    }

    /**
     * @param type     the listed type
     * @param query    its query (sort, filters)
     * @param counting what to count per document
     * @return the page with a {@code count} added to each document
     */
    public Page withCounts(ContentType type, ListQuery query, SiteRoute.Counting counting) {
        Page page = reader.list(type, query, View.PUBLISHED, Optional.empty());
        Map<String, Long> counts = countBy(counting.type(), counting.field());
        List<String> docs = page.documents().stream().map(JsonText::object).map(doc -> {
            JsonValue key = doc.get(counting.match());
            long n = key instanceof JsonString s ? counts.getOrDefault(s.getString(), 0L) : 0L;
            return Jsons.createObjectBuilder(doc).add("count", n).build().toString();
        }).toList();
        return page.withDocuments(docs);
    }

    /**
     * @param type a single type
     * @return its one published document (the most recently published, should there be several)
     */
    public String single(ContentType type) {
        Page page = reader.list(type, new ListQuery(List.of(), List.of(), 1, 1, Optional.empty(),
                                                    new Populate(type, Map.of())),
                                View.PUBLISHED, Optional.empty());
        if (page.documents().isEmpty()) {
            throw CmsException.notFound("No " + type.name() + " has been published yet");
        }
        return page.documents().getFirst();
    }

    private Map<String, Long> countBy(ContentType type, FieldDefinition field) {
        Map<String, Long> counts = new HashMap<>();
        // Names come from descriptors (checked against a strict pattern); the index on the field serves the grouping.
        String sql = "SELECT published_data->>'" + field.name() + "' AS value, count(*) AS n FROM "
                + View.PUBLISHED.table() + " WHERE type = '" + type.name() + "' GROUP BY 1";
        try (Stream<DbRow> rows = db.execute().query(sql)) {
            rows.forEach(r -> {
                String value = r.column("value").get(String.class);
                if (value != null) {
                    counts.put(value, r.column("n").get(Long.class));
                }
            });
        }
        return counts;
    }
}

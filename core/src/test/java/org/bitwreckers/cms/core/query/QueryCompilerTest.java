package org.bitwreckers.cms.core.query;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.Json;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

class QueryCompilerTest {
    private static final ContentType EVENT = DescriptorParser.parse(Json.createReader(new StringReader("""
            {"name": "event", "fields": [
              {"name": "title", "type": "string", "filterable": true, "sortable": true},
              {"name": "seats", "type": "integer", "filterable": true, "sortable": true}]}""")).readObject(), "event.json");

    @Test
    void valuesTravelOnlyAsParametersAndExpressionsMatchTheIndexes() {
        String hostile = "x'); DROP TABLE documents; --";
        ListQuery query = QueryParser.parse(EVENT, ContentTypeRegistry.of(List.of(EVENT)), View.PUBLISHED,
                                            Map.of("filter[title][contains]", List.of(hostile),
                                                   "filter[seats][gte]", List.of("10"),
                                                   "sort", List.of("-seats")), Set.of());
        SqlQuery sql = QueryCompiler.list(EVENT, query, View.PUBLISHED, Optional.empty());
        assertThat(sql.sql(), not(containsString("DROP")));
        assertThat(sql.sql(), containsString("((published_data->>'seats')::numeric) >= ?"));
        assertThat(sql.sql(), containsString("ORDER BY ((published_data->>'seats')::numeric) DESC NULLS LAST, id ASC"));
        // the page's size and place are numbers the parser checked, written in so that a plan made once for any
        // values (the read pool's) knows a page reads 25 rows
        assertThat(sql.sql(), containsString("id ASC LIMIT 25)"));
        assertThat(sql.sql(), not(containsString("OFFSET")));
        assertThat(sql.params(), containsInAnyOrder(10L, "%x'); DROP TABLE documents; --%"));
        ListQuery third = QueryParser.parse(EVENT, ContentTypeRegistry.of(List.of(EVENT)), View.PUBLISHED,
                                            Map.of("page", List.of("3"), "pageSize", List.of("10")), Set.of());
        assertThat(QueryCompiler.list(EVENT, third, View.PUBLISHED, Optional.empty()).sql(),
                   containsString(" LIMIT 10 OFFSET 20)"));
    }
}

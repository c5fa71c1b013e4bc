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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
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
        assertThat(sql.params(), hasItem("%x'); DROP TABLE documents; --%"));
        assertThat(sql.params().subList(sql.params().size() - 2, sql.params().size()), contains(25, 0L));
    }
}

package org.bitwreckers.cms.core.search.elastic;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.search.CheckedQuery;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the Elasticsearch engine sends, checked without a node: bodies the official client itself accepts, user
 * values only as JSON values, and entries that keep private fields and markup out of the public view.
 */
class ElasticQueryTest {
    private static final ContentType TALK = DescriptorParser.parse(Json.createReader(new StringReader("""
            {"name": "talk", "fields": [
              {"name": "title", "type": "string", "searchable": true},
              {"name": "notes", "type": "text", "searchable": true, "private": true},
              {"name": "abstract", "type": "richtext", "searchable": true},
              {"name": "track", "type": "enum", "values": ["web", "ai"], "filterable": true},
              {"name": "seats", "type": "integer", "filterable": true},
              {"name": "secret_room", "type": "string", "filterable": true, "private": true}]}""")).readObject(), "talk.json");
    private static final ContentTypeRegistry TYPES = ContentTypeRegistry.of(List.of(TALK));

    private static CheckedQuery query(String text, Map<String, String> filters) {
        return CheckedQuery.of(TYPES, new SearchEngine.Query(text, SearchEngine.Scope.PUBLISHED, Optional.of("talk"),
                                                             filters, 2, 10));
    }

    @Test
    void theBodyIsOneTheClientReadsAndValuesStayValues() {
        String hostile = "\"}}, \"script\": {\"source\": \"boom\"} x";
        String body = ElasticQuery.body(query(hostile, Map.of("track", "ai", "seats", "40")), 1);
        SearchRequest request = SearchRequest.of(b -> b.index("x").withJson(new StringReader(body)));
        assertThat(request.query().bool().must().get(0).simpleQueryString().query(), is(hostile));
        assertThat(request.from(), is(10));
        assertThat(request.size(), is(10));
        assertThat(request.postFilter().bool().filter().size(), is(3)); // the type and two fields
        assertThat(request.query().bool().filter().get(0).term().value().stringValue(), is("published"));
        assertThat(body, not(containsString("\"script\":")));
    }

    @Test
    void websearchWordsBecomeSimpleQueryStringOperators() {
        assertThat(ElasticQuery.websearch("rust or go"), is("rust | go"));
        assertThat(ElasticQuery.websearch("OR or Oregon"), is("| | Oregon"));
        assertThat(ElasticQuery.websearch("\"this or that\" or -other"), is("\"this or that\" | -other"));
        assertThat(ElasticQuery.escape("<b>&\"'"), is("&lt;b&gt;&amp;&quot;&#39;"));
    }

    @Test
    void theIndexBodyIsOneTheClientReadsAndFollowsTheDescriptor() {
        IndexLayout layout = new IndexLayout("bw", "standard");
        String body = layout.indexBody(TALK);
        CreateIndexRequest create = CreateIndexRequest.of(b -> b.index("bw-talk-v1").withJson(new StringReader(body)));
        var props = create.mappings().properties();
        assertThat(props.get("title").isText(), is(true));
        assertThat(props.get("text").object().properties().get("abstract").isText(), is(true));
        assertThat(props.get("filter").object().properties().get("track").isKeyword(), is(true));
        assertThat(props.get("filter").object().properties().get("seats").isLong(), is(true));
        assertThat(layout.readAlias("talk"), is("bw-talk"));
        assertThat(layout.writeAlias("talk"), is("bw-talk-write"));
    }

    @Test
    void thePublicEntryHoldsNoPrivateFieldAndNoMarkup() {
        JsonObject data = Json.createObjectBuilder().add("title", "Graphs").add("notes", "speaker is late")
                .add("abstract", "<p>Walking <b>graphs</b></p>").add("track", "ai").add("seats", 40)
                .add("secret_room", "B12").build();
        SourceDocuments.Row row = new SourceDocuments.Row(7, "graphs", "graphs", data, data);
        IndexLayout layout = new IndexLayout("bw", "standard");
        JsonObject published = layout.entry(TALK, row, SearchEngine.Scope.PUBLISHED).orElseThrow();
        assertThat(published.toString(), not(containsString("late")));
        assertThat(published.toString(), not(containsString("B12")));
        assertThat(published.getJsonObject("text").getString("abstract"), is("Walking graphs"));
        assertThat(published.getJsonObject("filter").getInt("seats"), is(40));
        JsonObject draft = layout.entry(TALK, row, SearchEngine.Scope.DRAFT).orElseThrow();
        assertThat(draft.getJsonObject("text").getString("notes"), is("speaker is late"));
        assertThat(layout.entry(TALK, new SourceDocuments.Row(7, "g", null, data, null), SearchEngine.Scope.PUBLISHED)
                           .isPresent(), is(false));
        // the public cannot filter on a private field either
        assertThrows(CmsException.class, () -> query("graphs", Map.of("secret_room", "B12")));
    }

    @Test
    void filterValuesMustFitTheirField() {
        for (String seats : new String[] {"2.5", "1e1000000", "99999999999999999999", "forty"}) {
            CmsException e = assertThrows(CmsException.class, () -> query("graphs", Map.of("seats", seats)));
            assertThat(e.details().get("filter[seats]"), is("must be a integer"));
        }
        assertThat(query("graphs", Map.of("seats", "4e1")).filters().get("seats").toString(), is("40"));
    }
}

package org.bitwreckers.cms.core.media;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.db.Database;
import org.bitwreckers.cms.core.db.ScratchDatabase;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.View;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * Delivered documents are answered as PostgreSQL writes them when no media field holds a stored path (it adds the
 * empty description and tells which hold one, from the jsonb), and that answer is the one the full way
 * ({@link MediaLinks#resolve}) gives, in lists and items, published and previewed, with and without a field selection.
 */
class DeliveredMediaTest {
    @RegisterExtension
    static final ScratchDatabase DATABASE = new ScratchDatabase();
    private static final DbClient DB = DATABASE.client();
    private static final String BASE = "https://cdn.example.org/";
    private static final String KEY = "ab".repeat(32) + ".png";
    private static final ContentType PROJECT = DescriptorParser.parse(Jsons.createReader(new StringReader("""
            {"name": "project", "kind": "collection", "fields": [
               {"name": "title", "type": "string"},
               {"name": "image", "type": "media"},
               {"name": "cover", "type": "media", "private": true},
               {"name": "details", "type": "json"}]}""")).readObject(), "project.json");
    private static final List<String> DATA = List.of(
            "{\"title\": \"a media field, null\", \"image\": null}",
            "{\"title\": \"an outside URL\", \"image\": \"https://elsewhere.example/x.png\"}",
            "{\"title\": \"a nested key of the field's name is not the field\", \"details\": {\"image\": \"/media/"
            + KEY + "\", \"list\": [{\"image\": 1}]}}",
            "{\"title\": \"/media/" + KEY + "\", \"details\": [\"image\"]}",
            "{\"title\": \"a stored path\", \"image\": \"/media/" + KEY + "\"}",
            "{\"title\": \"a stored path that is no key\", \"image\": \"/media/../etc/passwd\"}",
            "{\"title\": \"only the private field\", \"cover\": \"/media/" + KEY + "\"}",
            "{\"title\": \"a number\", \"image\": 5}",
            "{\"title\": \"quote \\\" and \\\"image\\\": in a value\"}",
            "{}");

    @BeforeAll
    static void seed() {
        Database.migrate(DATABASE.url());
        for (int i = 0; i < DATA.size(); i++) {
            DB.execute().dml("INSERT INTO documents (type, slug, status, data, published_data, published_version,"
                             + " published_slug, published_at)"
                             + " VALUES ('project', ?, 'published', ?::jsonb, ?::jsonb, 1, ?, now())",
                             "p" + i, DATA.get(i), DATA.get(i), "p" + i);
        }
    }

    @Test
    void eachAnswerIsWhatTheFullWayAnswers() {
        MediaLinks links = new MediaLinks(new MediaRepository(DB, BASE), BASE);
        DocumentReader answered = reader(links);
        DocumentReader raw = reader(null); // no media base: the texts as PostgreSQL wrote them, stored paths unresolved
        int checked = 0;
        for (View view : List.of(View.PUBLISHED, View.PREVIEW)) {
            for (Map<String, List<String>> params : List.of(Map.<String, List<String>>of(),
                                                            Map.of("fields", List.of("title")),
                                                            Map.of("fields", List.of("title,image")))) {
                ListQuery list = QueryParser.parse(PROJECT, registry(), view, withPageSize(params), Set.of());
                List<String> texts = raw.list(PROJECT, list, view, Optional.empty()).documents();
                List<JsonObject> expected = links.resolve(
                        PROJECT, texts.stream().map(DeliveredMediaTest::data).toList(), true);
                List<String> got = answered.list(PROJECT, list, view, Optional.empty()).documents();
                assertThat(view + " " + params, got.stream().map(JsonText::object).toList(), is(expected));
                ListQuery item = QueryParser.parseItem(PROJECT, registry(), view, params, Set.of());
                for (int i = 0; i < DATA.size(); i++) {
                    JsonObject one = JsonText.object(answered.item(PROJECT, "p" + i, item, view));
                    assertThat(view + " " + params + " " + DATA.get(i), one, is(links.resolve(
                            PROJECT, List.of(data(raw.item(PROJECT, "p" + i, item, view))), true).getFirst()));
                    checked++;
                }
            }
        }
        assertThat(checked, is(2 * 3 * DATA.size()));
        // what the comparison rests on: the full way links and describes a stored path, and hides the private field
        List<String> all = answered.list(PROJECT, QueryParser.parse(PROJECT, registry(), View.PUBLISHED,
                                                                   withPageSize(Map.of()), Set.of()),
                                         View.PUBLISHED, Optional.empty()).documents();
        List<String> images = new ArrayList<>();
        all.stream().map(JsonText::object).filter(d -> d.containsKey("image"))
                .forEach(d -> images.add(d.get("image") + " " + d.get(MediaLinks.DESCRIBED)));
        assertThat(images, hasItem("\"" + BASE + KEY + "\" {}"));
        assertThat(images, hasItem("null {}"));
        assertThat(all.stream().noneMatch(d -> d.contains("\"cover\"")), is(true));
        // both ways put the description first
        assertThat(all.stream().filter(d -> JsonText.object(d).containsKey("image"))
                           .allMatch(d -> d.startsWith("{\"" + MediaLinks.DESCRIBED + "\"")), is(true));
    }

    /** A document's own members: what the full way starts from (it describes the media itself). */
    private static JsonObject data(String text) {
        return Jsons.createObjectBuilder(JsonText.object(text)).remove(MediaLinks.DESCRIBED).build();
    }

    private static DocumentReader reader(MediaLinks links) {
        DocumentReader reader = new DocumentReader(DB, DB, new ContentChanges());
        if (links != null) {
            reader.useMedia(links);
        }
        return reader;
    }

    private static Map<String, List<String>> withPageSize(Map<String, List<String>> params) {
        Map<String, List<String>> out = new HashMap<>(params);
        out.put("pageSize", List.of("100"));
        out.put("sort", List.of("created_at"));
        return out;
    }

    private static ContentTypeRegistry registry() {
        return ContentTypeRegistry.of(List.of(PROJECT));
    }
}

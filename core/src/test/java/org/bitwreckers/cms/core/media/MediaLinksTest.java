package org.bitwreckers.cms.core.media;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.core.json.Jsons;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The short way for delivered documents without stored media paths answers what the full way answers. */
class MediaLinksTest {
    private static final ContentType PROJECT = DescriptorParser.parse(json("""
            {"name": "project", "kind": "collection", "fields": [
               {"name": "title", "type": "string"},
               {"name": "image", "type": "media"},
               {"name": "details", "type": "json"}]}"""), "project.json");
    /** No database: neither way looks assets up when no value is a stored path. */
    private final MediaLinks links = new MediaLinks(null, "https://cdn.example.org/");

    @Test
    void documentsWithoutStoredPathsAreAnsweredFromTheirTextAsResolveAnswersThem() {
        for (String doc : List.of(
                "{\"id\": 1, \"image\": null, \"title\": \"A\"}",
                "{\"id\": 2, \"image\": \"https://elsewhere.example/x.png\", \"title\": \"B\"}",
                // a nested key of the field's name is not the field: no description
                "{\"id\": 3, \"title\": \"C\", \"details\": {\"image\": \"x\", \"list\": [{\"image\": 1}]}}",
                "{\"id\": 4, \"details\": [\"image\"], \"title\": \"the \\\"image\\\": field\"}",
                // a string ending in a backslash, then the field
                "{\"id\": 5, \"title\": \"C:\\\\\", \"image\": null}",
                // the field's name as a value, and in objects within arrays at any depth
                "{\"id\": 6, \"title\": \"image\", \"details\": [[{\"image\": 1}], {\"a\": {\"image\": 2}}]}",
                "{\"id\": 7, \"details\": {\"x\": [1, 2]}, \"title\": \"a, \\\"image\\\": 1\", \"image\": null}",
                // a longer and a shorter name sharing the start
                "{\"id\": 8, \"images\": null, \"imag\": null}",
                // the field before anything nested; the name as a value first; compact text
                "{\"id\": 9, \"image\": null, \"details\": {\"image\": 1}}",
                "{\"id\": 10, \"title\": \"image\", \"image\": null}",
                "{\"id\":11,\"image\":null}",
                // a key ending in a quote and the name, nested or not, is not the field
                "{\"id\": 12, \"details\": {\"a\\\"image\": 1}}",
                "{\"id\": 13, \"a\\\"image\": 1}",
                "{}")) {
            String quick = links.withoutStoredMedia(PROJECT, List.of(doc)).getFirst().orElseThrow();
            JsonObject full = links.resolve(PROJECT, List.of(JsonText.object(doc)), true).getFirst();
            assertThat(doc, JsonText.object(quick), is(full));
        }
    }

    @Test
    void aStoredPathAnywhereTakesTheFullWay() {
        assertThat(links.withoutStoredMedia(PROJECT, List.of("{\"id\": 1, \"image\": \"/media/ab/cd.png\"}",
                                                             "{\"id\": 1, \"details\": {\"cover\": \"/media/ab/cd.png\"}}",
                                                             "{\"id\": 2, \"image\": null}")),
                   is(List.of(Optional.empty(), Optional.empty(), Optional.of("{\"id\": 2, \"image\": null,\"_media\":{}}"))));
    }

    private static JsonObject json(String text) {
        return Jsons.createReader(new StringReader(text)).readObject();
    }
}

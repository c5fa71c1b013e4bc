package org.bitwreckers.cms.core.site;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.json.Json;

import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.content.DescriptorParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SiteRouteLoaderTest {
    private static final ContentTypeRegistry REGISTRY = ContentTypeRegistry.of(List.of(
            DescriptorParser.parse(Json.createReader(new StringReader("""
                    {"name": "event", "fields": [
                      {"name": "title", "type": "string"},
                      {"name": "date", "type": "datetime", "filterable": true, "sortable": true},
                      {"name": "kind", "type": "enum", "values": ["talk", "party"], "filterable": true}]}""")).readObject(),
                                  "event.json"),
            DescriptorParser.parse(Json.createReader(new StringReader("""
                    {"name": "message", "kind": "submission", "fields": [{"name": "text", "type": "text"}]}""")).readObject(),
                                  "message.json")));

    /** Each bad route with a part of the message it must produce. */
    private static final List<String[]> BAD = List.of(
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"list\", \"type\": \"nope\"}", "unknown type 'nope'"},
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"lists\", \"type\": \"event\"}", "\"kind\" must be one of"},
            new String[] {"{\"path\": \"/v1/x\", \"kind\": \"list\", \"type\": \"event\"}", "path must start with /api/v1/"},
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"list\", \"type\": \"event\", \"sort\": \"title\"}",
                          "'title' is not sortable"},
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"list\", \"type\": \"event\","
                                  + " \"where\": {\"filter[kind]\": \"concert\"}}", "'concert' is not one of talk, party"},
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"list\", \"type\": \"message\"}", "is not publicly readable"},
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"submit\", \"type\": \"event\"}", "need a submission type"},
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"item\", \"type\": \"event\"}", "has {key} in its path"},
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"value-counts\", \"type\": \"event\", \"field\": \"title\"}",
                          "must name an enum field"},
            new String[] {"{\"path\": \"/api/v1/x\", \"kind\": \"list\", \"type\": \"event\", \"colour\": \"red\"}",
                          "unknown key \"colour\""});

    @Test
    void everyMistakeStopsStartUpNamingFileAndPath(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("routes"));
        for (String[] bad : BAD) {
            Files.writeString(dir.resolve("routes/site.json"), "{\"routes\": [" + bad[0] + "]}");
            DescriptorException e = assertThrows(DescriptorException.class, () -> SiteRouteLoader.load(dir, REGISTRY), bad[0]);
            assertThat(bad[0], e.getMessage(), containsString("site.json: route"));
            assertThat(bad[0], e.getMessage(), containsString(bad[1]));
        }
        Files.writeString(dir.resolve("routes/site.json"), "{\"routes\": ["
                + "{\"path\": \"/api/v1/x\", \"kind\": \"list\", \"type\": \"event\"},"
                + "{\"path\": \"/api/v1/x\", \"kind\": \"list\", \"type\": \"event\"}]}");
        assertThat(assertThrows(DescriptorException.class, () -> SiteRouteLoader.load(dir, REGISTRY)).getMessage(),
                   containsString("declared twice"));
    }

    @Test
    void literalPathsComeBeforePathsWithAKey(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("routes"));
        Files.writeString(dir.resolve("routes/site.json"), """
                {"routes": [
                  {"path": "/api/v1/events/{key}", "kind": "item", "type": "event"},
                  {"path": "/api/v1/events/kinds", "kind": "value-counts", "type": "event", "field": "kind"},
                  {"path": "/api/v1/events/upcoming", "kind": "list", "type": "event",
                   "where": {"filter[date][gte]": "$now"}, "sort": "date"}]}""");
        List<SiteRoute> routes = SiteRouteLoader.load(dir, REGISTRY);
        assertThat(routes.stream().map(SiteRoute::path).toList(),
                   contains("/api/v1/events/kinds", "/api/v1/events/upcoming", "/api/v1/events/{key}"));
        assertThat(SiteRouteLoader.resolve(routes.get(1).where()).get("filter[date][gte]").getFirst().endsWith(":00Z"), is(true));
    }
}

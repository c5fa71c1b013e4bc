package org.bitwreckers.cms.core.analytics;

import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;

/**
 * One beacon from the website, checked. The body is JSON sent as {@code text/plain} (what {@code navigator.sendBeacon}
 * sends for a string, so no CORS preflight):
 * <pre>
 * {"k": "pageview", "u": "https://site/path?utm_source=x", "r": "https://referrer/"}
 * {"k": "view", "u": "...", "t": "project", "s": "campus-marketplace"}     a document's page
 * {"k": "event", "u": "...", "n": "apply_clicked"}                           a named event from the allow-list
 * </pre>
 * Optional {@code "wd": true} reports {@code navigator.webdriver} (automated browsers).
 *
 * @param kind       what happened
 * @param url        the page (absolute)
 * @param referrer   where the visitor came from, when the browser said
 * @param entityType for views: the content type
 * @param entitySlug for views: the document's slug
 * @param name       for events: the event's name
 * @param webdriver  whether the page reported an automated browser
 */
public record Beacon(Kind kind, URI url, Optional<URI> referrer, Optional<String> entityType, Optional<String> entitySlug,
                     Optional<String> name, boolean webdriver) {
    /** The largest body accepted, in bytes. */
    public static final int MAX_BYTES = 2048;
    private static final int MAX_URL = 2000;
    private static final int MAX_WORD = 100;

    /** What a beacon reports. */
    public enum Kind {
        /** A page was shown. */
        PAGEVIEW(1),
        /** A document's page was shown (a project, an event). */
        VIEW(2),
        /** A named event happened (a button was clicked). */
        EVENT(3);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** @return the number stored for it */
        public int code() {
            return code;
        }
    }

    /**
     * Reads and checks a beacon body, naming every problem at once.
     *
     * @param body      the request body
     * @param viewTypes content types whose pages are counted as document views
     * @param names     the allowed event names
     * @return the beacon
     * @throws CmsException 400 with each problem
     */
    public static Beacon parse(String body, Set<String> viewTypes, Set<String> names) {
        JsonObject json = object(body);
        Map<String, String> problems = new LinkedHashMap<>();
        Kind kind = switch (text(json, "k").orElse("")) {
            case "pageview" -> Kind.PAGEVIEW;
            case "view" -> Kind.VIEW;
            case "event" -> Kind.EVENT;
            default -> {
                problems.put("k", "is pageview, view or event");
                yield Kind.PAGEVIEW;
            }
        };
        Optional<URI> url = text(json, "u").flatMap(Beacon::webAddress);
        if (url.isEmpty()) {
            problems.put("u", "is the page's absolute http(s) address, at most " + MAX_URL + " characters");
        }
        Optional<URI> referrer = Optional.empty();
        if (json.containsKey("r") && !json.isNull("r") && !text(json, "r").orElse("x").isEmpty()) {
            referrer = text(json, "r").flatMap(Beacon::webAddress);
            if (referrer.isEmpty()) {
                problems.put("r", "is an absolute http(s) address, at most " + MAX_URL + " characters");
            }
        }
        Optional<String> type = text(json, "t");
        Optional<String> slug = text(json, "s").filter(s -> s.length() <= MAX_WORD);
        if (kind == Kind.VIEW) {
            if (type.isEmpty() || !viewTypes.contains(type.get())) {
                problems.put("t", "is one of " + viewTypes);
            }
            if (slug.isEmpty() || slug.get().isBlank()) {
                problems.put("s", "is the document's slug, at most " + MAX_WORD + " characters");
            }
        }
        Optional<String> name = text(json, "n");
        if (kind == Kind.EVENT && (name.isEmpty() || !names.contains(name.get()))) {
            problems.put("n", "is one of " + names);
        }
        if (!problems.isEmpty()) {
            throw CmsException.badRequest("Invalid beacon", problems);
        }
        return new Beacon(kind, url.orElseThrow(), referrer, kind == Kind.VIEW ? type : Optional.empty(),
                          kind == Kind.VIEW ? slug : Optional.empty(), kind == Kind.EVENT ? name : Optional.empty(),
                          json.get("wd") == JsonValue.TRUE);
    }

    private static JsonObject object(String body) {
        try (JsonReader reader = Jsons.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw CmsException.badRequest("Invalid beacon", Map.of("body", "is a JSON object"));
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw CmsException.badRequest("Invalid beacon", Map.of("body", "is a JSON object"));
        }
    }

    private static Optional<String> text(JsonObject json, String key) {
        JsonValue value = json.get(key);
        return value != null && value.getValueType() == JsonValue.ValueType.STRING
                ? Optional.of(json.getString(key)) : Optional.empty();
    }

    private static Optional<URI> webAddress(String text) {
        if (text.length() > MAX_URL) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}

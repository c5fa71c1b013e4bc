package org.bitwreckers.cms.core.site;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.Access;
import org.bitwreckers.cms.core.content.ContentKind;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.View;

/**
 * Loads {@code content-types/routes/*.json} and checks every route against the content types at start-up: the type
 * exists and fits the kind, fixed filters and sorts parse against the descriptor, paths are unique. A bad route
 * stops start-up naming the file, the path and the reason, like a bad descriptor.
 */
public final class SiteRouteLoader {
    /** Stands for the current minute in fixed filters. */
    public static final String NOW = "$now";

    private static final Pattern PATH = Pattern.compile("/api/v1(/[a-z0-9\\-]+|/\\{key})+");
    private static final Set<String> KEYS = Set.of("path", "method", "kind", "type", "where", "sort", "field", "stats",
                                                   "count", "defaults", "description");

    private SiteRouteLoader() {
    }

    /**
     * @param dir      the content-types folder
     * @param registry loaded content types
     * @return routes, literal paths before paths with parameters
     */
    public static List<SiteRoute> load(Path dir, ContentTypeRegistry registry) {
        Path routesDir = dir.resolve("routes");
        if (!Files.isDirectory(routesDir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(routesDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new DescriptorException(routesDir.toString(), null, "cannot be listed: " + e.getMessage());
        }
        List<SiteRoute> routes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path file : files) {
            JsonObject json;
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader reader = Jsons.createReader(r)) {
                json = reader.readObject();
            } catch (IOException | JsonException | ClassCastException e) {
                throw new DescriptorException(file.toString(), null, "is not a JSON object {\"routes\": [...]}");
            }
            for (JsonValue item : json.getJsonArray("routes")) {
                SiteRoute route = route(item.asJsonObject(), registry, file.toString());
                if (!seen.add(route.method() + " " + route.path())) {
                    throw new DescriptorException(file.toString(), null, "route " + route.method() + " " + route.path()
                            + " is declared twice");
                }
                routes.add(route);
            }
        }
        routes.sort(Comparator.comparing(r -> r.path().contains("{")));
        return List.copyOf(routes);
    }

    /**
     * @param where fixed filters as declared
     * @return the filters with {@code $now} replaced by the current minute (so responses stay cacheable a minute)
     */
    public static Map<String, List<String>> resolve(Map<String, List<String>> where) {
        String now = Instant.now().truncatedTo(ChronoUnit.MINUTES).toString();
        Map<String, List<String>> out = new LinkedHashMap<>();
        where.forEach((k, v) -> out.put(k, v.stream().map(x -> NOW.equals(x) ? now : x).toList()));
        return out;
    }

    private static SiteRoute route(JsonObject json, ContentTypeRegistry registry, String file) {
        String path = json.getString("path", "");
        String where = file + ": route " + path;
        for (String key : json.keySet()) {
            if (!KEYS.contains(key)) {
                throw new DescriptorException(where, null, "unknown key \"" + key + "\"");
            }
        }
        if (!PATH.matcher(path).matches()) {
            throw new DescriptorException(where, null, "path must start with /api/v1/ and use lower-case segments"
                    + " (and {key} for an item)");
        }
        RouteKind kind = RouteKind.byName(json.getString("kind", ""))
                .orElseThrow(() -> new DescriptorException(where, null, "\"kind\" must be one of list, item, single, submit,"
                        + " value-counts, stats, with-counts, members"));
        String method = kind == RouteKind.SUBMIT ? "POST" : "GET";
        if (path.contains("{key}") != (kind == RouteKind.ITEM)) {
            throw new DescriptorException(where, null, "an item route, and only an item route, has {key} in its path");
        }
        Optional<ContentType> type = json.containsKey("type")
                ? Optional.of(registry.find(json.getString("type")).orElseThrow(() -> new DescriptorException(where, null,
                        "unknown type '" + json.getString("type") + "'")))
                : Optional.empty();
        if (type.isEmpty() && kind != RouteKind.MEMBERS && kind != RouteKind.STATS) {
            throw new DescriptorException(where, null, "needs a \"type\"");
        }
        type.ifPresent(t -> checkAccess(t, kind, where));
        Map<String, List<String>> fixed = params(json, "where", where);
        Optional<String> sort = json.containsKey("sort") ? Optional.of(json.getString("sort")) : Optional.empty();
        type.filter(t -> kind != RouteKind.SUBMIT).ifPresent(t -> check(t, registry, fixed, sort, where));

        Optional<FieldDefinition> field = Optional.empty();
        if (kind == RouteKind.VALUE_COUNTS) {
            String name = json.getString("field", "");
            field = Optional.of(type.get().field(name).filter(f -> f.type() == FieldType.ENUM)
                                        .orElseThrow(() -> new DescriptorException(where, null, "\"field\" must name an"
                                                + " enum field of " + type.get().name())));
        }
        Map<String, SiteRoute.Stat> stats = kind == RouteKind.STATS ? stats(json, registry, where) : Map.of();
        Optional<SiteRoute.Counting> counting = kind == RouteKind.WITH_COUNTS
                ? Optional.of(counting(json, type.get(), registry, where)) : Optional.empty();
        JsonObject defaults = json.containsKey("defaults") ? json.getJsonObject("defaults") : JsonValue.EMPTY_JSON_OBJECT;
        if (!defaults.isEmpty() && kind != RouteKind.SUBMIT) {
            throw new DescriptorException(where, null, "\"defaults\" apply to submit routes only");
        }
        return new SiteRoute(method, path, kind, type, fixed, sort, field, stats, counting, defaults,
                             json.getString("description", ""), file);
    }

    private static void checkAccess(ContentType type, RouteKind kind, String where) {
        if (kind == RouteKind.SUBMIT) {
            if (type.kind() != ContentKind.SUBMISSION || type.create() != Access.PUBLIC) {
                throw new DescriptorException(where, null, "submit routes need a submission type the public may create ('"
                        + type.name() + "' is not)");
            }
        } else if (!type.publiclyReadable()) {
            throw new DescriptorException(where, null, "type '" + type.name() + "' is not publicly readable");
        } else if (kind == RouteKind.SINGLE && type.kind() != ContentKind.SINGLE) {
            throw new DescriptorException(where, null, "single routes need a type of kind single");
        }
    }

    private static void check(ContentType type, ContentTypeRegistry registry, Map<String, List<String>> fixed,
                              Optional<String> sort, String where) {
        Map<String, List<String>> params = new LinkedHashMap<>(resolve(fixed));
        sort.ifPresent(s -> params.put("sort", List.of(s)));
        try {
            QueryParser.parse(type, registry, View.PUBLISHED, params, Set.of());
        } catch (CmsException e) {
            throw new DescriptorException(where, null, "its query does not fit " + type.name() + ": " + e.details());
        }
    }

    private static Map<String, List<String>> params(JsonObject json, String key, String where) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!json.containsKey(key)) {
            return out;
        }
        json.getJsonObject(key).forEach((name, value) -> {
            if (!name.startsWith("filter[")) {
                throw new DescriptorException(where, null, "\"" + key + "\" holds filters only (filter[field][op])");
            }
            if (!(value instanceof JsonString s)) {
                throw new DescriptorException(where, null, "filter values are strings");
            }
            out.put(name, List.of(s.getString()));
        });
        return out;
    }

    private static Map<String, SiteRoute.Stat> stats(JsonObject json, ContentTypeRegistry registry, String where) {
        Map<String, SiteRoute.Stat> stats = new LinkedHashMap<>();
        JsonObject declared = json.getJsonObject("stats");
        if (declared == null || declared.isEmpty()) {
            throw new DescriptorException(where, null, "a stats route needs \"stats\": {name: {type, where} or {members}}");
        }
        declared.forEach((name, value) -> {
            JsonObject stat = value.asJsonObject();
            if (stat.containsKey("members")) {
                String what = stat.getString("members");
                if (!what.equals("active") && !what.equals("universities")) {
                    throw new DescriptorException(where, null, "stat '" + name + "': members is 'active' or 'universities'");
                }
                stats.put(name, new SiteRoute.Stat(Optional.empty(), Map.of(), Optional.of(what)));
                return;
            }
            ContentType type = registry.find(stat.getString("type", "")).filter(ContentType::publiclyReadable)
                    .orElseThrow(() -> new DescriptorException(where, null, "stat '" + name + "' needs a public type"));
            Map<String, List<String>> fixed = params(stat, "where", where);
            check(type, registry, fixed, Optional.empty(), where + " stat '" + name + "'");
            stats.put(name, new SiteRoute.Stat(Optional.of(type), fixed, Optional.empty()));
        });
        return stats;
    }

    private static SiteRoute.Counting counting(JsonObject json, ContentType type, ContentTypeRegistry registry, String where) {
        JsonObject count = json.getJsonObject("count");
        if (count == null) {
            throw new DescriptorException(where, null, "a with-counts route needs \"count\": {type, field, match}");
        }
        ContentType counted = registry.find(count.getString("type", "")).filter(ContentType::publiclyReadable)
                .orElseThrow(() -> new DescriptorException(where, null, "count.type must be a public type"));
        FieldDefinition field = counted.field(count.getString("field", "")).filter(f -> f.type() == FieldType.ENUM)
                .orElseThrow(() -> new DescriptorException(where, null, "count.field must be an enum field of "
                        + counted.name()));
        String match = count.getString("match", "");
        if (type.field(match).isEmpty()) {
            throw new DescriptorException(where, null, "count.match must be a field of " + type.name());
        }
        return new SiteRoute.Counting(counted, field, match);
    }
}

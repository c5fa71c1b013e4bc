package org.bitwreckers.cms.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.plugin.PluginRoute;
import org.bitwreckers.cms.core.site.SiteRoute;

/**
 * OpenAPI 3.0 documents for both APIs, generated from the loaded content types so they are always true for them.
 */
final class OpenApiDocument {
    private final String delivery;
    private final String admin;

    OpenApiDocument(ContentTypeRegistry registry, List<SiteRoute> routes, List<PluginRoute> pluginRoutes) {
        this.delivery = build(registry, routes, pluginRoutes.stream().filter(r -> !r.admin()).toList(), false).toString();
        this.admin = build(registry, List.of(), pluginRoutes.stream().filter(PluginRoute::admin).toList(), true).toString();
    }

    String delivery() {
        return delivery;
    }

    String admin() {
        return admin;
    }

    private static JsonObject build(ContentTypeRegistry registry, List<SiteRoute> routes, List<PluginRoute> pluginRoutes,
                                    boolean admin) {
        JsonObjectBuilder paths = Jsons.createObjectBuilder();
        pluginRoutes(pluginRoutes, paths);
        JsonObjectBuilder schemas = Jsons.createObjectBuilder();
        schemas.add("Error", errorSchema());
        if (!admin) {
            schemas.add("Member", memberSchema());
            schemas.add("Media", mediaSchema());
            paths.add("/api/v1/media/{key}", Jsons.createObjectBuilder().add("get", op(
                    "A media file's URL, size, alt text and variants (with a srcset)", params(param("key", "path", "string")),
                    wrap(Jsons.createObjectBuilder().add("$ref", "#/components/schemas/Media").build()))));
            siteRoutes(routes, paths, schemas);
        }
        for (ContentType type : registry.all()) {
            if (!admin && !type.publiclyReadable()) {
                continue;
            }
            schemas.add(schemaName(type), dataSchema(type, !admin));
            if (admin) {
                String base = "/admin/v1/content/" + type.name();
                paths.add(base, Jsons.createObjectBuilder()
                        .add("get", op(type.label() + ": list (drafts and published)", listParams(true), envelope(type, true)))
                        .add("post", write(type.label() + ": create a draft", type)));
                paths.add(base + "/{id}", Jsons.createObjectBuilder()
                        .add("get", op(type.label() + ": one document", params(param("id", "path", "integer")),
                                       envelope(type, false)))
                        .add("put", write(type.label() + ": replace the data", type))
                        .add("patch", write(type.label() + ": change some fields", type))
                        .add("delete", op(type.label() + ": delete", params(param("id", "path", "integer")), null)));
                if (type.publishable()) {
                    paths.add(base + "/{id}/publish", Jsons.createObjectBuilder().add("post", op("Publish the current draft",
                            params(param("id", "path", "integer")), envelope(type, false))));
                    paths.add(base + "/{id}/unpublish", Jsons.createObjectBuilder().add("post", op("Withdraw from delivery",
                            params(param("id", "path", "integer")), envelope(type, false))));
                }
                paths.add(base + "/{id}/versions", Jsons.createObjectBuilder().add("get", op("Version history",
                        params(param("id", "path", "integer")), null)));
                paths.add(base + "/{id}/rollback", Jsons.createObjectBuilder().add("post", op("Restore a version as a new one",
                        params(param("id", "path", "integer")), envelope(type, false))));
            } else {
                String base = "/api/v1/content/" + type.name();
                paths.add(base, Jsons.createObjectBuilder()
                        .add("get", op(type.label() + ": published documents", listParams(false), envelope(type, true))));
                paths.add(base + "/{idOrSlug}", Jsons.createObjectBuilder()
                        .add("get", op(type.label() + ": one published document by id or slug",
                                       params(param("idOrSlug", "path", "string"), param("fields", "query", "string"),
                                              param("populate", "query", "string")), envelope(type, false))));
            }
        }
        JsonObjectBuilder doc = Jsons.createObjectBuilder()
                .add("openapi", "3.0.3")
                .add("info", Jsons.createObjectBuilder()
                        .add("title", admin ? "Bitwreckers admin API" : "Bitwreckers delivery API")
                        .add("version", "1"))
                .add("paths", paths)
                .add("components", Jsons.createObjectBuilder().add("schemas", schemas)
                        .add("securitySchemes", Jsons.createObjectBuilder().add("bearer", Jsons.createObjectBuilder()
                                .add("type", "http").add("scheme", "bearer"))));
        if (admin) {
            doc.add("security", Jsons.createArrayBuilder().add(Jsons.createObjectBuilder()
                                                                      .add("bearer", Jsons.createArrayBuilder())));
        }
        return doc.build();
    }

    /** Routes plugins add, grouped by path; their bodies are the plugins' own, so only the envelope is described. */
    private static void pluginRoutes(List<PluginRoute> routes, JsonObjectBuilder paths) {
        Map<String, JsonObjectBuilder> byPath = new LinkedHashMap<>();
        for (PluginRoute route : routes) {
            JsonArrayBuilder parameters = Jsons.createArrayBuilder();
            Matcher m = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}").matcher(route.path());
            while (m.find()) {
                parameters.add(param(m.group(1), "path", "string"));
            }
            String summary = route.method() + " from plugin " + route.plugin().id()
                    + route.roles().map(r -> " (roles: admin, " + String.join(", ", r.stream().sorted().toList()) + ")")
                    .orElse("");
            byPath.computeIfAbsent(route.path(), p -> Jsons.createObjectBuilder())
                    .add(route.method().name().toLowerCase(Locale.ROOT), op(summary, parameters, null));
        }
        byPath.forEach(paths::add);
    }

    /** The declared page endpoints, grouped by path (a path may have a GET and a POST). */
    private static void siteRoutes(List<SiteRoute> routes, JsonObjectBuilder paths, JsonObjectBuilder schemas) {
        Map<String, JsonObjectBuilder> byPath = new LinkedHashMap<>();
        for (SiteRoute route : routes) {
            JsonObjectBuilder item = byPath.computeIfAbsent(route.path(), p -> Jsons.createObjectBuilder());
            String summary = route.description().isEmpty() ? route.kind().jsonName() : route.description();
            route.type().filter(t -> !t.publiclyReadable()).ifPresent(t -> schemas.add(schemaName(t) + "Submission",
                                                                                       submissionSchema(t)));
            switch (route.kind()) {
                case LIST -> item.add("get", op(summary, listParams(false), envelope(route.type().get(), true)));
                case WITH_COUNTS -> item.add("get", op(summary, listParams(false), envelope(route.type().get(), true)));
                case ITEM -> item.add("get", op(summary, params(param("key", "path", "string"),
                                                                param("fields", "query", "string"),
                                                                param("populate", "query", "string")),
                                                envelope(route.type().get(), false)));
                case SINGLE -> item.add("get", op(summary, Jsons.createArrayBuilder(), envelope(route.type().get(), false)));
                case MEMBERS -> item.add("get", op(summary, params(param("filter[role]", "query", "string"),
                                                                   param("filter[university]", "query", "string"),
                                                                   param("sort", "query", "string"),
                                                                   param("page", "query", "integer"),
                                                                   param("pageSize", "query", "integer")),
                                                   wrap(Jsons.createObjectBuilder().add("type", "array").add("items",
                                                           Jsons.createObjectBuilder().add("$ref", "#/components/schemas/Member"))
                                                           .build())));
                case VALUE_COUNTS -> item.add("get", op(summary, Jsons.createArrayBuilder(), wrap(valueCountsSchema())));
                case STATS -> {
                    JsonObjectBuilder props = Jsons.createObjectBuilder();
                    route.stats().keySet().forEach(k -> props.add(k, Jsons.createObjectBuilder().add("type", "integer")));
                    item.add("get", op(summary, Jsons.createArrayBuilder(),
                                       wrap(Jsons.createObjectBuilder().add("type", "object").add("properties", props).build())));
                }
                case SUBMIT -> item.add("post", Jsons.createObjectBuilder(op(summary, Jsons.createArrayBuilder(),
                                wrap(Jsons.createObjectBuilder().add("type", "object").add("properties", Jsons.createObjectBuilder()
                                        .add("id", Jsons.createObjectBuilder().add("type", "integer"))).build())))
                        .add("requestBody", Jsons.createObjectBuilder().add("required", true).add("content",
                                Jsons.createObjectBuilder().add("application/json", Jsons.createObjectBuilder().add("schema",
                                        Jsons.createObjectBuilder().add("$ref", "#/components/schemas/"
                                                + schemaName(route.type().get()) + "Submission"))))));
                default -> throw new IllegalStateException("unhandled route kind " + route.kind());
            }
        }
        byPath.forEach(paths::add);
    }

    private static JsonObject submissionSchema(ContentType type) {
        JsonObjectBuilder props = Jsons.createObjectBuilder();
        JsonArrayBuilder required = Jsons.createArrayBuilder();
        int requiredCount = 0;
        for (FieldDefinition f : type.fields()) {
            if (f.staffOnly()) {
                continue;
            }
            props.add(f.name(), fieldSchema(f));
            if (f.required() && f.defaultValue().isEmpty()) {
                required.add(f.name());
                requiredCount++;
            }
        }
        JsonObjectBuilder schema = Jsons.createObjectBuilder().add("type", "object").add("description", type.description())
                .add("properties", props);
        return (requiredCount > 0 ? schema.add("required", required) : schema).build();
    }

    private static JsonObject memberSchema() {
        JsonObjectBuilder props = Jsons.createObjectBuilder().add("id", Jsons.createObjectBuilder().add("type", "integer"));
        for (String name : List.of("full_name", "role", "university", "avatar_url", "bio", "location", "member_since")) {
            props.add(name, Jsons.createObjectBuilder().add("type", "string"));
        }
        props.add("skills", Jsons.createObjectBuilder().add("type", "array").add("items",
                                                                               Jsons.createObjectBuilder().add("type", "string")));
        return Jsons.createObjectBuilder().add("type", "object").add("description",
                "Public profile of an active community member who is listed (never the e-mail address)").add("properties", props).build();
    }

    private static JsonObject mediaSchema() {
        JsonObjectBuilder props = Jsons.createObjectBuilder();
        for (String name : List.of("url", "kind", "content_type", "alt", "caption", "srcset")) {
            props.add(name, Jsons.createObjectBuilder().add("type", "string"));
        }
        props.add("width", Jsons.createObjectBuilder().add("type", "integer"))
                .add("height", Jsons.createObjectBuilder().add("type", "integer"))
                .add("variants", Jsons.createObjectBuilder().add("type", "array").add("items", Jsons.createObjectBuilder()
                        .add("type", "object").add("properties", Jsons.createObjectBuilder()
                                .add("width", Jsons.createObjectBuilder().add("type", "integer"))
                                .add("height", Jsons.createObjectBuilder().add("type", "integer"))
                                .add("url", Jsons.createObjectBuilder().add("type", "string"))
                                .add("content_type", Jsons.createObjectBuilder().add("type", "string")))));
        return Jsons.createObjectBuilder().add("type", "object").add("description",
                "A media file as pages show it (images: size and variants; never who uploaded it)")
                .add("properties", props).build();
    }

    private static JsonObject valueCountsSchema() {
        return Jsons.createObjectBuilder().add("type", "array").add("items", Jsons.createObjectBuilder().add("type", "object")
                .add("properties", Jsons.createObjectBuilder()
                        .add("value", Jsons.createObjectBuilder().add("type", "string"))
                        .add("count", Jsons.createObjectBuilder().add("type", "integer")))).build();
    }

    private static JsonObject wrap(JsonObject data) {
        return Jsons.createObjectBuilder().add("type", "object").add("properties", Jsons.createObjectBuilder()
                .add("success", Jsons.createObjectBuilder().add("type", "boolean"))
                .add("data", data)
                .add("message", Jsons.createObjectBuilder().add("type", "string"))
                .add("timestamp", Jsons.createObjectBuilder().add("type", "string").add("format", "date-time")))
                .build();
    }

    private static String schemaName(ContentType type) {
        StringBuilder sb = new StringBuilder();
        for (String part : type.name().split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    private static JsonObject dataSchema(ContentType type, boolean delivery) {
        JsonObjectBuilder props = Jsons.createObjectBuilder();
        JsonArrayBuilder required = Jsons.createArrayBuilder();
        if (delivery) {
            props.add("id", Jsons.createObjectBuilder().add("type", "integer"));
            props.add("slug", Jsons.createObjectBuilder().add("type", "string").add("nullable", true));
            for (String ts : List.of("created_at", "updated_at", "published_at")) {
                props.add(ts, Jsons.createObjectBuilder().add("type", "string").add("format", "date-time"));
            }
        }
        for (FieldDefinition f : type.fields()) {
            if (delivery && f.privateField()) {
                continue;
            }
            props.add(f.name(), fieldSchema(f));
            if (f.required()) {
                required.add(f.name());
            }
        }
        if (delivery && type.fields().stream().anyMatch(f -> f.type() == FieldType.MEDIA)) {
            props.add("_media", Jsons.createObjectBuilder().add("type", "object")
                    .add("description", "each media field's file, by field name")
                    .add("additionalProperties", Jsons.createObjectBuilder().add("$ref", "#/components/schemas/Media")));
        }
        JsonObjectBuilder schema = Jsons.createObjectBuilder().add("type", "object").add("description", type.description())
                .add("properties", props);
        JsonArrayBuilder r = required;
        JsonObject req = Jsons.createObjectBuilder().add("r", r).build();
        if (!req.getJsonArray("r").isEmpty()) {
            schema.add("required", req.getJsonArray("r"));
        }
        return schema.build();
    }

    private static JsonObject fieldSchema(FieldDefinition f) {
        JsonObjectBuilder s = Jsons.createObjectBuilder();
        switch (f.type()) {
            case INTEGER -> s.add("type", "integer");
            case NUMBER -> s.add("type", "number");
            case BOOLEAN -> s.add("type", "boolean");
            case DATETIME -> s.add("type", "string").add("format", "date-time");
            case DATE -> s.add("type", "string").add("format", "date");
            case EMAIL -> s.add("type", "string").add("format", "email");
            case URL -> s.add("type", "string").add("format", "uri");
            case ENUM -> s.add("type", "string").add("enum", Jsons.createArrayBuilder(f.values()));
            case STRINGS -> s.add("type", "array").add("items", Jsons.createObjectBuilder().add("type", "string"));
            case JSON -> s.add("description", "any JSON value");
            case RELATION -> {
                JsonObject id = Jsons.createObjectBuilder().add("type", "integer")
                        .add("description", "id of a " + f.relationTo().orElseThrow() + " (an object when populated)").build();
                if (f.many()) {
                    s.add("type", "array").add("items", id);
                } else {
                    s.add("type", "integer").add("description", id.getString("description"));
                }
            }
            default -> s.add("type", "string");
        }
        f.min().ifPresent(v -> s.add("minimum", v));
        f.max().ifPresent(v -> s.add("maximum", v));
        if (f.type() != FieldType.STRINGS) {
            f.minLength().ifPresent(v -> s.add("minLength", v));
            f.maxLength().ifPresent(v -> s.add("maxLength", v));
        }
        f.pattern().ifPresent(p -> s.add("pattern", p.pattern()));
        if (!f.required()) {
            s.add("nullable", true);
        }
        return s.add("title", f.label()).build();
    }

    private static JsonObject errorSchema() {
        return Jsons.createObjectBuilder().add("type", "object").add("properties", Jsons.createObjectBuilder()
                .add("success", Jsons.createObjectBuilder().add("type", "boolean"))
                .add("error", Jsons.createObjectBuilder().add("type", "object").add("properties", Jsons.createObjectBuilder()
                        .add("code", Jsons.createObjectBuilder().add("type", "string"))
                        .add("message", Jsons.createObjectBuilder().add("type", "string"))
                        .add("details", Jsons.createObjectBuilder().add("type", "object")
                                .add("additionalProperties", Jsons.createObjectBuilder().add("type", "string")))))
                .add("timestamp", Jsons.createObjectBuilder().add("type", "string").add("format", "date-time")))
                .build();
    }

    private static JsonObject envelope(ContentType type, boolean list) {
        JsonObject ref = Jsons.createObjectBuilder().add("$ref", "#/components/schemas/" + schemaName(type)).build();
        return Jsons.createObjectBuilder().add("type", "object").add("properties", Jsons.createObjectBuilder()
                .add("success", Jsons.createObjectBuilder().add("type", "boolean"))
                .add("data", list ? Jsons.createObjectBuilder().add("type", "array").add("items", ref).build() : ref)
                .add("message", Jsons.createObjectBuilder().add("type", "string"))
                .add("timestamp", Jsons.createObjectBuilder().add("type", "string").add("format", "date-time")))
                .build();
    }

    private static JsonObject op(String summary, JsonArrayBuilder parameters, JsonObject okSchema) {
        JsonObjectBuilder ok = Jsons.createObjectBuilder().add("description", "OK");
        if (okSchema != null) {
            ok.add("content", Jsons.createObjectBuilder().add("application/json", Jsons.createObjectBuilder()
                    .add("schema", okSchema)));
        }
        JsonObject error = Jsons.createObjectBuilder().add("description", "Error envelope")
                .add("content", Jsons.createObjectBuilder().add("application/json", Jsons.createObjectBuilder()
                        .add("schema", Jsons.createObjectBuilder().add("$ref", "#/components/schemas/Error")))).build();
        return Jsons.createObjectBuilder().add("summary", summary).add("parameters", parameters)
                .add("responses", Jsons.createObjectBuilder().add("200", ok).add("400", error).add("404", error))
                .build();
    }

    private static JsonObject write(String summary, ContentType type) {
        JsonObject body = Jsons.createObjectBuilder().add("type", "object").add("properties", Jsons.createObjectBuilder()
                .add("slug", Jsons.createObjectBuilder().add("type", "string"))
                .add("version", Jsons.createObjectBuilder().add("type", "integer")
                        .add("description", "expected current version (optimistic locking)"))
                .add("data", Jsons.createObjectBuilder().add("$ref", "#/components/schemas/" + schemaName(type)))).build();
        JsonArrayBuilder params = summary.contains("create") ? Jsons.createArrayBuilder()
                : params(param("id", "path", "integer"));
        return Jsons.createObjectBuilder(op(summary, params, envelope(type, false)))
                .add("requestBody", Jsons.createObjectBuilder().add("required", true).add("content", Jsons.createObjectBuilder()
                        .add("application/json", Jsons.createObjectBuilder().add("schema", body))))
                .build();
    }

    private static JsonArrayBuilder listParams(boolean admin) {
        JsonArrayBuilder p = params(param("filter[field][op]", "query", "string"), param("sort", "query", "string"),
                                    param("page", "query", "integer"), param("pageSize", "query", "integer"),
                                    param("fields", "query", "string"), param("populate", "query", "string"));
        if (admin) {
            p.add(param("status", "query", "string"));
        }
        return p;
    }

    private static JsonArrayBuilder params(JsonObject... list) {
        JsonArrayBuilder b = Jsons.createArrayBuilder();
        for (JsonObject o : list) {
            b.add(o);
        }
        return b;
    }

    private static JsonObject param(String name, String in, String type) {
        return Jsons.createObjectBuilder().add("name", name).add("in", in).add("required", in.equals("path"))
                .add("schema", Jsons.createObjectBuilder().add("type", type)).build();
    }
}

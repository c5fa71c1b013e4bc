package org.bitwreckers.cms.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.content.FieldDefinition;
import org.bitwreckers.cms.core.content.FieldType;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.json.JsonText;
import org.bitwreckers.cms.http.route.Access;
import org.bitwreckers.cms.http.route.Contract;
import org.bitwreckers.cms.http.route.Listener;
import org.bitwreckers.cms.http.route.Mount;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;

/**
 * The OpenAPI 3.0 document of each listener, read from the route table and the loaded content types, so it lists
 * every route the listener answers and is always true for the types that are loaded. Each is built when it is first
 * asked for, not at start, where building both took about half a second.
 */
final class OpenApiDocument {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted: it happens in the background"),
            Map.entry(204, "Done; no body"), Map.entry(304, "Not modified since the ETag sent in If-None-Match"),
            Map.entry(400, "Bad request: a parameter or the body is malformed"),
            Map.entry(401, "Not signed in, or the token is not valid"),
            Map.entry(403, "Signed in, but not allowed (role, token scope or origin)"),
            Map.entry(404, "No such thing"), Map.entry(405, "The path takes other methods"),
            Map.entry(409, "Conflicts with the current state (a stale version, a state that does not allow it)"),
            Map.entry(413, "The body is too large"), Map.entry(415, "The body's content type is not accepted"),
            Map.entry(422, "The body fails validation; details name every problem"),
            Map.entry(429, "Too many requests; Retry-After says when to try again"),
            Map.entry(503, "The database is out of reach, or the server is shutting down"));

    private final ContentTypeRegistry registry;
    private final RouteTable table;
    private final Map<Listener, String> built = new ConcurrentHashMap<>();

    OpenApiDocument(ContentTypeRegistry registry, RouteTable table) {
        this.registry = registry;
        this.table = table;
    }

    String delivery() {
        return of(Listener.DELIVERY);
    }

    String admin() {
        return of(Listener.ADMIN);
    }

    private String of(Listener listener) {
        return built.computeIfAbsent(listener, l -> build(registry, table, l).toString());
    }

    private static JsonObject build(ContentTypeRegistry registry, RouteTable table, Listener listener) {
        boolean admin = listener == Listener.ADMIN;
        Map<String, JsonObjectBuilder> paths = new LinkedHashMap<>();
        for (Mount mount : table.mounts(listener)) {
            if (mount.contract().perType().isPresent()) {
                for (ContentType type : registry.all()) {
                    if (mount.contract().perType().get().test(type)) {
                        String path = mount.path().replace("{type}", type.name());
                        JsonObject op = operation(mount, Optional.of(type));
                        paths.computeIfAbsent(path, p -> Jsons.createObjectBuilder())
                                .add(mount.method().text().toLowerCase(Locale.ROOT), op);
                    }
                }
            } else {
                paths.computeIfAbsent(mount.path(), p -> Jsons.createObjectBuilder())
                        .add(mount.method().text().toLowerCase(Locale.ROOT), operation(mount, Optional.empty()));
            }
        }
        JsonObjectBuilder pathsJson = Jsons.createObjectBuilder();
        paths.forEach(pathsJson::add);
        JsonObject pathsBuilt = pathsJson.build();
        String referenced = pathsBuilt.toString();
        JsonObjectBuilder schemas = Jsons.createObjectBuilder();
        schemas.add("Error", errorSchema()).add("PageMeta", pageMetaSchema());
        CommonSchemas.all().forEach(schemas::add);
        schemas.add("Member", memberSchema()).add("Media", mediaSchema()).add("ValueCounts", valueCountsSchema());
        for (ContentType type : registry.all()) {
            if (!admin && !type.publiclyReadable()) {
                continue;
            }
            schemas.add(Schemas.typeName(type), dataSchema(type, !admin));
            if (admin) {
                schemas.add(Schemas.typeName(type) + "Write", writeSchema(type));
            }
        }
        registry.all().stream()
                .filter(t -> referenced.contains("#/components/schemas/" + Schemas.typeName(t) + "Submission\""))
                .forEach(t -> schemas.add(Schemas.typeName(t) + "Submission", submissionSchema(t)));
        JsonObjectBuilder security = Jsons.createObjectBuilder()
                .add("session", Jsons.createObjectBuilder().add("type", "http").add("scheme", "bearer")
                        .add("bearerFormat", "JWT").add("description", "a signed-in user's access token (POST /api/v1/auth/login)"));
        if (admin || table.mounts(listener).stream().anyMatch(m -> m.contract().query().stream()
                .anyMatch(q -> q.name().equals("preview")))) {
            security.add("apiToken", Jsons.createObjectBuilder().add("type", "http").add("scheme", "bearer")
                    .add("bearerFormat", "bwt_...").add("description", "an API token (admin: POST /admin/v1/tokens)"));
        }
        return Jsons.createObjectBuilder()
                .add("openapi", "3.0.3")
                .add("info", Jsons.createObjectBuilder()
                        .add("title", admin ? "Bitwreckers admin API" : "Bitwreckers delivery API")
                        .add("description", admin
                                ? "Content, media, users, mail, jobs, webhooks, workflows, plugins and the audit log, on ADMIN_PORT."
                                : "Published content, the site's pages, sign-in, accounts, notifications and forms, on PORT.")
                        .add("version", "1"))
                .add("servers", Jsons.createArrayBuilder().add(Jsons.createObjectBuilder().add("url", "/")
                        .add("description", admin ? "this admin listener" : "this delivery listener")))
                .add("paths", pathsBuilt)
                .add("components", Jsons.createObjectBuilder().add("schemas", schemas).add("securitySchemes", security))
                .build();
    }

    /** One operation; for a route documented per type, with the type's name and schemas in place of {type}. */
    private static JsonObject operation(Mount mount, Optional<ContentType> type) {
        Contract c = mount.contract();
        JsonObjectBuilder op = Jsons.createObjectBuilder()
                .add("operationId", c.operationId() + type.map(Schemas::typeName).orElse(""))
                .add("summary", type.map(t -> t.label() + ": ").orElse("") + (c.summary() == null ? "" : c.summary()))
                .add("tags", Jsons.createArrayBuilder().add(c.tag()));
        JsonArrayBuilder params = Jsons.createArrayBuilder();
        for (String name : mount.pathParams()) {
            if (type.isPresent() && name.equals("type")) {
                continue;
            }
            boolean number = name.equals("id") || name.equals("user") || name.equals("version");
            params.add(Jsons.createObjectBuilder().add("name", name).add("in", "path").add("required", true)
                               .add("schema", Schemas.type(number ? "integer" : "string")));
        }
        for (Contract.Param q : c.query()) {
            JsonObjectBuilder p = Jsons.createObjectBuilder().add("name", q.name()).add("in", "query")
                    .add("description", q.description()).add("schema", q.schema());
            if (q.schema().getString("type").equals("object")) {
                p.add("style", "deepObject").add("explode", true);
            }
            params.add(p);
        }
        op.add("parameters", params);
        c.request().ifPresent(body -> op.add("requestBody", Jsons.createObjectBuilder().add("required", true)
                .add("content", Jsons.createObjectBuilder().add(body.mediaType(),
                                                               Jsons.createObjectBuilder().add("schema", body.schema())))));
        JsonObjectBuilder responses = Jsons.createObjectBuilder();
        for (int status : mount.statuses()) {
            JsonObjectBuilder response = Jsons.createObjectBuilder().add("description", REASONS.getOrDefault(status, "OK"));
            if (status == c.reply().status()) {
                success(c.reply()).ifPresent(content -> response.add("content", content));
            } else if (status >= 400) {
                response.add("content", Jsons.createObjectBuilder().add("application/json", Jsons.createObjectBuilder()
                        .add("schema", Schemas.ref("Error"))));
            }
            responses.add(Integer.toString(status), response);
        }
        op.add("responses", responses);
        security(mount).ifPresent(s -> op.add("security", s));
        JsonObject built = op.build();
        return type.map(t -> JsonText.object(built.toString().replace("{type}", Schemas.typeName(t)))).orElse(built);
    }

    private static Optional<JsonObject> success(Contract.Reply reply) {
        JsonObject schema = switch (reply.kind()) {
            case EMPTY -> null;
            case RAW -> reply.schema();
            case ENVELOPE -> envelope(reply.schema(), false);
            case PAGE -> envelope(reply.schema(), true);
        };
        return Optional.ofNullable(schema).map(s -> Jsons.createObjectBuilder().add(reply.mediaType(),
                Jsons.createObjectBuilder().add("schema", s)).build());
    }

    private static JsonObject envelope(JsonObject data, boolean page) {
        JsonObjectBuilder props = Jsons.createObjectBuilder()
                .add("success", Schemas.bool())
                .add("data", data);
        JsonArrayBuilder required = Jsons.createArrayBuilder().add("success").add("data").add("message").add("timestamp");
        if (page) {
            props.add("meta", Schemas.ref("PageMeta"));
            required.add("meta");
        }
        props.add("message", Schemas.string())
                .add("timestamp", Jsons.createObjectBuilder().add("type", "string").add("format", "date-time"));
        return Jsons.createObjectBuilder().add("type", "object").add("properties", props).add("required", required).build();
    }

    /**
     * Public routes name no scheme, unless they also take an API token for drafts ({@code preview}); the admin app's
     * sign-in routes say outright that they need none ({@code security: []}), as every other admin route needs one.
     */
    private static Optional<JsonValue> security(Mount mount) {
        return switch (mount.access()) {
            case Access.Public p when mount.contract().query().stream().anyMatch(q -> q.name().equals("preview")) ->
                    Optional.of(optional("apiToken"));
            case Access.Public p when mount.listener() == Listener.ADMIN -> Optional.of(Jsons.createArrayBuilder().build());
            case Access.Public p -> Optional.empty();
            case Access.Member m -> Optional.of(Jsons.createArrayBuilder()
                    .add(Jsons.createObjectBuilder().add("session", Jsons.createArrayBuilder())).build());
            case Access.Admin a -> Optional.of(adminSecurity());
            case Access.Roles r -> Optional.of(adminSecurity());
        };
    }

    private static JsonValue optional(String scheme) {
        return Jsons.createArrayBuilder().add(Jsons.createObjectBuilder())
                .add(Jsons.createObjectBuilder().add(scheme, Jsons.createArrayBuilder())).build();
    }

    private static JsonValue adminSecurity() {
        return Jsons.createArrayBuilder()
                .add(Jsons.createObjectBuilder().add("apiToken", Jsons.createArrayBuilder()))
                .add(Jsons.createObjectBuilder().add("session", Jsons.createArrayBuilder())).build();
    }

    private static JsonObject pageMetaSchema() {
        // the page number is left out of pages read from a cursor; totalExact is only ever false (past the bound)
        JsonObject pagination = Schemas.fields("page:integer", "*pageSize:integer", "*total:integer", "*pageCount:integer",
                                               "totalExact:boolean", "nextCursor:string", "prevCursor:string");
        return Jsons.createObjectBuilder().add("type", "object")
                .add("properties", Jsons.createObjectBuilder().add("pagination", pagination))
                .add("required", Jsons.createArrayBuilder().add("pagination")).build();
    }

    /** What a write sends: the data, and the version it started from. */
    private static JsonObject writeSchema(ContentType type) {
        return Jsons.createObjectBuilder().add("type", "object").add("properties", Jsons.createObjectBuilder()
                .add("slug", Schemas.string())
                .add("version", Jsons.createObjectBuilder().add("type", "integer")
                        .add("description", "expected current version (optimistic locking)"))
                .add("data", Schemas.ref(Schemas.typeName(type)))).build();
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
                        .add("requestId", Jsons.createObjectBuilder().add("type", "string")
                                .add("description", "The request's X-Request-Id, as written in the logs"))
                        .add("details", Jsons.createObjectBuilder().add("type", "object")
                                .add("additionalProperties", Jsons.createObjectBuilder().add("type", "string")))))
                .add("timestamp", Jsons.createObjectBuilder().add("type", "string").add("format", "date-time")))
                .build();
    }

}

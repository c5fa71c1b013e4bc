package org.bitwreckers.cms.delivery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.member.MemberDirectory;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.core.site.SiteQueries;
import org.bitwreckers.cms.core.site.SiteRoute;
import org.bitwreckers.cms.core.site.SiteRouteLoader;
import org.bitwreckers.cms.http.SignedInUser;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RateLimits;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.route.Mount;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;

/**
 * The site's page endpoints ({@code /api/v1/portfolio/projects}, {@code /api/v1/events/upcoming}, ...), mounted from
 * the route declarations in {@code content-types/routes/}. Reads go through the same cache and query language as
 * the generic content API; submissions are validated against their descriptor and stored privately.
 */
final class SiteRoutesHttp {
    /** The only users-table generation key: member profiles are not documents. */
    static final String USERS = "users";
    private static final Set<String> OWN_PARAMS = Set.of("preview");

    private final List<SiteRoute> routes;
    private final ContentTypeRegistry registry;
    private final DocumentReader reader;
    private final DocumentService documents;
    private final SiteQueries queries;
    private final MemberDirectory members;
    private final DeliveryResponder responder;
    private final ParsedQueries<DocumentReader.CompiledList> lists = new ParsedQueries<>();
    private final ParsedQueries<ListQuery> items = new ParsedQueries<>();
    private final JsonBody body;
    private final RateLimits limits;
    private final AccountService accounts;

    SiteRoutesHttp(List<SiteRoute> routes, ContentTypeRegistry registry, DocumentReader reader, DocumentService documents,
                   SiteQueries queries, MemberDirectory members, DeliveryResponder responder, JsonBody body, RateLimits limits,
                   AccountService accounts) {
        this.routes = routes;
        this.registry = registry;
        this.reader = reader;
        this.documents = documents;
        this.queries = queries;
        this.members = members;
        this.responder = responder;
        this.body = body;
        this.limits = limits;
        this.accounts = accounts;
    }

    /**
     * Adds every declared route to the table, described from its declaration.
     *
     * @param t the route table being built
     */
    void mounts(RouteTable.Builder t) {
        for (SiteRoute route : routes) {
            Handler handler = (req, res) -> handle(route, req, res);
            RouteTable.Route mount = route.method().equals("POST") ? t.post(route.path(), handler) : t.get(route.path(), handler);
            String summary = route.description().isEmpty() ? route.kind().jsonName() : route.description();
            mount.doc(operationId(route), summary).tag("site");
            describe(route, mount);
        }
    }

    /** The declared route's answer, from its kind and type. */
    private static void describe(SiteRoute route, RouteTable.Route mount) {
        String type = route.type().map(Schemas::typeName).orElse("");
        switch (route.kind()) {
            case LIST, WITH_COUNTS -> mount.page(Schemas.ref(type)).errors(304, 400)
                    .query("filter", "object", "filter[field][op]=value").query("sort", "string", "fields, - for descending")
                    .query("page", "integer", "page number").query("pageSize", "integer", "documents per page")
                    .query("cursor", "string", Paging.CURSOR_DOC);
            case ITEM -> mount.returns(Schemas.ref(type)).errors(304, 400)
                    .query("fields", "string", "fields to return").query("populate", "string", "relations to include");
            case SINGLE -> mount.returns(Schemas.ref(type)).errors(304, 400, 404);
            case MEMBERS -> mount.page(Schemas.ref("Member")).errors(304, 400)
                    .query("filter[role]", "string", "one role").query("filter[university]", "string", "one university")
                    .query("sort", "string", "fields, - for descending").query("page", "integer", "page number")
                    .query("pageSize", "integer", "members per page");
            case VALUE_COUNTS -> mount.returns(Schemas.ref("ValueCounts")).errors(304, 400);
            case STATS -> mount.returns(Schemas.fields(route.stats().keySet().stream().map(k -> k + ":integer")
                                                           .toArray(String[]::new))).errors(304, 400);
            // 401: sent with a token that is not valid (a valid one makes the sender the submission's owner)
            case SUBMIT -> mount.body(Schemas.ref(type + "Submission")).returns(201, Schemas.fields("id:integer"))
                    .errors(401, 422, 429);
            default -> throw new IllegalStateException("unhandled route kind " + route.kind());
        }
    }

    /** The method and the path's words: {@code getPortfolioProjectsKey}. */
    private static String operationId(SiteRoute route) {
        return Mount.operationId(route.method(), route.path().replaceAll("^/api/v1/", ""));
    }

    private void handle(SiteRoute route, ServerRequest req, ServerResponse res) {
        switch (route.kind()) {
            case LIST -> list(route, req, res);
            case ITEM -> item(route, req, res);
            case SUBMIT -> submit(route, req, res);
            case SINGLE -> fixed(route, req, res, List.of(route.type().get().name()),
                                 () -> Envelope.success(queries.single(route.type().get()), "OK"));
            case VALUE_COUNTS -> fixed(route, req, res, List.of(route.type().get().name()),
                                       () -> Envelope.success(queries.valueCounts(route.type().get(), route.field().get()),
                                                              "OK"));
            case STATS -> fixed(route, req, res, statTypes(route), // counts with $now change by the minute
                                () -> Envelope.success(queries.stats(route.stats()), "OK"));
            case WITH_COUNTS -> withCounts(route, req, res);
            case MEMBERS -> members(req, res);
            default -> throw new IllegalStateException("unhandled route kind " + route.kind());
        }
    }

    private void list(SiteRoute route, ServerRequest req, ServerResponse res) {
        ContentType type = route.type().get();
        View view = responder.view(req);
        Map<String, List<String>> params = withRouteQuery(route, RequestParams.query(req));
        String normalised = DeliveryResponder.normalised(params);
        DocumentReader.CompiledList list = lists.get(route.path(), view, normalised,
                () -> DocumentReader.compile(type, QueryParser.parse(type, registry, view, params, OWN_PARAMS), view,
                                             Optional.empty()));
        String key = route.path() + "|" + normalised;
        responder.respond(req, res, view, key, responder.generations(list.query().populate()), () -> {
            Page page = reader.list(list);
            return Envelope.page(page, "Found " + page.total() + " " + type.name() + " documents");
        });
    }

    private void item(SiteRoute route, ServerRequest req, ServerResponse res) {
        ContentType type = route.type().get();
        View view = responder.view(req);
        String key = req.path().pathParameters().get("key");
        Map<String, List<String>> params = RequestParams.query(req);
        String normalised = DeliveryResponder.normalised(params);
        ListQuery query = items.get(route.path(), view, normalised,
                                    () -> QueryParser.parseItem(type, registry, view, params, OWN_PARAMS));
        String asked = route.path() + "|" + key.length() + ":" + key + "|" + normalised;
        responder.respond(req, res, view, asked, responder.generations(query.populate()),
                          () -> Envelope.success(reader.item(type, key, query, view), "OK"));
    }

    private void withCounts(SiteRoute route, ServerRequest req, ServerResponse res) {
        ContentType type = route.type().get();
        Map<String, List<String>> params = withRouteQuery(route, RequestParams.query(req));
        ListQuery query = QueryParser.parse(type, registry, View.PUBLISHED, params, Set.of());
        String generations = responder.generations(query.populate()) + "|"
                + responder.generations(List.of(route.counting().get().type().name()));
        String key = route.path() + "|" + DeliveryResponder.normalised(params);
        responder.respond(req, res, View.PUBLISHED, key, generations, () -> {
            Page page = queries.withCounts(type, query, route.counting().get());
            return Envelope.page(page, "Found " + page.total() + " " + type.name() + " documents");
        });
    }

    private void members(ServerRequest req, ServerResponse res) {
        Map<String, List<String>> params = RequestParams.query(req);
        MemberDirectory.MemberQuery query = members.parse(params); // checked before anything is cached
        String key = "members|" + DeliveryResponder.normalised(params);
        responder.respond(req, res, View.PUBLISHED, key, responder.generations(List.of(USERS)), () -> {
            Page page = members.list(query);
            return Envelope.page(page, "Found " + page.total() + " members");
        });
    }

    private void fixed(SiteRoute route, ServerRequest req, ServerResponse res, List<String> types,
                       Supplier<String> body) {
        for (String name : RequestParams.query(req).keySet()) {
            if (!name.startsWith("_")) {
                throw CmsException.badRequest("Invalid query parameters", Map.of(name, "this endpoint takes no parameters"));
            }
        }
        String minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).toString();
        // counts with $now change by the minute: the minute is one of what the answer reads
        responder.respond(req, res, View.PUBLISHED, route.path(), responder.generations(types) + "|" + minute, body);
    }

    private void submit(SiteRoute route, ServerRequest req, ServerResponse res) {
        limits.check(req, RateLimits.Kind.FORM);
        JsonValue input = body.read(req);
        if (input.getValueType() == JsonValue.ValueType.OBJECT && !route.defaults().isEmpty()) {
            JsonObjectBuilder merged = Jsons.createObjectBuilder(route.defaults());
            input.asJsonObject().forEach(merged::add);
            input = merged.build();
        }
        // signed in: the submission is theirs (listed at /api/v1/me/submissions); a bad token is refused, not ignored
        Optional<Long> owner = req.headers().contains(HeaderNames.AUTHORIZATION)
                ? Optional.of(SignedInUser.require(req, accounts).id()) : Optional.empty();
        long id = documents.submit(route.type().get(), input, owner);
        Responses.json(res, Status.CREATED_201, Envelope.success("{\"id\":" + id + "}", "Thank you: we received your "
                + route.type().get().label().toLowerCase(Locale.ROOT)));
    }

    /** Fixed filters always apply (a caller can narrow them, never widen them); the route's sort is a default. */
    private static Map<String, List<String>> withRouteQuery(SiteRoute route, Map<String, List<String>> params) {
        Map<String, List<String>> merged = new LinkedHashMap<>(params);
        SiteRouteLoader.resolve(route.where()).forEach((k, v) -> merged.merge(k, v, (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        route.sort().ifPresent(s -> merged.putIfAbsent("sort", List.of(s)));
        return merged;
    }

    private static List<String> statTypes(SiteRoute route) {
        List<String> types = new ArrayList<>();
        route.stats().values().forEach(s -> types.add(s.type().map(ContentType::name).orElse(USERS)));
        return types;
    }
}

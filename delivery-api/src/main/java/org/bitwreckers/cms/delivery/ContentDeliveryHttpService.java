package org.bitwreckers.cms.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.auth.ApiTokenService;
import org.bitwreckers.cms.core.auth.TokenScope;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.ContentChanges;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.document.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.Populate;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * Published content of every publicly readable type.
 *
 * <pre>
 * curl 'http://localhost:8080/api/v1/content/project?filter[category]=web&amp;sort=-created_at&amp;pageSize=10'
 * curl 'http://localhost:8080/api/v1/content/project/my-project-slug?populate=*'
 * curl -H 'Authorization: Bearer bwt_...' 'http://localhost:8080/api/v1/content/project?preview=true'
 * </pre>
 */
public final class ContentDeliveryHttpService implements HttpService {
    private static final String PUBLIC_CACHE = "public, max-age=0, must-revalidate";
    private static final String PRIVATE_CACHE = "private, no-store";
    private static final Set<String> OWN_PARAMS = Set.of("preview");

    private final ContentTypeRegistry registry;
    private final DocumentReader reader;
    private final ContentChanges changes;
    private final ApiTokenService tokens;
    private final ResponseCache cache;

    ContentDeliveryHttpService(ContentTypeRegistry registry, DocumentReader reader, ContentChanges changes,
                               ApiTokenService tokens, ResponseCache cache) {
        this.registry = registry;
        this.reader = reader;
        this.changes = changes;
        this.tokens = tokens;
        this.cache = cache;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{type}", this::list)
                .any("/{type}", ErrorHandling::methodNotAllowed)
                .get("/{type}/{key}", this::item)
                .any("/{type}/{key}", ErrorHandling::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ContentType type = readableType(req);
        View view = view(req);
        Map<String, List<String>> params = RequestParams.query(req);
        ListQuery query = QueryParser.parse(type, registry, view, params, OWN_PARAMS);
        respond(req, res, view, "list|" + type.name() + "|" + generations(query.populate()) + "|" + normalised(params), () -> {
            Page page = reader.list(type, query, view, Optional.empty());
            String meta = "{\"pagination\":{\"page\":" + page.page() + ",\"pageSize\":" + page.pageSize() + ",\"total\":"
                    + page.total() + ",\"pageCount\":" + page.pageCount() + "}}";
            return Envelope.success("[" + String.join(",", page.documents()) + "]", "Found " + page.total() + " "
                    + type.name() + " documents", meta);
        });
    }

    private void item(ServerRequest req, ServerResponse res) {
        ContentType type = readableType(req);
        View view = view(req);
        String key = req.path().pathParameters().get("key");
        Map<String, List<String>> params = RequestParams.query(req);
        ListQuery query = QueryParser.parseItem(type, registry, view, params, OWN_PARAMS);
        respond(req, res, view, "item|" + type.name() + "|" + key + "|" + generations(query.populate()) + "|"
                + normalised(params), () -> Envelope.success(reader.item(type, key, query, view), "OK"));
    }

    private void respond(ServerRequest req, ServerResponse res, View view, String key,
                         java.util.function.Supplier<String> body) {
        if (view == View.PREVIEW) {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            Responses.cached(req, res, bytes, Responses.etag(bytes), PRIVATE_CACHE);
            return;
        }
        ResponseCache.Entry entry = cache.get(key, () -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            return new ResponseCache.Entry(bytes, Responses.etag(bytes));
        });
        Responses.cached(req, res, entry.body(), entry.etag(), PUBLIC_CACHE);
    }

    private ContentType readableType(ServerRequest req) {
        String name = req.path().pathParameters().get("type");
        return registry.find(name).filter(ContentType::publiclyReadable)
                .orElseThrow(() -> CmsException.notFound("No content type '" + name + "'"));
    }

    /** Drafts are shown only with ?preview=true and a valid token; a bad token is refused, never ignored. */
    private View view(ServerRequest req) {
        if (!RequestParams.single(req, "preview").map("true"::equals).orElse(false)) {
            return View.PUBLISHED;
        }
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        String token = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : "";
        tokens.authenticate(token).filter(p -> p.scope().covers(TokenScope.PREVIEW))
                .orElseThrow(() -> CmsException.unauthorized("Preview needs a valid API token (Authorization: Bearer ...)"));
        return View.PREVIEW;
    }

    private String generations(Populate populate) {
        StringBuilder sb = new StringBuilder().append(changes.generation(populate.type().name()));
        populate.children().values().forEach(child -> sb.append('.').append(generations(child)));
        return sb.toString();
    }

    private static String normalised(Map<String, List<String>> params) {
        return new TreeMap<>(params).toString();
    }
}

package org.bitwreckers.cms.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.QueryParser;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.RequestParams;

/**
 * Published content of every publicly readable type.
 *
 * <pre>
 * curl 'http://localhost:8080/api/v1/content/project?filter[category]=web&amp;sort=-created_at&amp;pageSize=10'
 * curl 'http://localhost:8080/api/v1/content/project/my-project-slug?populate=*'
 * curl -H 'Authorization: Bearer bwt_...' 'http://localhost:8080/api/v1/content/project?preview=true'
 * </pre>
 */
public final class ContentDeliveryHttpService {
    private static final Set<String> OWN_PARAMS = Set.of("preview");

    private final ContentTypeRegistry registry;
    private final DocumentReader reader;
    private final DeliveryResponder responder;
    private final ParsedQueries<DocumentReader.CompiledList> lists = new ParsedQueries<>();
    private final ParsedQueries<ListQuery> items = new ParsedQueries<>();

    ContentDeliveryHttpService(ContentTypeRegistry registry, DocumentReader reader, DeliveryResponder responder) {
        this.registry = registry;
        this.reader = reader;
        this.responder = responder;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/api/v1/content/{type}", this::list).perType(ContentType::publiclyReadable)
                .doc("listPublished", "Published documents of a type")
                .query("filter", "object", "filter[field][op]=value").query("sort", "string", "fields, - for descending")
                .query("fields", "string", "fields to return").query("populate", "string", "relations to include")
                .query("page", "integer", "page number").query("pageSize", "integer", "documents per page")
                .query("cursor", "string", Paging.CURSOR_DOC)
                .query("preview", "boolean", "drafts too, with an API token").page(Schemas.typed()).errors(304, 400, 401);
        t.get("/api/v1/content/{type}/{idOrSlug}", this::item).perType(ContentType::publiclyReadable)
                .doc("getPublished", "One published document by id or slug")
                .query("fields", "string", "fields to return").query("populate", "string", "relations to include")
                .query("preview", "boolean", "the draft, with an API token").returns(Schemas.typed()).errors(304, 400, 401);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ContentType type = readableType(req);
        View view = responder.view(req);
        Map<String, List<String>> params = RequestParams.query(req);
        String normalised = DeliveryResponder.normalised(params);
        DocumentReader.CompiledList list = lists.get("list|" + type.name(), view, normalised,
                () -> DocumentReader.compile(type, QueryParser.parse(type, registry, view, params, OWN_PARAMS), view,
                                             Optional.empty()));
        String key = "list|" + type.name() + "|" + normalised;
        responder.respond(req, res, view, key, responder.generations(list.query().populate()), () -> {
            Page page = reader.list(list);
            return Envelope.page(page, "Found " + page.total() + " " + type.name() + " documents");
        });
    }

    private void item(ServerRequest req, ServerResponse res) {
        ContentType type = readableType(req);
        View view = responder.view(req);
        String key = req.path().pathParameters().get("idOrSlug");
        Map<String, List<String>> params = RequestParams.query(req);
        String normalised = DeliveryResponder.normalised(params);
        ListQuery query = items.get("item|" + type.name(), view, normalised,
                                     () -> QueryParser.parseItem(type, registry, view, params, OWN_PARAMS));
        String asked = "item|" + type.name() + "|" + key.length() + ":" + key + "|" + normalised;
        responder.respond(req, res, view, asked, responder.generations(query.populate()),
                          () -> Envelope.success(reader.item(type, key, query, view), "OK"));
    }

    private ContentType readableType(ServerRequest req) {
        String name = req.path().pathParameters().get("type");
        return registry.find(name).filter(ContentType::publiclyReadable)
                .orElseThrow(() -> CmsException.notFound("No content type '" + name + "'"));
    }
}

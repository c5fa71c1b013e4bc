package org.bitwreckers.cms.delivery;

import java.util.function.Supplier;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.SearchRequests;

/**
 * {@code GET /api/v1/search}: published content, ranked, with highlights and per-type counts. Every delivery search
 * is public, so answers are cached like lists, keyed by the normalised parameters and the generation of the search
 * index, when the engine's answers show its index writes at once.
 */
final class SearchHttpService {
    private final SearchEngine search;
    private final DeliveryResponder responder;

    SearchHttpService(SearchEngine search, DeliveryResponder responder) {
        this.search = search;
        this.responder = responder;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/api/v1/search", this::search).doc("search", "Full-text search over published documents")
                .query("q", "string", "the words to find").query("type", "string", "content types, comma-separated")
                .query("page", "integer", "page number").query("pageSize", "integer", "hits per page")
                .returns(Schemas.ref("SearchResults")).errors(304, 400);
    }

    private void search(ServerRequest req, ServerResponse res) {
        SearchEngine.Query query = SearchRequests.read(req, SearchEngine.Scope.PUBLISHED);
        Supplier<String> answer = () -> Envelope.success(search.search(query), "OK");
        if (search.seesItsWritesAtOnce()) {
            String key = "search|" + DeliveryResponder.normalised(RequestParams.query(req));
            responder.respond(req, res, View.PUBLISHED, key, responder.searchGeneration(), answer);
        } else {
            responder.respondUncached(req, res, answer);
        }
    }
}

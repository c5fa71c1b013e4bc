package org.bitwreckers.cms.delivery;

import java.util.function.Supplier;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.SearchRequests;

/**
 * {@code GET /api/v1/search}: published content, ranked, with highlights and per-type counts. Every delivery search
 * is public, so answers are cached like lists, keyed by the normalised parameters and the generation of the search
 * index, when the engine's answers show its index writes at once.
 */
final class SearchHttpService implements HttpService {
    private final SearchEngine search;
    private final DeliveryResponder responder;

    SearchHttpService(SearchEngine search, DeliveryResponder responder) {
        this.search = search;
        this.responder = responder;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::search)
                .any("/", ErrorHandling::methodNotAllowed);
    }

    private void search(ServerRequest req, ServerResponse res) {
        SearchEngine.Query query = SearchRequests.read(req, SearchEngine.Scope.PUBLISHED);
        Supplier<String> answer = () -> Envelope.success(search.search(query), "OK");
        if (search.seesItsWritesAtOnce()) {
            String key = "search|" + responder.searchGeneration() + "|" + DeliveryResponder.normalised(RequestParams.query(req));
            responder.respond(req, res, View.PUBLISHED, key, answer);
        } else {
            responder.respondUncached(req, res, answer);
        }
    }
}

package org.bitwreckers.cms.delivery;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.SearchRequests;

/** {@code GET /api/v1/search}: published content, ranked, with highlights and per-type counts. */
final class SearchHttpService implements HttpService {
    private final SearchEngine search;

    SearchHttpService(SearchEngine search) {
        this.search = search;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Responses.json(res, Status.OK_200, Envelope.success(
                        search.search(SearchRequests.read(req, SearchEngine.Scope.PUBLISHED)), "OK")))
                .any("/", ErrorHandling::methodNotAllowed);
    }
}

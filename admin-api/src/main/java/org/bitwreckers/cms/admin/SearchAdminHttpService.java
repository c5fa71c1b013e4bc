package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.SearchRequests;

/** Search for staff, over current drafts and submissions; and rebuilding the index. */
final class SearchAdminHttpService implements HttpService {
    private final SearchEngine search;
    private final SearchIndexer indexer;

    SearchAdminHttpService(SearchEngine search, SearchIndexer indexer) {
        this.search = search;
        this.indexer = indexer;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Responses.json(res, Status.OK_200, Envelope.success(
                        search.search(SearchRequests.read(req, SearchEngine.Scope.DRAFT)), "OK")))
                .any("/", ErrorHandling::methodNotAllowed)
                .post("/rebuild", (req, res) -> Responses.json(res, Status.ACCEPTED_202, Envelope.success(
                        "{\"job\":" + indexer.rebuildLater() + "}", "Rebuilding the search index")))
                .any("/rebuild", ErrorHandling::methodNotAllowed);
    }
}

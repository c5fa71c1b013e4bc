package org.bitwreckers.cms.admin;

import io.helidon.http.Status;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.search.SearchEngine;
import org.bitwreckers.cms.core.search.SearchIndexer;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.SearchRequests;

/** Search for staff, over current drafts and submissions; and rebuilding the index, with its progress. */
final class SearchAdminHttpService {
    private final SearchEngine search;
    private final SearchIndexer indexer;

    SearchAdminHttpService(SearchEngine search, SearchIndexer indexer) {
        this.search = search;
        this.indexer = indexer;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/search", (req, res) -> Responses.json(res, Status.OK_200, Envelope.success(
                        search.search(SearchRequests.read(req, SearchEngine.Scope.DRAFT)), "OK")))
                .needs(Permission.CONTENT).doc("searchDrafts", "Full-text search over drafts and published documents")
                .query("q", "string", "the words to find").query("type", "string", "content types, comma-separated")
                .query("page", "integer", "page number").query("pageSize", "integer", "hits per page")
                .returns(Schemas.ref("SearchResults")).errors(400);
        t.post("/admin/v1/search/rebuild", (req, res) -> Responses.json(res, Status.ACCEPTED_202, Envelope.success(
                        "{\"job\":" + indexer.rebuildLater() + "}", "Rebuilding the search index")))
                .needs(Permission.CONTENT).doc("rebuildSearch", "Rebuild the search index in the background")
                .returns(202, Schemas.fields("job:integer"));
        t.get("/admin/v1/search/rebuild/{job}", (req, res) -> Responses.json(res, Status.OK_200, Envelope.success(
                        indexer.rebuildStatus(RequestParams.id(req, "job")), "OK")))
                .needs(Permission.CONTENT).doc("getSearchRebuild", "How a rebuild is getting on: queued, running, done or dead")
                .returns(Schemas.ref("SearchRebuild"));
    }
}

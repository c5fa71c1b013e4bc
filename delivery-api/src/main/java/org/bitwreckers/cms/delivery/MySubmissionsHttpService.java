package org.bitwreckers.cms.delivery;

import io.helidon.http.Status;

import java.util.Set;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.document.DocumentService;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.http.SignedInUser;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.Responses;

/**
 * {@code GET /api/v1/me/submissions}: the signed-in user's own applications and messages with their status.
 * Only submissions made while signed in belong to a user; nobody can name another user's.
 */
final class MySubmissionsHttpService {
    private final AccountService accounts;
    private final DocumentService documents;

    MySubmissionsHttpService(AccountService accounts, DocumentService documents) {
        this.accounts = accounts;
        this.documents = documents;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/api/v1/me/submissions", (req, res) -> {
            long me = SignedInUser.require(req, accounts).id();
            Paging paging = Paging.of(req, Set.of());
            Page page = documents.submissionsOf(me, paging.page(), paging.pageSize());
            Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " submissions"));
        }).member().doc("listMySubmissions", "What you submitted through the site's forms")
                .query("page", "integer", "page number").query("pageSize", "integer", "submissions per page")
                .page(Schemas.object()).errors(400);
    }
}

package org.bitwreckers.cms.admin;

import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.newsletter.NewsletterService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * Newsletter management: subscribers, issues, sending with per-recipient status.
 */
final class NewsletterAdminHttpService {
    /**
     * @param subject subject line
     * @param text    the issue's text
     */
    public record IssueRequest(String subject, String text) {
    }

    private final NewsletterService newsletter;
    private final JsonBody body;

    NewsletterAdminHttpService(NewsletterService newsletter, JsonBody body) {
        this.newsletter = newsletter;
        this.body = body;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/newsletter/subscribers", this::subscribers).needs(Permission.SUBSCRIBERS)
                .doc("listSubscribers", "Newsletter subscribers").query("status", "string", "pending, confirmed or unsubscribed")
                .query("page", "integer", "page number").query("pageSize", "integer", "subscribers per page")
                .page(Schemas.ref("Subscriber")).errors(400);
        t.post("/admin/v1/newsletter/issues", this::create).needs(Permission.NEWSLETTER)
                .doc("createIssue", "Write a newsletter issue").body(Schemas.fields("*subject", "*text"))
                .returns(201, Schemas.ref("Issue")).errors(422);
        t.get("/admin/v1/newsletter/issues", this::issues).needs(Permission.NEWSLETTER)
                .doc("listIssues", "Newsletter issues with their sending progress, newest first")
                .query("page", "integer", "page number").query("pageSize", "integer", "issues per page")
                .page(Schemas.ref("Issue")).errors(400);
        t.get("/admin/v1/newsletter/issues/{id}/recipients", this::recipients).needs(Permission.SUBSCRIBERS)
                .doc("listIssueRecipients", "Who an issue went to, each with the status of their mail")
                .query("status", "string", "queued, sent, captured, failed or erased")
                .query("page", "integer", "page number").query("pageSize", "integer", "recipients per page")
                .page(Schemas.ref("Recipient")).errors(400);
        t.get("/admin/v1/newsletter/issues/{id}", (req, res) -> Responses.json(res, Status.OK_200, Envelope.success(
                        newsletter.issue(RequestParams.id(req, "id")), "OK")))
                .needs(Permission.NEWSLETTER).doc("getIssue", "One issue and its sending progress").returns(Schemas.ref("Issue"));
        t.post("/admin/v1/newsletter/issues/{id}/send", (req, res) -> Responses.json(res, Status.ACCEPTED_202,
                        Envelope.success(newsletter.send(RequestParams.id(req, "id")), "Sending to confirmed subscribers")))
                .needs(Permission.NEWSLETTER).doc("sendIssue", "Send an issue to confirmed subscribers")
                .returns(202, Schemas.ref("Issue")).errors(409);
    }

    private void subscribers(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, Set.of("status"));
        Page page = newsletter.subscribers(RequestParams.single(req, "status"), paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " subscribers"));
    }

    private void issues(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, Set.of());
        Page page = newsletter.issues(paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " issues"));
    }

    private void recipients(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, Set.of("status"));
        Page page = newsletter.recipients(RequestParams.id(req, "id"), RequestParams.single(req, "status"), paging.page(),
                                          paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " recipients"));
    }

    private void create(ServerRequest req, ServerResponse res) {
        IssueRequest r = body.read(req, IssueRequest.class);
        Responses.json(res, Status.CREATED_201, Envelope.success(
                newsletter.createIssue(r.subject(), r.text(), AdminAuthentication.principal(req).name()), "Issue created"));
    }
}

package org.bitwreckers.cms.admin;

import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.newsletter.NewsletterService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * Newsletter management: subscribers, issues, sending with per-recipient status.
 */
final class NewsletterAdminHttpService implements HttpService {
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

    @Override
    public void routing(HttpRules rules) {
        rules.get("/subscribers", this::subscribers)
                .any("/subscribers", ErrorHandling::methodNotAllowed)
                .post("/issues", this::create)
                .any("/issues", ErrorHandling::methodNotAllowed)
                .get("/issues/{id}", (req, res) -> Responses.json(res, Status.OK_200, Envelope.success(
                        newsletter.issue(RequestParams.id(req, "id")), "OK")))
                .any("/issues/{id}", ErrorHandling::methodNotAllowed)
                .post("/issues/{id}/send", (req, res) -> Responses.json(res, Status.ACCEPTED_202, Envelope.success(
                        newsletter.send(RequestParams.id(req, "id")), "Sending to confirmed subscribers")))
                .any("/issues/{id}/send", ErrorHandling::methodNotAllowed);
    }

    private void subscribers(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, Set.of("status"));
        Page page = newsletter.subscribers(RequestParams.single(req, "status"), paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " subscribers"));
    }

    private void create(ServerRequest req, ServerResponse res) {
        IssueRequest r = body.read(req, IssueRequest.class);
        Responses.json(res, Status.CREATED_201, Envelope.success(
                newsletter.createIssue(r.subject(), r.text(), AdminAuthentication.principal(req).name()), "Issue created"));
    }
}

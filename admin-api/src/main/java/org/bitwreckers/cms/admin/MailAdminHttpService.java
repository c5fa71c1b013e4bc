package org.bitwreckers.cms.admin;

import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.ErrorHandling;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * E-mail management: sent, captured, queued and failed messages; one message with both parts; resend.
 */
final class MailAdminHttpService implements HttpService {
    private final MailService mail;

    MailAdminHttpService(MailService mail) {
        this.mail = mail;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .any("/", ErrorHandling::methodNotAllowed)
                .get("/{id}", (req, res) -> Responses.json(res, Status.OK_200,
                                                           Envelope.success(mail.get(RequestParams.id(req, "id")), "OK")))
                .any("/{id}", ErrorHandling::methodNotAllowed)
                .post("/{id}/resend", (req, res) -> Responses.json(res, Status.OK_200, Envelope.success(
                        mail.resend(RequestParams.id(req, "id")), "Queued for sending again")))
                .any("/{id}/resend", ErrorHandling::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, Set.of("status"));
        Page page = mail.list(RequestParams.single(req, "status"), paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " messages"));
    }
}

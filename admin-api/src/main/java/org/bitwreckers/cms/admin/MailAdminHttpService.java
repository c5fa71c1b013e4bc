package org.bitwreckers.cms.admin;

import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.mail.MailService;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * E-mail management: sent, captured, queued and failed messages; one message with both parts; resend.
 */
final class MailAdminHttpService {
    private final MailService mail;

    MailAdminHttpService(MailService mail) {
        this.mail = mail;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/mail", this::list).needs(Permission.MAIL).doc("listMail", "The mail log, newest first")
                .query("status", "string", "queued, sent or failed").query("page", "integer", "page number")
                .query("pageSize", "integer", "messages per page").page(Schemas.ref("Mail")).errors(400);
        t.get("/admin/v1/mail/{id}", (req, res) -> Responses.json(res, Status.OK_200,
                                                                  Envelope.success(mail.get(RequestParams.id(req, "id")), "OK")))
                .needs(Permission.MAIL).doc("getMail", "One message").returns(Schemas.ref("Mail"));
        t.post("/admin/v1/mail/{id}/resend", (req, res) -> Responses.json(res, Status.OK_200, Envelope.success(
                        mail.resend(RequestParams.id(req, "id")), "Queued for sending again")))
                .needs(Permission.MAIL).doc("resendMail", "Send a message again").returns(Schemas.ref("Mail")).errors(409);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, Set.of("status"));
        Page page = mail.list(RequestParams.single(req, "status"), paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(page, "Found " + page.total() + " messages"));
    }
}

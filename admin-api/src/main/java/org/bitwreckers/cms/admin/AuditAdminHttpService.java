package org.bitwreckers.cms.admin;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.audit.AuditLog;
import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * The audit log for staff: {@code ?actor=user:3&entity_type=project&entity_id=12}.
 */
final class AuditAdminHttpService {
    private final AuditLog audit;

    AuditAdminHttpService(AuditLog audit) {
        this.audit = audit;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/audit", this::list).needs(Permission.AUDIT).doc("listAudit", "The audit log, newest first")
                .query("actor", "string", "who acted, e.g. user:3 or token:2")
                .query("entity_type", "string", "the content type (or resource) acted on")
                .query("entity_id", "integer", "the document acted on")
                .query("page", "integer", "page number").query("pageSize", "integer", "entries per page")
                .page(Schemas.ref("AuditEntry")).errors(400);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<Long> entityId = RequestParams.single(req, "entity_id").map(text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw CmsException.badRequest("Invalid query parameters", Map.of("entity_id", "must be a number"));
            }
        });
        Paging paging = Paging.of(req, Set.of("actor", "entity_type", "entity_id"));
        Page result = audit.list(RequestParams.single(req, "actor"), RequestParams.single(req, "entity_type"), entityId,
                                 paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(result, "Found " + result.total() + " entries"));
    }
}

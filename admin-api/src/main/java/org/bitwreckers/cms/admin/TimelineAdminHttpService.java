package org.bitwreckers.cms.admin;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.auth.Principal;
import org.bitwreckers.cms.core.auth.TokenScope;
import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.content.ContentTypeRegistry;
import org.bitwreckers.cms.core.document.DocumentReader;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccessPolicy;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.identity.RoleTable;
import org.bitwreckers.cms.core.query.ListQuery;
import org.bitwreckers.cms.core.query.View;
import org.bitwreckers.cms.core.timeline.DocumentTimeline;
import org.bitwreckers.cms.core.timeline.DocumentTimeline.Kind;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;

/**
 * One timeline per document for the admin app's edit page. Its parts follow the reader's permissions: anyone with
 * {@code content} sees versions, publishes and schedules; webhook deliveries, mails and audit entries only show for
 * roles that may read the webhooks, the mail log and the audit log.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" http://localhost:8081/admin/v1/content/project/12/timeline
 * </pre>
 */
final class TimelineAdminHttpService {
    private final ContentTypeRegistry registry;
    private final DocumentReader reader;
    private final DocumentTimeline timeline;
    private final RoleTable roles;

    TimelineAdminHttpService(ContentTypeRegistry registry, DocumentReader reader, DocumentTimeline timeline,
                             RoleTable roles) {
        this.registry = registry;
        this.reader = reader;
        this.timeline = timeline;
        this.roles = roles;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/content/{type}/{id}/timeline", this::timeline).needs(Permission.CONTENT).perType(x -> true)
                .doc("documentTimeline", "What happened to a document, newest first: versions, publishes, schedules,"
                        + " webhooks fired, mails sent and audit entries (the last three as the role may read them)")
                .returns(Schemas.arrayOf(Schemas.ref("TimelineEntry")));
    }

    private void timeline(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("type");
        ContentType type = registry.find(name).orElseThrow(() -> CmsException.notFound("No content type '" + name + "'"));
        long id = RequestParams.id(req, "id");
        reader.item(type, Long.toString(id), ListQuery.shapeOnly(), View.ADMIN); // 404 for a document not of this type
        List<String> entries = timeline.entries(type, id, visible(AdminAuthentication.principal(req)));
        Responses.json(res, Status.OK_200, Envelope.success("[" + String.join(",", entries) + "]", "OK"));
    }

    /** The kinds of entry this caller may read, from the permissions of the logs they come from. */
    private Set<Kind> visible(Principal principal) {
        Set<Kind> kinds = EnumSet.of(Kind.VERSION, Kind.SCHEDULE);
        if (may(principal, Permission.WEBHOOKS)) {
            kinds.add(Kind.WEBHOOK);
        }
        if (may(principal, Permission.MAIL)) {
            kinds.add(Kind.MAIL);
        }
        if (may(principal, Permission.AUDIT)) {
            kinds.add(Kind.AUDIT);
        }
        return kinds;
    }

    private boolean may(Principal principal, Permission permission) {
        if (principal.role().isPresent()) {
            return roles.allows(principal.role().get(), permission);
        }
        // an API token: full scope does what an admin does, read scope reads what an editor reads
        return principal.scope() == TokenScope.FULL || roles.allows(AccessPolicy.READ_TOKEN_ROLE, permission);
    }
}

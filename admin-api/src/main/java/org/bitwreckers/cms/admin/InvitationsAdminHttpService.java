package org.bitwreckers.cms.admin;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.identity.StaffInvitations;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;

/**
 * Staff invitations, for whoever may manage users: invite an address with a staff role (the link goes out by mail),
 * list, send again (a new link replaces the old), revoke. Accepting is part of the admin app's session
 * ({@link SessionAdminHttpService}): it signs the new staff member in.
 */
final class InvitationsAdminHttpService {
    private final StaffInvitations invitations;
    private final JsonBody body;

    InvitationsAdminHttpService(StaffInvitations invitations, JsonBody body) {
        this.invitations = invitations;
        this.body = body;
    }

    void mounts(RouteTable.Builder t) {
        String base = "/admin/v1/invitations";
        t.get(base, (req, res) -> ok(res, Status.OK_200, invitations.list(RequestParams.single(req, "status")), "OK"))
                .needs(Permission.USERS).doc("listInvitations", "Staff invitations, newest first (the latest 200)")
                .query("status", "string", "pending, expired, accepted or revoked")
                .returns(Schemas.arrayOf(Schemas.ref("Invitation"))).errors(400);
        t.post(base, this::invite).needs(Permission.USERS)
                .doc("inviteStaff", "Invite an address with a staff role; the link is mailed through the job queue")
                .body(Schemas.fields("*email", "*role")).returns(201, Schemas.ref("Invitation")).errors(409, 422);
        t.get(base + "/{id}", (req, res) -> ok(res, Status.OK_200, invitations.get(RequestParams.id(req, "id")), "OK"))
                .needs(Permission.USERS).doc("getInvitation", "One invitation").returns(Schemas.ref("Invitation"));
        t.post(base + "/{id}/resend", (req, res) -> ok(res, Status.OK_200, invitations.resend(RequestParams.id(req, "id")),
                                                        "A new link is on its way; the old one no longer works"))
                .needs(Permission.USERS).doc("resendInvitation", "Mail a new link with a fresh lifetime")
                .returns(Schemas.ref("Invitation")).errors(409);
        t.delete(base + "/{id}", (req, res) -> ok(res, Status.OK_200, invitations.revoke(RequestParams.id(req, "id")),
                                                  "Revoked: the link no longer works"))
                .needs(Permission.USERS).doc("revokeInvitation", "Revoke an open invitation")
                .returns(Schemas.ref("Invitation")).errors(409);
    }

    private void invite(ServerRequest req, ServerResponse res) {
        ok(res, Status.CREATED_201, invitations.invite(body.read(req), AdminAuthentication.principal(req).userId()),
           "Invited: the link is on its way");
    }

    private static void ok(ServerResponse res, Status status, String json, String message) {
        Responses.json(res, status, Envelope.success(json, message));
    }
}

package org.bitwreckers.cms.admin;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.bitwreckers.cms.core.paging.Page;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.UserAdministration;
import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.JsonBody;
import org.bitwreckers.cms.http.Paging;
import org.bitwreckers.cms.http.RequestParams;
import org.bitwreckers.cms.http.Responses;

/**
 * User management: list (filter by role, university, active; search name or e-mail), change role, deactivate,
 * reactivate, delete (personal data erased).
 */
final class UsersAdminHttpService {
    /**
     * @param role      new role
     * @param is_active new state
     */
    public record UpdateRequest(String role, Boolean is_active) {
    }

    private static final Set<String> PARAMS = Set.of("role", "university", "active", "q");

    private final UserAdministration users;
    private final JsonBody body;

    UsersAdminHttpService(UserAdministration users, JsonBody body) {
        this.users = users;
        this.body = body;
    }

    void mounts(RouteTable.Builder t) {
        t.get("/admin/v1/users", this::list).needs(Permission.USERS).doc("listUsers", "User accounts")
                .query("q", "string", "words in the name or address").query("role", "string", "one role")
                .query("page", "integer", "page number").query("pageSize", "integer", "users per page")
                .page(Schemas.ref("User")).errors(400);
        t.get("/admin/v1/roles", (req, res) -> ok(res, users.roles(), "OK")).needs(Permission.USERS)
                .doc("listRoles", "The site's roles, each with whether it is a staff role (may be invited)")
                .returns(Schemas.arrayOf(Schemas.fields("name", "staff:boolean")));
        t.get("/admin/v1/users/{id}", (req, res) -> ok(res, users.get(RequestParams.id(req, "id")), "OK"))
                .needs(Permission.USERS).doc("getUser", "One account").returns(Schemas.ref("User"));
        t.patch("/admin/v1/users/{id}", this::update).needs(Permission.USERS)
                .doc("updateUser", "Change a user's role, status or listing").body(Schemas.fields("role", "status", "listed:boolean"))
                .returns(Schemas.ref("User")).errors(409, 422);
        t.delete("/admin/v1/users/{id}", this::delete).needs(Permission.USERS).doc("deleteUser", "Delete an account")
                .noContent().errors(409);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.of(req, PARAMS);
        Optional<Boolean> active = RequestParams.single(req, "active").map(a -> switch (a) {
            case "true" -> true;
            case "false" -> false;
            default -> throw CmsException.badRequest("Invalid query parameters", Map.of("active", "is true or false"));
        });
        Page result = users.list(RequestParams.single(req, "role"), RequestParams.single(req, "university"), active,
                                 RequestParams.single(req, "q").filter(q -> !q.isBlank()), paging.page(), paging.pageSize());
        Responses.json(res, Status.OK_200, Envelope.page(result, "Found " + result.total() + " users"));
    }

    private void update(ServerRequest req, ServerResponse res) {
        UpdateRequest r = body.read(req, UpdateRequest.class);
        String actor = AdminAuthentication.principal(req).name();
        Optional<Long> actorId = actor.startsWith("user:") ? Optional.of(Long.parseLong(actor.substring(5))) : Optional.empty();
        ok(res, users.update(RequestParams.id(req, "id"), Optional.ofNullable(r.role()), Optional.ofNullable(r.is_active()),
                             actorId), "Saved");
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long id = RequestParams.id(req, "id");
        users.delete(id);
        ok(res, "{\"id\":" + id + "}", "User deleted; personal data erased");
    }

    private static void ok(ServerResponse res, String json, String message) {
        Responses.json(res, Status.OK_200, Envelope.success(json, message));
    }
}

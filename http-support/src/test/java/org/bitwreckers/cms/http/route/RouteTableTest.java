package org.bitwreckers.cms.http.route;

import java.util.Set;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

import org.junit.jupiter.api.Test;

import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the route table derives: who governs a request, which paths plugins may not take, every status. */
class RouteTableTest {
    private static final Handler NOTHING = (req, res) -> res.send();

    private static RouteTable.Builder platform() {
        return RouteTable.builder().on(Listener.ADMIN, t -> {
            t.get("/admin/v1/users", NOTHING).needs(Permission.USERS).doc("listUsers", "users");
            t.get("/admin/v1/users/{id}", NOTHING).needs(Permission.USERS).doc("getUser", "a user");
            t.get("/admin/v1/users/{user}/notifications", NOTHING).needs(Permission.NOTIFICATIONS)
                    .doc("listUserNotifications", "their notifications");
            t.post("/admin/v1/jobs/retry", NOTHING).needs(Permission.JOBS).doc("retryDeadJobs", "retry");
        });
    }

    @Test
    void theMountForTheMethodAndPathGovernsElseThePathsElseTheDeepestOfItsResource() {
        RouteTable table = platform().on(Listener.ADMIN, t -> t.fromPlugin("events", p -> p
                .get("/admin/v1/events/{id}", NOTHING).access(new Access.Roles(Set.of("expert"))).doc("getEvent", "x")))
                .build();
        assertThat(permission(table, Method.GET, "/admin/v1/users/7"), is(Permission.USERS));
        assertThat(permission(table, Method.HEAD, "/admin/v1/users/7/notifications"), is(Permission.NOTIFICATIONS));
        // another method on a known path: that path's permission (and then 405)
        assertThat(permission(table, Method.DELETE, "/admin/v1/jobs/retry"), is(Permission.JOBS));
        // a path no route has, inside a resource: the route sharing most leading segments
        assertThat(permission(table, Method.GET, "/admin/v1/users/7/notifications/x/y"), is(Permission.NOTIFICATIONS));
        assertThat(permission(table, Method.GET, "/admin/v1/users/7/elsewhere"), is(Permission.USERS));
        assertThat(table.governing(Listener.ADMIN, Method.GET, "/admin/v1/nowhere").isPresent(), is(false));
        // plugin routes govern only the requests they answer
        assertThat(table.governing(Listener.ADMIN, Method.GET, "/admin/v1/events/3").get().access(),
                   is(new Access.Roles(Set.of("expert"))));
        assertThat(table.governing(Listener.ADMIN, Method.DELETE, "/admin/v1/events/3").isPresent(), is(false));
    }

    @Test
    void aTemplateMatchesSegmentBySegmentWithAParameterForAnyOne() {
        Mount user = platform().build().mounts(Listener.ADMIN).stream()
                .filter(m -> m.path().equals("/admin/v1/users/{id}")).findFirst().orElseThrow();
        assertThat(user.matches("/admin/v1/users/7"), is(true));
        assertThat(user.matches("/admin/v1/users/"), is(true)); // an empty last segment is still one
        assertThat(user.matches("/admin/v1/users"), is(false));
        assertThat(user.matches("/admin/v1/users/7/"), is(false));
        assertThat(user.matches("/admin/v1/user/7"), is(false)); // a segment's prefix is not the segment
        assertThat(user.matches("/admin/v1/usersx/7"), is(false));
        assertThat(user.matches("/admin//users/7"), is(false));
        assertThat(user.segmentsMatched("/admin/v1/users/7/notifications/x"), is(4));
        assertThat(user.segmentsMatched("/admin/v1/jobs"), is(2));
        assertThat(user.segmentsMatched("/"), is(0));
        assertThat(Mount.segmentCount("/admin/v1/users/"), is(4));
        assertThat(Mount.segmentCount("/"), is(1));
    }

    @Test
    void aPluginRouteInsideAPlatformResourceIsRefusedNamingThePlugin() {
        PluginRouteException e = assertThrows(PluginRouteException.class, () -> platform()
                .on(Listener.ADMIN, t -> t.fromPlugin("sneaky", p -> p.get("/admin/v1/users/{id}/secrets", NOTHING)
                        .access(new Access.Roles(Set.of())).doc("getSecrets", "x"))).build());
        assertThat(e.plugin(), is("sneaky"));
        assertThat(e.getMessage(), containsString("inside the platform's own /admin/v1/users"));
        assertThat(platform().build().platformResources(Listener.ADMIN), contains("/admin/v1/users", "/admin/v1/jobs"));
    }

    @Test
    void theTableRefusesTwinRoutesRepeatedOperationIdsAndAdminRoutesWithoutAPermission() {
        assertThat(assertThrows(IllegalStateException.class, () -> platform().on(Listener.ADMIN, t -> t
                .get("/admin/v1/users/{other}", NOTHING).needs(Permission.USERS).doc("getOther", "x")).build())
                           .getMessage(), containsString("declared twice"));
        assertThat(assertThrows(IllegalStateException.class, () -> platform().on(Listener.ADMIN, t -> t
                .get("/admin/v1/users/{id}/more", NOTHING).needs(Permission.USERS).doc("getUser", "x")).build())
                           .getMessage(), containsString("repeats operation id"));
        assertThat(assertThrows(IllegalStateException.class, () -> platform().on(Listener.ADMIN, t -> t
                .get("/admin/v1/open", NOTHING).doc("open", "x")).build()).getMessage(), containsString("no permission"));
    }

    @Test
    void everyStatusFollowsFromTheAccessThePathAndTheBody() {
        RouteTable table = RouteTable.builder().on(Listener.ADMIN, t -> t.post("/admin/v1/users/{id}/notes", NOTHING)
                .needs(Permission.USERS).doc("addNote", "x").body(Schemas.fields("*text")).returns(201, Schemas.object())
                .errors(409)).on(Listener.DELIVERY, t -> t.get("/api/v1/open", NOTHING).doc("open", "x")).build();
        assertThat(table.mounts(Listener.ADMIN).getFirst().statuses(),
                   contains(201, 400, 401, 403, 404, 409, 413, 415, 503));
        assertThat(table.mounts(Listener.DELIVERY).getFirst().statuses(), contains(200, 503));
    }

    private static Permission permission(RouteTable table, Method method, String path) {
        return ((Access.Admin) table.governing(Listener.ADMIN, method, path).orElseThrow().access()).permission();
    }
}

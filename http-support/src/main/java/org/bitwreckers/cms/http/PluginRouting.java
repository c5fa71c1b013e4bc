package org.bitwreckers.cms.http;

import java.util.Map;
import java.util.Optional;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonValue;

import org.bitwreckers.cms.core.auth.Principal;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.identity.AccountService;
import org.bitwreckers.cms.core.plugin.JsonMaps;
import org.bitwreckers.cms.core.plugin.PluginHost;
import org.bitwreckers.cms.core.plugin.PluginRoute;
import org.bitwreckers.cms.http.route.Access;
import org.bitwreckers.cms.http.route.Mount;
import org.bitwreckers.cms.http.route.RouteTable;
import org.bitwreckers.cms.http.route.Schemas;
import org.bitwreckers.cms.spi.CurrentUser;
import org.bitwreckers.cms.spi.Refusal;
import org.bitwreckers.cms.spi.Reply;
import org.bitwreckers.cms.spi.RouteRequest;
import org.bitwreckers.cms.spi.Routes;

/**
 * Mounts plugins' routes on the delivery and admin listeners. The platform does the HTTP: JSON in and out, the
 * envelope, sign-in, rate limits for public writes, and error answers; the plugin sees plain values.
 */
public final class PluginRouting {
    private final PluginHost host;
    private final AccountService accounts;
    private final RateLimits limits;
    private final JsonBody body;

    /**
     * @param host     the plugin host
     * @param accounts verifies access tokens of signed-in users
     * @param limits   rate limits for public writes
     * @param body     JSON body reader
     */
    public PluginRouting(PluginHost host, AccountService accounts, RateLimits limits, JsonBody body) {
        this.host = host;
        this.accounts = accounts;
        this.limits = limits;
        this.body = body;
    }

    /**
     * Adds the running plugins' delivery routes to the table: public; a plugin asks for a signed-in user itself.
     *
     * @param t the route table being built, on the delivery listener
     */
    public void delivery(RouteTable.Builder t) {
        host.routes().stream().filter(r -> !r.admin()).forEach(r -> mount(t, r));
    }

    /**
     * Adds the running plugins' admin routes to the table, with the roles they name.
     *
     * @param t the route table being built, on the admin listener
     */
    public void admin(RouteTable.Builder t) {
        host.routes().stream().filter(PluginRoute::admin).forEach(r -> mount(t, r));
    }

    private void mount(RouteTable.Builder t, PluginRoute route) {
        t.fromPlugin(route.plugin().id(), p -> {
            RouteTable.Route mount = p.add(Method.create(route.method().name()), route.path(),
                                           (req, res) -> handle(route, req, res))
                    .doc(operationId(route), route.method() + " from plugin " + route.plugin().id()
                            + route.roles().map(r -> " (roles: admin, " + String.join(", ", r.stream().sorted().toList())
                                    + ")").orElse(""))
                    .tag("plugin " + route.plugin().id())
                    .returns(Schemas.object()).errors(400, 409, 422);
            if (route.method() != Routes.Method.GET && route.method() != Routes.Method.DELETE) {
                mount.body(Schemas.object());
            }
            if (!route.admin() && route.method() != Routes.Method.GET) {
                mount.errors(429);
            }
            route.roles().ifPresent(roles -> mount.access(new Access.Roles(roles)));
        });
    }

    /** The method, the plugin and the path's words: {@code getEventRegistrationEventsIdRegistrations}. */
    private static String operationId(PluginRoute route) {
        return Mount.operationId(route.method().name(), route.plugin().id() + "/"
                + route.path().replaceAll("^/(api|admin)/v1/", ""));
    }

    private void handle(PluginRoute route, ServerRequest req, ServerResponse res) {
        if (!route.admin() && route.method() != Routes.Method.GET) {
            limits.check(req, RateLimits.Kind.FORM);
        }
        Request request = new Request(route, req);
        Reply reply = PluginHost.guarded(route.plugin(), route.toString(),
                                         () -> route.handler().handle(request, route.plugin().services()));
        if (reply == null || reply.status() < 200 || reply.status() > 299) {
            throw PluginHost.failed(route.plugin(), route.toString(),
                                    new IllegalStateException("route answered " + (reply == null ? "nothing" : reply.status())));
        }
        if (reply.status() == 204) {
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        String data = PluginHost.guarded(route.plugin(), route.toString(), () -> JsonMaps.toJsonValue(reply.data()).toString());
        Responses.json(res, Status.create(reply.status()), Envelope.success(data, reply.message() == null ? "OK" : reply.message()));
    }

    /** A request as a plugin sees it. */
    private final class Request implements RouteRequest {
        private final PluginRoute route;
        private final ServerRequest req;
        private Optional<CurrentUser> user;
        private Map<String, Object> parsed;

        Request(PluginRoute route, ServerRequest req) {
            this.route = route;
            this.req = req;
        }

        @Override
        public String pathParam(String name) {
            return req.path().pathParameters().first(name)
                    .orElseThrow(() -> new IllegalArgumentException("route " + route + " has no parameter " + name));
        }

        @Override
        public long idParam(String name) {
            try {
                return RequestParams.id(req, name);
            } catch (CmsException e) {
                throw Refusal.notFound(e.getMessage());
            }
        }

        @Override
        public Optional<String> query(String name) {
            return RequestParams.single(req, name);
        }

        @Override
        public Map<String, Object> body() {
            if (parsed == null) {
                if (!req.content().hasEntity()) {
                    parsed = Map.of();
                } else {
                    JsonValue json = body.read(req);
                    if (json.getValueType() != JsonValue.ValueType.OBJECT) {
                        throw Refusal.badRequest("The body must be a JSON object");
                    }
                    parsed = JsonMaps.toMap(json.asJsonObject());
                }
            }
            return parsed;
        }

        @Override
        public Optional<CurrentUser> user() {
            if (user == null) {
                user = userId().flatMap(id -> route.plugin().services().users().byId(id));
            }
            return user;
        }

        private Optional<Long> userId() {
            if (route.admin()) {
                return req.context().get(Principal.class).flatMap(Principal::userId);
            }
            return SignedInUser.optional(req, accounts).map(u -> u.id());
        }

        @Override
        public CurrentUser requireUser() {
            return user().orElseThrow(() -> CmsException.unauthorized(route.admin()
                    ? "This needs a signed-in user, not an API token" : "Sign in first: Authorization: Bearer <access token>"));
        }

        @Override
        public String actor() {
            if (route.admin()) {
                return req.context().get(Principal.class).map(Principal::name).orElse("unknown");
            }
            return user().map(u -> "user:" + u.id()).orElse("public");
        }
    }
}

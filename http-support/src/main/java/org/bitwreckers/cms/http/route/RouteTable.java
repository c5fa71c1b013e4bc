package org.bitwreckers.cms.http.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.content.ContentType;
import org.bitwreckers.cms.core.identity.AccessPolicy.Permission;
import org.bitwreckers.cms.http.ErrorHandling;

/**
 * Every route of both listeners, declared once. Routing, the admin permission check, the reserved paths for plugins
 * and the OpenAPI documents are all read from here.
 */
public final class RouteTable {
    private final List<Mount> mounts;

    private RouteTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    /** @return a builder; each API contributes its mounts to it */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param listener a listener
     * @return its mounts, in declaration order
     */
    public List<Mount> mounts(Listener listener) {
        return mounts.stream().filter(m -> m.listener() == listener).toList();
    }

    /**
     * The mount that decides who may make a request: the one for its method and path; else a platform route on its
     * path (another method answers 405); else, for a path no route has, the platform route of the same resource that
     * shares most leading segments with it. Plugin routes govern only the requests they answer.
     *
     * @param listener the listener
     * @param method   the request's method
     * @param path     the request's path
     * @return that mount, or empty when the path is outside every resource
     */
    public Optional<Mount> governing(Listener listener, Method method, String path) {
        List<Mount> own = mounts(listener);
        Method asked = method == Method.HEAD ? Method.GET : method;
        List<Mount> platform = own.stream().filter(m -> m.origin().equals(Mount.PLATFORM)).toList();
        return own.stream().filter(m -> m.method() == asked && m.matches(path)).findFirst()
                .or(() -> platform.stream().filter(m -> m.matches(path)).findFirst())
                .or(() -> platform.stream().filter(m -> path.equals(m.resource()) || path.startsWith(m.resource() + "/"))
                        .max(Comparator.comparingInt(m -> m.segmentsMatched(path))));
    }

    /**
     * @param listener a listener
     * @return the resources (such as {@code /admin/v1/users}) of its platform routes, which plugins may not enter
     */
    public Set<String> platformResources(Listener listener) {
        Set<String> resources = new LinkedHashSet<>();
        mounts(listener).stream().filter(m -> m.origin().equals(Mount.PLATFORM)).forEach(m -> resources.add(m.resource()));
        return resources;
    }

    /**
     * Mounts a listener's routes in declaration order, each path followed by 405 for the methods it does not take.
     * Routes of the same shape are mounted together, so a path's 405 never hides a method another route serves there.
     *
     * @param listener the listener
     * @param routing  its routing
     */
    public void route(Listener listener, HttpRouting.Builder routing) {
        Map<String, List<Mount>> byShape = new LinkedHashMap<>();
        mounts(listener).forEach(m -> byShape.computeIfAbsent(m.shape(), s -> new ArrayList<>()).add(m));
        for (List<Mount> same : byShape.values()) {
            // each with its own template: mounts of one shape may name their parameters differently
            same.forEach(m -> routing.route(m.method(), TemplatePath.of(m.path()), m.handler()));
            routing.route(method -> true, TemplatePath.of(same.getFirst().path()), ErrorHandling::methodNotAllowed);
        }
    }

    /** Collects mounts; each API module adds its own. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private Listener listener = Listener.DELIVERY;
        private String origin = Mount.PLATFORM;

        private Builder() {
        }

        /**
         * @param on           the listener the routes go on
         * @param contributors what adds them
         * @return this builder
         */
        public Builder on(Listener on, Consumer<Builder> contributors) {
            Listener before = listener;
            listener = on;
            contributors.accept(this);
            listener = before;
            return this;
        }

        /**
         * @param id   a plugin id
         * @param adds what adds the plugin's routes
         * @return this builder
         */
        public Builder fromPlugin(String id, Consumer<Builder> adds) {
            return from(id, adds);
        }

        /**
         * @param adds what adds the site's declared routes
         * @return this builder
         */
        public Builder fromSite(Consumer<Builder> adds) {
            return from(Mount.SITE, adds);
        }

        private Builder from(String by, Consumer<Builder> adds) {
            String before = origin;
            origin = by;
            adds.accept(this);
            origin = before;
            return this;
        }

        /** @return a GET route on the current listener */
        public Route get(String path, Handler handler) {
            return add(Method.GET, path, handler);
        }

        /** @return a POST route on the current listener */
        public Route post(String path, Handler handler) {
            return add(Method.POST, path, handler);
        }

        /** @return a PUT route on the current listener */
        public Route put(String path, Handler handler) {
            return add(Method.PUT, path, handler);
        }

        /** @return a PATCH route on the current listener */
        public Route patch(String path, Handler handler) {
            return add(Method.PATCH, path, handler);
        }

        /** @return a DELETE route on the current listener */
        public Route delete(String path, Handler handler) {
            return add(Method.DELETE, path, handler);
        }

        /**
         * @param method  its method
         * @param path    its path template
         * @param handler what answers it
         * @return the route, to describe further
         */
        public Route add(Method method, String path, Handler handler) {
            Route route = new Route(listener, method, path, handler, origin);
            routes.add(route);
            return route;
        }

        /**
         * @return the table
         * @throws IllegalStateException when two routes take the same method and shape, an operation id repeats, an
         *                               admin route names no permission, or a plugin route enters a platform resource
         */
        public RouteTable build() {
            List<Mount> mounts = routes.stream().map(Route::mount).toList();
            Set<Mount> signIns = new HashSet<>();
            for (int i = 0; i < routes.size(); i++) {
                if (routes.get(i).opensSession) {
                    signIns.add(mounts.get(i));
                }
            }
            Set<String> taken = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (Mount m : mounts) {
                if (!taken.add(m.listener() + " " + m.method().text() + " " + m.shape())) {
                    throw new IllegalStateException("route " + m + " is declared twice");
                }
                if (!ids.add(m.listener() + " " + m.contract().operationId())) {
                    throw new IllegalStateException("route " + m + " repeats operation id " + m.contract().operationId());
                }
                if (m.listener() == Listener.ADMIN && m.path().startsWith("/admin/v1") && !m.access().signedIn()
                        && !signIns.contains(m)) {
                    throw new IllegalStateException("admin route " + m + " names no permission");
                }
            }
            RouteTable table = new RouteTable(mounts);
            for (Listener l : Listener.values()) {
                Set<String> platform = table.platformResources(l);
                table.mounts(l).stream().filter(m -> m.plugin().isPresent() && platform.contains(m.resource()))
                        .findFirst().ifPresent(m -> {
                            throw new PluginRouteException(m.plugin().get(), "route " + m
                                    + " is inside the platform's own " + m.resource());
                        });
            }
            return table;
        }
    }

    /** A route being declared; every setter returns it, so a declaration reads as one statement. */
    public static final class Route {
        private final Listener listener;
        private final Method method;
        private final String path;
        private final Handler handler;
        private final String origin;
        private Access access;
        private boolean opensSession;
        private String summary;
        private String operationId;
        private String tag;
        private Optional<Contract.Body> request = Optional.empty();
        private Contract.Reply reply = new Contract.Reply(200, Contract.Kind.ENVELOPE, Schemas.object(), "application/json");
        private final Set<Integer> errors = new LinkedHashSet<>();
        private final List<Contract.Param> query = new ArrayList<>();
        private Optional<Predicate<ContentType>> perType = Optional.empty();

        private Route(Listener listener, Method method, String path, Handler handler, String origin) {
            this.listener = listener;
            this.method = method;
            this.path = path;
            this.handler = handler;
            this.origin = origin;
            this.access = Access.open();
        }

        /**
         * @param permission what an admin caller's role needs
         * @return this route
         */
        public Route needs(Permission permission) {
            this.access = Access.admin(permission);
            return this;
        }

        /**
         * @param access who may call it
         * @return this route
         */
        public Route access(Access access) {
            this.access = access;
            return this;
        }

        /**
         * An admin route anyone may call because it is how staff sign in: it checks its callers itself (password,
         * refresh cookie, CSRF header). Every other admin route must name what it needs.
         *
         * @return this route
         */
        public Route opensSession() {
            this.access = Access.open();
            this.opensSession = true;
            return this;
        }

        /** @return this route, for signed-in members only */
        public Route member() {
            this.access = Access.member();
            return this;
        }

        /**
         * @param operationId unique name for generated clients
         * @param summary     one line for people
         * @return this route
         */
        public Route doc(String operationId, String summary) {
            this.operationId = operationId;
            this.summary = summary;
            return this;
        }

        /**
         * @param tag the group it is listed under
         * @return this route
         */
        public Route tag(String tag) {
            this.tag = tag;
            return this;
        }

        /**
         * @param schema its JSON body
         * @return this route
         */
        public Route body(JsonObject schema) {
            this.request = Optional.of(new Contract.Body("application/json", schema));
            return this;
        }

        /**
         * @param mediaType its media type (a beacon sends JSON as text/plain)
         * @param schema    its schema
         * @return this route
         */
        public Route body(String mediaType, JsonObject schema) {
            this.request = Optional.of(new Contract.Body(mediaType, schema));
            return this;
        }

        /**
         * @param schema its multipart body
         * @return this route
         */
        public Route upload(JsonObject schema) {
            this.request = Optional.of(new Contract.Body("multipart/form-data", schema));
            return this;
        }

        /**
         * @param status its success status
         * @param data   the schema of {@code data} in the envelope
         * @return this route
         */
        public Route returns(int status, JsonObject data) {
            this.reply = new Contract.Reply(status, Contract.Kind.ENVELOPE, data, "application/json");
            return this;
        }

        /**
         * @param data the schema of {@code data} in the envelope (200)
         * @return this route
         */
        public Route returns(JsonObject data) {
            return returns(200, data);
        }

        /**
         * @param item the schema of one item of the page
         * @return this route
         */
        public Route page(JsonObject item) {
            this.reply = new Contract.Reply(200, Contract.Kind.PAGE, Schemas.arrayOf(item), "application/json");
            return this;
        }

        /** @return this route, answering 204 without a body */
        public Route noContent() {
            return empty(204);
        }

        /**
         * @param status its success status
         * @return this route, answering that status without a body
         */
        public Route empty(int status) {
            this.reply = new Contract.Reply(status, Contract.Kind.EMPTY, Schemas.object(), "");
            return this;
        }

        /**
         * @param mediaType the body's media type
         * @param schema    the body's schema
         * @return this route, answering something other than the envelope
         */
        public Route raw(String mediaType, JsonObject schema) {
            this.reply = new Contract.Reply(200, Contract.Kind.RAW, schema, mediaType);
            return this;
        }

        /**
         * @param statuses error statuses besides those implied by access, path and body
         * @return this route
         */
        public Route errors(int... statuses) {
            for (int s : statuses) {
                errors.add(s);
            }
            return this;
        }

        /**
         * @param name        a query parameter
         * @param type        its JSON-schema type
         * @param description what it does
         * @return this route
         */
        public Route query(String name, String type, String description) {
            query.add(new Contract.Param(name, Schemas.type(type), description));
            return this;
        }

        /**
         * @param which the content types to document it for (its {@code {type}} parameter stands for each)
         * @return this route
         */
        public Route perType(Predicate<ContentType> which) {
            this.perType = Optional.of(which);
            return this;
        }

        private Mount mount() {
            if (operationId == null) {
                throw new IllegalStateException("route " + method.text() + " " + path + " has no operation id");
            }
            String group = tag != null ? tag : new Mount(listener, method, path, access, handler, null, origin).resource()
                    .replaceAll(".*/", "");
            return new Mount(listener, method, path, access, handler,
                             new Contract(summary, operationId, group, request, reply, Set.copyOf(errors), List.copyOf(query),
                                          perType), origin);
        }
    }
}

package org.bitwreckers.cms.spi;

import java.util.Set;

/**
 * Route declarations. Paths are absolute ({@code /api/v1/...} or {@code /admin/v1/...}) and may hold
 * {@code {name}} parameters. A path another route already uses is refused at start, and the plugin is reported
 * as failed.
 *
 * @since 0.1
 */
public interface Routes {
    /** HTTP methods plugins may use. */
    enum Method { GET, POST, PUT, PATCH, DELETE }

    /**
     * A public delivery route. Writes (every method but GET) count against the public form rate limit.
     *
     * @param method  HTTP method
     * @param path    {@code /api/v1/...}
     * @param handler what answers it
     * @since 0.1
     */
    void delivery(Method method, String path, RouteHandler handler);

    /**
     * An admin route for signed-in users of the given roles ({@code admin} always may) and full-scope API tokens.
     *
     * @param method  HTTP method
     * @param path    {@code /admin/v1/...}
     * @param roles   roles that may call it
     * @param handler what answers it
     * @since 0.1
     */
    void admin(Method method, String path, Set<String> roles, RouteHandler handler);
}

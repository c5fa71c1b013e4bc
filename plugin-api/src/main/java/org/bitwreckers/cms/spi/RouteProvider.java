package org.bitwreckers.cms.spi;

import org.pf4j.ExtensionPoint;

/**
 * Adds HTTP routes to the delivery API (public, under {@code /api/v1}) or the admin API (under {@code /admin/v1},
 * for the roles each route names). Handlers see plain requests and return plain replies; the platform does JSON,
 * the response envelope, authentication and error answers.
 *
 * @since 0.1
 */
public interface RouteProvider extends ExtensionPoint {
    /**
     * @param routes where to declare the routes
     * @since 0.1
     */
    void routes(Routes routes);
}

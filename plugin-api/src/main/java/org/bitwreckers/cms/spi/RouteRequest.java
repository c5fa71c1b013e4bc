package org.bitwreckers.cms.spi;

import java.util.Map;
import java.util.Optional;

/**
 * A request to a plugin route.
 *
 * @since 0.1
 */
public interface RouteRequest {
    /**
     * @param name a {@code {name}} of the route's path
     * @return its value
     * @since 0.1
     */
    String pathParam(String name);

    /**
     * @param name a path parameter that must be a positive whole number
     * @return its value
     * @throws Refusal 404 when it is not one
     * @since 0.1
     */
    long idParam(String name);

    /**
     * @param name query parameter
     * @return its first value
     * @since 0.1
     */
    Optional<String> query(String name);

    /**
     * @return the JSON object body as JSON-like values; empty when there is no body
     * @throws Refusal 400 when the body is not a JSON object
     * @since 0.1
     */
    Map<String, Object> body();

    /**
     * @return the signed-in user, if the request carries a valid access token
     * @since 0.1
     */
    Optional<CurrentUser> user();

    /**
     * @return the signed-in user
     * @throws Refusal when nobody is signed in (answered as 401)
     * @since 0.1
     */
    CurrentUser requireUser();

    /**
     * @return who calls: {@code user:<id>}, {@code token:<name>} or {@code public}
     * @since 0.1
     */
    String actor();
}

package org.bitwreckers.cms.spi;

/**
 * Answers one plugin route.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RouteHandler {
    /**
     * @param request  the request
     * @param services the platform's services
     * @return the reply (wrapped in the response envelope)
     * @throws Refusal for answers in the 4xx range
     * @since 0.1
     */
    Reply handle(RouteRequest request, PluginServices services);
}

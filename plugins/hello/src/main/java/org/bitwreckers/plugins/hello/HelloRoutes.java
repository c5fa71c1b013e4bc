package org.bitwreckers.plugins.hello;

import java.util.Map;

import org.pf4j.Extension;

import org.bitwreckers.cms.spi.Reply;
import org.bitwreckers.cms.spi.RouteProvider;
import org.bitwreckers.cms.spi.Routes;

/** GET /api/v1/hello?name=Ada answers a greeting: a plugin route in a few lines. */
@Extension
public final class HelloRoutes implements RouteProvider {
    @Override
    public void routes(Routes routes) {
        routes.delivery(Routes.Method.GET, "/api/v1/hello", (request, services) -> {
            String name = request.query("name").map(String::strip).filter(n -> !n.isEmpty()).orElse("world");
            String greeting = services.config().get("greeting").orElse("Hello");
            return Reply.ok(Map.of("greeting", greeting + ", " + name + "!"));
        });
    }
}

package org.bitwreckers.cms.core.plugin;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.bitwreckers.cms.spi.RouteHandler;
import org.bitwreckers.cms.spi.Routes;

/**
 * A route a plugin declared.
 *
 * @param plugin  the plugin it belongs to
 * @param method  HTTP method
 * @param path    path with {@code {name}} parameters
 * @param roles   for admin routes, the roles that may call it; empty for delivery routes
 * @param handler what answers it
 */
public record PluginRoute(LoadedPlugin plugin, Routes.Method method, String path, Optional<Set<String>> roles,
                          RouteHandler handler) {
    private static final Pattern PARAM = Pattern.compile("\\{[a-zA-Z][a-zA-Z0-9_]*}");

    /** @return whether this is an admin route */
    public boolean admin() {
        return roles.isPresent();
    }

    /** @return the path with every parameter replaced by {@code {}}, to compare routes */
    String shape() {
        return PARAM.matcher(path).replaceAll("{}");
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}

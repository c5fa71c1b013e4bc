package org.bitwreckers.cms.http.route;

/** A plugin declared a route where the platform already answers. */
public final class PluginRouteException extends IllegalStateException {
    private final String plugin;

    /**
     * @param plugin the plugin's id
     * @param reason what is wrong
     */
    public PluginRouteException(String plugin, String reason) {
        super("plugin " + plugin + " " + reason);
        this.plugin = plugin;
    }

    /** @return the plugin's id */
    public String plugin() {
        return plugin;
    }
}

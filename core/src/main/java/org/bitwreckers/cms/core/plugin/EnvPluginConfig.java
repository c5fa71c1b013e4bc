package org.bitwreckers.cms.core.plugin;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.bitwreckers.cms.spi.PluginConfig;

/** A plugin's settings from PLUGIN_&lt;ID&gt;_&lt;KEY&gt; environment variables. */
final class EnvPluginConfig implements PluginConfig {
    private final String pluginId;
    private final Map<String, String> values;

    EnvPluginConfig(String pluginId, Map<String, String> values) {
        this.pluginId = pluginId;
        this.values = values;
    }

    /**
     * @param pluginId plugin id
     * @param key      setting key
     * @return the environment variable that holds it
     */
    static String variable(String pluginId, String key) {
        return ("PLUGIN_" + pluginId + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(variable(pluginId, key))).map(String::strip).filter(v -> !v.isEmpty());
    }

    @Override
    public long number(String key, long fallback) {
        Optional<String> raw = get(key);
        try {
            return raw.map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable(pluginId, key) + " must be a whole number (got '" + raw.get() + "')");
        }
    }
}

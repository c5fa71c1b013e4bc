package org.bitwreckers.cms.spi;

import java.util.Optional;

/**
 * A plugin's settings: key {@code reminder-hours} of plugin {@code event-registration} is read from the environment
 * variable {@code PLUGIN_EVENT_REGISTRATION_REMINDER_HOURS}.
 *
 * @since 0.1
 */
public interface PluginConfig {
    /**
     * @param key setting key ({@code [a-z0-9-]+})
     * @return its value
     * @since 0.1
     */
    Optional<String> get(String key);

    /**
     * @param key      setting key
     * @param fallback value when unset
     * @return its whole-number value
     * @throws IllegalArgumentException naming the variable when it is not a whole number
     * @since 0.1
     */
    long number(String key, long fallback);
}

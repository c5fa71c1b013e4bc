package org.bitwreckers.cms.spi;

import java.time.Duration;

import org.pf4j.ExtensionPoint;

/**
 * Work a plugin wants done every so often (reminders, clean-ups). Each occurrence runs once across all server nodes
 * as a job of the platform's queue, so it retries on failure and survives restarts. Tasks must be idempotent.
 *
 * @since 0.1
 */
public interface ScheduledTask extends ExtensionPoint {
    /**
     * @return a name unique within the plugin ({@code [a-z0-9-]+})
     * @since 0.1
     */
    String name();

    /**
     * @param config the plugin's settings (so operators can tune the interval)
     * @return time between runs (at least one second)
     * @since 0.1
     */
    Duration interval(PluginConfig config);

    /**
     * @param services the platform's services
     * @throws Exception to have the run retried with back-off
     * @since 0.1
     */
    void run(PluginServices services) throws Exception;
}

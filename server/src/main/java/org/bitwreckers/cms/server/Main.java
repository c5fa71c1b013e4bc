package org.bitwreckers.cms.server;

import java.util.logging.Logger;

import io.helidon.logging.common.LogConfig;

import org.bitwreckers.cms.core.config.Settings;
import org.bitwreckers.cms.core.config.SettingsException;
import org.bitwreckers.cms.core.config.SettingsLoader;
import org.bitwreckers.cms.core.content.DescriptorException;
import org.bitwreckers.cms.core.db.DatabaseUnreachableException;
import org.bitwreckers.cms.core.plugin.PluginStartException;
import org.bitwreckers.cms.core.seed.SeedException;
import org.bitwreckers.cms.server.observe.LogSetup;

/**
 * Starts the platform from the environment. Start-up problems an operator can fix (settings, descriptors,
 * database, demo content) end the process with one clear line and exit code 1, never a stack trace.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /**
     * @param args ignored; configuration comes from the environment and config/
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        try {
            LogSetup.configure(System.getenv()); // JSON lines unless LOG_FORMAT=plain; LOG_LEVEL
            Settings settings = SettingsLoader.load(System.getenv());
            LOG.info("Starting with " + settings);
            Platform platform = Platform.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "shutdown"));
        } catch (SettingsException | DescriptorException | DatabaseUnreachableException | SeedException
                 | PluginStartException e) {
            System.err.println("bitwreckers: cannot start: " + e.getMessage());
            System.exit(1);
        }
    }
}

package org.bitwreckers.cms.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

import org.bitwreckers.cms.core.plugin.PluginHost;

/** {@code --version}: the build's version (written into the jar by Maven) and the plugin API level. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        return new String[] {"bitwreckers " + of(), "plugin API " + PluginHost.PLATFORM_VERSION,
                             "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    /** @return the version of this build */
    static String of() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return p.getProperty("version", "unknown");
    }
}

package org.bitwreckers.cms.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The platform's release version, as Maven recorded it in the core jar ("development" when run from classes). */
public final class PlatformVersion {
    private static final String POM = "/META-INF/maven/org.bitwreckers.cms/bitwreckers-core/pom.properties";

    private PlatformVersion() {
    }

    /** @return the version, for example 0.1.0 */
    public static String current() {
        try (InputStream in = PlatformVersion.class.getResourceAsStream(POM)) {
            if (in == null) {
                return "development";
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }
}

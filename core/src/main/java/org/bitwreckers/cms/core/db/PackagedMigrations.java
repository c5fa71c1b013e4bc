package org.bitwreckers.cms.core.db;

import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions of the migrations a class loader holds under {@code db/migration} (the folder Flyway reads), found by
 * listing that folder in each jar or directory: at start this answers "is the schema current?" without Flyway's own
 * class-path scan and checks, a quarter of a second on every start of an up-to-date node.
 */
final class PackagedMigrations {
    static final String FOLDER = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__[^/]+\\.sql");

    private PackagedMigrations() {
    }

    /**
     * @param loader where Flyway would look
     * @return the versions ("1", "30"); empty when a location cannot be listed (then only Flyway can tell)
     */
    static Optional<Set<String>> versions(ClassLoader loader) {
        Set<String> versions = new HashSet<>();
        try {
            Enumeration<URL> locations = loader.getResources(FOLDER);
            while (locations.hasMoreElements()) {
                URL location = locations.nextElement();
                switch (location.getProtocol()) {
                    case "jar" -> fromJar(location, versions);
                    case "file" -> fromFolder(new File(location.toURI()), versions);
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions);
    }

    private static void fromJar(URL location, Set<String> versions) throws IOException {
        JarURLConnection connection = (JarURLConnection) location.openConnection();
        connection.setUseCaches(false); // a cached JarFile would be shared with, and closed under, the class loader
        try (JarFile jar = connection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(FOLDER + "/")) {
                    add(name.substring(FOLDER.length() + 1), versions);
                }
            }
        }
    }

    private static void fromFolder(File folder, Set<String> versions) {
        String[] names = folder.list();
        if (names != null) {
            for (String name : names) {
                add(name, versions);
            }
        }
    }

    private static void add(String fileName, Set<String> versions) {
        Matcher m = VERSIONED.matcher(fileName);
        if (m.matches()) {
            versions.add(m.group(1).replace('_', '.')); // Flyway writes V1_1 as version 1.1
        }
    }
}

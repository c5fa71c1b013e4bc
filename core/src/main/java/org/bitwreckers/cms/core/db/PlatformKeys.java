package org.bitwreckers.cms.core.db;

import java.security.SecureRandom;
import java.util.Base64;

import io.helidon.dbclient.DbClient;

/**
 * Keys the platform makes for itself and keeps in the database, so every node uses the same one and a restart keeps
 * it. Only for development: production requires SECRET_KEY.
 */
public final class PlatformKeys {
    private static final String DEVELOPMENT_SIGNING_KEY = "development-signing-key";

    private PlatformKeys() {
    }

    /**
     * The signing key used when SECRET_KEY is not set: made at random by the first node that needs it.
     *
     * @param db database client
     * @return the key
     */
    public static String developmentSigningKey(DbClient db) {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        // two nodes starting at once: the first insert wins and both read it back
        db.execute().dml("INSERT INTO platform_keys (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                         DEVELOPMENT_SIGNING_KEY, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        return db.execute().get("SELECT value FROM platform_keys WHERE name = ?", DEVELOPMENT_SIGNING_KEY).orElseThrow()
                .column("value").get(String.class);
    }
}

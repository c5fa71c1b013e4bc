package org.bitwreckers.cms.core.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, empty PostgreSQL database on the local server (127.0.0.1:5432 unless TEST_PG_HOST_PORT says otherwise)
 * with a small pool on it, dropped on close: by a test class that registers it as an extension
 * ({@code @RegisterExtension static final ScratchDatabase DATABASE = new ScratchDatabase();}) after its tests.
 */
public final class ScratchDatabase implements AutoCloseable, AfterAllCallback {
    private static final String SERVER = System.getenv().getOrDefault("TEST_PG_HOST_PORT", "127.0.0.1:5432");
    private static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private final String name = "bw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final DatabaseUrl url;
    private final DbClient db;

    /** Creates the database (empty: {@link Database#migrate} brings it up to date). */
    public ScratchDatabase() {
        url = DatabaseUrl.parse("postgresql://" + USER + "@" + SERVER + "/" + name);
        Database.ensureExists(url);
        db = Database.connect(url, 3);
    }

    /** @return where it is */
    public DatabaseUrl url() {
        return url;
    }

    /** @return a small pool on it */
    public DbClient client() {
        return db;
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        close();
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}

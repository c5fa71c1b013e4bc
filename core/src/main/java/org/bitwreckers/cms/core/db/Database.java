package org.bitwreckers.cms.core.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.dbclient.DbClient;

import org.bitwreckers.cms.core.config.DatabaseUrl;
import org.flywaydb.core.Flyway;

/**
 * Brings the database up to date before anything uses it: creates it if missing, runs Flyway, opens the pool.
 */
public final class Database {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    /**
     * How long a request waits for a pooled connection before it is answered 503 (Hikari's default is 30 s): long
     * enough for a burst queued on one hot row (200 sign-ups for the last seats of an event), bounded for a request
     * caught in flight by an outage. Once the outage is known ({@link DatabaseReach}) requests do not wait at all.
     */
    private static final long POOL_WAIT_MILLIS = 10_000;

    private Database() {
    }

    /**
     * Creates the database named in the URL when it does not exist yet.
     *
     * @param url DATABASE_URL
     * @throws DatabaseUnreachableException when the server cannot be reached or refuses us
     */
    public static void ensureExists(DatabaseUrl url) {
        try (Connection c = DriverManager.getConnection(url.jdbcUrlOf("postgres"), properties(url));
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, url.database());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                // CREATE DATABASE takes no bind parameters; the name was checked against a strict pattern when parsed.
                create.execute("CREATE DATABASE \"" + url.database() + "\"");
                LOG.info("Created database " + url.database());
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // another node created it at the same moment
            }
            throw unreachable(url, e);
        }
    }

    /**
     * What a starting node runs: {@link #migrate} unless the schema history already holds every packaged migration,
     * applied successfully. Flyway's class-path scan and checks then find nothing to do, and take a quarter of a
     * second of every start; the explicit {@code migrate} command and restores still run them, checksums included.
     *
     * @param url DATABASE_URL
     * @return the migrations applied now (none when the schema was up to date)
     */
    public static int bringUpToDate(DatabaseUrl url) {
        Optional<Set<String>> packaged = PackagedMigrations.versions(Database.class.getClassLoader());
        if (packaged.isPresent() && holdsAll(url, packaged.get())) {
            return 0;
        }
        return migrate(url);
    }

    /** Whether the schema history lists every one of these versions as applied and no migration as failed. */
    static boolean holdsAll(DatabaseUrl url, Set<String> versions) {
        try (Connection c = open(url);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history"
                                                   + " WHERE version IS NOT NULL")) {
            Set<String> applied = new HashSet<>();
            while (rs.next()) {
                if (!rs.getBoolean("success")) {
                    return false; // Flyway reports (or repairs) a failed migration
                }
                applied.add(rs.getString("version"));
            }
            return applied.containsAll(versions);
        } catch (SQLException e) {
            return false; // no history yet (a new database), or unreachable: Flyway says which
        }
    }

    /**
     * Applies the Flyway migrations packaged in core.
     *
     * @param url DATABASE_URL
     * @return the migrations applied now (none when the schema was up to date)
     */
    public static int migrate(DatabaseUrl url) {
        try {
            return Flyway.configure()
                    .dataSource(url.jdbcUrl(), url.user(), url.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate().migrationsExecuted;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof SQLException sql) {
                throw unreachable(url, sql);
            }
            throw e;
        }
    }

    /** What a pool's sessions may do, and how PostgreSQL plans their statements. */
    public enum Sessions {
        /** Reads and writes; each statement planned for its values (PostgreSQL's default). */
        READ_WRITE("bitwreckers", ""),
        /** Reads and writes of the job workers (see {@link PoolByThread}); each statement planned for its values. */
        JOBS("bitwreckers-jobs", ""),
        /**
         * Reads only, for the published content's lists and items. A transaction that tries to write fails. Each
         * statement is planned once per connection for any values and the plan kept ({@code plan_cache_mode}): the
         * statements are few and shaped by the content types, and planning against every index of {@code documents}
         * cost twice their execution (see docs/performance.md). The JDBC driver makes a statement server-side after
         * its fifth use on a connection; from then on it is only bound and run. Sorting is left to plans that cannot
         * do without it ({@code enable_sort}): the pool reads only lists known to match many documents, whose page is
         * best read from the sort order's index, and PostgreSQL, taking a document's type and whether it is published
         * for independent, expects a handful of matches once drafts of another type (form submissions) outnumber the
         * type's published documents, and would read and sort every match instead. A plan that must sort is then
         * costed as enormous, which would have PostgreSQL compile it to machine code on every run (350 ms a list): no
         * statement of this pool reads enough rows to gain from that ({@code jit}).
         */
        READ_ONLY("bitwreckers-reads", "SET default_transaction_read_only = on;"
                + " SET plan_cache_mode = force_generic_plan; SET enable_sort = off; SET jit = off");

        private final String poolName;
        /** Run once on each new connection (a statement, not a startup option, so PgBouncer passes it on). */
        private final String setUp;

        Sessions(String poolName, String setUp) {
            this.poolName = poolName;
            this.setUp = setUp;
        }

        /** @return the statements each new connection of the pool runs first (empty for none) */
        public String setUp() {
            return setUp;
        }
    }

    /**
     * Opens the pooled Helidon DbClient on the database.
     *
     * @param url      DATABASE_URL
     * @param poolSize largest number of connections
     * @return the client
     */
    public static DbClient connect(DatabaseUrl url, int poolSize) {
        return connect(url, Sessions.READ_WRITE, poolSize, Map.of());
    }

    /**
     * Opens a pooled Helidon DbClient on the database, with more of Hikari's settings.
     *
     * @param url        DATABASE_URL
     * @param sessions   what the pool's sessions may do
     * @param poolSize   largest number of connections
     * @param poolExtras more Hikari settings by name (such as {@code metricsTrackerFactory}, a class name)
     * @return the client
     */
    public static DbClient connect(DatabaseUrl url, Sessions sessions, int poolSize, Map<String, String> poolExtras) {
        Map<String, String> values = new HashMap<>();
        poolExtras.forEach((name, value) -> values.put("connection." + name, value));
        values.put("source", "jdbc");
        values.put("connection.url", url.jdbcUrl());
        values.put("connection.username", url.user());
        values.put("connection.password", url.password());
        values.put("connection.maximumPoolSize", Integer.toString(poolSize));
        values.put("connection.poolName", sessions.poolName);
        // with PostgreSQL down, callers give up instead of hanging; the pool reconnects by itself once it is back
        values.put("connection.connectionTimeout", Long.toString(POOL_WAIT_MILLIS));
        values.put("connection.validationTimeout", Long.toString(POOL_WAIT_MILLIS / 3));
        values.put("connection.dataSource.connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        values.put("connection.dataSource.tcpKeepAlive", "true");
        if (!sessions.setUp.isEmpty()) {
            values.put("connection.connectionInitSql", sessions.setUp);
        }
        return new CheapStatementNames(DbClient.create(Config.just(ConfigSources.create(values))));
    }

    /**
     * Opens a plain JDBC connection (for work outside the pool, e.g. LISTEN).
     *
     * @param url DATABASE_URL
     * @return a new connection
     * @throws SQLException when it cannot be opened
     */
    public static Connection open(DatabaseUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), properties(url));
    }

    private static Properties properties(DatabaseUrl url) {
        Properties p = new Properties();
        if (!url.user().isEmpty()) {
            p.setProperty("user", url.user());
        }
        if (!url.password().isEmpty()) {
            p.setProperty("password", url.password());
        }
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    private static DatabaseUnreachableException unreachable(DatabaseUrl url, SQLException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new DatabaseUnreachableException("Cannot use PostgreSQL at " + url.address() + " (from DATABASE_URL="
                                                        + url + "): " + reason, e);
    }
}

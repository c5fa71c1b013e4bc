package org.bitwreckers.cms.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

import org.bitwreckers.cms.core.db.Database;

/**
 * A fresh PostgreSQL database per test class on the local server (127.0.0.1:5432 unless TEST_PG_HOST_PORT says
 * otherwise), dropped afterwards.
 */
final class TestDatabase implements AutoCloseable {
    static final String SERVER = System.getenv().getOrDefault("TEST_PG_HOST_PORT", "127.0.0.1:5432");
    static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private final String name = "bw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** @return DATABASE_URL of this test database (created on first start of the platform) */
    String name() {
        return name;
    }

    String url() {
        return "postgresql://" + USER + "@" + SERVER + "/" + name;
    }

    /**
     * @param sql a query returning one number
     * @return the number
     */
    long number(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + name, USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param sql a query returning one number per row
     * @return the numbers
     */
    List<Long> numbers(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + name, USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Long> numbers = new ArrayList<>();
            while (rs.next()) {
                numbers.add(rs.getLong(1));
            }
            return numbers;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param sql a query returning one text value
     * @return the text
     */
    String text(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + name, USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param sql a statement without results run on the server's own {@code postgres} database (roles, databases)
     */
    static void onServer(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param sql a statement without results (DDL, ANALYZE)
     */
    void execute(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + name, USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param sql    a statement with ? placeholders
     * @param params its parameters
     * @return PostgreSQL's plan for it, with sequential scans discouraged (the test table is tiny)
     */
    String explain(String sql, List<Object> params) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + name, USER, "")) {
            try (Statement s = c.createStatement()) {
                s.execute("SET enable_seqscan = off");
            }
            try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < params.size(); i++) {
                    p.setObject(i + 1, params.get(i));
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param sql    a query with ? placeholders
     * @param params its parameters
     * @return the plan PostgreSQL ran, with actual row counts and each node's output (EXPLAIN ANALYZE, VERBOSE, JSON)
     */
    String explainAnalyze(String sql, List<Object> params) {
        return explainAnalyzeWithout(List.of(), sql, params);
    }

    /**
     * The plan PostgreSQL runs where these indexes do not exist: they are dropped in a transaction that is rolled
     * back afterwards (other sessions writing their table wait meanwhile).
     *
     * @param indexes names of indexes to leave out
     * @param sql     a query with ? placeholders
     * @param params  its parameters
     * @return the plan, as {@link #explainAnalyze}
     */
    String explainAnalyzeWithout(List<String> indexes, String sql, List<Object> params) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + name, USER, "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String index : indexes) {
                    s.execute("DROP INDEX " + index);
                }
            }
            try (PreparedStatement p = c.prepareStatement("EXPLAIN (ANALYZE, VERBOSE, BUFFERS, FORMAT JSON) " + sql)) {
                for (int i = 0; i < params.size(); i++) {
                    p.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The plan a session of the read pool runs once a statement is prepared: PostgreSQL's generic plan, made without
     * the values (they are given at EXECUTE, written as quoted literals: test values only).
     *
     * @param sql    a query with ? placeholders (none inside its string constants)
     * @param params its parameters
     * @return the plan PostgreSQL ran, as {@link #explainAnalyze}
     */
    String explainAnalyzeGeneric(String sql, List<Object> params) {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        StringJoiner values = new StringJoiner(", ", "(", ")");
        params.forEach(v -> values.add(v == null ? "NULL" : "'" + String.valueOf(v).replace("'", "''") + "'"));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/" + name, USER, "");
             Statement s = c.createStatement()) {
            s.execute(Database.Sessions.READ_ONLY.setUp()); // planned as the read pool plans
            s.execute("PREPARE page AS " + numbered);
            try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) EXECUTE page"
                                                       + (params.isEmpty() ? "" : values.toString()))) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

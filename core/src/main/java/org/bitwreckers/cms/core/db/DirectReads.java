package org.bitwreckers.cms.core.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;

/**
 * Read statements run on a pooled JDBC connection directly, for the delivery's hot reads (pages, items, populated
 * relations). Helidon's client makes a row object for every row, reading every column's metadata and looking up a
 * mapper for every value: a tenth of an uncached list's server time. Failures come out as the client's do (a
 * {@link DbClientException} caused by the driver's), so an unreachable database still answers 503.
 */
public final class DirectReads {
    /** Reads what is wanted of the row the result set is on. */
    @FunctionalInterface
    public interface RowReader<T> {
        /**
         * @param row the result set, on a row
         * @return what the row gives
         * @throws SQLException when a column cannot be read
         */
        T read(ResultSet row) throws SQLException;
    }

    private DirectReads() {
    }

    /**
     * @param client a pool (its connection is taken for the statement and given back)
     * @param sql    the statement, with {@code ?} for each parameter
     * @param params the values, bound in order (text, whole numbers, decimals, booleans)
     * @param reader what each row gives
     * @param <T>    what a row gives
     * @return what the rows gave, in order
     * @throws DbClientException when the statement cannot run
     */
    public static <T> List<T> query(DbClient client, String sql, List<Object> params, RowReader<T> reader) {
        try (Connection connection = client.unwrap(Connection.class);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                bind(statement, i + 1, params.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(reader.read(rows));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new DbClientException("A read statement failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case String text -> statement.setString(index, text);
            case Long number -> statement.setLong(index, number);
            case Integer number -> statement.setInt(index, number);
            case BigDecimal number -> statement.setBigDecimal(index, number);
            case Boolean bool -> statement.setBoolean(index, bool);
            case null, default -> statement.setObject(index, value);
        }
    }
}

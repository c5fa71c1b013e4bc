package org.bitwreckers.cms.core.analytics;

import java.util.ArrayList;
import java.util.List;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/** Runs a report query and keeps its rows as a {@link Table} with the columns named. */
final class Rows {
    private Rows() {
    }

    static Table query(DbClient db, List<String> columns, String sql, Object... params) {
        List<List<Object>> rows = db.execute().query(sql, params).map(row -> values(row, columns)).toList();
        return new Table(columns, rows);
    }

    private static List<Object> values(DbRow row, List<String> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (String c : columns) {
            values.add(row.column(c).get(Object.class)); // null stays null (asOptional() throws on it)
        }
        return values;
    }
}

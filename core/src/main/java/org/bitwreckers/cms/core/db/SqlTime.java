package org.bitwreckers.cms.core.db;

/**
 * How every answer writes a point in time: ISO 8601 in UTC with milliseconds ({@code 2026-01-31T09:05:00.123Z}),
 * formatted by PostgreSQL inside the query that builds the JSON.
 */
public final class SqlTime {
    private static final String ISO = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

    private SqlTime() {
    }

    /**
     * @param expression a SQL expression of type timestamptz (a column, usually)
     * @return a SQL expression for its ISO text, NULL when it is NULL
     */
    public static String iso(String expression) {
        return ISO.formatted(expression);
    }
}

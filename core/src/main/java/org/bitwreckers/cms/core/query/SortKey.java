package org.bitwreckers.cms.core.query;

/**
 * One key of a list's order, as written in SQL: the id always comes last and breaks ties, so the order is total and a
 * keyset cursor names exactly one position in it.
 *
 * @param expression the SQL expression sorted on (an indexed column or expression)
 * @param cast       the SQL type a cursor's value of this key is bound as ({@code bigint}, {@code timestamptz},
 *                   {@code numeric}, {@code boolean} or {@code text})
 * @param descending direction
 * @param nullable   whether the expression can be null
 * @param nullsLast  where nulls go in this order (only meaningful when nullable)
 */
public record SortKey(String expression, String cast, boolean descending, boolean nullable, boolean nullsLast) {

    /** @return the ORDER BY item; never-null keys carry no NULLS clause, so an index serves them in either direction */
    public String orderItem() {
        return expression + (descending ? " DESC" : " ASC") + (nullable ? nullsLast ? " NULLS LAST" : " NULLS FIRST" : "");
    }

    /** @return the same key in the opposite order (nulls move to the other end too), to read a page backwards */
    public SortKey reversed() {
        return new SortKey(expression, cast, !descending, nullable, !nullsLast);
    }

    /** @return SQL selecting the key's value as text, as a cursor carries it (times in UTC, to the microsecond) */
    public String valueText() {
        return cast.equals("timestamptz")
                ? "to_char(" + expression + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                : "(" + expression + ")::text";
    }
}

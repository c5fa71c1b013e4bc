package org.bitwreckers.cms.core.paging;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.helidon.dbclient.DbRow;

/**
 * Reads a page from rows that carry the item's JSON in {@code doc} and the total count in {@code total}
 * ({@code count(*) OVER ()}), the shape every list query here uses.
 */
public final class Pages {
    private Pages() {
    }

    /**
     * @param rows     the query's rows (closed here)
     * @param page     1-based page
     * @param pageSize page size
     * @return the page
     */
    public static Page read(Stream<DbRow> rows, int page, int pageSize) {
        List<String> docs = new ArrayList<>();
        long total = 0;
        try (rows) {
            for (DbRow row : (Iterable<DbRow>) rows::iterator) {
                docs.add(row.column("doc").get(String.class));
                total = row.column("total").get(Long.class);
            }
        }
        return new Page(docs, total, page, pageSize);
    }
}

package org.bitwreckers.cms.core.query;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, checked list query.
 *
 * @param filters  conditions, all of which must hold
 * @param sorts    sort keys in order (the id breaks ties)
 * @param page     1-based page number
 * @param pageSize documents per page
 * @param fields   selected data fields, empty for all
 * @param populate relations to populate
 * @param cursor   the keyset position the page starts from, instead of {@code page}
 */
public record ListQuery(List<Filter> filters, List<Sort> sorts, int page, int pageSize, Optional<List<String>> fields,
                        Populate populate, Optional<Cursor> cursor) {
    /** Default page size. */
    public static final int DEFAULT_PAGE_SIZE = 25;
    /** Largest page size a caller may ask for. */
    public static final int MAX_PAGE_SIZE = 100;

    /**
     * A query paged by number.
     *
     * @param filters  conditions, all of which must hold
     * @param sorts    sort keys in order (the id breaks ties)
     * @param page     1-based page number
     * @param pageSize documents per page
     * @param fields   selected data fields, empty for all
     * @param populate relations to populate
     */
    public ListQuery(List<Filter> filters, List<Sort> sorts, int page, int pageSize, Optional<List<String>> fields,
                     Populate populate) {
        this(filters, sorts, page, pageSize, fields, populate, Optional.empty());
    }

    /** @return a query that only reads one document in full, without population */
    public static ListQuery shapeOnly() {
        return new ListQuery(List.of(), List.of(), 1, 1, Optional.empty(), new Populate(null, Map.of()));
    }

    /** @return rows skipped before this page (none when a cursor says where it starts) */
    public long offset() {
        return cursor.isPresent() ? 0 : (long) (page - 1) * pageSize;
    }
}

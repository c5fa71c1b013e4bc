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
 */
public record ListQuery(List<Filter> filters, List<Sort> sorts, int page, int pageSize, Optional<List<String>> fields,
                        Populate populate) {
    /** Default page size. */
    public static final int DEFAULT_PAGE_SIZE = 25;
    /** Largest page size a caller may ask for. */
    public static final int MAX_PAGE_SIZE = 100;

    /** @return a query that only reads one document in full, without population */
    public static ListQuery shapeOnly() {
        return new ListQuery(List.of(), List.of(), 1, 1, Optional.empty(), new Populate(null, Map.of()));
    }

    /** @return rows skipped before this page */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }
}

package org.bitwreckers.cms.core.paging;

import java.util.List;

/**
 * One page of documents as JSON texts, with pagination facts.
 *
 * @param documents  JSON text of each document, in order
 * @param total      matches across all pages, or a lower bound of them when not exact
 * @param page       1-based page number
 * @param pageSize   requested page size
 * @param totalExact whether {@code total} is exact (false when there were more matches than a list counts)
 */
public record Page(List<String> documents, long total, int page, int pageSize, boolean totalExact) {
    /**
     * A page with an exact total.
     *
     * @param documents JSON text of each document, in order
     * @param total     matches across all pages
     * @param page      1-based page number
     * @param pageSize  requested page size
     */
    public Page(List<String> documents, long total, int page, int pageSize) {
        this(documents, total, page, pageSize, true);
    }

    /** @return number of pages */
    public long pageCount() {
        return (total + pageSize - 1) / pageSize;
    }
}

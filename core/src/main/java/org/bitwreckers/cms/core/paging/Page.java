package org.bitwreckers.cms.core.paging;

import java.util.List;
import java.util.Optional;

/**
 * One page of documents as JSON texts, with pagination facts.
 *
 * @param documents  JSON text of each document, in order
 * @param total      matches across all pages, or a lower bound of them when not exact
 * @param page       1-based page number (0 when the page was read from a cursor: its number is not known)
 * @param pageSize   requested page size
 * @param totalExact whether {@code total} is exact (false when there were more matches than a list counts)
 * @param next       cursor of the page after this one, when there may be one
 * @param prev       cursor of the page before this one, when there is one
 */
public record Page(List<String> documents, long total, int page, int pageSize, boolean totalExact,
                   Optional<String> next, Optional<String> prev) {
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

    /**
     * A numbered page without cursors.
     *
     * @param documents  JSON text of each document, in order
     * @param total      matches across all pages, or a lower bound
     * @param page       1-based page number
     * @param pageSize   requested page size
     * @param totalExact whether {@code total} is exact
     */
    public Page(List<String> documents, long total, int page, int pageSize, boolean totalExact) {
        this(documents, total, page, pageSize, totalExact, Optional.empty(), Optional.empty());
    }

    /** @return number of pages */
    public long pageCount() {
        return (total + pageSize - 1) / pageSize;
    }

    /**
     * @param replaced the same documents, changed (counts added, say)
     * @return this page with those documents
     */
    public Page withDocuments(List<String> replaced) {
        return new Page(replaced, total, page, pageSize, totalExact, next, prev);
    }
}

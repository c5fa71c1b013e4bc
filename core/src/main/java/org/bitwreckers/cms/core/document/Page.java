package org.bitwreckers.cms.core.document;

import java.util.List;

/**
 * One page of documents as JSON texts, with pagination facts.
 *
 * @param documents JSON text of each document, in order
 * @param total     matches across all pages
 * @param page      1-based page number
 * @param pageSize  requested page size
 */
public record Page(List<String> documents, long total, int page, int pageSize) {
    /** @return number of pages */
    public long pageCount() {
        return (total + pageSize - 1) / pageSize;
    }
}

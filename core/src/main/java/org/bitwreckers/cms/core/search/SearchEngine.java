package org.bitwreckers.cms.core.search;

import java.util.Map;
import java.util.Optional;

/**
 * Full-text search over documents. The embedded engine is PostgreSQL's; a cluster engine (Elasticsearch) can take
 * its place behind this interface and answer in the same shape.
 */
public interface SearchEngine {
    /** Which documents a search sees. */
    enum Scope {
        /** Published content (the delivery API). */
        PUBLISHED,
        /** Current drafts and submissions (staff). */
        DRAFT
    }

    /**
     * A search.
     *
     * @param text     the user's words (websearch syntax: "quoted phrases", or, -excluded)
     * @param scope    published or draft
     * @param type     only this type, if given
     * @param filters  field to the value it must equal (only with a type; fields checked against its descriptor)
     * @param page     1-based page
     * @param pageSize per page
     */
    record Query(String text, Scope scope, Optional<String> type, Map<String, String> filters, int page, int pageSize) {
    }

    /**
     * @param query the search
     * @return JSON: {@code {"results": [...], "total", "facets": {"type": count}}}
     */
    String search(Query query);

    /**
     * Brings one document's entries up to date (or removes them when it is gone).
     *
     * @param type content type name
     * @param id   document id
     */
    void reindex(String type, long id);

    /** Rebuilds every entry; searches keep answering from the old entries until the new ones are complete. */
    void rebuild();
}

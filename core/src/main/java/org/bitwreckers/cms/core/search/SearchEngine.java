package org.bitwreckers.cms.core.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Full-text search over documents. The embedded engine is PostgreSQL's; Elasticsearch takes its place when
 * configured, and answers in the same shape. Every engine checks queries with {@link CheckedQuery}.
 */
public interface SearchEngine extends AutoCloseable {
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
     * @return JSON: {@code {"results": [...], "total", "page", "pageSize", "facets": {"type": count}}}
     * @throws org.bitwreckers.cms.core.error.CmsException 400 for a bad query, 503 while the engine is unreachable
     */
    String search(Query query);

    /**
     * Brings one document's entries up to date (or removes them when it is gone).
     *
     * @param type content type name
     * @param id   document id
     */
    void reindex(String type, long id);

    /**
     * Brings the entries of many documents of one type up to date (a bulk import's index job). By default, one
     * {@link #reindex(String, long)} per document.
     *
     * @param type content type name
     * @param ids  document ids
     */
    default void reindex(String type, List<Long> ids) {
        ids.forEach(id -> reindex(type, id));
    }

    /**
     * Rebuilds every entry; searches keep answering from the old entries until the new ones are complete.
     *
     * @param progress told of the entries written, type by type
     */
    void rebuild(RebuildProgress progress);

    /**
     * Makes the index ready for the current content types (called at start, and when an unreachable engine is back).
     *
     * @return whether entries are missing or out of date, so a rebuild is due
     */
    boolean prepare();

    /**
     * @return whether a search run after {@link #reindex} returns sees that write, so answers may be cached until the
     *         next index change (a near-real-time engine shows writes only after its refresh interval)
     */
    default boolean seesItsWritesAtOnce() {
        return false;
    }

    /**
     * @param action what to run when the engine, having been unreachable, answers again; it is given the moment the
     *               engine stopped answering (engines that live in the database itself are never unreachable on
     *               their own and ignore it)
     */
    default void whenReachableAgain(Consumer<Instant> action) {
    }

    /**
     * Asked by the readiness check.
     *
     * @return why searches cannot be answered now, or empty when they can (engines that live in the database itself
     *         are never unreachable on their own)
     */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /** Releases connections to the engine, if it has its own. */
    @Override
    default void close() {
    }
}

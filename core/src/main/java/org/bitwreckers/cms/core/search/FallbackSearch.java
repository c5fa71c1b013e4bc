package org.bitwreckers.cms.core.search;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.List;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;

/**
 * A cluster engine with the embedded one kept beside it (SEARCH_FALLBACK=postgres): both are written, searches go to
 * the cluster and, while it cannot answer, to PostgreSQL.
 */
public final class FallbackSearch implements SearchEngine {
    private final SearchEngine primary;
    private final PostgresSearch fallback;

    /**
     * @param primary  the engine that answers while it can
     * @param fallback the embedded engine
     */
    public FallbackSearch(SearchEngine primary, PostgresSearch fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public String search(Query query) {
        try {
            return primary.search(query);
        } catch (CmsException e) {
            if (e.code() != ErrorCode.SERVICE_UNAVAILABLE) {
                throw e;
            }
            return fallback.search(query);
        }
    }

    @Override
    public void reindex(String type, long id) {
        fallback.reindex(type, id); // repeated harmlessly when the primary fails and the job retries
        primary.reindex(type, id);
    }

    @Override
    public void reindex(String type, List<Long> ids) {
        fallback.reindex(type, ids);
        primary.reindex(type, ids);
    }

    @Override
    public void rebuild(RebuildProgress progress) {
        fallback.rebuild(progress);
        primary.rebuild(progress);
    }

    /** The embedded entries are readied even while the cluster cannot be reached: they are what answers then. */
    @Override
    public boolean prepare() {
        boolean embedded = fallback.prepare();
        try {
            return primary.prepare() || embedded;
        } catch (CmsException e) {
            if (e.code() != ErrorCode.SERVICE_UNAVAILABLE) {
                throw e;
            }
            return embedded; // the cluster is readied when it is back
        }
    }

    @Override
    public void whenReachableAgain(Consumer<Instant> action) {
        primary.whenReachableAgain(action);
    }

    @Override
    public void close() {
        primary.close();
    }
}

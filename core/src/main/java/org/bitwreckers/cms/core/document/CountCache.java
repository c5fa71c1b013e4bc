package org.bitwreckers.cms.core.document;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.bitwreckers.cms.core.query.SqlQuery;

/**
 * Totals of published lists, kept per generation of the listed type: paging through a list, or asking for it again,
 * counts its matches once until a document of the type changes. A change makes the type's entries unreachable (the
 * generation is part of the key), exactly as for the response cache. Requests that need a total being counted wait
 * for that count: after a change, the list's concurrent requests count its matches once, not once each.
 */
final class CountCache {
    /** Entries kept at most; past it the cache starts over, which also drops unreachable old generations. */
    private static final int MAX_ENTRIES = 4096;

    private final ContentChanges changes;
    private final Map<String, CompletableFuture<Long>> totals = new ConcurrentHashMap<>();

    /**
     * @param changes generations of the types
     */
    CountCache(ContentChanges changes) {
        this.changes = changes;
    }

    /**
     * @param type  the listed type
     * @param count the counting statement
     * @param run   counts when the total is not known for the type's current generation
     * @return the total
     */
    long total(String type, SqlQuery count, LongSupplier run) {
        // the generation is read before counting: a change meanwhile leaves the total under an outdated key
        String key = type + "@" + changes.generation(type) + "\u0000" + count.sql() + "\u0000" + count.params();
        CompletableFuture<Long> known = totals.get(key);
        if (known == null) {
            if (totals.size() >= MAX_ENTRIES) {
                totals.clear();
            }
            CompletableFuture<Long> mine = new CompletableFuture<>();
            known = totals.putIfAbsent(key, mine);
            if (known == null) {
                return count(key, mine, run);
            }
        }
        try {
            return known.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e; // the counting request's own failure
        }
    }

    private long count(String key, CompletableFuture<Long> mine, LongSupplier run) {
        try {
            long total = run.getAsLong();
            mine.complete(total);
            return total;
        } catch (RuntimeException | Error e) {
            totals.remove(key, mine); // the next request counts again
            mine.completeExceptionally(e);
            throw e;
        }
    }
}

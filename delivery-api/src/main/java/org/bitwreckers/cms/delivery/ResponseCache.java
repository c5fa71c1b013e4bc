package org.bitwreckers.cms.delivery;

import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import org.bitwreckers.cms.http.EnvelopeBody;

/**
 * Delivery responses kept in memory, bounded in bytes: each entry weighs its key and its bodies (as it is and
 * gzip-compressed, made once when the entry is filled). Keys carry the generations of what a response read, so a
 * change makes its old entries unreachable (they age out or are evicted).
 */
public final class ResponseCache implements AutoCloseable {
    private static final Duration TIME_TO_LIVE = Duration.ofMinutes(10);
    /** Larger responses are served but not kept, so one answer cannot push out hundreds of others. */
    static final int MAX_CACHED_BYTES = 256 * 1024;
    /** The record, the key string and the arrays' headers, roughly. */
    private static final int ENTRY_OVERHEAD = 200;

    private final Cache<String, EnvelopeBody> cache;

    /**
     * @param maxBytes bytes kept at most (keys and bodies); 0 turns caching off
     */
    public ResponseCache(long maxBytes) {
        cache = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<String, EnvelopeBody>weigher((key, body) -> weight(key, body))
                .expireAfterWrite(TIME_TO_LIVE)
                .recordStats() // hits and misses for the metrics
                .build();
    }

    /**
     * @param key      response key (route, normalised query, generations)
     * @param envelope builds the envelope on a miss
     * @return the cached or fresh body (gzip is made only for a body that is kept)
     */
    public EnvelopeBody get(String key, Supplier<String> envelope) {
        if (cache == null) {
            return EnvelopeBody.of(envelope.get());
        }
        EnvelopeBody hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        EnvelopeBody fresh = EnvelopeBody.of(envelope.get());
        if (fresh.headLength() > MAX_CACHED_BYTES) {
            return fresh;
        }
        EnvelopeBody kept = fresh.withGzip();
        cache.put(key, kept);
        return kept;
    }

    /** @return the bytes the cache holds now, as it weighs them (after pending evictions) */
    long weight() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    /** @return what the cache has counted since it was made (all zero when caching is off) */
    public Stats stats() {
        if (cache == null) {
            return new Stats(0, 0, 0, 0, 0);
        }
        CacheStats s = cache.stats();
        return new Stats(s.hitCount(), s.missCount(), s.evictionCount(), cache.estimatedSize(), weight());
    }

    /**
     * What the cache has counted, for the metrics.
     *
     * @param hits      lookups answered from the cache
     * @param misses    lookups that built the answer
     * @param evictions entries pushed out by the size bound or expired
     * @param entries   entries now
     * @param bytes     bytes now, as the cache weighs them
     */
    public record Stats(long hits, long misses, long evictions, long entries, long bytes) {
    }

    static int weight(String key, EnvelopeBody body) {
        return 2 * key.length() + body.size() + ENTRY_OVERHEAD;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }
}

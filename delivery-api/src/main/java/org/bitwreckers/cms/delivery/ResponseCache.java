package org.bitwreckers.cms.delivery;

import java.time.Duration;
import java.util.function.Supplier;

import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;

/**
 * Delivery responses kept in Ehcache, byte for byte up to the envelope's timestamp, with their strong ETag. Keys carry the generations of the
 * content types a response read, so a change to a type makes its old entries unreachable (they age out).
 */
public final class ResponseCache implements AutoCloseable {
    /**
     * A cached response body.
     *
     * @param body the envelope's bytes up to its timestamp, which is added when it is sent
     * @param etag strong ETag of these bytes
     */
    public record Entry(byte[] body, String etag) {
    }

    private static final Duration TIME_TO_LIVE = Duration.ofMinutes(10);
    /** Larger responses are served but not kept, so the cache's memory stays bounded by entries x this size. */
    static final int MAX_CACHED_BYTES = 256 * 1024;

    private final CacheManager manager;
    private final Cache<String, Entry> cache;

    /**
     * @param maxEntries entries kept on the heap; 0 turns caching off
     */
    public ResponseCache(int maxEntries) {
        if (maxEntries <= 0) {
            manager = null;
            cache = null;
            return;
        }
        manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("delivery", CacheConfigurationBuilder
                        .newCacheConfigurationBuilder(String.class, Entry.class, ResourcePoolsBuilder.heap(maxEntries))
                        .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(TIME_TO_LIVE)))
                .build(true);
        cache = manager.getCache("delivery", String.class, Entry.class);
    }

    /**
     * @param key     response key (route, normalised query, generations)
     * @param compute builds the response on a miss
     * @return the cached or fresh entry
     */
    public Entry get(String key, Supplier<Entry> compute) {
        if (cache == null) {
            return compute.get();
        }
        Entry hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        Entry fresh = compute.get();
        if (fresh.body().length <= MAX_CACHED_BYTES) {
            cache.put(key, fresh);
        }
        return fresh;
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}

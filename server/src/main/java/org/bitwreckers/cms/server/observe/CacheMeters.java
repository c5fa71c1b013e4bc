package org.bitwreckers.cms.server.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.bitwreckers.cms.delivery.ResponseCache;

/** The delivery response cache under the names Micrometer's cache binders use ({@code cache_gets_total}...). */
public final class CacheMeters {
    private static final String CACHE = "delivery";

    private CacheMeters() {
    }

    /**
     * @param cache    the delivery response cache
     * @param registry where its meters go
     */
    public static void bind(ResponseCache cache, MeterRegistry registry) {
        FunctionCounter.builder("cache.gets", cache, c -> c.stats().hits()).tags("cache", CACHE, "result", "hit")
                .description("Delivery answers served from the cache").register(registry);
        FunctionCounter.builder("cache.gets", cache, c -> c.stats().misses()).tags("cache", CACHE, "result", "miss")
                .description("Delivery answers built because the cache did not have them").register(registry);
        FunctionCounter.builder("cache.evictions", cache, c -> c.stats().evictions()).tags("cache", CACHE)
                .description("Entries pushed out by the size bound or expired").register(registry);
        Gauge.builder("cache.size", cache, c -> c.stats().entries()).tags("cache", CACHE)
                .description("Entries in the cache").register(registry);
        Gauge.builder("bitwreckers.delivery.cache", cache, c -> c.stats().bytes()).baseUnit("bytes")
                .description("Bytes the delivery cache holds, as it weighs them (bounded by DELIVERY_CACHE_MB)")
                .register(registry);
    }
}

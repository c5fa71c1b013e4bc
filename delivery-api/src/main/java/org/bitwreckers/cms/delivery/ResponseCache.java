package org.bitwreckers.cms.delivery;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import org.bitwreckers.cms.http.EnvelopeBody;

/**
 * Delivery responses kept in memory, bounded in bytes: each entry weighs its key and its bodies (as it is, gzip- and
 * brotli-compressed, made once when the entry is filled). An answer is kept under its request's key with the
 * generations of what it read: a request that comes with other generations (something it reads changed) builds the
 * answer again, and the new one takes the old one's place. So the cache holds one answer per request, never the
 * outdated answers of every change (an editor publishing every few seconds made them, and they pushed current
 * answers of other requests out of the bound).
 *
 * <p>One request builds a missing answer; others asking for the same key meanwhile wait for it rather than each
 * reading the database again. Without that, a publish under load sent every waiting request of a popular list to
 * PostgreSQL at once (64 connections: 64 list queries, counts and compressions of one answer).
 */
public final class ResponseCache implements AutoCloseable {
    private static final Duration TIME_TO_LIVE = Duration.ofMinutes(10);
    /** Larger responses are served but not kept, so one answer cannot push out hundreds of others. */
    static final int MAX_CACHED_BYTES = 256 * 1024;
    /** The record, the key string and the arrays' headers, roughly. */
    private static final int ENTRY_OVERHEAD = 200;

    private final AsyncCache<String, EnvelopeBody> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param maxBytes bytes kept at most (keys and bodies); 0 turns caching off
     */
    public ResponseCache(long maxBytes) {
        cache = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<String, EnvelopeBody>weigher((key, body) -> weight(key, body))
                .expireAfterWrite(TIME_TO_LIVE)
                .recordStats() // evictions for the metrics
                .buildAsync();
    }

    /**
     * @param key         what was asked (route and normalised parameters)
     * @param generations the generations of everything the answer reads, now
     * @param envelope    builds the envelope on a miss; a failure reaches the requests that waited for it too
     * @return the cached or fresh body (compressed forms are made only for a body that is kept)
     */
    public EnvelopeBody get(String key, String generations, Supplier<String> envelope) {
        if (cache == null) {
            return EnvelopeBody.of(envelope.get());
        }
        ConcurrentMap<String, CompletableFuture<EnvelopeBody>> answers = cache.asMap();
        while (true) {
            CompletableFuture<EnvelopeBody> known = answers.get(key);
            if (known instanceof Answer answer && answer.generations.equals(generations)) {
                hits.increment(); // being built counts as a hit
                return join(known);
            }
            Answer mine = new Answer(generations);
            if (known == null ? answers.putIfAbsent(key, mine) == null : answers.replace(key, known, mine)) {
                misses.increment();
                return build(key, mine, envelope);
            } // another request placed its answer meanwhile: look again
        }
    }

    private static EnvelopeBody join(CompletableFuture<EnvelopeBody> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e; // the builder's own failure, as it threw it
        }
    }

    private EnvelopeBody build(String key, Answer mine, Supplier<String> envelope) {
        try {
            EnvelopeBody fresh = EnvelopeBody.of(envelope.get());
            if (fresh.headLength() > MAX_CACHED_BYTES) {
                mine.complete(fresh); // for the requests that waited
                cache.asMap().remove(key, mine);
                return fresh;
            }
            EnvelopeBody kept = fresh.compressed();
            mine.complete(kept);
            return kept;
        } catch (RuntimeException | Error e) {
            cache.asMap().remove(key, mine);
            mine.completeExceptionally(e); // nobody waits for ever
            throw e;
        }
    }

    /** @return the bytes the cache holds now, as it weighs them (after pending evictions) */
    long weight() {
        if (cache == null) {
            return 0;
        }
        cache.synchronous().cleanUp();
        return cache.synchronous().policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    /** @return what the cache has counted since it was made (all zero when caching is off) */
    public Stats stats() {
        if (cache == null) {
            return new Stats(0, 0, 0, 0, 0);
        }
        CacheStats s = cache.synchronous().stats();
        return new Stats(hits.sum(), misses.sum(), s.evictionCount(), cache.synchronous().estimatedSize(), weight());
    }

    /**
     * What the cache has counted, for the metrics.
     *
     * @param hits      lookups answered from the cache
     * @param misses    lookups that built the answer (none kept, or one for other generations)
     * @param evictions entries pushed out by the size bound or expired
     * @param entries   entries now
     * @param bytes     bytes now, as the cache weighs them
     */
    public record Stats(long hits, long misses, long evictions, long entries, long bytes) {
    }

    /** An answer being built or built, with the generations it was asked for. */
    private static final class Answer extends CompletableFuture<EnvelopeBody> {
        private final String generations;

        Answer(String generations) {
            this.generations = generations;
        }
    }

    static int weight(String key, EnvelopeBody body) {
        return 2 * key.length() + body.size() + ENTRY_OVERHEAD;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.synchronous().invalidateAll();
        }
    }
}

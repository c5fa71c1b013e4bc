package org.bitwreckers.cms.delivery;

import java.util.concurrent.atomic.AtomicInteger;

import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.EnvelopeBody;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;

class ResponseCacheTest {
    private static final long BOUND = 1024 * 1024;

    @Test
    void theCacheHoldsNoMoreBytesThanItsBound() {
        ResponseCache cache = new ResponseCache(BOUND);
        long offered = 0;
        for (int i = 0; i < 400; i++) {
            String key = "list|" + i;
            EnvelopeBody body = cache.get(key, () -> envelope(20_000, 7));
            offered += ResponseCache.weight(key, body);
            assertThat(cache.weight(), lessThanOrEqualTo(BOUND));
        }
        assertThat(offered, greaterThan(4 * BOUND)); // the bound was really reached
        assertThat(cache.weight(), greaterThan(BOUND / 2)); // and the cache is still used
    }

    @Test
    void keptAnswersAreCompressedOnceAndHitsReuseThem() {
        ResponseCache cache = new ResponseCache(BOUND);
        AtomicInteger built = new AtomicInteger();
        EnvelopeBody first = cache.get("k", () -> {
            built.incrementAndGet();
            return envelope(20_000, 1);
        });
        assertThat(first.gzipStart(), notNullValue());
        assertThat(cache.get("k", () -> envelope(built.incrementAndGet(), 1)), sameInstance(first));
        assertThat(built.get(), is(1));
        assertThat(cache.get("small", () -> envelope(100, 1)).gzipStart(), nullValue()); // not worth compressing
    }

    @Test
    void answersOverTheEntryLimitAndAnswersWithTheCacheOffAreServedUncompressedAndNotKept() {
        ResponseCache cache = new ResponseCache(BOUND);
        EnvelopeBody huge = cache.get("huge", () -> envelope(ResponseCache.MAX_CACHED_BYTES + 1, 1));
        assertThat(huge.gzipStart(), nullValue());
        assertThat(cache.weight(), is(0L));
        ResponseCache off = new ResponseCache(0);
        assertThat(off.get("k", () -> envelope(20_000, 1)).gzipStart(), nullValue());
        assertThat(off.weight(), is(0L));
    }

    /** A success envelope of about this many characters, with data varying by seed. */
    private static String envelope(int size, int seed) {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; data.length() < size; i++) {
            data.append(i == 0 ? "" : ",").append("{\"id\":").append(i * seed).append(",\"name\":\"Company ").append(i)
                    .append("\"}");
        }
        return Envelope.success(data.append("]").toString(), "OK");
    }
}

package org.bitwreckers.cms.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.bitwreckers.cms.http.Envelope;
import org.bitwreckers.cms.http.EnvelopeBody;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResponseCacheTest {
    private static final long BOUND = 1024 * 1024;
    /** The generations of what the answers read. */
    private static final String NOW = "0.4/0.1";

    @Test
    void theCacheHoldsNoMoreBytesThanItsBound() {
        ResponseCache cache = new ResponseCache(BOUND);
        long offered = 0;
        for (int i = 0; i < 400; i++) {
            String key = "list|" + i;
            EnvelopeBody body = cache.get(key, NOW, () -> envelope(20_000, 7));
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
        EnvelopeBody first = cache.get("k", NOW, () -> {
            built.incrementAndGet();
            return envelope(20_000, 1);
        });
        assertThat(first.gzipStart(), notNullValue());
        assertThat(cache.get("k", NOW, () -> envelope(built.incrementAndGet(), 1)), sameInstance(first));
        assertThat(built.get(), is(1));
        assertThat(cache.get("small", NOW, () -> envelope(100, 1)).gzipStart(), nullValue()); // not worth compressing
    }

    @Test
    void answersOverTheEntryLimitAndAnswersWithTheCacheOffAreServedUncompressedAndNotKept() {
        ResponseCache cache = new ResponseCache(BOUND);
        EnvelopeBody huge = cache.get("huge", NOW, () -> envelope(ResponseCache.MAX_CACHED_BYTES + 1, 1));
        assertThat(huge.gzipStart(), nullValue());
        assertThat(cache.weight(), is(0L));
        ResponseCache off = new ResponseCache(0);
        assertThat(off.get("k", NOW, () -> envelope(20_000, 1)).gzipStart(), nullValue());
        assertThat(off.weight(), is(0L));
    }

    /** A second request for an answer being built waits for it instead of building it again. */
    @Test
    void aRequestForAnAnswerBeingBuiltWaitsForItAndBuildsNothing() throws Exception {
        ResponseCache cache = new ResponseCache(BOUND);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<EnvelopeBody> first = heldBuild(cache, NOW, release, () -> envelope(20_000, 1));
        AtomicInteger builtAgain = new AtomicInteger();
        AtomicReference<EnvelopeBody> second = new AtomicReference<>();
        Thread waiting = Thread.ofPlatform().start(() -> second.set(cache.get("k", NOW, () -> {
            builtAgain.incrementAndGet();
            return envelope(20_000, 2);
        })));
        awaitWaiting(waiting);

        release.countDown();
        waiting.join(10_000);
        assertThat(builtAgain.get(), is(0));
        assertThat(second.get(), sameInstance(first.get(10, TimeUnit.SECONDS)));
    }

    /** A failed build fails the requests that waited for it, and is not kept: the next request builds again. */
    @Test
    void aFailedBuildReachesItsWaitersAndTheNextRequestBuildsAgain() throws Exception {
        ResponseCache cache = new ResponseCache(BOUND);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<EnvelopeBody> first = heldBuild(cache, NOW, release, () -> {
            throw new IllegalStateException("database gone");
        });
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread waiting = Thread.ofPlatform().start(() -> {
            try {
                cache.get("k", NOW, () -> envelope(100, 2));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        awaitWaiting(waiting);

        release.countDown();
        waiting.join(10_000);
        ExecutionException builder = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
        assertThat(builder.getCause().getMessage(), is("database gone"));
        assertThat(failure.get(), sameInstance(builder.getCause())); // the same failure, as the builder threw it
        assertThat(cache.get("k", NOW, () -> envelope(100, 3)).etag(), is(EnvelopeBody.of(envelope(100, 3)).etag()));
    }

    /** What an answer read changed: the request builds it again, and the new answer takes the old one's place. */
    @Test
    void anAnswerForNewGenerationsTakesThePlaceOfTheOldOne() {
        ResponseCache cache = new ResponseCache(BOUND);
        AtomicInteger built = new AtomicInteger();
        Supplier<String> build = () -> envelope(20_000, built.incrementAndGet());
        EnvelopeBody old = cache.get("k", "0.4/0.1", build);
        assertThat(cache.weight(), is((long) ResponseCache.weight("k", old)));

        EnvelopeBody fresh = cache.get("k", "0.5/0.1", build);
        long oneEntry = ResponseCache.weight("k", fresh);
        assertThat(built.get(), is(2));
        assertThat(fresh.etag(), not(old.etag()));
        assertThat(cache.stats().entries(), is(1L));
        assertThat(cache.weight(), is(oneEntry));
        assertThat(cache.get("k", "0.5/0.1", build), sameInstance(fresh));
        assertThat(cache.stats(), is(new ResponseCache.Stats(1, 2, 0, 1, oneEntry)));
    }

    /**
     * An editor publishing again and again makes an answer per change; only the newest is kept, so they cannot push
     * the answers of other requests out of the bound.
     */
    @Test
    void outdatedAnswersDoNotPushCurrentOnesOut() {
        ResponseCache cache = new ResponseCache(BOUND);
        AtomicInteger builtOther = new AtomicInteger();
        EnvelopeBody other = cache.get("other", NOW, () -> envelope(20_000, builtOther.incrementAndGet()));
        for (int change = 0; change < 400; change++) { // 400 answers of 20 KB: eight times the bound
            String generations = "0." + change;
            cache.get("list", generations, () -> envelope(20_000, 3));
            assertThat(cache.get("other", NOW, () -> envelope(20_000, builtOther.incrementAndGet())),
                       sameInstance(other));
        }
        assertThat(builtOther.get(), is(1));
        assertThat(cache.stats().entries(), is(2L));
        assertThat(cache.stats().evictions(), is(0L));
    }

    /**
     * A request for new generations does not wait for an older answer still being built: it builds its own, and the
     * older build, when it ends, answers its own requests without taking the newer one's place.
     */
    @Test
    void anOlderAnswerStillBeingBuiltNeitherHoldsUpNorReplacesANewerOne() throws Exception {
        ResponseCache cache = new ResponseCache(BOUND);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<EnvelopeBody> older = heldBuild(cache, "0.4/0.1", release, () -> envelope(20_000, 1));

        EnvelopeBody newer = cache.get("k", "0.5/0.1", () -> envelope(20_000, 2));
        release.countDown();
        assertThat(older.get(10, TimeUnit.SECONDS).etag(), is(EnvelopeBody.of(envelope(20_000, 1)).etag()));
        assertThat(cache.get("k", "0.5/0.1", () -> envelope(20_000, 3)), sameInstance(newer));
        assertThat(cache.stats().entries(), is(1L));
    }

    /** Starts building the answer of key "k" on a thread of its own; the build holds until release, then ends so. */
    private static CompletableFuture<EnvelopeBody> heldBuild(ResponseCache cache, String generations,
                                                             CountDownLatch release, Supplier<String> then)
            throws InterruptedException {
        CountDownLatch building = new CountDownLatch(1);
        CompletableFuture<EnvelopeBody> build = CompletableFuture.supplyAsync(() -> cache.get("k", generations, () -> {
            building.countDown();
            await(release);
            return then.get();
        }), Thread::startVirtualThread);
        assertThat(building.await(10, TimeUnit.SECONDS), is(true));
        return build;
    }

    /** Bounded: until the thread waits (for the answer being built) or ends (it built its own). */
    private static void awaitWaiting(Thread thread) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (thread.getState() != Thread.State.WAITING && thread.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertThat(thread.getState(), is(Thread.State.WAITING));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

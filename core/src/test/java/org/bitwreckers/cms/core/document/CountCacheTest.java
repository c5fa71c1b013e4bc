package org.bitwreckers.cms.core.document;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.bitwreckers.cms.core.query.SqlQuery;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class CountCacheTest {
    private final ContentChanges changes = new ContentChanges();
    private final CountCache cache = new CountCache(changes);
    private final AtomicInteger counted = new AtomicInteger();

    private long total(String type, String value) {
        SqlQuery sql = new SqlQuery("SELECT count(*) ... WHERE x = ?", List.of(value));
        return cache.total(type, sql, () -> 100 + counted.incrementAndGet());
    }

    @Test
    void aListIsCountedOncePerGenerationOfItsType() {
        assertThat(total("project", "web"), is(101L));
        assertThat(total("project", "web"), is(101L));
        assertThat(total("project", "ai"), is(102L)); // other parameters, another count
        total("event", "web");
        changes.changed("event");
        assertThat(total("project", "web"), is(101L)); // another type changed
        changes.changed("project");
        assertThat(total("project", "web"), is(104L));
        changes.changedAll();
        assertThat(total("project", "web"), is(105L));
        assertThat(counted.get(), is(5));
    }

    /** After a change, the list's concurrent requests count once: the others wait for that count. */
    @Test
    void aRequestForATotalBeingCountedWaitsForIt() throws Exception {
        SqlQuery sql = new SqlQuery("SELECT count(*) ... WHERE x = ?", List.of("web"));
        CountDownLatch counting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> cache.total("project", sql, () -> {
            counting.countDown();
            await(release);
            return 7;
        }), Thread::startVirtualThread);
        assertThat(counting.await(10, TimeUnit.SECONDS), is(true));
        AtomicLong second = new AtomicLong();
        Thread waiting = Thread.ofPlatform().start(() -> second.set(cache.total("project", sql, counted::incrementAndGet)));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (waiting.getState() != Thread.State.WAITING && waiting.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait(); // bounded: until it waits for the count, or ends having counted itself
        }
        assertThat(waiting.getState(), is(Thread.State.WAITING));

        release.countDown();
        waiting.join(10_000);
        assertThat(first.get(10, TimeUnit.SECONDS), is(7L));
        assertThat(second.get(), is(7L));
        assertThat(counted.get(), is(0));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

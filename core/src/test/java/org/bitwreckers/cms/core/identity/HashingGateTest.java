package org.bitwreckers.cms.core.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Password hashing is bounded: a few run, a few wait, the rest are refused at once with 503 and Retry-After. */
class HashingGateTest {
    @Test
    void pastTheQueueRequestsAreRefusedAtOnce() throws Exception {
        HashingGate gate = new HashingGate(1, 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> gate.run(() -> {
            running.countDown();
            await(release);
            return true;
        }));
        assertThat(running.await(10, TimeUnit.SECONDS), is(true));
        CountDownLatch queuedDone = new CountDownLatch(1);
        Thread queued = Thread.ofVirtual().start(() -> gate.run(() -> {
            queuedDone.countDown();
            return true;
        }));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (gate.waiting() == 0 && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait(); // bounded: until the second caller is waiting
        }
        assertThat(gate.waiting(), is(1));

        CmsException refused = assertThrows(CmsException.class, () -> gate.run(() -> true));
        assertThat(refused.code(), is(ErrorCode.SERVICE_UNAVAILABLE));
        assertThat(refused.retryAfterSeconds(), is(1L));

        release.countDown();
        assertThat(queuedDone.await(10, TimeUnit.SECONDS), is(true)); // the waiting one runs once a place is free
        first.join();
        queued.join();
        assertThat(gate.run(() -> 42), is(42));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

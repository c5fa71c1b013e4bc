package org.bitwreckers.cms.core.identity;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.bitwreckers.cms.core.error.CmsException;

/**
 * Bounds password hashing, the expensive part of signing in (Argon2: CPU time and 19 MiB each): at most
 * {@code concurrent} hashes run at once and at most {@code queued} more wait; past that a request is refused at once
 * with 503 and Retry-After instead of piling up, so anonymous sign-in attempts cannot take every core.
 */
final class HashingGate {
    private final Semaphore running;
    private final int queued;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param concurrent hashes at once
     * @param queued     hashes that may wait for one of them
     */
    HashingGate(int concurrent, int queued) {
        this.running = new Semaphore(concurrent, true);
        this.queued = queued;
    }

    /** @return callers waiting for a place now */
    int waiting() {
        return waiting.get();
    }

    <T> T run(Supplier<T> work) {
        if (!running.tryAcquire()) {
            if (waiting.incrementAndGet() > queued) {
                waiting.decrementAndGet();
                throw CmsException.unavailable("The server is busy checking passwords; try again in a moment", 1);
            }
            try {
                running.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CmsException.unavailable("The server is busy checking passwords; try again in a moment", 1);
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return work.get();
        } finally {
            running.release();
        }
    }
}

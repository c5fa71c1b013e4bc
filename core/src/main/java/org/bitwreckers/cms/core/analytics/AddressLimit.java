package org.bitwreckers.cms.core.analytics;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most so many beacons per client address and minute: a page cannot report more than a person reads, and a script
 * that floods the endpoint fills neither the table nor the path dimension. Counts live in memory per node and start
 * over each minute.
 */
final class AddressLimit {
    private static final int MAX_ADDRESSES = 100_000;

    private final int perMinute;
    private final Clock clock;
    private volatile long minute;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    AddressLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    boolean allow(String address) {
        long now = clock.millis() / 60_000;
        if (now != minute) {
            synchronized (this) {
                if (now != minute) {
                    counts.clear();
                    minute = now;
                }
            }
        }
        if (counts.size() >= MAX_ADDRESSES && !counts.containsKey(address)) {
            counts.clear(); // a flood from many addresses: forget rather than grow
        }
        return counts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet() <= perMinute;
    }
}
